import { NONE } from './types.js';
import type { Dimension } from './types.js';
import { COLUMN_DIMENSIONS, type ColumnDimension } from '../store/columns.js';
import type { Ledger, UsageGroup, UsageQuery } from '../store/ledger.js';

/** Grouped usage of one segment [from, to): a range that never straddles a price cut. */
export interface Segment {
  from: number;
  to: number;
  groups: UsageGroup[];
}

/** The ledger query of a report, without its range: grouping and filters from the report's dimensions. */
export function usageQueryOf(
  groupBy: readonly Dimension[],
  filters: Partial<Record<Dimension, string[]>>,
  kind: 'request' | 'bucket',
): Omit<UsageQuery, 'fromMs' | 'toMs'> {
  const isColumn = (d: string): d is ColumnDimension => (COLUMN_DIMENSIONS as readonly string[]).includes(d);
  const group = new Set<ColumnDimension | 'tags'>();
  for (const d of groupBy) {
    if (d.startsWith('tag:')) group.add('tags');
    else if (isColumn(d)) group.add(d);
  }
  const columnFilters: Partial<Record<ColumnDimension, string[]>> = {};
  const tagFilters: { key: string; values: string[] }[] = [];
  for (const [dim, values] of Object.entries(filters) as [Dimension, string[] | undefined][]) {
    if (!values || values.length === 0 || dim === 'model' || dim === 'family') continue;
    const stored = values.map((v) => (v === NONE ? '' : v));
    if (dim.startsWith('tag:')) tagFilters.push({ key: dim.slice(4), values: stored });
    else if (isColumn(dim)) columnFilters[dim] = stored;
    else columnFilters[dim as ColumnDimension] = stored; // the store names the bad dimension
  }
  return { kind, groupBy: [...group], filters: columnFilters, tagFilters };
}

/** Reads each segment [cuts[i], cuts[i+1]) (the last one ends at untilMs); `cuts` ascending. */
export async function readSegments(
  ledger: Ledger,
  base: Omit<UsageQuery, 'fromMs' | 'toMs'>,
  cuts: readonly number[],
  untilMs: number,
): Promise<Segment[]> {
  const ranges: { from: number; to: number }[] = [];
  for (const [i, from] of cuts.entries()) {
    const to = Math.min(cuts[i + 1] ?? untilMs, untilMs);
    if (from < to) ranges.push({ from, to });
  }
  // All at once: a PostgreSQL ledger runs them on several pooled connections (SQLite answers in turn).
  return Promise.all(
    ranges.map(async ({ from, to }) => ({
      from,
      to,
      groups: await ledger.sumUsage({ ...base, fromMs: from, toMs: to }),
    })),
  );
}

/** Re-reads only the segments that a new cut falls inside, split there; the others are kept. */
export async function splitSegments(
  ledger: Ledger,
  base: Omit<UsageQuery, 'fromMs' | 'toMs'>,
  segments: readonly Segment[],
  cuts: readonly number[],
): Promise<Segment[]> {
  const out: Segment[] = [];
  for (const s of segments) {
    const inside = cuts.filter((c) => c > s.from && c < s.to);
    if (inside.length === 0) out.push(s);
    else out.push(...(await readSegments(ledger, base, [s.from, ...inside], s.to)));
  }
  return out;
}
