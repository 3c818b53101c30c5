import { emptyRow, mergeRow } from './rows.js';
import type { SpendResult, SpendRow } from './types.js';

export type RowSort = 'period' | 'total' | 'name';
export const ROW_SORTS: readonly RowSort[] = ['period', 'total', 'name'];

export interface RowShape {
  sort?: RowSort;
  /** Keep the N groups with the highest spend over the whole range; the rest become "(other)". */
  top?: number;
  /** Keep rows of one period together (per-period subtotals need it). */
  periodMajor?: boolean;
}

export const OTHER = '(other)';

/**
 * Orders and trims report rows for display. The total is untouched: `--top` folds the smaller
 * groups into one "(other)" row per period, so the rows still add up to it exactly.
 */
export function shapeRows(result: SpendResult, shape: RowShape): SpendResult {
  let rows = result.rows;
  const dims = result.query.groupBy;
  if (shape.top !== undefined && dims.length > 0)
    rows = foldOthers(rows, dims, shape.top, !!result.total.whatIf);
  const byName = (a: SpendRow, b: SpendRow) => compareText(groupId(a, dims), groupId(b, dims));
  const byPeriod = (a: SpendRow, b: SpendRow) => a.periodStartMs - b.periodStartMs;
  const byTotal = (a: SpendRow, b: SpendRow) =>
    a.cost.total === b.cost.total ? 0 : a.cost.total > b.cost.total ? -1 : 1;
  const others = (a: SpendRow, b: SpendRow) => Number(isOther(a)) - Number(isOther(b));
  const order: ((a: SpendRow, b: SpendRow) => number)[] =
    shape.sort === 'total'
      ? [others, byTotal, byPeriod, byName]
      : shape.sort === 'name'
        ? [others, byName, byPeriod]
        : [byPeriod, others, byName];
  if (shape.periodMajor && shape.sort !== 'period') order.unshift(byPeriod);
  const sorted = [...rows].sort((a, b) => {
    for (const f of order) {
      const c = f(a, b);
      if (c !== 0) return c;
    }
    return 0;
  });
  return { ...result, rows: sorted };
}

function foldOthers(rows: readonly SpendRow[], dims: readonly string[], top: number, whatIf: boolean) {
  const spend = new Map<string, bigint>();
  for (const r of rows) spend.set(groupId(r, dims), (spend.get(groupId(r, dims)) ?? 0n) + r.cost.total);
  const kept = new Set(
    [...spend.entries()]
      .sort(([ka, a], [kb, b]) => (a === b ? compareText(ka, kb) : a > b ? -1 : 1))
      .slice(0, top)
      .map(([k]) => k),
  );
  if (kept.size === spend.size) return [...rows];
  const out: SpendRow[] = [];
  const other = new Map<number, SpendRow>();
  for (const r of rows) {
    if (kept.has(groupId(r, dims))) {
      out.push(r);
      continue;
    }
    let o = other.get(r.periodStartMs);
    if (!o) {
      const keys = Object.fromEntries(dims.map((d) => [d, OTHER]));
      o = emptyRow(r.period, r.periodStartMs, r.periodEndMs, keys, whatIf);
      other.set(r.periodStartMs, o);
      out.push(o);
    }
    mergeRow(o, r);
  }
  return out;
}

function isOther(r: SpendRow): boolean {
  return Object.values(r.keys).every((v) => v === OTHER) && Object.keys(r.keys).length > 0;
}

function groupId(r: SpendRow, dims: readonly string[]): string {
  return dims.map((d) => r.keys[d] ?? '').join('\u0001');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
