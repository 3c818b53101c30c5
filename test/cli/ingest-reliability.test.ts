import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, ENV, query, responsesLines, tempDir, tl, totals } from './ingest-helpers.js';

/** Issue #14: nothing lost, nothing silent. Each case failed before the reliability pass. */

const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const rejectsOf = (db: string) =>
  query<{ line: number; reason: string }>(db, 'SELECT line, reason FROM rejects ORDER BY line');

describe('change detection cannot lose a line', () => {
  it('a line fixed in place (the file is now longer) is re-read from the start; its reject is cleared', () => {
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    const db = join(dir, 'l.db');
    const lines = responsesLines(0, 10).trimEnd().split('\n');
    const broken = [...lines];
    broken[2] = lines[2]!.replace('"input_tokens":1000', '"input_tokens":"1000"');
    writeFileSync(file, `${broken.join('\n')}\n`);
    const first = tl(['ingest', file, '--db', db, '--json']);
    expect(first.code).toBe(4);
    expect(json(first)).toMatchObject({ inserted: 9, rejected: 1 });
    expect(rejectsOf(db)).toEqual([{ line: 3, reason: 'input_tokens must be a number, got string "1000"' }]);
    // The user fixes it the other way round: the line gets LONGER ("1000" → 1000.0 is not it; add a field).
    const fixed = [...lines];
    fixed[2] = lines[2]!.replace('"status":"completed"', '"status":"completed","metadata":{"fixed":"yes"}');
    writeFileSync(file, `${fixed.join('\n')}\n`);
    const second = tl(['ingest', file, '--db', db, '--json']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(json(second)).toMatchObject({ inserted: 1, duplicates: 9, rejected: 0, reread_files: 1 });
    expect(rejectsOf(db)).toEqual([]);
    expect(totals(db)).toMatchObject({ events: 10, input: 10_000, rollupRequests: 10, rollupInput: 10_000 });
  });

  it('a same-length fix in the middle of a file over 16 MiB is noticed (the whole region is fingerprinted)', () => {
    const dir = tempDir();
    const file = join(dir, 'big.jsonl');
    const db = join(dir, 'l.db');
    const lines = responsesLines(0, 80_000).trimEnd().split('\n');
    const middle = 40_000;
    const broken = [...lines];
    broken[middle] = lines[middle]!.replace('"input_tokens":1000', '"input_tokens":"1000"');
    writeFileSync(file, `${broken.join('\n')}\n`);
    expect(statSync(file).size).toBeGreaterThan(16 * 1024 * 1024);
    const first = tl(['ingest', file, '--db', db, '--json']);
    expect(json(first)).toMatchObject({ inserted: 79_999, rejected: 1 });
    // Fixed in place without changing its length (`"1000"` → ` 1000 `, valid JSON) while the logger
    // appended a line: the file grew, so it looks like an append unless the whole region is hashed.
    const fixed = [...broken];
    fixed[middle] = broken[middle]!.replace('"input_tokens":"1000"', '"input_tokens": 1000 ');
    expect(fixed[middle]!.length).toBe(broken[middle]!.length);
    writeFileSync(file, `${fixed.join('\n')}\n${responsesLines(80_000, 1)}`);
    const second = tl(['ingest', file, '--db', db, '--json']);
    expect(second.code).toBe(0);
    expect(json(second)).toMatchObject({ inserted: 2, duplicates: 79_999, rejected: 0, reread_files: 1 });
    expect(rejectsOf(db)).toEqual([]);
    expect(totals(db)).toMatchObject({ events: 80_001, input: 80_001_000 });
  }, 120_000);

  it('a corrected re-run after a wrong --format re-reads the file', () => {
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    const db = join(dir, 'l.db');
    writeFileSync(file, responsesLines(0, 5));
    const wrong = tl(['ingest', file, '--db', db, '--format', 'chat', '--json']);
    expect(json(wrong).inserted).toBe(0);
    const right = tl(['ingest', file, '--db', db, '--json']);
    expect(json(right)).toMatchObject({ inserted: 5, reread_files: 1 });
    expect(rejectsOf(db)).toEqual([]);
  });

  it('a skipped file says why and how to force a re-read; --rescan clears stale rejects', () => {
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    const db = join(dir, 'l.db');
    writeFileSync(file, `${responsesLines(0, 3)}{"oops": 1}\n`);
    expect(tl(['ingest', file, '--db', db]).code).toBe(4);
    const again = tl(['ingest', file, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      '1 file(s) skipped: unchanged since they were read (same size, time and content); --rescan re-reads them',
    );
    expect(rejectsOf(db)).toHaveLength(1);
    // A stale reject (say from an older build, for a line that is fine now) goes on --rescan.
    const conn = new Database(db);
    conn
      .prepare('INSERT INTO rejects (file, line, reason, raw, at_ms) VALUES (?, 2, ?, NULL, 0)')
      .run(file, 'stale reason');
    conn.close();
    const rescan = tl(['ingest', file, '--db', db, '--rescan', '--json']);
    expect(rescan.code).toBe(4);
    expect(rejectsOf(db)).toEqual([{ line: 4, reason: 'unrecognized record (keys: oops)' }]);
  });
});

describe('live logs', () => {
  it('an unterminated half-written last line is pending (exit 0), then read once complete; line numbers do not shift', () => {
    const dir = tempDir();
    const file = join(dir, 'live.jsonl');
    const db = join(dir, 'l.db');
    const next = responsesLines(5, 2).trimEnd().split('\n');
    writeFileSync(file, responsesLines(0, 5) + next[0]!.slice(0, 50));
    const first = tl(['ingest', file, '--db', db, '--json']);
    expect(first.code).toBe(0);
    expect(json(first)).toMatchObject({ lines: 5, inserted: 5, rejected: 0, pending: 1 });
    expect(tl(['ingest', file, '--db', db]).stdout).toContain('1 pending');
    appendFileSync(file, `${next[0]!.slice(50)}\n${next[1]}\n`);
    const second = tl(['ingest', file, '--db', db, '--json']);
    expect(second.code).toBe(0);
    expect(json(second)).toMatchObject({ inserted: 2, rejected: 0, pending: 0 });
    const lines = query<{ source_line: number }>(db, 'SELECT source_line FROM events ORDER BY source_line');
    expect(lines.map((l) => l.source_line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(query<{ line: number }>(db, 'SELECT line FROM checkpoints')[0]!.line).toBe(7);
  });
});

describe('isolation: each file succeeds or fails on its own', () => {
  it('a damaged .gz and a binary file in a folder: the other files are read, the summary is printed, exit 4 (0 with --allow-rejects)', () => {
    const dir = tempDir();
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    const gz = gzipSync(responsesLines(0, 300));
    writeFileSync(join(logs, 'a.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(join(logs, 'b.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(logs, 'c.jsonl'), responsesLines(1000, 10));
    const db = join(dir, 'l.db');
    const r = tl(['ingest', logs, '--db', db, '--json']);
    expect(r.code).toBe(4);
    const out = json(r);
    expect(out.files).toBe(3);
    expect(out.inserted).toBeGreaterThan(10); // c's 10 and the readable part of a
    expect(
      out.rejects.some((x: { reason: string }) => /^compressed data damaged after line \d+/.test(x.reason)),
    ).toBe(true);
    expect(
      query<{ n: number }>(db, "SELECT COUNT(*) AS n FROM events WHERE source_file LIKE '%c.jsonl'")[0]!.n,
    ).toBe(10);
    const allowed = tl(['ingest', logs, '--db', join(dir, 'm.db'), '--allow-rejects']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^ingest: 3 file\(s\)/);
  });

  it('refuses devices and FIFOs at once (no hang); - reads standard input', () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    for (const dev of ['/dev/zero', '/dev/urandom']) {
      const r = tl(['ingest', dev, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `tokenledger: ${dev}: is a character device, not a regular file (accepted: files, folders, or - for standard input)\n`,
      );
    }
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = tl(['ingest', fifo, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a FIFO (named pipe), not a regular file');
    // The same FIFO inside a folder is one reject; the walk goes on.
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    execFileSync('mkfifo', [join(logs, 'a-pipe')]);
    writeFileSync(join(logs, 'b.jsonl'), responsesLines(0, 2));
    const walk = tl(['ingest', logs, '--db', db, '--json']);
    expect(walk.code).toBe(4);
    expect(json(walk)).toMatchObject({ inserted: 2, rejected: 1 });
    const stdin = spawnSync(process.execPath, [CLI, 'ingest', '-', '--db', db, '--json'], {
      input: responsesLines(50, 3),
      env: ENV,
      encoding: 'utf8',
    });
    expect(stdin.status).toBe(0);
    expect(JSON.parse(stdin.stdout)).toMatchObject({ inserted: 3 });
  });

  it('a folder walk survives symlink loops and folder cycles', () => {
    const dir = tempDir();
    const logs = join(dir, 'logs');
    mkdirSync(join(logs, 'sub'), { recursive: true });
    symlinkSync('loop', join(logs, 'loop')); // a → a: ELOOP
    symlinkSync('..', join(logs, 'sub', 'up')); // a cycle back to logs/
    writeFileSync(join(logs, 'sub', 'a.jsonl'), responsesLines(0, 4));
    const db = join(dir, 'l.db');
    const r = tl(['ingest', logs, '--db', db, '--json']);
    expect(r.code).toBe(4);
    const out = json(r);
    expect(out).toMatchObject({ inserted: 4, rejected: 1 });
    expect(out.rejects[0]).toMatchObject({ line: 0, reason: 'not read: symlink loop' });
    expect(r.stderr).toContain(`${join(logs, 'loop')}: not read: symlink loop`);
    // Named directly, a symlink loop is a usage error.
    const direct = tl(['ingest', join(logs, 'loop'), '--db', db]);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toBe(`tokenledger: ${join(logs, 'loop')}: cannot read: symlink loop\n`);
  });
});

describe('filesystem failures are exit 2 with one line', () => {
  it('report --out a folder or into a missing folder', () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    writeFileSync(join(dir, 'a.jsonl'), responsesLines(0, 2));
    expect(tl(['ingest', join(dir, 'a.jsonl'), '--db', db]).code).toBe(0);
    for (const out of [dir, join(dir, 'missing', 'r.csv')]) {
      const r = tl(['report', '--db', db, '--format', 'csv', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^tokenledger: --out: cannot write .*: (is a directory|no such file or directory) \(accepted: a file path in an existing, writable folder\)\n$/,
      );
    }
  });

  it('ingest into a read-only ledger (checked as an unprivileged user when run as root)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const db = join(dir, 'l.db');
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, responsesLines(0, 2));
    expect(tl(['ingest', file, '--db', db]).code).toBe(0);
    chmodSync(db, 0o444);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if ('uid' in asUser) chownSync(db, 65534, 65534);
    writeFileSync(file, responsesLines(0, 3));
    const r = spawnSync(process.execPath, [CLI, 'ingest', file, '--db', db], {
      env: ENV,
      encoding: 'utf8',
      ...asUser,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `tokenledger: ${db}: the ledger file or its folder is read-only (accepted: a writable --db)\n`,
    );
    expect(readFileSync(db).length).toBeGreaterThan(0);
  });

  it('--db naming a folder exits 2 with one line on every command (was an internal error, exit 1)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jsonl'), responsesLines(0, 2));
    for (const args of [['ingest', join(dir, 'a.jsonl')], ['report'], ['pricing', 'check']]) {
      const r = tl([...args, '--db', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `tokenledger: --db: ${dir} is a folder, not a ledger file (accepted: a ledger file path (created by ingest) or a postgres:// URL)\n`,
      );
    }
    // A file where the ledger's folder should be: mkdir fails (was an internal error, exit 1).
    const r = tl(['ingest', join(dir, 'a.jsonl'), '--db', join(dir, 'a.jsonl', 'sub', 'l.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^tokenledger: --db: cannot open .*: a parent is not a directory \(accepted: .*\)\n$/,
    );
  });

  it('pricing import litellm --out an unwritable path exits 2 with one line (was exit 1)', () => {
    const dir = tempDir();
    const litellm = join(
      import.meta.dirname,
      '..',
      'fixtures',
      'pricing',
      'litellm',
      'model_prices_and_context_window.json',
    );
    for (const out of [dir, join(dir, 'missing', 'book.json')]) {
      const r = tl(['pricing', 'import', 'litellm', litellm, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^tokenledger: --out: cannot write .*: (is a directory|no such file or directory) \(accepted: a file path in an existing, writable folder\)\n$/,
      );
    }
  });
});

describe("rejects never send a file's raw bytes to the terminal", () => {
  it('a binary file whose bytes hold escape sequences is listed with them escaped', () => {
    const dir = tempDir();
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    // An ESC [ 2 J (clear screen) and a bell in the first "line" the reader quotes as a CSV header.
    writeFileSync(
      join(logs, 'b.bin'),
      Buffer.concat([Buffer.from('\x1b[2J\x07,\x1b]0;x\x07,zz\r\n'), Buffer.alloc(64, 1)]),
    );
    const r = tl(['ingest', logs, '--db', join(dir, 'l.db')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('b.bin');
    expect(r.stderr).toContain('\\x1b');
    // Nothing but printable text, tabs and line ends reaches stderr.
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
