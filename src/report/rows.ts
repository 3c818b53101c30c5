import { money, ZERO } from '../money.js';
import type { PriceBook } from '../pricing/price-book.js';
import { addCost, type ModelCache, type PricedUsage, priceGroup, type Reprice, zeroCost } from './price.js';
import type { UsageGroup } from '../store/ledger.js';
import type { SpendRow, UnpricedTally } from './types.js';

/** Report rows under construction: an empty row, a priced rollup group added to it, rows merged. */
export function emptyRow(
  period: string,
  periodStartMs: number,
  periodEndMs: number,
  keys: Record<string, string>,
  whatIf: boolean,
): SpendRow {
  return {
    period,
    periodStartMs,
    periodEndMs,
    keys,
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    cost: zeroCost(),
    costSource: 'computed',
    unpricedRequests: 0,
    unpricedWhy: [],
    ...(whatIf ? { whatIf: { cost: zeroCost(), unpricedRequests: 0, delta: ZERO } } : {}),
  };
}

const seenSources = new WeakMap<SpendRow, Set<string>>();

export function addGroup(
  row: SpendRow,
  g: UsageGroup,
  book: PriceBook,
  models: ModelCache,
  atMs: number,
  reprice?: Reprice,
): PricedUsage {
  row.requests += g.requests;
  row.inputTokens += g.input;
  row.cachedInputTokens += g.cached;
  row.cacheWriteTokens += g.cache_write;
  row.outputTokens += g.output;
  row.reasoningTokens += g.reasoning;
  const priced = priceGroup(book, models, g, atMs);
  row.cost = addCost(row.cost, priced.cost);
  row.unpricedRequests += priced.unpriced;
  if (priced.why.length > 0) row.unpricedWhy = addTallies(row.unpricedWhy, priced.why);
  noteSource(row, priced.source);
  if (reprice && row.whatIf) {
    const w = priceGroup(book, models, g, atMs, reprice);
    const comparable = priced.why.length === 0 && w.why.length === 0;
    row.whatIf = {
      cost: addCost(row.whatIf.cost, w.cost),
      unpricedRequests: row.whatIf.unpricedRequests + w.unpriced,
      delta: comparable ? money(row.whatIf.delta + w.cost.total - priced.cost.total) : row.whatIf.delta,
      incomplete: (row.whatIf.incomplete ?? false) || w.why.length > 0,
    };
  }
  return priced;
}

function noteSource(row: SpendRow, source: 'computed' | 'reported'): void {
  let set = seenSources.get(row);
  if (!set) {
    set = new Set();
    seenSources.set(row, set);
  }
  set.add(source);
  row.costSource = set.size > 1 ? 'mixed' : source;
}

export function mergeRow(into: SpendRow, r: SpendRow): void {
  into.requests += r.requests;
  into.inputTokens += r.inputTokens;
  into.cachedInputTokens += r.cachedInputTokens;
  into.cacheWriteTokens += r.cacheWriteTokens;
  into.outputTokens += r.outputTokens;
  into.reasoningTokens += r.reasoningTokens;
  into.cost = addCost(into.cost, r.cost);
  into.unpricedRequests += r.unpricedRequests;
  if (r.unpricedWhy.length > 0) into.unpricedWhy = addTallies(into.unpricedWhy, r.unpricedWhy);
  if (r.costSource === 'mixed') {
    noteSource(into, 'computed');
    noteSource(into, 'reported');
  } else noteSource(into, r.costSource);
  if (into.whatIf && r.whatIf) {
    into.whatIf = {
      cost: addCost(into.whatIf.cost, r.whatIf.cost),
      unpricedRequests: into.whatIf.unpricedRequests + r.whatIf.unpricedRequests,
      delta: money(into.whatIf.delta + r.whatIf.delta),
      incomplete: (into.whatIf.incomplete ?? false) || (r.whatIf.incomplete ?? false),
    };
  }
}

/**
 * Reason tallies summed by reason, most requests first (a new array: rows copied by spreading share
 * the old one, so it is never changed in place).
 */
export function addTallies(a: readonly UnpricedTally[], b: readonly UnpricedTally[]): UnpricedTally[] {
  const out = new Map<string, UnpricedTally>(a.map((t) => [t.reason, { ...t }]));
  for (const t of b) {
    const prev = out.get(t.reason);
    if (prev) prev.requests += t.requests;
    else out.set(t.reason, { ...t });
  }
  return [...out.values()].sort((x, y) => y.requests - x.requests || x.reason.localeCompare(y.reason));
}
