/**
 * Worker-thread entry of a parallel ingest (see run-parallel.ts): reads and parses one line file
 * (JSONL / SSE transcript) and posts its records in batches of flat event rows, so the main thread
 * only writes. At most `MAX_IN_FLIGHT` batches wait for the writer (flat memory).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ReadHash } from '../store/checkpoints.js';
import type { StoredInvoice } from '../store/types.js';
import { type FormatName, openUsageFile } from './read-usage-file.js';
import { linesBefore } from './records.js';
import { scrubEvent } from './run-enrich.js';
import { type EncodedRows, RowEncoder } from './run-rows.js';
import { BatchTally, type BatchTallyData } from './unpriced-tally.js';

/** What the main thread hands the worker. */
export interface WorkerJob {
  path: string;
  format?: FormatName;
  startOffset: number;
  startLine: number;
  /** Records per posted batch. */
  batchSize: number;
  /** Fingerprint the file while reading it (from offset 0): see ReadHash. */
  hash?: boolean;
}

/** The region a checkpoint can vouch for: bytes [0, size) and their fingerprint. */
export interface ReadHead {
  size: number;
  hash: string;
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
  /** The batch's usage that may be unpriced, grouped (see unpriced-tally.ts). */
  tally: BatchTallyData;
  /** What was read so far, fingerprinted (when the job asked for it). */
  head?: ReadHead;
}

/** A batch as posted by the worker: its rows encoded (see run-rows.ts). */
export interface WorkerBatch extends Omit<ParsedBatch, 'rows' | 'tally'> {
  tally: BatchTallyData;
  type: 'batch';
  rows: EncodedRows;
}

export type WorkerMessage =
  | WorkerBatch
  | { type: 'done'; format: string; head?: ReadHead }
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
  const hash = job.hash ? new ReadHash() : undefined;
  const head = () => (hash && reader.hashing ? { size: hash.length, hash: hash.value() } : undefined);
  const reader = await openUsageFile(job.path, {
    ...(hash ? { hash } : {}),
    ...(job.format === undefined ? {} : { format: job.format }),
    startOffset: job.startOffset,
    startLine: job.startLine,
    onProgress: (n) => {
      bytes = n;
    },
  });
  const encoder = new RowEncoder();
  const tally = new BatchTally();
  let batch = emptyBatch();
  const post = async () => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const { rows, transfer } = encoder.take();
    const t = tally.take();
    const message: WorkerBatch = { ...batch, type: 'batch', rows, tally: t, bytes, format: reader.format };
    const h = head();
    if (h) message.head = h;
    port.postMessage(message, [...transfer, t.rowGroup.buffer as ArrayBuffer]);
    batch = emptyBatch();
  };
  for await (const records of reader.batches) {
    for (const rec of records) {
      if (rec.type === 'event') {
        tally.addRow(encoder.add(scrubEvent(rec.event)), 0);
      } else if (rec.type === 'invoice') batch.invoices.push(rec.invoice);
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
  const h = head();
  port.postMessage({
    type: 'done',
    format: reader.format,
    ...(h ? { head: h } : {}),
  } satisfies WorkerMessage);
  port.removeAllListeners('message');
}

function emptyBatch(): Omit<ParsedBatch, 'rows' | 'tally'> {
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
