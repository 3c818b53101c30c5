/**
 * Worker-thread entry of a parallel ingest (see run-parallel.ts): reads and parses one line file
 * (JSONL / SSE transcript) and posts its records in batches of flat event rows, so the main thread
 * only writes. At most `MAX_IN_FLIGHT` batches wait for the writer (flat memory).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredInvoice } from '../store/types.js';
import { type FormatName, openUsageFile } from './read-usage-file.js';
import { linesBefore } from './records.js';
import { scrubEvent } from './run-enrich.js';
import { type EncodedRows, RowEncoder } from './run-rows.js';

/** What the main thread hands the worker. */
export interface WorkerJob {
  path: string;
  format?: FormatName;
  startOffset: number;
  startLine: number;
  /** Records per posted batch. */
  batchSize: number;
}

/** One batch of a file's records, in file order, as the writer takes them. */
export interface ParsedBatch {
  /** Events as flat column values (EVENT_COLUMNS order). */
  rows: unknown[];
  invoices: StoredInvoice[];
  rejects: { line: number; reason: string; raw: string }[];
  skipped: number;
  /** An unterminated last line not yet valid JSON (0 or 1). */
  pending: number;
  records: number;
  /** Offset just after the batch's last record, and the lines before that offset. */
  offset: number;
  line: number;
  bytes: number;
  format: string;
}

/** A batch as posted by the worker: its rows encoded (see run-rows.ts). */
export interface WorkerBatch extends Omit<ParsedBatch, 'rows'> {
  type: 'batch';
  rows: EncodedRows;
}

export type WorkerMessage =
  | WorkerBatch
  | { type: 'done'; format: string }
  | {
      type: 'error';
      error: { name: string; message: string; code?: string; suggestion?: string; exitCode?: number };
    };

const MAX_IN_FLIGHT = 2;

async function main(job: WorkerJob, port: NonNullable<typeof parentPort>): Promise<void> {
  let credits = MAX_IN_FLIGHT;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  let bytes = job.startOffset;
  const reader = await openUsageFile(job.path, {
    ...(job.format === undefined ? {} : { format: job.format }),
    startOffset: job.startOffset,
    startLine: job.startLine,
    onProgress: (n) => {
      bytes = n;
    },
  });
  const encoder = new RowEncoder();
  let batch = emptyBatch();
  const post = async () => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const { rows, transfer } = encoder.take();
    const message: WorkerBatch = { ...batch, type: 'batch', rows, bytes, format: reader.format };
    port.postMessage(message, transfer);
    batch = emptyBatch();
  };
  for await (const records of reader.batches) {
    for (const rec of records) {
      if (rec.type === 'event') encoder.add(scrubEvent(rec.event));
      else if (rec.type === 'invoice') batch.invoices.push(rec.invoice);
      else if (rec.type === 'skip') batch.skipped++;
      else if (rec.type === 'pending') batch.pending++;
      else batch.rejects.push({ line: rec.line, reason: rec.reason, raw: rec.raw });
    }
    const last = records[records.length - 1];
    if (last) {
      batch.offset = last.offset;
      batch.line = linesBefore(last);
    }
    batch.records += records.length;
    if (batch.records >= job.batchSize) await post();
  }
  if (batch.records > 0) await post();
  port.postMessage({ type: 'done', format: reader.format } satisfies WorkerMessage);
  port.removeAllListeners('message');
}

function emptyBatch(): Omit<ParsedBatch, 'rows'> {
  return {
    invoices: [],
    rejects: [],
    skipped: 0,
    pending: 0,
    records: 0,
    offset: 0,
    line: 0,
    bytes: 0,
    format: '',
  };
}

if (parentPort) {
  const port = parentPort;
  main(workerData as WorkerJob, port).catch((err: unknown) => {
    const e = err as {
      name?: string;
      message?: string;
      code?: unknown;
      suggestion?: unknown;
      exitCode?: unknown;
    };
    port.postMessage({
      type: 'error',
      error: {
        name: String(e.name ?? 'Error'),
        message: String(e.message ?? err),
        ...(typeof e.code === 'string' ? { code: e.code } : {}),
        ...(typeof e.suggestion === 'string' ? { suggestion: e.suggestion } : {}),
        ...(typeof e.exitCode === 'number' ? { exitCode: e.exitCode } : {}),
      },
    } satisfies WorkerMessage);
  });
}
