import { displayUsd, type Money } from '../money.js';
import { escapeControl, formatCount } from '../render/table.js';
import { describeResult, incompleteNote, type ReportColumn, reportColumns } from './columns.js';
import { periodChange, percentChange } from './period-change.js';
import { localDate } from './periods.js';
import type { SpendResult, SpendRow } from './types.js';

const COMPACT = new Set(['period', 'requests', 'input_tokens', 'output_tokens', 'total_usd']);

/**
 * A compact PR comment (GitHub-flavoured Markdown): the latest period's spend with the change from
 * the period before, the top movers, then the table (compact columns unless `wide`) folded in a
 * <details> block so the comment stays short.
 */
export function renderMarkdown(result: SpendResult, options: { wide?: boolean } = {}): string {
  const lines = [`### tokenledger spend`, '', describeResult(result, (ms) => localDate(ms, result.query.tz))];
  if (result.rows.length === 0) return [...lines, '', '_No usage in range._'].join('\n');
  lines.push('', ...headline(result));
  const cols = reportColumns(result, true).filter(
    (c) => options.wide || COMPACT.has(c.id) || result.query.groupBy.includes(c.id as never),
  );
  const cell = (c: ReportColumn, r: SpendRow) => {
    const v = c.value(r);
    if (c.kind === 'usd') return displayUsd(v as Money);
    return c.kind === 'count' ? formatCount(v as number) : escapeCell(String(v));
  };
  const table = [
    `| ${cols.map((c) => c.header).join(' | ')} |`,
    `| ${cols.map((c) => (c.kind === 'text' ? ':---' : '---:')).join(' | ')} |`,
    ...result.rows.map((r) => `| ${cols.map((c) => cell(c, r)).join(' | ')} |`),
    `| ${cols
      .map((c, i) => {
        if (i === 0) return result.incomplete ? '**total\\***' : '**total**';
        return c.kind === 'text' ? '' : `**${cell(c, result.total)}**`;
      })
      .join(' | ')} |`,
  ];
  lines.push('', `<details><summary>${result.rows.length} row(s)</summary>`, '', ...table, '', '</details>');
  const notes = incompleteNote(result).map((n) => `\\${n}`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** "**$12.34** in 2026-10 · +5.0% vs 2026-09 ($11.75)" and a top-movers table. */
function headline(result: SpendResult): string[] {
  const change = periodChange(result);
  if (!change) return [];
  const unit = result.query.periodUnit === 'total' ? '' : ` in ${change.period}`;
  if (!change.previous) return [`**${displayUsd(change.total)}**${unit || ' in total'}`];
  const p = change.previous;
  const out = [
    `**${displayUsd(change.total)}**${unit} · ${percentChange(change.total, p.total)} vs ${p.period} (${displayUsd(p.total)})`,
  ];
  if (change.movers.length > 0) {
    const dims = result.query.groupBy.join(' · ');
    out.push('', `**Top movers** (${p.period} → ${change.period})`, '');
    out.push(
      `| ${escapeCell(dims)} | ${p.period} | ${change.period} | change |`,
      '| :--- | ---: | ---: | ---: |',
    );
    for (const m of change.movers) {
      const sign = m.delta > 0n ? '+' : '−';
      const abs = m.delta < 0n ? -m.delta : m.delta;
      out.push(
        `| ${escapeCell(m.label)} | ${displayUsd(m.previous)} | ${displayUsd(m.current)} | ${sign}${displayUsd(abs)} |`,
      );
    }
  }
  return out;
}

/** Keeps a name from breaking the table: pipes escaped, control characters made visible. */
function escapeCell(text: string): string {
  return escapeControl(text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|'));
}
