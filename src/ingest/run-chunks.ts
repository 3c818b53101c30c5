import { COL, EVENT_COLUMN_COUNT, pushEventValues } from '../store/event-rows.js';
import type { StoredEvent } from '../store/types.js';
import type { UsageFileReader } from './read-usage-file.js';
import type { createEnricher } from './run-enrich.js';
import { linesBefore } from './records.js';
import type { ParsedBatch } from './run-worker.js';

/** Records of one file in batches of about `batchSize`, parsed on this thread. */
export async function* inThread(
  reader: UsageFileReader,
  enrich: ReturnType<typeof createEnricher>,
  batchSize: number,
): AsyncGenerator<Chunk, string> {
  let chunk = emptyChunk();
  for await (const records of reader.batches) {
    for (const rec of records) {
      if (rec.type === 'event') chunk.events.push(enrich(rec.event));
      else if (rec.type === 'invoice') chunk.invoices.push(rec.invoice);
      else if (rec.type === 'skip') chunk.skipped++;
      else if (rec.type === 'pending') chunk.pending++;
      else chunk.rejects.push({ line: rec.line, reason: rec.reason, raw: rec.raw });
    }
    const last = records[records.length - 1];
    if (last) {
      chunk.offset = last.offset;
      chunk.line = linesBefore(last);
    }
    chunk.records += records.length;
    if (chunk.events.length + chunk.invoices.length + chunk.rejects.length >= batchSize) {
      chunk.format = reader.format;
      yield chunk;
      chunk = emptyChunk();
    }
  }
  if (chunk.records > 0) {
    chunk.format = reader.format;
    yield chunk;
  }
  return reader.format;
}

/** A batch of one file's records, parsed here (`events`) or by the worker (flat `rows`). */
export interface Chunk extends ParsedBatch {
  events?: StoredEvent[];
}

function emptyChunk(): Chunk & { events: StoredEvent[] } {
  return {
    events: [],
    rows: [],
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

/** Adds the models of the chunk's unpriced requests (the writer's test, pricing/unpriced.ts). */
export function noteUnpriced(
  chunk: Chunk,
  out: Set<string>,
  isUnpriced: (values: readonly unknown[], at: number) => boolean,
): void {
  const one: unknown[] = [];
  for (const s of chunk.events ?? []) {
    one.length = 0;
    pushEventValues(s, one);
    if (isUnpriced(one, 0)) out.add(s.event.model);
  }
  const rows = chunk.rows;
  for (let at = 0; at < rows.length; at += EVENT_COLUMN_COUNT) {
    if (isUnpriced(rows, at)) out.add(rows[at + COL.model] as string);
  }
}
