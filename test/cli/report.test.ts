import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIDMONTH_PRICING, octoberLedger } from '../unit/report/helpers/fixture.js';
import { insertRollup, testLedger } from '../unit/report/helpers/ledger.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const ENV = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' };

let dir: string;
let db: string;
let pricedDb: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-report-cli-'));
  db = join(dir, 'october.db');
  await (await octoberLedger(db)).close();
  pricedDb = join(dir, 'priced.db');
  const l = await testLedger(pricedDb);
  await insertRollup(l, [
    {
      ts: '2026-08-03T10:00:00Z',
      model: 'gpt-5.5',
      project: 'a',
      requests: 20,
      input: 1_000_000,
      output: 100_000,
    },
    { ts: '2026-08-20T10:00:00Z', model: 'gpt-5.5', project: 'b', requests: 10, input: 1_000_000, output: 0 },
  ]);
  await l.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tokenledger report', () => {
  it('--json follows the DESIGN.md shape with exact money', () => {
    const r = run('--db', pricedDb, '--json', 'report', '--group-by', 'project');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.period_unit).toBe('month');
    expect(j.tz).toBe('UTC');
    expect(j.incomplete).toBe(false);
    expect(j.rows).toHaveLength(2);
    for (const key of [
      'period',
      'project',
      'requests',
      'input_tokens',
      'cached_input_tokens',
      'cache_write_tokens',
      'output_tokens',
      'reasoning_tokens',
      'cost_usd',
      'fees_usd',
      'total_usd',
      'unpriced_requests',
    ]) {
      expect(j.rows[0]).toHaveProperty(key);
    }
    expect(j.rows[0]).toMatchObject({ period: '2026-08', project: 'a', requests: 20, total_usd: 8 });
    expect(j.total).toMatchObject({ requests: 30, total_usd: 13, cost_usd: 13, fees_usd: 0 });
  });

  it('--strict exits 2 when usage is unpriced, after writing the report', () => {
    const r = run('--db', db, '--pricing', MIDMONTH_PRICING, 'report', '--strict', '--format', 'csv');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('period,period_start');
    expect(r.stderr).toMatch(/report is incomplete: 10 request\(s\).*\(--strict\)/);
    const ok = run('--db', pricedDb, 'report', '--strict');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('zone UTC');
  });

  it('writes --out FILE and says so on stderr', () => {
    const out = join(dir, 'spend.md');
    const r = run('--db', pricedDb, 'report', '--format', 'markdown', '--out', out, '--tz', 'Asia/Kolkata');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('zone Asia/Kolkata');
  });

  it('what-if --as-model shows the difference beside the actual', () => {
    const r = run('--db', pricedDb, '--json', 'report', '--as-model', 'gpt-5.4-mini', '--total');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.what_if).toMatchObject({ model: 'gpt-5.4-mini', tier: null });
    expect(j.total.what_if.total_usd).toBeLessThan(j.total.total_usd);
    expect(j.total.what_if.delta_usd).toBeLessThan(0);
  });

  it('filters by model and tag', () => {
    const r = run(
      '--db',
      db,
      '--pricing',
      MIDMONTH_PRICING,
      '--json',
      'report',
      '--model',
      'gpt-5.5-pro',
      '--total',
    );
    expect(JSON.parse(r.stdout).total.requests).toBe(5);
    const t = run(
      '--db',
      db,
      '--pricing',
      MIDMONTH_PRICING,
      '--json',
      'report',
      '--tag',
      'team=search',
      '--total',
    );
    expect(JSON.parse(t.stdout).total.requests).toBe(210);
  });

  it.each([
    [['--tz', 'Mars/Olympus'], /--tz: unknown time zone "Mars\/Olympus"/],
    [['--period', 'year'], /--period: unknown period "year" \(accepted: month, week, day\)/],
    [['--group-by', 'colour'], /--group-by: unknown dimension "colour"/],
    [['--format', 'xlsx'], /--format: unknown format "xlsx"/],
    [['--since', '2026-13-01'], /--since: invalid date "2026-13-01"/],
    [['--as-model', 'gpt-9000'], /unknown model "gpt-9000"/],
    [['--last', 'x'], /--last: "x" is not a number of periods/],
  ])('exits 2 with one line for bad input %j', (args, message) => {
    const r = run('--db', pricedDb, 'report', ...args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when the ledger does not exist', () => {
    const r = run('--db', join(dir, 'missing.db'), 'report');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ledger database not found');
  });
});
