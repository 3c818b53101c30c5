import { stringifyJson } from '../json.js';
import { type CsvOptions, renderCsv } from './render-csv.js';
import { renderFocus } from './render-focus.js';
import { reportJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTable, type TableOptions } from './render-table.js';
import type { SpendResult } from './types.js';

export type ReportFormat = 'table' | 'csv' | 'json' | 'markdown' | 'focus';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'csv', 'json', 'markdown', 'focus'];

export type RenderOptions = TableOptions & CsvOptions;

/** Renders a report in one of the formats; the text ends with a newline. */
export function renderReport(result: SpendResult, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'table':
      return `${renderTable(result, options)}\n`;
    case 'markdown':
      return `${renderMarkdown(result, options.wide ? { wide: true } : {})}\n`;
    case 'json':
      return `${stringifyJson(reportJson(result))}\n`;
    case 'csv':
      return renderCsv(result, options);
    case 'focus':
      return renderFocus(result);
  }
}
