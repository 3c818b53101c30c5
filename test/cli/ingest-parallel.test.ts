import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { query, responsesLines, tempDir, tl, totals } from './ingest-helpers.js';

/** Files of 8 MiB or more are parsed in a worker thread; smaller ones on the main thread. */
const BIG = 40_000; // about 10 MB of Responses lines

const rollup = (db: string) =>
  query<Record<string, unknown>>(
    db,
    'SELECT bucket_ms, model, tier, billed, requests, input_tokens, output_tokens FROM rollup ORDER BY 1, 2, 3, 4',
  );

describe('ingest of a big line file (parse worker)', () => {
  it('gives the same ledger as small files parsed in-thread: rejects, duplicates, snapshots, append', () => {
    const dir = tempDir();
    const failed = JSON.stringify({
      id: 'resp_t00000007',
      object: 'response',
      created_at: 1785571207,
      status: 'failed',
      model: 'gpt-5.5',
      usage: null,
    });
    const body = [
      failed, // the billed snapshot of the same id comes later and replaces it
      responsesLines(0, BIG / 2).trimEnd(),
      '{"id": broken',
      JSON.stringify({
        id: 'resp_bad',
        object: 'response',
        created_at: 1785571200,
        status: 'completed',
        model: 'gpt-5.5',
        usage: { input_tokens: 5, input_tokens_details: { cached_tokens: 9 }, output_tokens: 1 },
      }),
      responsesLines(BIG / 2, BIG / 2).trimEnd(),
      responsesLines(100, 50).trimEnd(), // duplicates
    ].join('\n');
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, `${body}\n`);
    const db = join(dir, 'worker.db');
    const r = tl(['ingest', big, '--db', db, '--json']);
    expect(r.code).toBe(4);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ inserted: BIG, duplicates: 50, rejected: 2 });
    expect(s.rejects.map((x: { line: number }) => x.line)).toEqual([BIG / 2 + 2, BIG / 2 + 3]);

    // The same lines in small files (each under the worker threshold) into another ledger.
    const lines = body.split('\n');
    const parts = 8;
    const per = Math.ceil(lines.length / parts);
    for (let i = 0; i < parts; i++) {
      writeFileSync(join(dir, `part-${i}.jsonl`), `${lines.slice(i * per, (i + 1) * per).join('\n')}\n`);
    }
    const ref = join(dir, 'ref.db');
    const files = Array.from({ length: parts }, (_, i) => join(dir, `part-${i}.jsonl`));
    expect(tl(['ingest', ...files, '--db', ref, '--json', '--allow-rejects']).code).toBe(0);
    expect(totals(db)).toEqual(totals(ref));
    expect(totals(db)).toMatchObject({ events: BIG, input: BIG * 1000, rollupRequests: BIG });
    expect(rollup(db)).toEqual(rollup(ref));
    expect(
      query(db, "SELECT status FROM (SELECT billed AS status FROM events WHERE key = 'resp:resp_t00000007')"),
    ).toEqual([{ status: 1 }]);

    // Re-running skips the file (the worker fingerprinted it while reading); appended lines are
    // read from the checkpoint on.
    expect(JSON.parse(tl(['ingest', big, '--db', db, '--json']).stdout)).toMatchObject({
      inserted: 0,
      duplicates: 0,
      unchanged_files: 1,
    });
    appendFileSync(big, responsesLines(BIG, 10));
    const again = JSON.parse(tl(['ingest', big, '--db', db, '--json']).stdout);
    expect(again).toMatchObject({ inserted: 10, duplicates: 0, resumed_files: 1 });
    expect(totals(db)).toMatchObject({ events: BIG + 10, rollupRequests: BIG + 10 });
    // A same-length fix in the middle of the part read is noticed: the file is read again.
    const text = readFileSync(big, 'utf8');
    writeFileSync(big, text.replace('"id": broken', '"id": BROKEN'));
    const fixed = JSON.parse(tl(['ingest', big, '--db', db, '--json']).stdout);
    expect(fixed).toMatchObject({ reread_files: 1, inserted: 0, duplicates: BIG + 61 });
  }, 120_000);
});
