import { TIERS, type Tier } from '../usage-event.js';
import type { ModelEntry, PriceBook } from './price-book.js';
import { type Context, longContextThreshold, offeredTiers, tryRates, versionAt } from './rates.js';

/** Usage classes priced by fee entries (per call, per session, storage, per unit), not by token rates. */
export const TOOL_USAGE_CLASSES = [
  'web_search_calls_low',
  'web_search_calls_medium',
  'web_search_calls_high',
  'file_search_calls',
  'code_interpreter_sessions',
  'vector_store_byte_hours',
  'speech_characters',
  'transcription_seconds',
  'images',
] as const;

/** The facts of some usage that decide whether the book can price it (no token counts needed). */
export interface PriceFacts {
  /** As logged. */
  readonly model: string;
  /** As stored: a known tier name, or anything a source wrote. */
  readonly tier: string;
  /** False for failed calls: they cost nothing, so they are never unpriced. */
  readonly billed: boolean;
  /** The source reported its own cost (OpenRouter, LiteLLM): used as is, so always priced. */
  readonly reported: boolean;
  readonly regional: boolean;
  /** Whether the request's input is over a long-context threshold (the caller knows its size). */
  readonly longContext: (threshold: number) => boolean;
  /** No tokens, only tool calls or storage: priced by the book's fee entries even without a model
   *  (a vector-store bucket names none). */
  readonly toolOnly?: boolean;
}

/** Why usage is unpriced; `kind` is stable (JSON), `problem` is for people. */
export interface UnpricedReason {
  readonly kind:
    | 'unknown-model'
    | 'no-price-then'
    | 'unknown-tier'
    | 'tier-not-offered'
    | 'long-context-not-offered'
    | 'regional-not-offered';
  readonly problem: string;
}

/** Short words for each reason, as reports count them ("3 unknown model, 2 tier not offered"). */
export const REASON_LABEL: Readonly<Record<UnpricedReason['kind'], string>> = {
  'unknown-model': 'unknown model',
  'no-price-then': 'no price in force then',
  'unknown-tier': 'unknown tier',
  'tier-not-offered': 'tier not offered',
  'long-context-not-offered': 'long context not offered',
  'regional-not-offered': 'regional use without an uplift',
};

/**
 * THE definition of an unpriced request, used by the ingest summary, reports (table, JSON, CSV,
 * HTML), budget checks and `pricing check` alike: a billed request without a source-reported cost
 * is unpriced when the book at `atMs` cannot price some part of it — an unknown model, no price
 * version in force then (before the first, or retired), a tier it does not offer, long context it
 * does not offer for that tier, or regional (data-residency) use without an uplift. (A token class
 * or tool the book has no price for — audio tokens of a text-only model — is decided per class by
 * the report's priceGroup, which knows the class quantities.) Returns
 * undefined when the book prices it. `model` is the book's entry for `facts.model` (undefined:
 * unknown); a what-if passes its target model and tier instead.
 */
export function unpricedReason(
  book: PriceBook,
  model: ModelEntry | undefined,
  facts: PriceFacts,
  atMs: number,
  options: { tier?: Tier; ignoreReported?: boolean } = {},
): UnpricedReason | undefined {
  if (!facts.billed || (facts.reported && !options.ignoreReported)) return undefined;
  if (!model) return facts.toolOnly ? undefined : { kind: 'unknown-model', problem: 'not in the price book' };
  const version = versionAt(model, atMs);
  if (!version) {
    const first = model.versions[0];
    return first && atMs < first.effectiveFromMs
      ? { kind: 'no-price-then', problem: `before its first price (${first.effectiveFrom})` }
      : { kind: 'no-price-then', problem: 'after its last price version ended' };
  }
  const tier = options.tier ?? TIERS.find((t) => t === facts.tier);
  if (!tier) return { kind: 'unknown-tier', problem: `unknown tier "${facts.tier}"` };
  const threshold = longContextThreshold(book, model, atMs);
  const context: Context = threshold !== undefined && facts.longContext(threshold) ? 'long' : 'short';
  if (!tryRates(book, model, atMs, tier, context)) {
    const offered = offeredTiers(book, model, atMs, context).join(', ') || 'none';
    return context === 'long' && tryRates(book, model, atMs, tier, 'short')
      ? {
          kind: 'long-context-not-offered',
          problem: `tier ${tier} above the long-context threshold not offered (offered: ${offered})`,
        }
      : { kind: 'tier-not-offered', problem: `tier ${tier} not offered (offered: ${offered})` };
  }
  if (facts.regional && !model.dataResidencyUplift)
    return {
      kind: 'regional-not-offered',
      problem: 'regional (data-residency) use has no uplift in the book',
    };
  return undefined;
}
