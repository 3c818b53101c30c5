import type { UsageEvent } from '../usage-event.js';
import type { UsageFileReader } from './read-usage-file.js';
import { scrubEvent } from './run-enrich.js';
import { linesBefore } from './records.js';
import type { ParsedBatch, ReadHead } from './run-worker.js';
import { BatchTally } from './unpriced-tally.js';

/** Records of one file in batches of about `batchSize`, parsed on this thread. */
export async function* inThread(
  reader: UsageFileReader,
  batchSize: number,
): AsyncGenerator<Chunk, { head?: ReadHead }> {
  let chunk = emptyChunk();
  const tally = new BatchTally();
  for await (const records of reader.batches) {
    for (const rec of records) {
      if (rec.type === 'event') {
        const e = scrubEvent(rec.event);
        tally.add(e);
        chunk.events.push(e);
      } else if (rec.type === 'invoice') chunk.invoices.push(rec.invoice);
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
      chunk.tally = tally.take();
      yield chunk;
      chunk = emptyChunk();
    }
  }
  if (chunk.records > 0) {
    chunk.format = reader.format;
    chunk.tally = tally.take();
    yield chunk;
  }
  return {};
}

/** A batch of one file's records, parsed here (`events`) or by the worker (flat `rows`). */
export interface Chunk extends ParsedBatch {
  events?: UsageEvent[];
}

function emptyChunk(): Chunk & { events: UsageEvent[] } {
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
    tally: { groups: [], rowGroup: new Int32Array(0) },
  };
}
