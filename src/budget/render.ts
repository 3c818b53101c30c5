import { displayUsd, type Money, ZERO } from '../money.js';
import { percentChange } from '../report/period-change.js';
import { localDate } from '../report/periods.js';
import { describeUnpriced } from '../report/unpriced-summary.js';
import { formatTable } from '../render/table.js';
import { FORECAST_KEY } from './alert-state.js';
import { thresholdPercent } from './budget.js';
import type { BudgetResult } from './check.js';
import { fails, percentOf } from './evaluate.js';
import { describeForecast } from './forecast.js';
import { type CheckReport, newKeysOf } from './report.js';

const COLUMNS = ['budget', 'period', 'spent', 'limit', 'used', 'forecast', 'status', 'forecast method'];
const RIGHT = new Set(['spent', 'limit', 'used', 'forecast']);

/** "warn: 50%, 80% reached; forecast over" / "over: 100% reached" / "ok". */
export function statusDetail(r: BudgetResult): string {
  const parts: string[] = [];
  if (r.evaluation.crossed.length > 0)
    parts.push(`${r.evaluation.crossed.map((t) => thresholdPercent(t.text)).join(', ')} reached`);
  if (r.evaluation.forecastOver) parts.push('forecast over');
  return parts.length > 0 ? `${r.evaluation.status}: ${parts.join('; ')}` : r.evaluation.status;
}

function cells(r: BudgetResult): string[] {
  return [
    r.budget.name,
    r.period.label,
    displayUsd(r.spent),
    displayUsd(r.budget.limit),
    `${percentOf(r.spent, r.budget.limit)}%`,
    displayUsd(r.forecast),
    statusDetail(r),
    describeForecast(r.projection),
  ];
}

/** Lines under the table: planned run, unpriced usage, new alerts, the verdict. */
function notes(
  report: CheckReport,
  newAlert: (r: BudgetResult, keys: readonly string[]) => string,
): string[] {
  const out: string[] = [];
  if (report.plus)
    out.push(
      `Includes the planned run ${report.plus.source} (${displayUsd(report.plus.total)}) in spent and forecast.`,
    );
  for (const r of report.results) {
    if (r.unpricedRequests > 0 || r.unpricedWhy.length > 0) {
      // Say which stretch the count covers: a budget counts its period up to as-of, which is not
      // the range a report of the same month shows.
      const range = `${localDate(r.period.startMs, report.zone)} → ${localDate(r.spentUntilMs - 1, report.zone)}`;
      out.push(
        `${r.budget.name} (${r.period.label}, ${range}): ${describeUnpriced(r.unpricedRequests, r.unpricedWhy)}; spend is a lower bound (tokenledger pricing check lists them).`,
      );
    }
    const keys = newKeysOf(report, r);
    if (keys.length > 0) out.push(newAlert(r, keys));
  }
  const failing = report.results.filter((r) => fails(r.evaluation, report.failOn)).map((r) => r.budget.name);
  out.push(
    failing.length === 0
      ? `Result: pass (fail on: ${report.failOn}).`
      : `Result: FAIL (fail on: ${report.failOn}): ${failing.join(', ')}.`,
  );
  return out;
}

function alertNames(keys: readonly string[]): string {
  return keys.map((k) => (k === FORECAST_KEY ? 'forecast over limit' : thresholdPercent(k))).join(', ');
}

/** The human table for `budget check` (default format). */
export function renderBudgetText(report: CheckReport): string {
  if (report.results.length === 0) return 'No budgets configured (add "budgets" to tokenledger.config.json).';
  const head = `Budgets as of ${report.asOf.text} (${report.zone})`;
  const table = formatTable(
    COLUMNS.map((header) => ({ header, align: RIGHT.has(header) ? 'right' : 'left' })),
    report.results.map(cells),
  );
  const lines = notes(report, (r, keys) => `New alert for ${r.budget.name}: ${alertNames(keys)}.`);
  return [head, table, '', ...lines].join('\n');
}

const ICON = { ok: '🟢', warn: '🟡', over: '🔴' } as const;

/** A Markdown summary for a PR comment or the GitHub step summary. */
export function renderBudgetMarkdown(report: CheckReport): string {
  const head = `### tokenledger budgets — as of ${report.asOf.text} (${report.zone})`;
  if (report.results.length === 0) return `${head}\n\nNo budgets configured.\n`;
  const rows = report.results.map((r) => {
    const c = cells(r).map((v) => v.replace(/\|/g, '\\|'));
    return `| ${ICON[r.evaluation.status]} | ${c.join(' | ')} |`;
  });
  const table = [
    `| | ${COLUMNS.join(' | ')} |`,
    `|---|${COLUMNS.map((c) => (RIGHT.has(c) ? '---:' : '---')).join('|')}|`,
    ...rows,
  ];
  const lines = notes(report, (r, keys) => `**New alert** for \`${r.budget.name}\`: ${alertNames(keys)}.`);
  return [
    head,
    '',
    headline(report),
    ...movers(report),
    '',
    ...table,
    '',
    ...lines.map((l) => `- ${l}`),
    '',
  ].join('\n');
}

/** "**3 budgets:** 🔴 1 over · 🟡 1 warn · 🟢 1 ok" — the line a reviewer reads first. */
function headline(report: CheckReport): string {
  const count = (s: keyof typeof ICON) => report.results.filter((r) => r.evaluation.status === s).length;
  const parts = (['over', 'warn', 'ok'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${ICON[s]} ${count(s)} ${s}`);
  return `**${report.results.length} budget${report.results.length === 1 ? '' : 's'}:** ${parts.join(' · ')}`;
}

/** Change since the same point of the previous period, biggest movers first (at most five). */
function movers(report: CheckReport): string[] {
  const previous = report.previous;
  if (!previous || report.results.length === 0) return [];
  const rows = report.results
    .map((r) => ({ r, before: previous.get(r.budget.name) ?? ZERO }))
    .map((x) => ({ ...x, delta: x.r.spent - x.before }))
    .sort((a, b) => (abs(b.delta) > abs(a.delta) ? 1 : abs(b.delta) < abs(a.delta) ? -1 : 0))
    .slice(0, 5);
  const out = [
    '',
    '**Change since the same point of the last period**',
    '',
    '| budget | last period | this period | change |',
    '|---|---:|---:|---:|',
  ];
  for (const { r, before, delta } of rows) {
    const sign = delta > 0n ? '+' : delta < 0n ? '−' : '';
    const pct = percentChange(r.spent, before as Money);
    out.push(
      `| ${r.budget.name.replace(/\|/g, '\\|')} | ${displayUsd(before)} | ${displayUsd(r.spent)} | ${sign}${displayUsd(abs(delta))} (${pct}) |`,
    );
  }
  return out;
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}
