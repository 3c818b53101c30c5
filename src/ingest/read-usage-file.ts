import { stat } from 'node:fs/promises';
import { InvalidInputError, invalidValue } from '../errors.js';
import type { ReadHash } from '../store/checkpoints.js';
import { ParseContext } from './context.js';
import { detectObject, familyOf } from './detect.js';
import { type FormatName, isFormatName, FORMATS } from './formats.js';
import { splitLines } from './line-splitter.js';
import type { IngestRecord } from './records.js';
import { fileChunks, MAX_DOCUMENT_BYTES, readGzHead, readHead, SQLITE_MAGIC } from './source.js';
import { parseJsonLine } from './dispatch.js';
import { readJsonDocument } from './json-document.js';
import { readCsvFile } from './csv-file.js';
import { CsvRowParser, sniffDelimiter } from './csv.js';
import { cleanHeader, csvKind } from './csv-kind.js';
import { readLlmDatabase } from './llm-sqlite.js';

export { FORMATS, type FormatName } from './formats.js';
export { MAX_DOCUMENT_BYTES } from './source.js';

export interface ReadOptions {
  /** Forces one format (`--format`). */
  format?: FormatName;
  /** Resume at this byte offset (only honoured when the file is resumable). */
  startOffset?: number;
  /** Line number of the byte at startOffset, minus 1. */
  startLine?: number;
  /** Default 16 MiB: longer lines are rejected without being buffered whole. */
  maxLineBytes?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** The name events record as their source file (default: `path`; `-` for standard input). */
  sourceName?: string;
  /** "Now" for the timestamp range check (tests); default Date.now(). */
  nowMs?: number;
  /** Fingerprints the file as it is read (line files read from offset 0 only: see `hashing`). */
  hash?: ReadHash;
}

export interface UsageFileReader {
  /** True for plain (non-gz) line-oriented files (JSONL, SSE transcripts): offset resume is valid. */
  resumable: boolean;
  /** Detected format; 'mixed' when records of several formats were seen. */
  readonly format: FormatName | 'mixed';
  /** Every record, in file order. */
  records: AsyncIterable<IngestRecord>;
  /** The same records in batches (one per read chunk): cheaper to consume than `records`. Use one or the other. */
  batches: AsyncIterable<IngestRecord[]>;
  /** Whether reading feeds `options.hash` every byte of the file (line files from offset 0). */
  hashing: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

type Layout = 'jsonl' | 'json' | 'csv' | 'sqlite';

/**
 * Opens a usage log of any supported format (log-formats.md §0): JSONL or SSE transcripts (streamed
 * line by line, resumable), whole JSON documents, CSV/TSV exports, simonw/llm SQLite databases;
 * `.gz` files are decompressed transparently (not resumable). Throws InvalidInputError for an
 * unknown `format` or an unrecognizable file; bad lines become reject records instead.
 */
export async function openUsageFile(path: string, options: ReadOptions = {}): Promise<UsageFileReader> {
  const forced = options.format;
  if (forced !== undefined && !isFormatName(forced)) {
    throw invalidValue('--format', `unknown format "${forced}"`, FORMATS.map((f) => f.name).join(', '));
  }
  const info = await stat(path);
  const raw = await readHead(path, HEAD_BYTES);
  const gz = raw[0] === 0x1f && raw[1] === 0x8b;
  const ctx = new ParseContext(options.sourceName ?? path, options.nowMs ?? Date.now(), info.mtimeMs);
  const total = info.size;
  const progress = options.onProgress ? (n: number) => options.onProgress?.(n, total) : undefined;

  if (!gz && raw.subarray(0, 16).toString('latin1') === SQLITE_MAGIC) {
    return reader(false, () => 'llm-logs', readLlmDatabase(path, ctx, progress, total), false);
  }
  const head = gz ? await readGzHead(path, HEAD_BYTES) : raw;
  const layout = sniffLayout(head);
  const guess = forced ?? guessFormat(head, layout);
  const format = () => forced ?? (ctx.seen.size > 1 ? 'mixed' : ([...ctx.seen][0] ?? guess));

  if (layout === 'json') {
    if (!gz && total > MAX_DOCUMENT_BYTES) {
      throw new InvalidInputError(
        `a whole-document JSON file of ${total} bytes is over the ${MAX_DOCUMENT_BYTES}-byte limit (convert it to JSONL)`,
        path,
      );
    }
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    return reader(false, format, readJsonDocument(path, gz, ctx, forced, maxLineBytes, progress), false);
  }
  if (layout === 'csv') {
    checkCsvHeader(head, path, forced);
    return reader(false, format, readCsvFile(path, gz, ctx, forced, progress), false);
  }

  const resumable = !gz;
  const startOffset = resumable ? (options.startOffset ?? 0) : 0;
  const startLine = startOffset > 0 ? (options.startLine ?? 0) : 0;
  const hash = startOffset === 0 ? options.hash : undefined;
  const chunks = fileChunks(path, startOffset, gz, progress, hash);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const batches = splitLines(
    chunks,
    ctx,
    { startOffset, startLine, maxLineBytes, liveTail: resumable },
    (text) => parseJsonLine(text, ctx, forced),
  );
  return reader(resumable, format, batches, hash !== undefined);
}

function reader(
  resumable: boolean,
  format: () => string,
  batches: AsyncIterable<IngestRecord[]>,
  hashing: boolean,
): UsageFileReader {
  return {
    resumable,
    hashing,
    get format() {
      return format();
    },
    batches,
    records: flatten(batches),
  };
}

async function* flatten(batches: AsyncIterable<IngestRecord[]>): AsyncGenerator<IngestRecord> {
  for await (const batch of batches) yield* batch;
}

/** JSONL / SSE, a whole JSON document, or CSV/TSV, from the first bytes. */
export function sniffLayout(head: Buffer): Layout {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 32 || head[i] === 9 || head[i] === 10 || head[i] === 13)) i++;
  if (i >= head.length) return 'jsonl';
  const c = head[i];
  const nl = head.indexOf(10, i);
  const first = head.toString('utf8', i, nl < 0 ? head.length : nl).trim();
  if (c === 0x5b /* [ */) return 'json';
  if (c === 0x7b /* { */) {
    // No newline yet: a first line longer than the head, or a live log's first line still being
    // written (read as a line so it can be pending rather than a broken document).
    if (nl < 0) return 'jsonl';
    try {
      JSON.parse(first);
      return 'jsonl';
    } catch {
      return 'json';
    }
  }
  if (/^(data|event|id|retry):/.test(first) || first.startsWith(':')) return 'jsonl';
  if (first.includes(',') || first.includes('\t')) return 'csv';
  return 'jsonl';
}

/** Throws for a CSV whose header matches no known export (unless a format is forced). */
function checkCsvHeader(head: Buffer, path: string, forced: string | undefined): void {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')).replace(/\r$/, '');
  const cells = new CsvRowParser(sniffDelimiter(first)).push(first) ?? [];
  if (csvKind(cleanHeader(cells), forced) === undefined) {
    throw new InvalidInputError(
      `unrecognized CSV header "${first.slice(0, 80)}" (known: OpenAI dashboard usage/cost export, LiteLLM SpendLogs, Helicone export; or pass --format)`,
      path,
    );
  }
}

function guessFormat(head: Buffer, layout: Layout): string {
  if (layout === 'csv') {
    const first =
      head
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split('\n', 1)[0] ?? '';
    const kind = csvKind(
      cleanHeader(new CsvRowParser(sniffDelimiter(first)).push(first.replace(/\r$/, '')) ?? []),
    );
    return kind === 'litellm' || kind === 'helicone' ? kind : 'dashboard-csv';
  }
  if (layout !== 'jsonl') return 'responses';
  for (const text of head.toString('utf8').split('\n', 50)) {
    const body = text.startsWith('data:') ? text.slice(5).trim() : text.trim();
    if (!body.startsWith('{')) continue;
    try {
      const kind = detectObject(JSON.parse(body));
      if (kind !== undefined) return familyOf(kind);
    } catch {
      // a partial or bad line: the reader will reject it
    }
  }
  return 'responses';
}
