import { invalidValue } from '../errors.js';
import type { Money } from '../money.js';
import type { PriceBook } from './price-book.js';
import type { ImageQuality } from './schema.js';
import { singleUnitPrice, type UnitPrice, type UnitPriceId, unitCost, unitPricesAt } from './unit-prices.js';

/** Per-unit usage of one request: speech characters, transcription seconds, images (by size, quality). */
export interface UnitUsage {
  speechCharacters?: number;
  transcriptionSeconds?: number;
  images?: number;
  size?: string;
  quality?: ImageQuality;
}

/** Where each part of the usage came from (flag names), for error lines. */
export interface UnitOrigins {
  speech: string;
  transcription: string;
  image_generation: string;
  size: string;
  quality: string;
}

/** One priced unit line: quantity × the model's per-unit price in force, exact. */
export interface UnitLine {
  id: UnitPriceId;
  /** Characters, seconds or images, as given. */
  quantity: number;
  usdPerUnit: string;
  /** What usdPerUnit is per: "1M characters", "minute" (billed per second), "image". */
  per: string;
  size?: string;
  quality?: ImageQuality;
  effectiveFrom: string;
  amount: Money;
}

const PER: Record<UnitPriceId, string> = {
  speech: '1M characters',
  transcription: 'minute',
  image_generation: 'image',
};
const WHAT: Record<UnitPriceId, string> = {
  speech: 'per-character (speech)',
  transcription: 'per-minute (transcription)',
  image_generation: 'per-image',
};

/** Every model name the book gives a per-unit price of `id`, sorted (for "accepted: …"). */
export function unitModels(book: PriceBook, id?: UnitPriceId): string[] {
  const names = book.tools.filter((t) => (id ? t.data.id === id : isUnitId(t.data.id)));
  return [...new Set(names.flatMap((t) => t.data.models ?? []))].sort();
}

function isUnitId(id: string): id is UnitPriceId {
  return id === 'speech' || id === 'transcription' || id === 'image_generation';
}

/**
 * Prices per-unit usage of a model exactly (tts-1 per 1M characters, whisper-1 per minute billed by
 * the second, DALL·E per image by size and quality) with the prices in force at `atMs`. Refuses,
 * naming the flag, the value and what is accepted: a model without such a price, a date before
 * it, an image size or quality the model is not priced at, or images without the size and quality
 * that decide their price — never a guessed default.
 */
export function quoteUnits(
  book: PriceBook,
  names: readonly string[],
  atMs: number,
  usage: UnitUsage,
  origin: UnitOrigins,
): UnitLine[] {
  const model = names[0] ?? '';
  const lines: UnitLine[] = [];
  const want: [UnitPriceId, number | undefined][] = [
    ['speech', usage.speechCharacters],
    ['transcription', usage.transcriptionSeconds],
    ['image_generation', usage.images],
  ];
  if (usage.images === undefined) {
    if (usage.size !== undefined) throw invalidValue(origin.size, `needs ${origin.image_generation}`, '');
    if (usage.quality !== undefined)
      throw invalidValue(origin.quality, `needs ${origin.image_generation}`, '');
  }
  for (const [id, quantity] of want) {
    if (quantity === undefined) continue;
    const ever = unitPricesAt(book, id, names, Number.MAX_SAFE_INTEGER);
    if (ever.length === 0)
      throw invalidValue(
        origin[id],
        `${model} has no ${WHAT[id]} price in the book`,
        `models priced so: ${unitModels(book, id).join(', ')}`,
      );
    const price =
      id === 'image_generation' ? imagePrice(book, names, atMs, usage, origin) : only(book, id, names, atMs);
    if (!price) {
      const first = ever.map((p) => p.entry.versions[0]!.effective_from).sort()[0];
      throw invalidValue(
        origin[id],
        `${model} has no ${WHAT[id]} price in force on ${new Date(atMs).toISOString().slice(0, 10)}`,
        `--at from ${first}`,
      );
    }
    const v = price.version;
    lines.push({
      id,
      quantity,
      usdPerUnit: String(v.usd_per_unit),
      per: PER[id],
      ...(price.entry.data.size ? { size: price.entry.data.size } : {}),
      ...(price.entry.data.quality ? { quality: price.entry.data.quality } : {}),
      effectiveFrom: v.effective_from,
      amount: unitCost(id, BigInt(quantity), v.usd_per_unit),
    });
  }
  return lines;
}

function only(
  book: PriceBook,
  id: UnitPriceId,
  names: readonly string[],
  atMs: number,
): UnitPrice | undefined {
  return unitPricesAt(book, id, names, atMs)[0];
}

/**
 * The one image price for the given size and quality. A model priced by size (and quality) needs
 * both flags when its prices differ by them; a size or quality it is not priced at is refused.
 */
function imagePrice(
  book: PriceBook,
  names: readonly string[],
  atMs: number,
  usage: UnitUsage,
  origin: UnitOrigins,
): UnitPrice | undefined {
  const all = unitPricesAt(book, 'image_generation', names, atMs);
  if (all.length === 0) return undefined;
  const model = names[0] ?? '';
  const sizes = [...new Set(all.map((p) => p.entry.data.size).filter((s): s is string => !!s))];
  const qualities = [...new Set(all.map((p) => p.entry.data.quality).filter((q): q is ImageQuality => !!q))];
  if (usage.size !== undefined && !sizes.includes(usage.size))
    throw invalidValue(origin.size, `${model} has no image price for size "${usage.size}"`, sizes.join(', '));
  if (usage.quality !== undefined && !qualities.includes(usage.quality))
    throw invalidValue(
      origin.quality,
      qualities.length === 0
        ? `${model} is not priced by quality ("${usage.quality}")`
        : `${model} has no image price for quality "${usage.quality}"`,
      qualities.length === 0 ? `leave ${origin.quality} out` : qualities.join(', '),
    );
  const fits = all.filter(
    (p) =>
      (usage.size === undefined || p.entry.data.size === usage.size) &&
      (usage.quality === undefined || p.entry.data.quality === usage.quality),
  );
  const one = singleUnitPrice(fits);
  if ('problem' in one && one.problem === 'none') return undefined;
  if ('problem' in one) {
    // Which flag is missing: size first, then quality.
    const missing = usage.size === undefined && sizes.length > 1 ? 'size' : 'quality';
    throw invalidValue(
      origin[missing],
      `is needed: ${model} prices images by ${qualities.length > 0 ? 'size and quality' : 'size'}`,
      missing === 'size' ? sizes.join(', ') : qualities.join(', '),
    );
  }
  return one.price;
}
