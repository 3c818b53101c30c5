import { lineQuantities } from '../pricing/cost.js';
import type { Ledger, UsageGroup } from '../store/ledger.js';
import { groupTokens } from './price-classes.js';
import type { UnpricedUsage } from './unpriced.js';

const DAY_MS = 86_400_000;

/** How much of an unpriced class a group holds (a cost-engine line or a stored column). */
function classQuantity(g: UsageGroup, usageClass: string): number {
  const lines = lineQuantities(groupTokens(g)) as Record<string, bigint>;
  if (usageClass in lines) return Number(lines[usageClass]);
  return Number((g as unknown as Record<string, number>)[usageClass] ?? 0);
}

/**
 * Narrows each unpriced class's first and last seen from its model's span to the first and last
 * UTC day the class itself was used: one grouped read per UTC month of the span, then per day in
 * the first and last month that held it. Entries without a class keep their model's span.
 */
export async function refineClassSpans(ledger: Ledger, items: UnpricedUsage[]): Promise<void> {
  const classed = items.filter((u) => u.usageClass !== undefined);
  if (classed.length === 0) return;
  const sums = async (fromMs: number, toMs: number) => {
    const groups: UsageGroup[] = [];
    for (const kind of ['request', 'bucket'] as const)
      groups.push(...(await ledger.sumUsage({ fromMs, toMs, kind, groupBy: [], filters: {} })));
    return groups;
  };
  const holds = (groups: readonly UsageGroup[], u: UnpricedUsage) =>
    groups.some(
      (g) => g.billed && g.model === u.model && g.tier === u.tier && classQuantity(g, u.usageClass!) > 0,
    );
  const months = monthsBetween(
    Math.min(...classed.map((u) => u.firstMs)),
    Math.max(...classed.map((u) => u.lastMs)),
  );
  const found = new Map<UnpricedUsage, number[]>();
  for (const [from, to] of months) {
    const groups = await sums(from, to);
    for (const u of classed) if (holds(groups, u)) found.set(u, [...(found.get(u) ?? []), from]);
  }
  for (const [u, starts] of found) {
    const firstMonth = months.find(([from]) => from === starts[0])!;
    const lastMonth = months.find(([from]) => from === starts[starts.length - 1])!;
    u.firstMs = (await firstDay(firstMonth, u, sums, holds, false)) ?? u.firstMs;
    u.lastMs = (await firstDay(lastMonth, u, sums, holds, true)) ?? u.lastMs;
  }
}

async function firstDay(
  [from, to]: [number, number],
  u: UnpricedUsage,
  sums: (fromMs: number, toMs: number) => Promise<UsageGroup[]>,
  holds: (groups: readonly UsageGroup[], u: UnpricedUsage) => boolean,
  fromEnd: boolean,
): Promise<number | undefined> {
  const days: number[] = [];
  for (let d = from; d < to; d += DAY_MS) days.push(d);
  if (fromEnd) days.reverse();
  for (const d of days) if (holds(await sums(d, d + DAY_MS), u)) return d;
  return undefined;
}

/** The UTC months [start, end) covering [fromMs, toMs] (both days inclusive). */
function monthsBetween(fromMs: number, toMs: number): [number, number][] {
  const out: [number, number][] = [];
  const d = new Date(fromMs);
  let start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  while (start <= toMs) {
    const s = new Date(start);
    const end = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1);
    out.push([start, end]);
    start = end;
  }
  return out;
}
