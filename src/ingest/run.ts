import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PriceBook } from '../pricing/price-book.js';
import { fingerprints, planResume, READ_HASH_PREFIX, ReadHash } from '../store/checkpoints.js';
import type { Ledger } from '../store/ledger.js';
import type { Batch, BatchResult } from '../store/types.js';
import { type FormatName, openUsageFile } from './read-usage-file.js';
import { type Chunk, inThread } from './run-chunks.js';
import { expandInputs, type InputFile } from './run-inputs.js';
import { spoolStdin } from './run-stdin.js';
import { RunTally } from './unpriced-tally.js';
import { judgeUnpriced } from './unpriced-judge.js';
import { EVENT_COLUMN_COUNT } from '../store/columns.js';
import { errnoText, LedgerWriteError, TokenledgerError } from '../errors.js';
import { parseInWorker, WORKER_MIN_BYTES, workerUrl } from './run-parallel.js';
import type { ReadHead } from './run-worker.js';

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
  /** Standard input, for a `-` argument (the CLI passes process.stdin). */
  stdin?: () => NodeJS.ReadableStream;
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
  /** Unterminated last lines not yet valid JSON (a logger mid-write): read once complete. */
  pending: number;
  /** Requests this run added that the book cannot price now, by the one definition reports and budgets
   *  use: the request counts of the unpriced groups of new usage (unpriced-judge.ts). Informational:
   *  the ledger keeps them as logged, and reports price them once the book can. */
  unpriced: number;
  /** Groups of new usage the book cannot price, those without requests (storage) included: when
   *  above 0, totals are incomplete even if `unpriced` is 0. */
  unpricedGroups: number;
  /** The part of `unpriced` in provider aggregates (usage buckets): a report counts either these or the
   *  request logs for a day (--basis), so `unpriced - unpricedAggregates` is what a logs report adds. */
  unpricedAggregates: number;
  /** Up to 20 first rejects of this run. */
  rejects: IngestReject[];
  /** Unbilled snapshots replaced by their billed version. */
  updated: number;
  invoices: number;
  /** Files skipped whole because their checkpoint says they were read and have not changed. */
  unchangedFiles: number;
  /** Files read again from the start because they changed before their checkpoint or --format differs. */
  rereadFiles: number;
  resumedFiles: number;
  /** Models of those requests the book does not know at all (the rest are tiers, long context or
   *  regions it does not offer: `pricing check` lists each). */
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
  const { files, problems } = expandInputs(inputs);
  const sizes = files.map((f) => (f.stdin ? 0 : statSync(f.path).size));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  const summary: IngestSummary = {
    files: files.length + problems.length,
    lines: 0,
    inserted: 0,
    duplicates: 0,
    skipped: 0,
    rejected: 0,
    pending: 0,
    unpriced: 0,
    unpricedGroups: 0,
    unpricedAggregates: 0,
    rejects: [],
    updated: 0,
    invoices: 0,
    unchangedFiles: 0,
    rereadFiles: 0,
    resumedFiles: 0,
    unpricedModels: [],
  };
  const ctx: FileContext = {
    ledger,
    summary,
    tally: new RunTally(),
    options,
    bytesBefore: 0,
    bytesTotal,
    records: 0,
    lastPause: performance.now(),
  };
  for (const p of problems) await rejectFile(ctx, p, p.reason);
  // Each file succeeds or fails on its own: one that cannot be read or decoded is one reject
  // (line 0, kept in the rejects table) and the run goes on. Only a ledger that cannot be
  // written stops it.
  for (const [i, file] of files.entries()) {
    try {
      if (file.stdin) {
        const spool = await spoolStdin(options.stdin);
        try {
          await ingestOne(ledger, { display: '-', path: spool.path }, ctx, { stdin: true });
        } finally {
          spool.remove();
        }
      } else await ingestOne(ledger, file, ctx);
    } catch (error) {
      if (error instanceof LedgerWriteError || !isFileFailure(error)) throw error;
      await rejectFile(
        ctx,
        file,
        `not read: ${error instanceof TokenledgerError ? error.message : errnoText(error)}`,
      );
    }
    ctx.bytesBefore += sizes[i]!;
  }
  // Each group of new usage judged once, as a report prices its groups.
  const verdict = judgeUnpriced(options.book, ctx.tally.groups.values());
  summary.unpriced = verdict.requests;
  summary.unpricedAggregates = verdict.aggregateRequests;
  summary.unpricedGroups = verdict.groups;
  summary.unpricedModels = verdict.unknownModels;
  return summary;
}

interface FileContext {
  ledger: Ledger;
  summary: IngestSummary;
  /** New usage that may be unpriced, judged once per group when the run ends. */
  tally: RunTally;
  options: IngestOptions;
  bytesBefore: number;
  bytesTotal: number;
  records: number;
  /** When the parallel write loop last paused for other writers (performance.now()). */
  lastPause: number;
}

/** Whether an error is about one input file (unreadable, undecodable), not about the ledger or a bug. */
function isFileFailure(error: unknown): boolean {
  if (error instanceof TokenledgerError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  // errno (EIO, EACCES, ELOOP…), zlib (Z_DATA_ERROR…) and SQLite file errors (a corrupt llm logs.db).
  return typeof code === 'string' && /^(E[A-Z]+|Z_|SQLITE_(CORRUPT|NOTADB))/.test(code);
}

/** Counts and stores a whole file as rejected at line 0 (cleared when the file is next read). */
async function rejectFile(
  ctx: FileContext,
  file: { display: string; path: string },
  reason: string,
): Promise<void> {
  ctx.summary.rejected++;
  if (ctx.summary.rejects.length < MAX_LISTED_REJECTS)
    ctx.summary.rejects.push({ file: file.display, line: 0, reason });
  await writeBatch(ctx, { events: [], rejects: [{ file: file.path, line: 0, reason }] });
}

/**
 * Fingerprints of a file's prefixes, memoized: the checkpoint's region and the whole file (the new
 * checkpoint's) are hashed in one read, since a grown log needs both.
 */
function fingerprintsOf(path: string, size: number, legacy: boolean): (length: number) => string {
  const known = new Map<number, string>();
  return (length) => {
    if (!known.has(length)) {
      const lengths = length === size ? [length] : [length, size];
      for (const [i, hash] of fingerprints(path, lengths, legacy).entries()) known.set(lengths[i]!, hash);
    }
    return known.get(length)!;
  };
}

/** The one place a batch is written: a ledger that cannot be written stops the run (exit 2). */
async function writeBatch(ctx: FileContext, batch: Batch): Promise<BatchResult> {
  try {
    return await ctx.ledger.append(batch);
  } catch (cause) {
    // The ledger's own one-line errors (a PostgreSQL server lost mid-run) already say what happened.
    if (cause instanceof TokenledgerError) throw cause;
    throw new LedgerWriteError((cause as Error).message, { cause });
  }
}

async function ingestOne(
  ledger: Ledger,
  file: InputFile,
  ctx: FileContext,
  how: { stdin?: boolean } = {},
): Promise<void> {
  const { summary, options } = ctx;
  const stat = statSync(file.path);
  const current = { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
  const requested = options.format ?? 'auto';
  const previous = how.stdin ? undefined : await ledger.readCheckpoint(file.path);
  // Checkpoints written before ReadHash keep their fingerprint format until the file is read afresh.
  const legacy = previous !== undefined && !previous.headHash.startsWith(READ_HASH_PREFIX);
  const fingerprintOf = fingerprintsOf(file.path, current.size, legacy);
  const plan = options.rescan
    ? ({ action: 'restart', reason: 'changed' } as const)
    : planResume(previous, current, fingerprintOf, requested);
  if (plan.action === 'skip') {
    summary.unchangedFiles++;
    return;
  }
  if (plan.action === 'restart' && previous) summary.rereadFiles++;
  // Read from the start: the file's old rejects go (those still bad come back with this read).
  let clearRejects = plan.action === 'restart' && !how.stdin;
  const start = plan.action === 'resume' ? { offset: plan.offset, line: plan.line } : { offset: 0, line: 0 };
  // Read from offset 0, a line file is fingerprinted as it is read (no second pass over it).
  const readHash = how.stdin ? undefined : new ReadHash();
  const reader = await openUsageFile(file.path, {
    ...(readHash ? { hash: readHash } : {}),
    ...(options.format === undefined ? {} : { format: options.format }),
    startOffset: start.offset,
    startLine: start.line,
    ...(how.stdin ? { sourceName: '-' } : {}),
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
  // The region each checkpoint vouches for: what was read so far, or (files not fingerprinted as
  // read: resumed, CSV, whole documents) the whole file as it was when this run began.
  let head: ReadHead | undefined;
  const headNow = (): ReadHead => {
    if (reader.hashing && readHash && !parallel) return { size: readHash.length, hash: readHash.value() };
    // The worker's latest (parallel), else the whole file as it was when this run began.
    head ??= { size: current.size, hash: fingerprintOf(current.size) };
    return head;
  };
  const batchSize = options.batchSize ?? 10_000;
  let lastOffset = resumed ? start.offset : 0;
  let lastLine = resumed ? start.line : 0;
  const firstLine = lastLine;
  const url = reader.resumable && options.parallel !== false && !how.stdin ? workerUrl() : undefined;
  const parallel =
    url !== undefined && (options.parallel === true || current.size - start.offset >= WORKER_MIN_BYTES);
  const chunks = parallel
    ? parseInWorker(url, {
        path: file.path,
        ...(options.format === undefined ? {} : { format: options.format as FormatName }),
        startOffset: start.offset,
        startLine: start.line,
        batchSize,
        ...(reader.hashing ? { hash: true } : {}),
      })
    : inThread(reader, batchSize);

  let endHead: ReadHead | undefined;
  const flush = async (chunk: Chunk | undefined) => {
    // Mid-file checkpoints of non-resumable files say "not done, read again from the start". At the
    // end, a line file whose last line is unterminated (a logger mid-write) keeps the reader's offset
    // (the start of that line) so the completed line is read next time.
    const final = chunk === undefined;
    if (parallel) head = chunk?.head ?? endHead ?? head;
    const region = how.stdin ? undefined : headNow();
    const size = region?.size ?? current.size;
    const done =
      reader.resumable && !endsWithNewline(file.path, size) ? lastOffset : Math.max(lastOffset, size);
    const offset = final ? done : reader.resumable ? lastOffset : 0;
    const events = chunk?.events ?? [];
    const rows = chunk?.rows ?? [];
    const batch: Batch = {
      events,
      rows,
      invoices: chunk?.invoices ?? [],
      rejects: (chunk?.rejects ?? []).map((r) => ({ file: file.path, ...r })),
      ...(clearRejects ? { clearRejectsOf: file.path } : {}),
      // Standard input has no file to come back to: dedupe alone keeps a re-run exact.
      ...(region === undefined
        ? {}
        : {
            checkpoint: {
              file: file.path,
              size,
              // Grown while being read: the time that goes with the size read.
              mtimeMs: size === current.size ? current.mtimeMs : Math.trunc(statSync(file.path).mtimeMs),
              offset,
              line: final || reader.resumable ? lastLine : 0,
              headHash: region.hash,
              format: requested,
            },
          }),
    };
    clearRejects = false;
    const result = await writeBatch(ctx, batch);
    count(result);
    // Only what the ledger did not hold yet counts (a re-read or an overlapping file adds nothing).
    if (chunk) ctx.tally.merge(chunk.tally, result.notAdded, { rows, events, width: EVENT_COLUMN_COUNT });
  };
  const count = (r: BatchResult) => {
    summary.inserted += r.inserted;
    summary.duplicates += r.duplicates;
    summary.updated += r.updated;
    summary.invoices += r.invoicesInserted;
  };

  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) {
        endHead = next.value.head;
        break;
      }
      const chunk = next.value;
      summary.skipped += chunk.skipped;
      summary.pending += chunk.pending;
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
  } finally {
    // A failed write leaves the generator mid-file: returning it stops the parse worker (else its
    // message port keeps the process alive after the error was reported).
    await chunks.return({});
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
