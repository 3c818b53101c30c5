import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../unit/report/helpers/csv.js';
import { octoberLedger } from '../unit/report/helpers/fixture.js';
import { insertRollup, testLedger } from '../unit/report/helpers/ledger.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const BASE_ENV: Record<string, string | undefined> = { ...process.env, TZ: 'UTC', NO_COLOR: '1', CI: 'true' };
delete BASE_ENV.FORCE_COLOR;

let dir: string;
let october: string;
let names: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-report-table-'));
  october = join(dir, 'october.db');
  await (await octoberLedger(october)).close();
  names = join(dir, 'names.db');
  const l = await testLedger(names);
  await insertRollup(l, [
    // 609,000 input tokens of gpt-5.5 at $5 per 1M = exactly $3.045
    { ts: '2026-08-03T10:00:00Z', project: '検索チーム', requests: 3, input: 609_000 },
    { ts: '2026-08-04T10:00:00Z', project: '🚀 launch', requests: 1, input: 1_000_000, output: 10_000 },
    { ts: '2026-08-05T10:00:00Z', project: 'evil\u001b[31mred\u0007', requests: 1, input: 2_000 },
    { ts: '2026-08-06T10:00:00Z', project: 'plain', requests: 2, input: 200_000, output: 3_000 },
  ]);
  await l.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...BASE_ENV, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const widths = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => stringWidth(l));

describe('report table that fits', () => {
  it('drops to the compact columns and fits 80 columns with COLUMNS=80', () => {
    const r = run(
      { COLUMNS: '80' },
      '--db',
      october,
      'report',
      '--tz',
      'Europe/Berlin',
      '--group-by',
      'model,project',
    );
    expect(r.code).toBe(0);
    expect(Math.max(...widths(r.stdout))).toBeLessThanOrEqual(80);
    const header = r.stdout.split('\n')[1]!;
    expect(header.split(/\s{2,}/)).toEqual([
      'period',
      'model',
      'project',
      'requests',
      'input',
      'output',
      '$ total',
    ]);
    expect(r.stdout).toContain('--wide shows every column');
  });

  it('--wide keeps every column however narrow the terminal', () => {
    const r = run({ COLUMNS: '80' }, '--db', october, 'report', '--group-by', 'model', '--wide');
    expect(r.stdout).toContain('$ cache wr');
    expect(Math.max(...widths(r.stdout))).toBeGreaterThan(80);
  });

  it('shortens long names with an ellipsis when even the compact table is too wide', () => {
    const r = run({ COLUMNS: '66' }, '--db', october, 'report', '--group-by', 'model,project');
    expect(Math.max(...widths(r.stdout))).toBeLessThanOrEqual(66);
    expect(r.stdout).toContain('…');
  });

  it('aligns CJK and emoji by display width and escapes control characters', () => {
    const r = run({ COLUMNS: '100' }, '--db', names, 'report', '--group-by', 'project');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('evil\\x1b[31mred\\x07');
    const lines = r.stdout.trimEnd().split('\n').slice(1, -1);
    // every table line ends its "$ total" column at the same display column
    const ends = new Set(lines.filter((l) => /\$|total/.test(l)).map((l) => stringWidth(l)));
    expect(ends.size).toBe(1);
  });

  it('rounds half-up to the cent: exactly $3.045 shows $3.05', () => {
    const r = run(
      { COLUMNS: '100' },
      '--db',
      names,
      'report',
      '--group-by',
      'project',
      '--project',
      '検索チーム',
    );
    expect(r.stdout).toMatch(/検索チーム\s+3\s+609,000\s+0\s+\$3\.05/);
    const j = JSON.parse(run({}, '--db', names, '--json', 'report', '--project', '検索チーム').stdout);
    expect(j.total.total_usd).toBe(3.045);
  });

  it('colours only on request: FORCE_COLOR on, NO_COLOR off', () => {
    const on = run({ FORCE_COLOR: '1', COLUMNS: '100' }, '--db', names, 'report');
    expect(on.stdout).toContain('\u001b[1m');
    const off = run({ COLUMNS: '100' }, '--db', names, 'report');
    expect(off.stdout).not.toContain('\u001b[');
  });

  it('--top N folds the rest into "(other)"; rows still add up to the total', () => {
    const r = run({}, '--db', october, '--json', 'report', '--group-by', 'project', '--top', '2', '--total');
    const j = JSON.parse(r.stdout);
    expect(j.rows.map((x: { project: string }) => x.project)).toEqual(['evals', 'search', '(other)']);
    const sum = j.rows.reduce((s: number, x: { total_usd: number }) => s + Math.round(x.total_usd * 1e9), 0);
    expect(sum).toBe(Math.round(j.total.total_usd * 1e9));
  });

  it('--sort total orders rows by spend; --breakdown adds a subtotal per period', () => {
    const sorted = JSON.parse(
      run({}, '--db', october, '--json', 'report', '--group-by', 'project', '--sort', 'total', '--total')
        .stdout,
    );
    const totals = sorted.rows.map((x: { total_usd: number }) => x.total_usd);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const t = run(
      { COLUMNS: '100' },
      '--db',
      october,
      'report',
      '--period',
      'week',
      '--group-by',
      'project',
      '--breakdown',
    );
    expect(t.stdout).toMatch(/2026-W43 subtotal\s+1,111 .* \$49\.38/);
    const bad = run({}, '--db', october, 'report', '--sort', 'size');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown sort "size" (accepted: period, total, name)');
  });
});

describe('report CSV for spreadsheets', () => {
  it('has no totals row unless --total-row, and each numeric column sums to the report total', () => {
    const csv = parse(
      run({}, '--db', october, 'report', '--period', 'day', '--group-by', 'model,project', '--format', 'csv')
        .stdout,
    );
    const j = JSON.parse(
      run({}, '--db', october, '--json', 'report', '--period', 'day', '--group-by', 'model,project').stdout,
    );
    const [header, ...rows] = csv;
    expect(rows.some((r) => r[0] === 'total')).toBe(false);
    const nano = (v: string) => BigInt(Math.round(Number(v) * 1e9)); // exact: at most 9 decimals
    for (const col of ['requests', 'input_tokens', 'output_tokens', 'input_usd', 'fees_usd', 'total_usd']) {
      const i = header!.indexOf(col);
      const sum = rows.reduce((s, r) => s + (col.endsWith('usd') ? nano(r[i]!) : BigInt(r[i]!)), 0n);
      const expected = col.endsWith('usd') ? nano(String(j.total[col])) : BigInt(j.total[col]);
      expect(sum, col).toBe(expected);
    }
    const withTotal = parse(run({}, '--db', october, 'report', '--format', 'csv', '--total-row').stdout);
    expect(withTotal.at(-1)?.[0]).toBe('total');
  });

  it('writes missing values as empty cells and dates in the report zone', () => {
    const csv = parse(
      run({}, '--db', october, 'report', '--tz', 'Europe/Berlin', '--group-by', 'user', '--format', 'csv')
        .stdout,
    );
    expect(csv[1]!.slice(0, 5)).toEqual([
      '2026-10',
      '2026-10-01T00:00:00+02:00',
      '2026-11-01T00:00:00+01:00',
      'Europe/Berlin',
      '',
    ]);
  });

  it('--excel adds a byte-order mark and CRLF line ends', () => {
    const out = join(dir, 'excel.csv');
    run({}, '--db', october, 'report', '--format', 'csv', '--excel', '--out', out);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFperiod,')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(2);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
