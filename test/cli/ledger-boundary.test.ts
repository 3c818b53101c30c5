import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The ledger at its edges, on the built CLI: a read-only ledger file in a read-only folder (a CI
 * artifact, a shared mount), another program's SQLite file, a newer schema, and usage logged before
 * its model was in the price book.
 */
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const SAMPLES = join(import.meta.dirname, '..', '..', 'data', 'samples', 'logs');
const ENV = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' };
/** Root ignores file modes: the read-only cases run the CLI as `nobody` then. */
const AS_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function tl(args: string[], user: object = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: ENV, encoding: 'utf8', ...user });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let dir: string;
let ledger: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-boundary-'));
  chmodSync(dir, 0o755);
  ledger = join(dir, 'work', 'ledger.db');
  const ingest = tl(['--db', ledger, 'ingest', SAMPLES, '--allow-rejects']);
  expect(ingest.code, ingest.stderr).toBe(0);
});
afterAll(() => {
  for (const d of readdirSync(dir)) chmodSync(join(dir, d), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('a read-only ledger (chmod 444 file in a read-only folder)', () => {
  let ro: string;
  let config: string;
  beforeAll(() => {
    const folder = join(dir, 'artifact');
    mkdirSync(folder);
    ro = join(folder, 'ledger.db');
    copyFileSync(ledger, ro);
    config = join(folder, 'tokenledger.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'org', period: 'month', limit_usd: 100 }] }));
    chmodSync(ro, 0o444);
    chmodSync(config, 0o444);
    chmodSync(folder, 0o555);
  });

  it('report reads it and writes nothing beside it', () => {
    const before = sha(ro);
    const writable = tl(['--db', ledger, '--json', 'report', '--group-by', 'model']);
    const r = tl(['--db', ro, '--json', 'report', '--group-by', 'model'], AS_USER);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(writable.stdout);
    expect(sha(ro)).toBe(before);
    expect(readdirSync(join(dir, 'artifact')).sort()).toEqual(['ledger.db', 'tokenledger.config.json']);
  });

  it('budget check works; recording its alert state is a warning, not a crash', () => {
    const before = sha(ro);
    const r = tl(['--db', ro, '--config', config, 'budget', 'check', '--as-of', '2026-08-31'], AS_USER);
    expect(r.code, r.stderr).toBe(3); // $431 against $100: over
    expect(r.stderr).toMatch(/read-only: alert state not recorded/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(sha(ro)).toBe(before);
  });

  it('a ledger left in WAL mode by an older build is read too (in memory: SQLite cannot open it in place)', () => {
    const folder = join(dir, 'wal-artifact');
    mkdirSync(folder);
    const wal = join(folder, 'ledger.db');
    copyFileSync(ledger, wal);
    const db = new Database(wal);
    db.pragma('journal_mode = WAL'); // stays in the header after close
    db.close();
    chmodSync(wal, 0o444);
    chmodSync(folder, 0o555);
    const before = sha(wal);
    const writable = tl(['--db', ledger, '--json', 'report']);
    const r = tl(['--db', wal, '--json', 'report'], AS_USER);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(writable.stdout);
    expect(sha(wal)).toBe(before);
    expect(readdirSync(folder)).toEqual(['ledger.db']);
  });

  it('ingest into it fails with exit 2 and one line', () => {
    const r = tl(['--db', ro, 'ingest', SAMPLES], AS_USER);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe("--db at another program's SQLite file", () => {
  it('is refused with exit 2 by every command, and the file stays byte-for-byte untouched', () => {
    const app = join(dir, 'app.db');
    const db = new Database(app);
    db.exec(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ana')",
    );
    db.close();
    const config = join(dir, 'budgets.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'org', period: 'month', limit_usd: 100 }] }));
    const before = sha(app);
    for (const args of [['ingest', SAMPLES], ['report'], ['--config', config, 'budget', 'check']]) {
      const r = tl(['--db', app, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(
        /app\.db is not a tokenledger ledger: another program's SQLite database \(tables: users\)/,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(sha(app)).toBe(before);
    expect(existsSync(`${app}-wal`)).toBe(false);
    expect(existsSync(`${app}-journal`)).toBe(false);
  });

  it('a newer schema version is refused with a clear line', () => {
    const newer = join(dir, 'newer.db');
    copyFileSync(ledger, newer);
    const db = new Database(newer);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    const r = tl(['--db', newer, 'report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has schema version 99, newer than this tokenledger understands/);
  });
});

describe('facts only', () => {
  it('a 300,000-token request logged before its model was in the book prices at long-context rates once --pricing adds it', () => {
    const log = join(dir, 'early.jsonl');
    const usage = {
      input_tokens: 300_000,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 1_000,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 301_000,
    };
    const line = (id: string) =>
      JSON.stringify({
        id,
        object: 'response',
        created_at: 1785550314,
        status: 'completed',
        model: 'gpt-9-preview',
        service_tier: 'default',
        usage,
      });
    writeFileSync(log, `${line('resp_early_1')}\n`);
    const db = join(dir, 'early.db');
    const ingest = tl(['--db', db, 'ingest', log]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stdout).toContain('gpt-9-preview');
    const before = tl(['--db', db, '--json', 'report']);
    expect(JSON.parse(before.stdout).total.unpriced_requests).toBe(1);
    const book = join(dir, 'gpt-9.json');
    writeFileSync(
      book,
      JSON.stringify({
        models: [
          {
            id: 'gpt-9-preview',
            family: 'gpt-9',
            context_window: 1_050_000,
            max_output_tokens: 128_000,
            versions: [
              {
                effective_from: '2026-01-01',
                sources: ['https://example.com/test-fixture'],
                standard: { input: '5.00', cached_input: '0.50', output: '30.00' },
                long_context: {
                  threshold: 272000,
                  standard: { input: '10.00', cached_input: '1.00', output: '45.00' },
                },
              },
            ],
          },
        ],
      }),
    );
    const after = tl(['--db', db, '--pricing', book, '--json', 'report']);
    expect(after.code, after.stderr).toBe(0);
    const total = JSON.parse(after.stdout).total;
    expect(total.unpriced_requests).toBe(0);
    // long context: 300,000 × $10 + 1,000 × $45 per 1M = $3.045 (short-context rates would give $1.53)
    expect(total.total_usd).toBe(3.045);
  });
});
