import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describePg } from '../support/pg-database.js';
import { CLI, ENV, ROOT, responsesLines, tempDir, tl, tlAsync } from './ingest-helpers.js';

/** The SAMPLES folder the README's demo ingests: every supported format, some unpriced usage. */
const SAMPLES = join(import.meta.dirname, '..', '..', 'data', 'samples', 'logs');
/** The demo's config: budgets for `budget check`. */
const CONFIG = join(import.meta.dirname, '..', '..', 'data', 'samples', 'tokenledger.config.json');

/** Events and rollup totals straight from the PostgreSQL tables. */
async function pgTotals(url: string): Promise<{ events: number; input: number; rollupRequests: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const e = await client.query(
      'SELECT COUNT(*)::int AS n, COALESCE(SUM(input_tokens), 0)::text AS i FROM tokenledger.events',
    );
    const r = await client.query('SELECT COALESCE(SUM(requests), 0)::text AS q FROM tokenledger.rollup');
    return { events: e.rows[0].n, input: Number(e.rows[0].i), rollupRequests: Number(r.rows[0].q) };
  } finally {
    await client.end();
  }
}

async function checkpointLine(url: string, file: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const r = await client.query('SELECT line FROM tokenledger.checkpoints WHERE file = $1', [file]);
    return r.rows[0] ? Number(r.rows[0].line) : undefined;
  } catch {
    return undefined; // not migrated yet
  } finally {
    await client.end().catch(() => {});
  }
}

describePg('CLI on a PostgreSQL ledger (--db postgres://…)', (dbs) => {
  it('ingests and reports exactly as SQLite does, --json byte for byte', async () => {
    const url = await dbs.create();
    const sqlite = join(tempDir(), 'same.db');
    const args = ['ingest', SAMPLES, '--allow-rejects', '--json'];
    const onPg = tl(['--db', url, ...args]);
    const onFile = tl(['--db', sqlite, ...args]);
    expect(onPg.code, onPg.stderr).toBe(0);
    expect(onFile.code).toBe(0);
    expect(onPg.stdout).toBe(onFile.stdout);
    for (const report of [
      ['report', '--json', '--group-by', 'model,project'],
      ['report', '--json', '--period', 'day', '--tz', 'Europe/Berlin', '--group-by', 'tier,tag:team'],
      ['report', '--format', 'csv', '--period', 'week', '--group-by', 'gateway,user'],
      ['--config', CONFIG, 'budget', 'check', '--json', '--as-of', '2026-08-20'],
      ['pricing', 'check', '--json'],
      [
        'estimate',
        'Summarise the incident report in three bullet points.',
        '--model',
        'gpt-5.5',
        '--effort',
        'all',
        '--json',
      ],
    ]) {
      const a = tl(['--db', url, ...report]);
      const b = tl(['--db', sqlite, ...report]);
      expect(a.code, `${report.join(' ')}: ${a.stderr}`).toBe(b.code);
      // `pricing check` names its ledger (masked URL vs path); everything else is the same bytes.
      const same = (out: string) => out.replace(/^ {2}"db": ".*",$/m, '  "db": "…",');
      expect(same(a.stdout), report.join(' ')).toBe(same(b.stdout));
      expect(a.stdout).not.toContain(new URL(url).password);
      expect(a.stdout.length).toBeGreaterThan(20);
    }
    // Once more: the same files again add nothing.
    const again = tl(['--db', url, ...args]);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0 });
  });

  it('is selected by TOKENLEDGER_DB too, postgresql:// included', async () => {
    const url = (await dbs.create()).replace(/^postgres:/, 'postgresql:');
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, responsesLines(0, 50));
    const r = spawnSync(process.execPath, [CLI, 'ingest', file, '--json'], {
      encoding: 'utf8',
      env: { ...ENV, TOKENLEDGER_DB: url },
      cwd: ROOT,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 50 });
    expect((await pgTotals(url)).events).toBe(50);
  });

  it('four processes ingesting overlapping files at once count every response once', async () => {
    const url = await dbs.create();
    const dir = tempDir();
    const files = [0, 1, 2, 3].map((i) => {
      const f = join(dir, `part-${i}.jsonl`);
      // 4 × 8,000 lines over 20,000 distinct responses: every response is in one to three files.
      writeFileSync(f, responsesLines(i * 4000, 8000));
      return f;
    });
    const runs = files.map((f, i) => tlAsync(['--db', url, 'ingest', f, files[(i + 1) % 4]!, '--json']));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(await pgTotals(url)).toEqual({ events: 20_000, input: 20_000_000, rollupRequests: 20_000 });
    const report = JSON.parse(tl(['--db', url, 'report', '--json']).stdout);
    expect(report.total.requests).toBe(20_000);
    expect(report.total.input_tokens).toBe(20_000_000);
  }, 180_000);

  it('kill -9 mid-ingest leaves whole batches; re-running ends with the clean totals', async () => {
    const url = await dbs.create();
    const dir = tempDir();
    const file = join(dir, 'big.jsonl');
    const n = 100_000;
    writeFileSync(file, responsesLines(0, n));
    const { child, done } = tlAsync(['--db', url, 'ingest', file, '--json']);
    let line: number | undefined;
    for (let i = 0; i < 6000 && !(line && line > 0); i++) {
      line = await checkpointLine(url, file);
      await sleep(10);
    }
    child.kill('SIGKILL');
    expect((await done).code).toBeNull();
    const partial = await pgTotals(url);
    expect(line).toBeGreaterThan(0);
    expect(partial.events).toBeLessThan(n);
    // Events, rollup and checkpoint were committed together.
    expect(partial.rollupRequests).toBe(partial.events);
    expect(await checkpointLine(url, file)).toBe(partial.events);
    const rerun = tl(['--db', url, 'ingest', file, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ inserted: n - partial.events, duplicates: 0 });
    expect(await pgTotals(url)).toEqual({ events: n, input: n * 1000, rollupRequests: n });
  }, 180_000);

  it('a server that is down: exit 2, one line with host, port, database and reason, no password', () => {
    const url = 'postgres://alice:hunter2-secret@127.0.0.1:1/ledgerdb';
    for (const args of [
      ['report'],
      ['ingest', SAMPLES],
      ['--config', CONFIG, 'budget', 'check'],
      ['report', '--debug'],
    ]) {
      const r = tl(['--db', url, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      const first = r.stderr.split('\n')[0]!;
      expect(first).toMatch(/127\.0\.0\.1:1, database "ledgerdb": connection refused/);
      expect(r.stdout + r.stderr).not.toContain('hunter2-secret');
      if (!args.includes('--debug')) expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a server that dies mid-ingest: exit 2, one line naming it, no password, no hang', async () => {
    // A private server: this test shuts it down under a running ingest.
    const script = join(ROOT, 'scripts', 'pg-local.sh');
    // Under the system temp folder itself: the server runs as `postgres`, which cannot enter tempDir().
    const dir = join(tmpdir(), `tl-pg-dies-${process.pid}-${Date.now()}`);
    const started = spawnSync('bash', [script, 'start', dir], { encoding: 'utf8' });
    expect(started.status, started.stderr).toBe(0);
    const url = started.stdout.trim().split('\n').pop()!;
    try {
      const file = join(tempDir(), 'big.jsonl');
      writeFileSync(file, responsesLines(0, 100_000));
      const { done } = tlAsync(['--db', url, 'ingest', file, '--json']);
      let line: number | undefined;
      for (let i = 0; i < 6000 && !(line && line > 0); i++) {
        line = await checkpointLine(url, file);
        await sleep(10);
      }
      expect(line).toBeGreaterThan(0);
      spawnSync('bash', [script, 'stop', dir]);
      const r = await done;
      expect(r.code, r.stderr).toBe(2);
      const port = new URL(url).port;
      expect(r.stderr).toMatch(
        new RegExp(
          `^tokenledger: --db: lost the connection to the PostgreSQL ledger at 127\\.0\\.0\\.1:${port}, database "tokenledger": `,
        ),
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout + r.stderr).not.toContain(new URL(url).password);
    } finally {
      spawnSync('bash', [script, 'stop', dir]);
    }
  }, 180_000);

  it('a login the server refuses: exit 2, the server reason, no password', () => {
    const u = new URL(dbs.url);
    u.password = 'not-the-password-77';
    for (const args of [['report'], ['report', '--debug'], ['ingest', SAMPLES, '--json']]) {
      const r = tl(['--db', u.toString(), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${u.hostname}:${u.port}, database "${u.pathname.slice(1)}"`);
      expect(r.stderr).toMatch(/password authentication failed for user "postgres"/);
      expect(r.stdout + r.stderr).not.toContain('not-the-password-77');
      expect(r.stdout + r.stderr).not.toContain(new URL(dbs.url).password);
      if (!args.includes('--debug')) expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('report on a database without a ledger: exit 2, one line, and nothing is created', async () => {
    const url = await dbs.create();
    const r = tl(['--db', url, 'report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no tokenledger ledger in the PostgreSQL database/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const schemas = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = 'tokenledger'");
    await client.end();
    expect(schemas.rowCount).toBe(0);
  });
});

it('a ledger named by TOKENLEDGER_DB is named so in its error line (PostgreSQL and SQLite)', () => {
  const down = spawnSync(process.execPath, [CLI, 'report'], {
    encoding: 'utf8',
    env: { ...ENV, TOKENLEDGER_DB: 'postgres://alice:hunter2-secret@127.0.0.1:1/ledgerdb' },
    cwd: ROOT,
  });
  expect(down.status).toBe(2);
  expect(down.stderr).toMatch(
    /^tokenledger: TOKENLEDGER_DB: cannot connect to the PostgreSQL ledger at 127\.0\.0\.1:1/,
  );
  expect(down.stderr).not.toContain('hunter2-secret');
  const foreign = join(tempDir(), 'notes.txt');
  writeFileSync(
    foreign,
    'not a database, long enough to be more than the sixteen bytes of a header '.repeat(3),
  );
  const file = spawnSync(process.execPath, [CLI, 'report'], {
    encoding: 'utf8',
    env: { ...ENV, TOKENLEDGER_DB: foreign },
    cwd: ROOT,
  });
  expect(file.status).toBe(2);
  expect(file.stderr).toMatch(/^tokenledger: TOKENLEDGER_DB: .*is not a tokenledger ledger/);
  // The flag still names the flag.
  const flag = spawnSync(process.execPath, [CLI, '--db', foreign, 'report'], {
    encoding: 'utf8',
    env: ENV,
    cwd: ROOT,
  });
  expect(flag.stderr).toMatch(/^tokenledger: --db: /);
});
