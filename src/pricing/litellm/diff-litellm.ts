import { usdString } from '../../money.js';
import type { PriceBook } from '../price-book.js';
import { type Context, type Rates, tryRates } from '../rates.js';
import { findModel } from '../resolve-model.js';
import type { RateSetData } from '../schema.js';
import { groupEntries } from './import-litellm.js';
import type { LitellmEntry, LitellmFile } from './read-litellm.js';

/** One field where the file and the book disagree; null means "not offered / no such rate". */
export interface FieldDiff {
  field: string;
  book: string | null;
  litellm: string | null;
}

export interface ModelDiff {
  model: string;
  litellmKey: string;
  /** The bundled model it maps to, or null when the book does not know the model. */
  bookModel: string | null;
  fields: FieldDiff[];
}

export interface DiffResult {
  at: string;
  models: ModelDiff[];
  /** Bundled models the file has no entry for. */
  onlyInBook: string[];
}

const CLASSES: [keyof RateSetData, keyof Rates][] = [
  ['input', 'input'],
  ['cached_input', 'cachedInput'],
  ['cache_write', 'cacheWrite'],
  ['output', 'output'],
  ['audio_input', 'audioInput'],
  ['cached_audio_input', 'cachedAudioInput'],
  ['audio_output', 'audioOutput'],
  ['image_input', 'imageInput'],
  ['image_output', 'imageOutput'],
];

const per1M = (r: bigint | undefined) => (r === undefined ? null : usdString(r * 10n ** 6n));
const norm = (v: string | number) => usdString(toAtto(v));
/** A per-1M decimal string → atto-dollars per 1M, the unit usdString prints (6 decimals at most). */
const toAtto = (v: string | number) => {
  const [whole = '0', frac = ''] = String(v).split('.');
  return BigInt(whole + frac.padEnd(18, '0').slice(0, 18));
};

/**
 * Compares the file with the bundled book at an instant, model by model and field by field: every
 * tier and context either side prices, every token class LiteLLM lists. Cached and cache-write
 * rates LiteLLM leaves out are compared as the book's effective rate only when the book prices
 * them apart from input (a missing key is LiteLLM's "no such rate").
 */
export function diffLitellm(book: PriceBook, file: LitellmFile, atMs: number): DiffResult {
  const models: ModelDiff[] = [];
  const seen = new Set<string>();
  for (const group of groupEntries(book, file.entries)) {
    const entry = group.entries[0]!;
    const model = group.known ? findModel(book, entry.key) : undefined;
    if (!model) {
      models.push({ model: group.id, litellmKey: entry.key, bookModel: null, fields: [] });
      continue;
    }
    seen.add(model.id);
    const fields: FieldDiff[] = [];
    const tiers = ['standard', 'batch', 'flex', 'priority'] as const;
    for (const context of ['short', 'long'] as Context[]) {
      for (const tier of tiers) {
        const theirs = litellmSet(entry, tier, context);
        const ours = tryRates(book, model, atMs, tier, context);
        const prefix = context === 'long' ? `long_context.${tier}` : tier;
        if (!theirs && !ours) continue;
        if (!theirs || !ours) {
          fields.push({
            field: `${prefix}`,
            book: ours ? 'offered' : null,
            litellm: theirs ? 'offered' : null,
          });
          continue;
        }
        for (const [name, key] of CLASSES) {
          const their = theirs[name] as string | undefined;
          const our = ours[key];
          // A class LiteLLM omits is compared only where the book prices it apart; LiteLLM's Batch
          // keys have no cached or cache-write rate at all, so those are not compared.
          if (their === undefined && (our === undefined || !pricedApart(name, ours))) continue;
          if (their === undefined && tier === 'batch' && (name === 'cached_input' || name === 'cache_write'))
            continue;
          const a = per1M(our);
          const b = their === undefined ? null : norm(their);
          if (a !== b) fields.push({ field: `${prefix}.${name}`, book: a, litellm: b });
        }
      }
    }
    models.push({ model: model.id, litellmKey: entry.key, bookModel: model.id, fields });
  }
  const onlyInBook = [...book.models.keys()].filter((id) => !seen.has(id)).sort();
  return { at: new Date(atMs).toISOString(), models, onlyInBook };
}

function pricedApart(name: keyof RateSetData, r: Rates): boolean {
  if (name === 'cached_input') return r.cachedInput !== r.input;
  if (name === 'cache_write') return r.cacheWrite !== r.input;
  if (name === 'image_input') return r.imageInput !== r.input;
  if (name === 'cached_audio_input') return r.cachedAudioInput !== r.audioInput;
  return true;
}

function litellmSet(entry: LitellmEntry, tier: 'standard' | 'batch' | 'flex' | 'priority', context: Context) {
  if (context === 'short') return tier === 'standard' ? entry.standard : entry[tier];
  const long = entry.longContext;
  if (!long) return undefined;
  return tier === 'standard' ? long.standard : long[tier];
}
