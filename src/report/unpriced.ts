import type { ModelSeen, UsageGroup } from '../store/ledger.js';
import type { PriceBook } from '../pricing/price-book.js';
import { findModel, nearestModelIds } from '../pricing/resolve-model.js';
import { type UnpricedReason, unpricedReason } from '../pricing/unpriced-reason.js';
import { groupFacts } from './price.js';

/** One thing the ledger holds that the price book cannot price. */
export interface UnpricedUsage {
  /** As logged. */
  model: string;
  /** The tier when the model is known but the tier (or context, or region) is not priced. */
  tier: string | null;
  kind: UnpricedReason['kind'];
  problem: string;
  /** What to add to a --pricing file. */
  suggestion: string;
  requests: number;
  firstMs: number;
  lastMs: number;
}

/** A rollup group as a report priced it: `atMs` is its segment start (one price version). */
export interface PricedGroup {
  group: UsageGroup;
  atMs: number;
}

/**
 * What `pricing check` lists: the report's groups that the shared definition (unpricedReason) calls
 * unpriced, summed per model, tier and problem, so its request counts add up to the report's
 * "unpriced" total over the same range. `seen` gives each model's first and last day of use.
 */
export function findUnpriced(
  book: PriceBook,
  seen: readonly ModelSeen[],
  groups: readonly PricedGroup[],
): UnpricedUsage[] {
  const span = new Map(seen.map((s) => [s.model, s] as const));
  const byKey = new Map<string, UnpricedUsage>();
  for (const { group: g, atMs } of groups) {
    const model = findModel(book, g.model);
    const reason = unpricedReason(book, model, groupFacts(g), atMs);
    if (!reason) continue;
    const s = span.get(g.model);
    const firstMs = s?.firstMs ?? atMs;
    const wholeModel = reason.kind === 'unknown-model' || reason.kind === 'no-price-then';
    const key = `${g.model}\u0000${wholeModel ? '' : g.tier}\u0000${reason.kind}\u0000${reason.problem}`;
    const prev = byKey.get(key);
    if (prev) {
      prev.requests += g.requests;
      continue;
    }
    byKey.set(key, {
      model: g.model,
      tier: wholeModel ? null : g.tier,
      kind: reason.kind,
      problem:
        reason.kind === 'no-price-then' ? `used from ${day(firstMs)}, ${reason.problem}` : reason.problem,
      suggestion: !model
        ? `add "${g.model}" to a --pricing file (nearest known: ${nearestModelIds(book, g.model, 3).join(', ')})`
        : reason.kind === 'no-price-then'
          ? `add a version of ${model.id} in force from ${day(firstMs)} to a --pricing file`
          : `add a ${g.tier} price to ${model.id} in a --pricing file`,
      requests: g.requests,
      firstMs,
      lastMs: s?.lastMs ?? atMs,
    });
  }
  return [...byKey.values()].sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model));
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
