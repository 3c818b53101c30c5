import { divRoundHalfEven, type Money, money, mulDecimal, parseDecimal } from '../money.js';
import type { PriceBook, ToolFeeEntry } from './price-book.js';
import type { ImageQuality } from './schema.js';

/** The per-unit model prices: speech per 1M characters, transcription per minute, images per image. */
export type UnitPriceId = 'speech' | 'transcription' | 'image_generation';

/** One price entry in force for a model: the entry (with its size/quality, for images) and its version. */
export interface UnitPrice {
  entry: ToolFeeEntry;
  version: ToolFeeEntry['versions'][number];
}

/** What an image price is asked for; an absent field matches every entry. */
export interface ImageOptions {
  size?: string;
  quality?: ImageQuality;
}

/**
 * Every price of `id` in force at `atMs` for a model known by any of `names` (the id as logged, the
 * book's id and aliases), narrowed to an image size and quality when given.
 */
export function unitPricesAt(
  book: PriceBook,
  id: UnitPriceId,
  names: readonly string[],
  atMs: number,
  image: ImageOptions = {},
): UnitPrice[] {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: UnitPrice[] = [];
  for (const entry of book.tools) {
    const d = entry.data;
    if (d.id !== id || !d.models?.some((m) => wanted.has(m.toLowerCase()))) continue;
    if (image.size !== undefined && d.size !== undefined && d.size !== image.size) continue;
    if (image.quality !== undefined && d.quality !== undefined && d.quality !== image.quality) continue;
    let found: UnitPrice['version'] | undefined;
    for (const v of entry.versions) if (v.effectiveFromMs <= atMs) found = v;
    if (found) out.push({ entry, version: found });
  }
  return out;
}

/**
 * The one price that applies, or why none does: no entry, or several that differ (DALL·E images
 * priced by size and quality when the usage does not say which). Entries that agree on the rate
 * are one price (the first is returned, for its effective date).
 */
export function singleUnitPrice(
  prices: readonly UnitPrice[],
): { price: UnitPrice } | { problem: 'none' | 'ambiguous' } {
  const first = prices[0];
  if (!first) return { problem: 'none' };
  const rate = (p: UnitPrice) => parseDecimal(p.version.usd_per_unit)!;
  const r0 = rate(first);
  const same = prices.every((p) => {
    const r = rate(p);
    return r.units * 10n ** BigInt(r0.scale) === r0.units * 10n ** BigInt(r.scale);
  });
  return same ? { price: first } : { problem: 'ambiguous' };
}

const ATTO_PER_USD = 10n ** 18n;
/** Stored units per priced unit: characters per 1M characters, seconds per minute, images per image. */
export const STORED_PER_PRICED: Readonly<Record<UnitPriceId, bigint>> = {
  speech: 1_000_000n,
  transcription: 60n,
  image_generation: 1n,
};

/**
 * The exact cost of `quantity` stored units (characters, seconds, images) at a price per priced
 * unit (1M characters, minute, image): quantity × rate / units-per-priced-unit in atto-dollars,
 * rounded half-even only when the division is not exact (the book's rates divide exactly:
 * $15/1M chars = 15·10^12 atto per character, $0.006/min = 10^14 atto per second).
 */
export function unitCost(id: UnitPriceId, quantity: bigint, usdPerUnit: string | number): Money {
  const atto = mulDecimal(ATTO_PER_USD, parseDecimal(usdPerUnit)!);
  return money(divRoundHalfEven(quantity * atto, STORED_PER_PRICED[id]));
}
