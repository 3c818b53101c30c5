import stringWidth from 'string-width';
import { displayUsd, type Money } from '../money.js';
import { formatCount, formatTable, wrapText } from '../render/table.js';
import { describeResult, incompleteNote, type ReportColumn, reportColumns } from './columns.js';
import { localDate } from './periods.js';
import { emptyRow, mergeRow } from './rows.js';
import type { SpendResult, SpendRow } from './types.js';

export interface TableOptions {
  /** Terminal width in columns; unset (a pipe, no COLUMNS): every column, nothing cut. */
  width?: number;
  /** Every column even when the table is wider than the terminal. */
  wide?: boolean;
  color?: boolean;
  /** Per-period subtotal rows when the report groups by something. */
  breakdown?: boolean;
}

/** The compact set shown when the full table does not fit: period, groups, requests, tokens, total. */
const COMPACT = new Set(['period', 'requests', 'input_tokens', 'output_tokens', 'total_usd']);

/**
 * An aligned text table: numbers right-aligned, costs to the cent ("<$0.01" for dust), a totals row.
 * When the full table is wider than the terminal it drops to the compact columns (`wide` keeps
 * them all), and text cells are shortened until it fits.
 */
export function renderTable(result: SpendResult, options: TableOptions = {}): string {
  const head = describeResult(result, (ms) => localDate(ms, result.query.tz));
  if (result.rows.length === 0) return `${head}\n(no usage in range)`;
  const full = reportColumns(result, true);
  const compact = full.filter((c) => COMPACT.has(c.id) || result.query.groupBy.includes(c.id as never));
  const first = draw(result, full, options, undefined);
  const fits = options.width === undefined || widest(first) <= options.width;
  const table = options.wide || fits ? first : draw(result, compact, options, options.width);
  const notes = incompleteNote(result);
  if (!options.wide && !fits) notes.push('(compact: --wide shows every column)');
  return [wrapText(head, options.width), table, ...notes.map((n) => wrapText(n, options.width))].join('\n');
}

function draw(result: SpendResult, cols: ReportColumn[], options: TableOptions, maxWidth?: number): string {
  const cell = (c: ReportColumn, r: SpendRow) => {
    const v = c.value(r);
    if (c.kind === 'usd') return displayUsd(v as Money);
    return c.kind === 'count' ? formatCount(v as number) : String(v);
  };
  const body: string[][] = [];
  const rules = new Set<number>();
  const subtotals =
    options.breakdown && result.query.groupBy.length > 0 && result.query.periodUnit !== 'total';
  const rows = result.rows;
  rows.forEach((r, i) => {
    body.push(cols.map((c) => cell(c, r)));
    if (subtotals && rows[i + 1]?.period !== r.period) {
      const sub = emptyRow(r.period, r.periodStartMs, r.periodEndMs, {}, !!r.whatIf);
      for (const x of rows) if (x.periodStartMs === r.periodStartMs) mergeRow(sub, x);
      rules.add(body.length);
      body.push(
        cols.map((c, j) => (j === 0 ? `${r.period} subtotal` : c.kind === 'text' ? '' : cell(c, sub))),
      );
    }
  });
  const footer = cols.map((c, i) =>
    i === 0 ? (result.incomplete ? 'total*' : 'total') : c.kind === 'text' ? '' : cell(c, result.total),
  );
  return formatTable(
    cols.map((c) => ({ header: c.header, align: c.kind === 'text' ? 'left' : 'right' })),
    body,
    footer,
    {
      ...(maxWidth === undefined ? {} : { maxWidth }),
      ruleBefore: rules,
      ...(options.color ? { color: true } : {}),
    },
  );
}

/** Display width of the widest line (string-width skips ANSI styling). */
function widest(text: string): number {
  return Math.max(...text.split('\n').map((l) => stringWidth(l)));
}
