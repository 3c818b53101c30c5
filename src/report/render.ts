import { stringifyJson } from '../json.js';
import { type CsvOptions, renderCsv } from './render-csv.js';
import { reportJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTable, type TableOptions } from './render-table.js';
import type { SpendResult } from './types.js';

export type ReportFormat = 'table' | 'csv' | 'json' | 'markdown' | 'focus' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'csv', 'json', 'markdown', 'focus', 'html'];
/** The formats rendered from the report rows alone (html needs its chart queries, focus its per-SKU charges). */
export type TextFormat = Exclude<ReportFormat, 'html' | 'focus'>;

export type RenderOptions = TableOptions & CsvOptions;

/** Renders a report in one of the formats; the text ends with a newline. */
export function renderReport(result: SpendResult, format: TextFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'table':
      return `${renderTable(result, options)}\n`;
    case 'markdown':
      return `${renderMarkdown(result, options.wide ? { wide: true } : {})}\n`;
    case 'json':
      return `${stringifyJson(reportJson(result))}\n`;
    case 'csv':
      return renderCsv(result, options);
  }
}
