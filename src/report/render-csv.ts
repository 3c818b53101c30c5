import { TZDate } from '@date-fns/tz';
import { stringify } from 'csv-stringify/sync';
import { type Money, usdString } from '../money.js';
import { reportColumns } from './columns.js';
import { NONE, type SpendResult, type SpendRow } from './types.js';
import { reasonWords } from './unpriced-summary.js';

export interface CsvOptions {
  /** Append the "total" row (off by default: a spreadsheet SUM over the column would count it twice). */
  totalRow?: boolean;
  /** For Excel: a UTF-8 byte-order mark (so names are not mojibake) and CRLF line ends. */
  excel?: boolean;
}

/**
 * CSV with a stable header (period, its start and end in the report's zone, tz, group keys, counts,
 * exact USD amounts): one record per row, nothing else, so every numeric column sums to the
 * report's total. Money is exact to the nano-dollar, never rounded to cents; a missing group value
 * is an empty cell. Then the row's basis (requests, aggregates or mixed) and, last, why some of its
 * usage is unpriced (empty when everything is priced; not empty for usage of no requests, whose
 * unpriced_requests is 0).
 */
export function renderCsv(result: SpendResult, options: CsvOptions = {}): string {
  const cols = reportColumns(result);
  const tz = result.query.tz;
  const header = [
    'period',
    'period_start',
    'period_end',
    'tz',
    ...cols.slice(1).map((c) => c.id),
    'basis',
    'unpriced_reasons',
  ];
  const record = (r: SpendRow) => [
    safeText(r.period),
    zonedIso(r.periodStartMs, tz),
    zonedIso(r.periodEndMs, tz),
    safeText(tz),
    ...cols.slice(1).map((c) => {
      const v = c.value(r);
      if (c.kind === 'usd') return usdString(v as Money);
      if (c.kind === 'count') return String(v);
      return v === NONE ? '' : safeText(String(v));
    }),
    // request logs or provider aggregates (never added together); 'mixed' for a period with both
    r.basis ?? result.basis,
    safeText(r.unpricedWhy.length > 0 ? reasonWords(r.unpricedWhy, r.unpricedRequests) : ''),
  ];
  const records = [header, ...result.rows.map(record)];
  if (options.totalRow) records.push(record(result.total));
  const text = stringify(records, { record_delimiter: options.excel ? '\r\n' : '\n' });
  return options.excel ? `\uFEFF${text}` : text;
}

/** An ISO 8601 instant written in `tz` with its offset: 2026-10-01T00:00:00+02:00. */
export function zonedIso(ms: number, tz: string): string {
  return new TZDate(ms, tz).toISOString().replace('.000', '');
}

/**
 * Neutralizes spreadsheet formula injection: a text cell (a name, tag or id, never a number)
 * starting with = + - @, a tab or a carriage return gets a leading apostrophe, so Excel, Sheets
 * and LibreOffice show it as text instead of evaluating it (OWASP "CSV Injection").
 */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
