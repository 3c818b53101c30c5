import { appendFileSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, query, responsesLines, tempDir, tl, totals } from './ingest-helpers.js';

const JSON_KEYS = ['files', 'lines', 'inserted', 'duplicates', 'skipped', 'rejected', 'unpriced', 'rejects'];

describe('tokenledger ingest', () => {
  it('ingests a clean file: exit 0, the DESIGN.md --json shape, exact totals', () => {
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, responsesLines(0, 40));
    const db = join(dir, 'l.db');
    const r = tl(['ingest', file, '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    for (const k of JSON_KEYS) expect(out).toHaveProperty(k);
    expect(out).toMatchObject({
      files: 1,
      lines: 40,
      inserted: 40,
      duplicates: 0,
      rejected: 0,
      unpriced: 0,
      rejects: [],
    });
    expect(totals(db)).toEqual({
      events: 40,
      input: 40_000,
      output: 4_000,
      reasoning: 400,
      rollupRequests: 40,
      rollupInput: 40_000,
      rollupOutput: 4_000,
    });
  });

  it('double ingest adds nothing (the second run skips the unchanged file)', () => {
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, responsesLines(0, 25));
    const db = join(dir, 'l.db');
    tl(['ingest', file, '--db', db]);
    const before = totals(db);
    const again = JSON.parse(tl(['ingest', file, '--db', db, '--json']).stdout);
    expect(again).toMatchObject({ inserted: 0, unchanged_files: 1 });
    const rescan = JSON.parse(tl(['ingest', file, '--db', db, '--json', '--rescan']).stdout);
    expect(rescan).toMatchObject({ inserted: 0, duplicates: 25 });
    expect(totals(db)).toEqual(before);
  });

  it('overlapping files count each response once', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jsonl'), responsesLines(0, 100));
    writeFileSync(join(dir, 'b.jsonl'), responsesLines(50, 100));
    const db = join(dir, 'l.db');
    const out = JSON.parse(
      tl(['ingest', join(dir, 'a.jsonl'), join(dir, 'b.jsonl'), '--db', db, '--json']).stdout,
    );
    expect(out).toMatchObject({ files: 2, inserted: 150, duplicates: 50 });
    expect(totals(db).input).toBe(150_000);
  });

  it('the same response in a stream transcript and a JSON dump is one event', () => {
    const db = join(tempDir(), 'l.db');
    const out = JSON.parse(
      tl([
        'ingest',
        join(FIXTURES, 'same-response.sse'),
        join(FIXTURES, 'same-response.json'),
        '--db',
        db,
        '--json',
      ]).stdout,
    );
    expect(out).toMatchObject({ files: 2, inserted: 1, duplicates: 1 });
    expect(totals(db)).toMatchObject({
      events: 1,
      input: 5000,
      output: 800,
      reasoning: 300,
      rollupRequests: 1,
    });
  });

  it('an appended file is read incrementally from its checkpoint', () => {
    const dir = tempDir();
    const file = join(dir, 'grow.jsonl');
    const db = join(dir, 'l.db');
    writeFileSync(file, responsesLines(0, 30));
    tl(['ingest', file, '--db', db]);
    appendFileSync(file, responsesLines(30, 20));
    const out = JSON.parse(tl(['ingest', file, '--db', db, '--json']).stdout);
    expect(out).toMatchObject({ inserted: 20, duplicates: 0, lines: 20, resumed_files: 1 });
    const [cp] = query<{ line: number; offset: number }>(db, 'SELECT line, offset FROM checkpoints');
    expect(cp).toMatchObject({ line: 50 });
    expect(totals(db).events).toBe(50);
  });

  it('a last line caught mid-write is read again once the logger completes it', () => {
    const dir = tempDir();
    const file = join(dir, 'live.jsonl');
    const db = join(dir, 'l.db');
    const next = responsesLines(10, 1);
    writeFileSync(file, responsesLines(0, 10) + next.slice(0, 60)); // half a line, no newline yet
    const first = tl(['ingest', file, '--db', db, '--json', '--allow-rejects']);
    expect(JSON.parse(first.stdout)).toMatchObject({ inserted: 10 });
    appendFileSync(file, next.slice(60));
    const second = JSON.parse(tl(['ingest', file, '--db', db, '--json']).stdout);
    expect(second).toMatchObject({ inserted: 1, resumed_files: 1 });
    expect(totals(db).events).toBe(11);
  });

  it('a rotated file (new head) and a truncated file are read again from the start', () => {
    const dir = tempDir();
    const file = join(dir, 'app.jsonl');
    const db = join(dir, 'l.db');
    writeFileSync(file, responsesLines(0, 30));
    tl(['ingest', file, '--db', db]);
    writeFileSync(file, responsesLines(1000, 40)); // rotated: a new log under the same name
    const rotated = JSON.parse(tl(['ingest', file, '--db', db, '--json']).stdout);
    expect(rotated).toMatchObject({ inserted: 40, resumed_files: 0, lines: 40 });
    writeFileSync(file, responsesLines(1000, 10)); // truncated
    const truncated = JSON.parse(tl(['ingest', file, '--db', db, '--json']).stdout);
    expect(truncated).toMatchObject({ inserted: 0, duplicates: 10 });
    expect(totals(db).events).toBe(70);
  });

  it('bad lines: exit 4, file:line: reason on stderr, kept in rejects; good lines around them kept', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.jsonl');
    copyFileSync(join(FIXTURES, 'bad-lines.jsonl'), file);
    const db = join(dir, 'l.db');
    const r = tl(['ingest', file, '--db', db]);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/7 inserted.*3 rejected/);
    const listed = r.stderr.split('\n').filter((l) => l.startsWith(`${file}:`));
    expect(listed.map((l) => l.split(':')[1])).toEqual(['3', '6', '9']);
    expect(r.stderr).toMatch(/--allow-rejects/);
    const rejects = query<{ line: number; reason: string; raw: string }>(
      db,
      'SELECT line, reason, raw FROM rejects ORDER BY line',
    );
    expect(rejects.map((x) => x.line)).toEqual([3, 6, 9]);
    expect(rejects[0]!.raw).toContain('resp_fixture0100');
    expect(rejects[1]!.reason).toMatch(/cached/i);
    expect(rejects[2]!.reason).toMatch(/reasoning/i);
    expect(totals(db)).toMatchObject({ events: 7, input: 8400, output: 2800 });
  });

  it('--allow-rejects exits 0 and --json lists the rejects', () => {
    const db = join(tempDir(), 'l.db');
    const r = tl(['ingest', join(FIXTURES, 'bad-lines.jsonl'), '--db', db, '--json', '--allow-rejects']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rejected).toBe(3);
    expect(out.rejects.map((x: { line: number }) => x.line)).toEqual([3, 6, 9]);
    expect(Object.keys(out.rejects[0]).sort()).toEqual(['file', 'line', 'reason']);
  });

  it('a missing file is exit 2 with one line naming it, and nothing is ingested', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jsonl'), responsesLines(0, 5));
    const db = join(dir, 'l.db');
    const r = tl(['ingest', join(dir, 'a.jsonl'), join(dir, 'nope.jsonl'), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nope.jsonl');
    expect(totals(db).events).toBe(0);
  });

  it('an unknown --format is exit 2', () => {
    const r = tl([
      'ingest',
      join(FIXTURES, 'bad-lines.jsonl'),
      '--db',
      join(tempDir(), 'l.db'),
      '--format',
      'xml',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format "xml"/);
  });

  it('a directory stands for its files, recursively and sorted; unknown models are kept unpriced', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'b.jsonl'), responsesLines(0, 3));
    writeFileSync(join(dir, 'logs', 'sub', 'a.jsonl'), responsesLines(3, 2, 'gpt-5.5-turbo-preview'));
    writeFileSync(join(dir, 'logs', '.hidden.jsonl'), 'not json');
    const db = join(dir, 'l.db');
    const out = JSON.parse(tl(['ingest', join(dir, 'logs'), '--db', db, '--json']).stdout);
    expect(out).toMatchObject({
      files: 2,
      inserted: 5,
      unpriced: 2,
      unpriced_models: ['gpt-5.5-turbo-preview'],
    });
    const files = query<{ source_file: string }>(
      db,
      'SELECT DISTINCT source_file FROM events ORDER BY rowid',
    );
    expect(files.map((f) => f.source_file.slice(dir.length))).toEqual(['/logs/b.jsonl', '/logs/sub/a.jsonl']);
    // Facts only: the model as logged, no canonical model or long-context flag stored.
    const models = query<{ model: string; n: number }>(
      db,
      'SELECT model, COUNT(*) AS n FROM events GROUP BY 1 ORDER BY 1',
    );
    expect(models.map((m) => m.n)).toEqual([3, 2]);
    expect(models[1]!.model).toBe('gpt-5.5-turbo-preview');
    const columns = query<{ name: string }>(db, "SELECT name FROM pragma_table_info('events')").map(
      (c) => c.name,
    );
    expect(columns).not.toContain('canonical_model');
    expect(columns).not.toContain('long_context');
  });
});
