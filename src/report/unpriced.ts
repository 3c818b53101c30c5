import type { ModelSeen, UsageGroup } from '../store/ledger.js';
import type { PriceBook } from '../pricing/price-book.js';
import { findModel, nearestModelIds } from '../pricing/resolve-model.js';
import { type UnpricedReason, unpricedReason } from '../pricing/unpriced-reason.js';
import { groupFacts } from './price.js';
import { type UnpricedClass, unpricedClasses } from './unpriced-classes.js';

/** One thing the ledger holds that the price book cannot price. */
export interface UnpricedUsage {
  /** As logged. */
  model: string;
  /** The tier when the model is known but the tier (or context, or region) is not priced. */
  tier: string | null;
  kind: UnpricedReason['kind'] | 'class-not-priced';
  problem: string;
  /** What to add to a --pricing file. */
  suggestion: string;
  requests: number;
  firstMs: number;
  lastMs: number;
  /** A token class or fee the book cannot price (unpriced-classes.ts), and how much of it. */
  usageClass?: string;
  quantity?: number;
}

/** A rollup group as a report priced it: `atMs` is its segment start (one price version). */
export interface PricedGroup {
  group: UsageGroup;
  atMs: number;
}

/**
 * What `pricing check` lists: the report's groups that the shared definition (unpricedReason) calls
 * unpriced, summed per model, tier and problem; then, for groups priced by model and tier, each
 * token class or tool fee the book cannot price (a request may be listed under several classes, so
 * the report's total is taken from the report itself). `seen` gives each model's first and last day.
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
    const s = span.get(g.model);
    if (!reason) {
      // Priced by model, tier and context: a token class or tool fee may still be missing.
      if (g.billed && !g.reported) {
        const seenSpan = s ?? { model: g.model, requests: g.requests, firstMs: atMs, lastMs: atMs };
        addClasses(byKey, unpricedClasses(book, model, g, atMs), g, seenSpan, model?.id);
      }
      continue;
    }
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

/** Adds a group's unpriced classes, one entry per model, tier and class (quantities summed). */
function addClasses(
  byKey: Map<string, UnpricedUsage>,
  classes: readonly UnpricedClass[],
  g: UsageGroup,
  s: ModelSeen,
  modelId?: string,
): void {
  for (const c of classes) {
    const key = `${g.model}\u0000${g.tier}\u0000class:${c.id}`;
    const prev = byKey.get(key);
    if (prev) {
      prev.requests += g.requests;
      prev.quantity = (prev.quantity ?? 0) + c.quantity;
      continue;
    }
    byKey.set(key, {
      model: g.model,
      tier: g.tier,
      kind: 'class-not-priced',
      problem: `no price for ${c.what}`,
      suggestion: modelId
        ? `add the ${c.what} rate to ${modelId} in a --pricing file`
        : `add a tool_fees entry for ${c.what} to a --pricing file`,
      requests: g.requests,
      firstMs: s.firstMs,
      lastMs: s.lastMs,
      usageClass: c.id,
      quantity: c.quantity,
    });
  }
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
