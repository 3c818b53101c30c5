import { openSqliteTableReader } from '../store/sqlite/table-reader.js';
import type { ParseContext } from './context.js';
import { type Json, RejectError } from './fields.js';
import { parseLlmRow } from './llm-logs.js';
import type { IngestRecord } from './records.js';

const BATCH = 5000;
const WANTED = [
  'id',
  'model',
  'resolved_model',
  'options_json',
  'input_tokens',
  'output_tokens',
  'token_details',
  'datetime_utc',
];

/**
 * Reads a simonw/llm `logs.db` read-only (through the store's table reader: no SQL here): the legacy `responses` table and LLM 0.32's `turns` table,
 * whichever exist, streamed with `.iterate()`. Rows are numbered across both tables (`line`);
 * `offset` is 0 (SQLite files are not resumable; keys make re-reads harmless).
 */
export async function* readLlmDatabase(
  path: string,
  ctx: ParseContext,
  onBytes?: (bytes: number) => void,
  total = 0,
): AsyncGenerator<IngestRecord[]> {
  const db = openSqliteTableReader(path);
  ctx.seen.add('llm-logs');
  try {
    let row = 0;
    for (const table of ['responses', 'turns']) {
      const columns = db.columns(table);
      if (columns.length === 0 || (table === 'responses' && !columns.includes('token_details'))) continue;
      const select = WANTED.filter((c) => columns.includes(c));
      for (const r of db.rows(table, select) as IterableIterator<Json>) {
        ctx.line = ++row;
        ctx.offset = 0;
        try {
          parseLlmRow(r, ctx);
        } catch (err) {
          if (!(err instanceof RejectError)) throw err;
          ctx.reject(`${table} row ${String(r.id)}: ${err.message}`, JSON.stringify(r));
        }
        if (ctx.out.length >= BATCH) yield ctx.drain();
      }
    }
    onBytes?.(total);
    if (ctx.out.length > 0) yield ctx.drain();
  } finally {
    db.close();
  }
}
