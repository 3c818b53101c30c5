import { isLongContext } from '../store/columns.js';
import type { ModelSeen, UsageGroup } from '../store/ledger.js';
import { TIERS, type Tier } from '../usage-event.js';
import type { PriceBook } from '../pricing/price-book.js';
import { longContextThreshold, offeredTiers, tryRates, versionAt } from '../pricing/rates.js';
import { findModel, nearestModelIds } from '../pricing/resolve-model.js';
import { isToolOnly, type UnpricedClass, unpricedClasses } from './unpriced-classes.js';

/** One thing the ledger holds that the price book cannot price. */
export interface UnpricedUsage {
  /** As logged. */
  model: string;
  /** The tier when the model is known but the tier (or context, or region) is not priced. */
  tier: string | null;
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

/**
 * The ledger's usage the book cannot price: models it does not know, models used before their
 * first price, and tiers / long context / regional use a known model is not priced for (checked at
 * the model's last day of use). Failed (unbilled) calls cost nothing and are not listed.
 */
export function findUnpriced(
  book: PriceBook,
  seen: readonly ModelSeen[],
  groups: readonly UsageGroup[],
): UnpricedUsage[] {
  const out: UnpricedUsage[] = [];
  const span = new Map(seen.map((s) => [s.model, s] as const));
  // Usage named for no model (vector-store storage, code-interpreter sessions) prices by fee entries.
  const needsModel = new Set(groups.filter((g) => !isToolOnly(g)).map((g) => g.model));
  for (const s of seen) {
    const model = findModel(book, s.model);
    if (!model && groups.length > 0 && !needsModel.has(s.model)) continue;
    if (!model) {
      const near = nearestModelIds(book, s.model, 3);
      out.push({
        ...at(s),
        tier: null,
        problem: 'not in the price book',
        suggestion: `add "${s.model}" to a --pricing file (nearest known: ${near.join(', ')})`,
      });
      continue;
    }
    if (!versionAt(model, s.firstMs)) {
      out.push({
        ...at(s),
        tier: null,
        problem: `used from ${day(s.firstMs)}, before its first price (${model.versions[0]?.effectiveFrom ?? 'none'})`,
        suggestion: `add a version of ${model.id} effective from ${day(s.firstMs)} to a --pricing file`,
      });
    }
  }
  const byKey = new Map<string, UnpricedUsage>();
  for (const g of groups) {
    if (!g.billed || g.reported) continue;
    const model = findModel(book, g.model);
    const s = span.get(g.model);
    if (!s) continue;
    if (!model) {
      if (isToolOnly(g)) addClasses(byKey, unpricedClasses(book, undefined, g, s.lastMs), g, s);
      continue;
    }
    const atMs = s.lastMs;
    const long = isLongContext(g.input_band, longContextThreshold(book, model, atMs));
    const context = long ? 'long' : 'short';
    const tier = (TIERS as readonly string[]).includes(g.tier) ? (g.tier as Tier) : undefined;
    let problem: string | undefined;
    if (!versionAt(model, atMs)) continue; // reported above, or retired
    if (!tier) problem = `unknown tier "${g.tier}"`;
    else if (!tryRates(book, model, atMs, tier, context)) {
      const offered = offeredTiers(book, model, atMs, context).join(', ') || 'none';
      problem = `tier ${tier}${long ? ' above the long-context threshold' : ''} not offered (offered: ${offered})`;
    } else if (g.regional && !model.dataResidencyUplift)
      problem = 'regional (data-residency) use has no uplift in the book';
    if (!problem) {
      addClasses(byKey, unpricedClasses(book, model, g, atMs), g, s, model.id);
      continue;
    }
    const key = `${g.model}\u0000${g.tier}\u0000${problem}`;
    const prev = byKey.get(key);
    if (prev) prev.requests += g.requests;
    else {
      byKey.set(key, {
        model: g.model,
        tier: g.tier,
        problem,
        suggestion: `add a ${tier ?? g.tier} price to ${model.id} in a --pricing file`,
        requests: g.requests,
        firstMs: s.firstMs,
        lastMs: s.lastMs,
      });
    }
  }
  return [...out, ...byKey.values()].sort(
    (a, b) => b.requests - a.requests || a.model.localeCompare(b.model),
  );
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

function at(s: ModelSeen) {
  return { model: s.model, requests: s.requests, firstMs: s.firstMs, lastMs: s.lastMs };
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
