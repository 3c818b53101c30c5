import type { ParseContext } from './context.js';
import { CsvRowParser, sniffDelimiter } from './csv.js';
import { type CsvKind, cleanHeader, csvKind } from './csv-kind.js';
import { type Json, RejectError, withTextCells } from './fields.js';
import { parseHelicone } from './gateways.js';
import { splitLines } from './line-splitter.js';
import { parseLiteLlm } from './litellm.js';
import type { IngestRecord } from './records.js';
import { fileChunks } from './source.js';
import { bucketEvent, invoiceLine } from './usage-api.js';

const MAX_CSV_LINE = 16 * 1024 * 1024;

/**
 * Streams a CSV/TSV export: the header picks the row parser (`csvKind`), each row becomes an object
 * keyed by header names (ragged rows: missing cells are absent, extra cells ignored), all-empty rows
 * produce nothing, and a header-only file yields only the header's skip. Records carry the row's
 * first line number. The caller has already checked that the header is recognized.
 */
export async function* readCsvFile(
  path: string,
  gz: boolean,
  ctx: ParseContext,
  forced: string | undefined,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<IngestRecord[]> {
  let parser: CsvRowParser | undefined;
  let header: string[] | undefined;
  let kind: CsvKind | undefined;
  let rowLine = 0;
  const handleRow = (cells: string[]): void => {
    if (!header) {
      header = cleanHeader(cells);
      kind = csvKind(header, forced);
      ctx.seen.add(kind === 'litellm' || kind === 'helicone' ? kind : 'dashboard-csv');
      ctx.skip(`CSV header (${kind ?? 'unknown'})`);
      return;
    }
    const line = ctx.line;
    ctx.line = rowLine;
    const row = rowObject(header, cells);
    withTextCells(() => parseCsvRow(row, kind, ctx, cells.join(parser?.delimiter ?? ',')));
    ctx.line = line;
  };
  const lines = splitLines(
    fileChunks(path, 0, gz, onBytes),
    ctx,
    { startOffset: 0, startLine: 0, maxLineBytes: MAX_CSV_LINE },
    (text) => {
      parser ??= new CsvRowParser(sniffDelimiter(text));
      if (!parser.pending) rowLine = ctx.line;
      const cells = parser.push(text);
      if (cells) handleRow(cells);
    },
  );
  yield* lines;
  const rest = parser?.flush();
  if (rest) {
    handleRow(rest);
    yield ctx.drain();
  }
}

function rowObject(header: readonly string[], cells: readonly string[]): Json | undefined {
  let row: Json | undefined;
  for (let i = 0; i < header.length && i < cells.length; i++) {
    const value = cells[i]!.trim();
    if (value === '') continue;
    row ??= {};
    row[header[i]!] = value;
  }
  return row;
}

function parseCsvRow(row: Json | undefined, kind: CsvKind | undefined, ctx: ParseContext, raw: string): void {
  if (!row) return; // an all-empty (ragged) row
  try {
    switch (kind) {
      case 'dashboard-usage': {
        const e = bucketEvent(row, row.start_time, row.end_time, 'dashboard-csv', ctx);
        if (typeof e === 'string') ctx.skip(e);
        else ctx.event(e);
        return;
      }
      case 'dashboard-cost':
        if (row.amount_value === undefined) ctx.skip('empty bucket row');
        else invoiceLine(row, row.start_time, row.end_time, 'dashboard-csv', ctx);
        return;
      case 'litellm':
        parseLiteLlm(row, ctx);
        return;
      case 'helicone':
        parseHelicone(row, ctx);
        return;
      default:
        ctx.skip('row of an empty dashboard export');
    }
  } catch (err) {
    if (!(err instanceof RejectError)) throw err;
    ctx.reject(err.message, raw);
  }
}
