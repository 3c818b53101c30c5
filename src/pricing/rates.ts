import { NotOfferedError } from '../errors.js';
import { parseDecimal } from '../money.js';
import type { Tier } from '../usage-event.js';
import type { ModelEntry, PriceBook, PriceVersion } from './price-book.js';
import { resolveModel } from './resolve-model.js';
import { explicitRates, type Rates, scaleRates, withoutCacheDiscount } from './rate-set.js';
import type { TierPriceData } from './schema.js';

export type { Rates } from './rate-set.js';
export { scaleRates } from './rate-set.js';

export type Context = 'short' | 'long';

export interface ResolvedRates {
  readonly model: ModelEntry;
  readonly version: PriceVersion;
  readonly tier: Tier;
  readonly context: Context;
  readonly rates: Rates;
  /** The long-context threshold in force (input tokens), if the model has one. */
  readonly threshold: number | undefined;
}

/**
 * The price version in force at `atMs`: the latest one whose effective_from is not after it, unless
 * that version has ended (effective_until at or before `atMs`, e.g. a retired model).
 */
export function versionAt(model: ModelEntry, atMs: number): PriceVersion | undefined {
  let found: PriceVersion | undefined;
  for (const v of model.versions) {
    if (v.effectiveFromMs <= atMs) found = v;
    else break;
  }
  if (found?.effectiveUntilMs !== undefined && found.effectiveUntilMs <= atMs) return undefined;
  return found;
}

/** The long-context threshold of a model at an instant (a derived model uses its base's). */
export function longContextThreshold(book: PriceBook, model: ModelEntry, atMs: number): number | undefined {
  const version = versionAt(model, atMs);
  if (!version) return undefined;
  const derive = version.data.derive;
  if (derive) return longContextThreshold(book, resolveModel(book, derive.from), atMs);
  return version.data.long_context?.threshold;
}

/** Which context a request of `inputTokens` falls in. Long context is whole-request: input > threshold. */
export function contextFor(book: PriceBook, model: ModelEntry, atMs: number, inputTokens: number): Context {
  const threshold = longContextThreshold(book, model, atMs);
  return threshold !== undefined && inputTokens > threshold ? 'long' : 'short';
}

/** Tiers the model offers in a context at an instant. */
export function offeredTiers(book: PriceBook, model: ModelEntry, atMs: number, context: Context): Tier[] {
  const all: Tier[] = ['standard', 'batch', 'flex', 'priority'];
  return all.filter((tier) => tryRates(book, model, atMs, tier, context) !== undefined);
}

/**
 * Rates for a model, tier and context at an instant. Throws NotOfferedError naming the tiers that
 * are offered when the tier is not, or when no price version is in force yet.
 */
export function ratesAt(
  book: PriceBook,
  model: ModelEntry,
  atMs: number,
  tier: Tier,
  context: Context,
): ResolvedRates {
  const version = versionAt(model, atMs);
  if (!version) {
    throw new NotOfferedError(
      `no price for ${model.id} at ${new Date(atMs).toISOString()} (first price version: ${model.versions[0]?.effectiveFrom})`,
    );
  }
  const rates = tryRates(book, model, atMs, tier, context);
  if (!rates) {
    const offered = offeredTiers(book, model, atMs, context);
    const where = context === 'long' ? ' above its long-context threshold' : '';
    throw new NotOfferedError(
      `tier "${tier}" is not offered for ${model.id}${where} (offered: ${offered.join(', ') || 'none'})`,
    );
  }
  return { model, version, tier, context, rates, threshold: longContextThreshold(book, model, atMs) };
}

/** Rates, or undefined when the tier/context is not offered or no version is in force. */
export function tryRates(
  book: PriceBook,
  model: ModelEntry,
  atMs: number,
  tier: Tier,
  context: Context,
): Rates | undefined {
  const version = versionAt(model, atMs);
  if (!version) return undefined;
  const data = version.data;
  if (data.derive) {
    const allowed = context === 'long' ? (data.long_context_tiers ?? data.tiers) : data.tiers;
    if (allowed && !allowed.includes(tier)) return undefined;
    const base = tryRates(book, resolveModel(book, data.derive.from), atMs, tier, context);
    if (!base) return undefined;
    const scaled = scaleRates(base, parseDecimal(data.derive.multiplier)!);
    return data.derive.cached_input ? scaled : withoutCacheDiscount(scaled);
  }
  const prices = context === 'long' ? data.long_context : data;
  if (!prices?.standard) return undefined;
  const standard = explicitRates(prices.standard);
  if (tier === 'standard') return standard;
  const spec: TierPriceData | undefined = prices[tier];
  if (!spec) return undefined;
  if ('multiplier' in spec) return scaleRates(standard, parseDecimal(spec.multiplier)!);
  return explicitRates(spec);
}
