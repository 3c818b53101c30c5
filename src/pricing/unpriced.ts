import type { Tier } from '../usage-event.js';
import type { ModelEntry, PriceBook } from './price-book.js';
import { longContextThreshold, tryRates } from './rates.js';

/** What decides whether a stored request can be priced. */
export interface PricingFacts {
  /** The price book's entry, undefined for an unknown model. */
  readonly model: ModelEntry | undefined;
  readonly tier: Tier;
  readonly atMs: number;
  readonly longContext: boolean;
  readonly regional: boolean;
  readonly billed: boolean;
  /** The log carried its own cost (a gateway's), which is used instead of the price book. */
  readonly reported: boolean;
}

/**
 * The one definition of an "unpriced request", shared by the ingest summary and every report:
 * billed, without a reported cost, and the price book has no rates for it — an unknown model, a
 * tier (or long-context tier) not offered at that time, no price version yet, or a regional
 * request for a model without a data-residency uplift. Unbilled records cost nothing, so are
 * never unpriced.
 */
export function isUnpriced(book: PriceBook, f: PricingFacts): boolean {
  if (!f.billed || f.reported) return false;
  if (!f.model) return true;
  const long = f.longContext && longContextThreshold(book, f.model, f.atMs) !== undefined;
  if (!tryRates(book, f.model, f.atMs, f.tier, long ? 'long' : 'short')) return true;
  return f.regional && !f.model.dataResidencyUplift;
}
