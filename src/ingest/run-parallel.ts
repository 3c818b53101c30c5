import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorCode, TokenledgerError } from '../errors.js';
import { decodeRows } from './run-rows.js';
import type { ParsedBatch, ReadHead, WorkerJob, WorkerMessage } from './run-worker.js';

/** Line files at least this big are parsed in a worker thread while the main thread writes. */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/**
 * The compiled worker next to this module (dist/, .bench-dist/), or undefined when running from
 * TypeScript sources (then ingest parses on the main thread, with the same results).
 */
export function workerUrl(): URL | undefined {
  const url = new URL('./run-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Parses a line file in a worker thread and yields its batches in file order. The worker runs at
 * most two batches ahead: each batch is acknowledged when the consumer asks for the next one (after
 * writing it). Worker errors are rethrown here (TokenledgerErrors keep their code and exit code);
 * leaving the loop early stops the worker.
 */
export async function* parseInWorker(
  url: URL,
  job: WorkerJob,
): AsyncGenerator<ParsedBatch, { head?: ReadHead }> {
  const worker = new Worker(url, { workerData: job });
  const inbox: WorkerMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let notify: (() => void) | undefined;
  const wake = () => {
    notify?.();
    notify = undefined;
  };
  worker.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    wake();
  });
  worker.on('error', (e) => {
    failure = e;
    wake();
  });
  worker.on('exit', () => {
    exited = true;
    wake();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && !failure && !exited) await new Promise<void>((r) => (notify = r));
      const m = inbox.shift();
      if (!m) throw failure ?? new Error('the ingest worker stopped before the end of the file');
      if (m.type === 'done') return m.head ? { head: m.head } : {};
      if (m.type === 'error') throw revive(m.error);
      yield { ...m, rows: decodeRows(m.rows) };
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}

function revive(e: Extract<WorkerMessage, { type: 'error' }>['error']): Error {
  if (e.code === undefined || e.exitCode === undefined)
    return Object.assign(new Error(e.message), { name: e.name, code: e.code });
  const err = new TokenledgerError(e.code as ErrorCode, e.message, {
    ...(e.suggestion === undefined ? {} : { suggestion: e.suggestion }),
    ...(e.exitCode === undefined ? {} : { exitCode: e.exitCode }),
  });
  return Object.assign(err, { name: e.name });
}
