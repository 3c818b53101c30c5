import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PriceBook } from '../pricing/price-book.js';
import { findModel } from '../pricing/resolve-model.js';
import { headHash, planResume } from '../store/checkpoints.js';
import type { Ledger } from '../store/ledger.js';
import type { Batch } from '../store/types.js';
import { type FormatName, openUsageFile } from './read-usage-file.js';
import { type Chunk, inThread } from './run-chunks.js';
import { expandInputs, type InputFile } from './run-inputs.js';
import { parseInWorker, WORKER_MIN_BYTES, workerUrl } from './run-parallel.js';

export interface IngestProgress {
  bytesDone: number;
  bytesTotal: number;
  records: number;
  file: string;
}

export interface IngestOptions {
  book: PriceBook;
  /** Force one format for every file (`--format`). */
  format?: string;
  /** Rejects never stop ingestion; the flag is kept for callers that mirror the CLI. */
  allowRejects?: boolean;
  onProgress?: (progress: IngestProgress) => void;
  /** Re-read every file from its start even when its checkpoint says unchanged (dedupe keeps totals exact). */
  rescan?: boolean;
  /** Records per transaction (default 10,000). */
  batchSize?: number;
  /**
   * Parse line files in a worker thread while this thread writes: default only for files of
   * WORKER_MIN_BYTES or more (and only from the compiled build); true forces it, false never.
   */
  parallel?: boolean;
}

export interface IngestReject {
  file: string;
  line: number;
  reason: string;
}

/** The `ingest --json` shape (DESIGN.md) plus a few additive fields. */
export interface IngestSummary {
  files: number;
  lines: number;
  inserted: number;
  duplicates: number;
  /** Valid records without usage (stream deltas, batch input lines, headers) and unchanged files' lines. */
  skipped: number;
  rejected: number;
  /** Inserted billed events whose model the price book does not know now (unbilled ones cost 0 anyway).
   *  Informational: the ledger stores the model as logged, and reports price it once the book knows it. */
  unpriced: number;
  /** Up to 20 first rejects of this run. */
  rejects: IngestReject[];
  /** Unbilled snapshots replaced by their billed version. */
  updated: number;
  invoices: number;
  /** Files skipped whole because their checkpoint says they were read and have not changed. */
  unchangedFiles: number;
  resumedFiles: number;
  unpricedModels: string[];
}

const MAX_LISTED_REJECTS = 20;
/** Longest stretch of back-to-back write transactions before pausing (well under the busy timeout). */
const FAIR_HOLD_MS = 4000;
/** Longer than the 100 ms a SQLite busy handler sleeps at most between attempts. */
const FAIR_PAUSE_MS = 110;

/**
 * Ingests usage files into the ledger exactly once. Each batch of records is committed in one
 * transaction together with the file's checkpoint, so an interrupted run resumes where it stopped
 * and a re-run adds nothing. Missing or unreadable inputs throw (exit 2) before anything is written.
 */
export async function ingestFiles(
  ledger: Ledger,
  inputs: readonly string[],
  options: IngestOptions,
): Promise<IngestSummary> {
  const files = expandInputs(inputs);
  const sizes = files.map((f) => statSync(f.path).size);
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  const summary: IngestSummary = {
    files: files.length,
    lines: 0,
    inserted: 0,
    duplicates: 0,
    skipped: 0,
    rejected: 0,
    unpriced: 0,
    rejects: [],
    updated: 0,
    invoices: 0,
    unchangedFiles: 0,
    resumedFiles: 0,
    unpricedModels: [],
  };
  const ctx: FileContext = {
    ledger,
    summary,
    unpriced: new Set<string>(),
    options,
    bytesBefore: 0,
    bytesTotal,
    records: 0,
    lastPause: performance.now(),
  };
  for (const [i, file] of files.entries()) {
    await ingestOne(ledger, file, ctx);
    ctx.bytesBefore += sizes[i]!;
  }
  summary.unpricedModels = [...ctx.unpriced].sort();
  return summary;
}

interface FileContext {
  ledger: Ledger;
  summary: IngestSummary;
  unpriced: Set<string>;
  options: IngestOptions;
  bytesBefore: number;
  bytesTotal: number;
  records: number;
  /** When the parallel write loop last paused for other writers (performance.now()). */
  lastPause: number;
}

async function ingestOne(ledger: Ledger, file: InputFile, ctx: FileContext): Promise<void> {
  const { summary, options } = ctx;
  const stat = statSync(file.path);
  const current = { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
  const plan = options.rescan
    ? ({ action: 'restart', reason: 'changed' } as const)
    : planResume(await ledger.readCheckpoint(file.path), current, (n) => headHash(file.path, n));
  if (plan.action === 'skip') {
    summary.unchangedFiles++;
    return;
  }
  const start = plan.action === 'resume' ? { offset: plan.offset, line: plan.line } : { offset: 0, line: 0 };
  const reader = await openUsageFile(file.path, {
    ...(options.format === undefined ? {} : { format: options.format }),
    startOffset: start.offset,
    startLine: start.line,
    onProgress: (bytes) =>
      options.onProgress?.({
        bytesDone: ctx.bytesBefore + bytes,
        bytesTotal: ctx.bytesTotal,
        records: ctx.records,
        file: file.display,
      }),
  });
  const resumed = reader.resumable && start.offset > 0;
  if (resumed) summary.resumedFiles++;
  const head = headHash(file.path, current.size);
  const batchSize = options.batchSize ?? 10_000;
  let lastOffset = resumed ? start.offset : 0;
  let lastLine = resumed ? start.line : 0;
  const firstLine = lastLine;
  let format: string = reader.format;
  const url = reader.resumable && options.parallel !== false ? workerUrl() : undefined;
  const parallel =
    url !== undefined && (options.parallel === true || current.size - start.offset >= WORKER_MIN_BYTES);
  const chunks = parallel
    ? parseInWorker(url, {
        path: file.path,
        ...(options.format === undefined ? {} : { format: options.format as FormatName }),
        startOffset: start.offset,
        startLine: start.line,
        batchSize,
      })
    : inThread(reader, batchSize);

  const flush = async (chunk: Chunk | undefined) => {
    // Mid-file checkpoints of non-resumable files say "not done, read again from the start". At the
    // end, a line file whose last line is unterminated (a logger mid-write) keeps the reader's offset
    // (the start of that line) so the completed line is read next time.
    const final = chunk === undefined;
    const done =
      reader.resumable && !endsWithNewline(file.path, current.size)
        ? lastOffset
        : Math.max(lastOffset, current.size);
    const offset = final ? done : reader.resumable ? lastOffset : 0;
    const batch: Batch = {
      events: chunk?.events ?? [],
      rows: chunk?.rows ?? [],
      invoices: chunk?.invoices ?? [],
      rejects: (chunk?.rejects ?? []).map((r) => ({ file: file.path, ...r })),
      checkpoint: {
        file: file.path,
        ...current,
        offset,
        line: final || reader.resumable ? lastLine : 0,
        headHash: head,
        format,
      },
    };
    const r = await ctx.ledger.append(batch);
    summary.inserted += r.inserted;
    summary.duplicates += r.duplicates;
    summary.updated += r.updated;
    summary.invoices += r.invoicesInserted;
    for (const [model, n] of Object.entries(r.billedByModel)) {
      if (findModel(options.book, model)) continue;
      summary.unpriced += n;
      ctx.unpriced.add(model);
    }
  };

  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      format = next.value;
      break;
    }
    const chunk = next.value;
    summary.skipped += chunk.skipped;
    for (const rec of chunk.rejects) {
      summary.rejected++;
      if (summary.rejects.length < MAX_LISTED_REJECTS) {
        summary.rejects.push({ file: file.display, line: rec.line, reason: rec.reason });
      }
    }
    if (chunk.records > 0) {
      lastOffset = chunk.offset;
      lastLine = chunk.line;
    }
    ctx.records += chunk.records;
    format = chunk.format;
    await flush(chunk);
    if (parallel && performance.now() - ctx.lastPause > FAIR_HOLD_MS) {
      // The worker keeps the next batch ready, so this loop would hold the write lock back to back:
      // a pause longer than SQLite's longest busy-handler sleep lets a concurrent ingest in.
      await sleep(FAIR_PAUSE_MS);
      ctx.lastPause = performance.now();
    }
    if (parallel) {
      options.onProgress?.({
        bytesDone: ctx.bytesBefore + chunk.bytes,
        bytesTotal: ctx.bytesTotal,
        records: ctx.records,
        file: file.display,
      });
    }
  }
  await flush(undefined);
  summary.lines += lastLine - firstLine;
}

/** True when the byte before `size` is a newline (every line of the file is complete), or the file is empty. */
function endsWithNewline(path: string, size: number): boolean {
  if (size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(1);
    return readSync(fd, b, 0, 1, size - 1) === 1 && b[0] === 10;
  } finally {
    closeSync(fd);
  }
}
