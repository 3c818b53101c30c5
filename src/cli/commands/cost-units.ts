import { InvalidInputError, invalidValue } from '../../errors.js';
import { usd } from '../../json.js';
import { addMoney, displayUsd, type Money, usdString, ZERO } from '../../money.js';
import type { PriceBook } from '../../pricing/price-book.js';
import type { ImageQuality } from '../../pricing/schema.js';
import {
  quoteUnits,
  type UnitLine,
  type UnitOrigins,
  type UnitUsage,
  unitModels,
} from '../../pricing/unit-quote.js';
import { formatCount, formatTable } from '../../render/table.js';

/** The flags each per-unit quantity comes from (error lines name them). */
export const UNIT_FLAGS: UnitOrigins = {
  speech: '--speech-characters',
  transcription: '--transcription-seconds',
  image_generation: '--images',
  size: '--size',
  quality: '--quality',
};

/** The per-unit part of `cost`'s flags. */
interface UnitFlags {
  speechCharacters?: number | undefined;
  transcriptionSeconds?: number | undefined;
  images?: number | undefined;
  size?: string | undefined;
  quality?: ImageQuality | undefined;
}

/** The per-unit usage the flags give (speech characters, transcription seconds, images). */
export function unitUsage(flags: UnitFlags): UnitUsage {
  const usage: UnitUsage = {};
  if (flags.speechCharacters !== undefined) usage.speechCharacters = flags.speechCharacters;
  if (flags.transcriptionSeconds !== undefined) usage.transcriptionSeconds = flags.transcriptionSeconds;
  if (flags.images !== undefined) usage.images = flags.images;
  if (flags.size !== undefined) usage.size = flags.size;
  if (flags.quality !== undefined) usage.quality = flags.quality;
  return usage;
}

/** Flags that only mean something for a token-priced model, by their option keys. */
const TOKEN_ONLY: readonly [string, string][] = [
  ['input', '--input'],
  ['cached', '--cached'],
  ['cacheWrite', '--cache-write'],
  ['output', '--output'],
  ['reasoning', '--reasoning'],
  ['cacheWrite12h', '--cache-write-12h'],
  ['audioInput', '--audio-input'],
  ['cachedAudioInput', '--cached-audio-input'],
  ['audioOutput', '--audio-output'],
  ['imageInput', '--image-input'],
  ['cachedImageInput', '--cached-image-input'],
  ['imageOutput', '--image-output'],
  ['webSearchCalls', '--web-search-calls'],
  ['fileSearchCalls', '--file-search-calls'],
  ['codeInterpreterSessions', '--code-interpreter-sessions'],
  ['vectorStoreGbDays', '--vector-store-gb-days'],
  ['effort', '--effort'],
  ['region', '--region'],
  ['gateway', '--gateway'],
];

/**
 * A model the book prices per unit only (tts-1, whisper-1, DALL·E): its usage from the per-unit
 * flags, priced exactly. Token counts, tiers other than standard, efforts, regions and gateways do
 * not apply to it and are refused by name rather than ignored. (`--cached`, `--cache-write` and
 * `--reasoning` default to 0, so only a non-zero value is refused.)
 */
export function quoteUnitOnly(
  book: PriceBook,
  flags: UnitFlags & Record<string, unknown> & { model: string; tier: string },
  atMs: number,
): UnitLine[] {
  for (const [key, name] of TOKEN_ONLY) {
    const v = flags[key];
    if (v === undefined || v === false || v === 0) continue;
    throw new InvalidInputError(
      `${flags.model} is priced per unit (${unitKinds(book, flags.model)}), not per token or call: leave ${name} out`,
      name,
    );
  }
  if (flags.tier !== 'standard')
    throw invalidValue('--tier', `${flags.model} has one per-unit price, no tiers`, 'standard');
  const usage = unitUsage(flags);
  if (
    usage.speechCharacters === undefined &&
    usage.transcriptionSeconds === undefined &&
    usage.images === undefined
  )
    throw new InvalidInputError(
      `${flags.model} is priced per unit: give ${unitKinds(book, flags.model, true)}`,
      '--model',
    );
  return quoteUnits(book, [flags.model], atMs, usage, UNIT_FLAGS);
}

/** "speech characters" / "--speech-characters N" for the units the book prices a model by. */
function unitKinds(book: PriceBook, model: string, asFlags = false): string {
  const m = model.toLowerCase();
  const has = (id: 'speech' | 'transcription' | 'image_generation') =>
    unitModels(book, id).some((x) => x.toLowerCase() === m);
  const kinds: string[] = [];
  if (has('speech')) kinds.push(asFlags ? '--speech-characters N' : 'speech characters');
  if (has('transcription')) kinds.push(asFlags ? '--transcription-seconds N' : 'transcription seconds');
  if (has('image_generation')) kinds.push(asFlags ? '--images N' : 'images');
  return kinds.join(', ');
}

/** The sum of per-unit lines. */
export function unitsTotal(lines: readonly UnitLine[]): Money {
  return lines.reduce<Money>((s, l) => addMoney(s, l.amount), ZERO);
}

/** `cost --json`'s `units` list (an added field). */
export function unitLinesJson(lines: readonly UnitLine[]) {
  return lines.map((l) => ({
    unit: UNIT_NAME[l.id],
    quantity: l.quantity,
    usd_per_unit: Number(l.usdPerUnit),
    per: l.per,
    ...(l.size ? { size: l.size } : {}),
    ...(l.quality ? { quality: l.quality } : {}),
    price_effective_from: l.effectiveFrom,
    cost_usd: usd(l.amount),
  }));
}

const UNIT_NAME: Record<UnitLine['id'], string> = {
  speech: 'speech_characters',
  transcription: 'transcription_seconds',
  image_generation: 'images',
};

/**
 * `cost --json` for a per-unit model: DESIGN.md's shape (tokens and token costs zero, the tier
 * `standard`, the price date of its first line) plus `units` and `cost.units_usd`.
 */
export function unitOnlyJson(model: string, lines: readonly UnitLine[]) {
  const total = unitsTotal(lines);
  return {
    model,
    model_requested: model,
    tier: 'standard',
    long_context: false,
    price_effective_from: lines[0]?.effectiveFrom ?? null,
    tokens: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
    cost: {
      input_usd: 0,
      cached_input_usd: 0,
      cache_write_usd: 0,
      output_usd: 0,
      fees_usd: 0,
      total_usd: usd(total),
      units_usd: usd(total),
    },
    units: unitLinesJson(lines),
  };
}

/** Table rows for per-unit lines: "speech characters ($15 per 1M characters)", quantity, cost. */
export function renderUnitLines(lines: readonly UnitLine[]): string[][] {
  return lines.map((l) => {
    const image = [l.size, l.quality].filter(Boolean).join(' ');
    const what = UNIT_NAME[l.id].replace(/_/g, ' ');
    return [
      `${what}${image ? ` ${image}` : ''} ($${l.usdPerUnit} per ${l.per})`,
      formatCount(l.quantity),
      displayUsd(l.amount),
    ];
  });
}

/** The `cost` table for a per-unit model. */
export function renderUnitOnly(model: string, lines: readonly UnitLine[]): string {
  const total = unitsTotal(lines);
  const head = `${model} · priced per unit · prices from ${lines[0]?.effectiveFrom ?? '?'}`;
  const table = formatTable(
    [{ header: 'line' }, { header: 'quantity', align: 'right' }, { header: 'cost', align: 'right' }],
    renderUnitLines(lines),
    ['total', '', displayUsd(total)],
  );
  return `${head}\n${table}\nexact total: $${usdString(total)}`;
}
