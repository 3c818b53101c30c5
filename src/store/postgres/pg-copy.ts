import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Rows per chunk of COPY text handed to the socket: bounds the text held at once (~0.5 MB). */
const CHUNK_ROWS = 1_000;

/**
 * Streams rows into `table` with COPY … FROM STDIN (text format). `rowAt(i)` writes row `i`'s
 * values into `out` (reused); numbers and bigints as digits, null/undefined as \N, text escaped.
 * COPY parses on the server at a fraction of an unnest of array literals' cost, and building its
 * text costs the client a third (postgres bench, see README).
 */
export async function copyRows(
  client: pg.ClientBase,
  sql: string,
  count: number,
  rowAt: (i: number, out: unknown[]) => void,
): Promise<void> {
  async function* chunks() {
    const values: unknown[] = [];
    for (let start = 0; start < count; start += CHUNK_ROWS) {
      let text = '';
      for (let i = start; i < Math.min(count, start + CHUNK_ROWS); i++) {
        values.length = 0;
        rowAt(i, values);
        text += copyLine(values);
      }
      yield text;
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

/** One line of COPY text: tab-separated, \N for null, newline-terminated. */
export function copyLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const v = values[i];
    if (v === null || v === undefined) line += '\\N';
    else if (typeof v === 'string') line += copyText(v);
    else if (typeof v === 'boolean') line += v ? '1' : '0';
    else line += String(v);
  }
  return `${line}\n`;
}

const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\uFFFD',
};

/**
 * A text value escaped for COPY's text format. PostgreSQL text cannot hold NUL, so a NUL (only
 * ever seen in garbage input) becomes U+FFFD instead of failing the batch.
 */
function copyText(s: string): string {
  return SPECIAL.test(s) ? s.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]!) : s;
}
