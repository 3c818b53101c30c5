import { stringify } from 'csv-stringify/sync';
import { usd } from '../json.js';
import { displayUsd, usdString } from '../money.js';
import { formatTable } from '../render/table.js';
import type { ReconcileResult } from './reconcile.js';

/** The `reconcile --json` shape (DESIGN.md): money exact to the nano-dollar. */
export function reconcileJson(result: ReconcileResult, groupBy: readonly string[]): unknown {
  return {
    tz: result.tz,
    rows: result.rows.map((r) => ({
      period: r.period,
      ...Object.fromEntries(groupBy.map((g) => [g, r.keys[g]])),
      logged_usd: usd(r.logged),
      usage_usd: usd(r.usage),
      billed_usd: usd(r.billed),
      diff_usd: usd(r.diff),
      status: r.status,
      notes: r.notes,
    })),
    total: {
      logged_usd: usd(result.total.logged),
      usage_usd: usd(result.total.usage),
      billed_usd: usd(result.total.billed),
      diff_usd: usd(result.total.diff),
    },
    notes: result.notes,
  };
}

/** One CSV record per row; notes joined with "; "; exact USD. */
export function reconcileCsv(result: ReconcileResult, groupBy: readonly string[]): string {
  const header = [
    'period',
    'tz',
    ...groupBy,
    'logged_usd',
    'usage_usd',
    'billed_usd',
    'diff_usd',
    'status',
    'notes',
  ];
  const records = result.rows.map((r) => [
    r.period,
    result.tz,
    ...groupBy.map((g) => r.keys[g] ?? ''),
    usdString(r.logged),
    usdString(r.usage),
    usdString(r.billed),
    usdString(r.diff),
    r.status,
    r.notes.join('; '),
  ]);
  return stringify([header, ...records]);
}

/** A table (cents) with each row's notes under it, indented. */
export function reconcileTable(
  result: ReconcileResult,
  groupBy: readonly string[],
  maxWidth?: number,
): string {
  const money = ['logged', 'usage (priced)', 'billed', 'billed − usage'];
  const columns = [
    { header: 'period (UTC)' },
    ...groupBy.map((g) => ({ header: g })),
    ...money.map((header) => ({ header, align: 'right' as const })),
    { header: 'status' },
  ];
  const lines: string[] = [];
  const rows = result.rows.map((r) => [
    r.period,
    ...groupBy.map((g) => r.keys[g] ?? ''),
    displayUsd(r.logged),
    displayUsd(r.usage),
    displayUsd(r.billed),
    displayUsd(r.diff),
    r.status,
  ]);
  const t = result.total;
  const footer = [
    'total',
    ...groupBy.map(() => ''),
    displayUsd(t.logged),
    displayUsd(t.usage),
    displayUsd(t.billed),
    displayUsd(t.diff),
    '',
  ];
  lines.push(formatTable(columns, rows, footer, maxWidth === undefined ? {} : { maxWidth }));
  const noted = result.rows.filter((r) => r.notes.length > 0);
  if (noted.length > 0) lines.push('', 'Notes:');
  for (const r of noted) {
    const label = [r.period, ...groupBy.map((g) => r.keys[g] ?? '')].join(' ');
    for (const n of r.notes) lines.push(`  ${label}: ${n}`);
  }
  for (const n of result.notes) lines.push(`  ${n}`);
  return lines.join('\n');
}
