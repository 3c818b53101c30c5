import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../unit/report/helpers/csv.js';
import { MIDMONTH_PRICING, octoberLedger } from '../unit/report/helpers/fixture.js';
import { FOCUS_COLUMNS } from '../../src/report/render-focus.js';
import { focusViolations, SPEC_COLUMNS, sumColumn } from '../unit/report/helpers/focus-conformance.js';
import { insertRollup, testLedger } from '../unit/report/helpers/ledger.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const ENV = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' };

let dir: string;
let october: string;
let gateways: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-focus-'));
  october = join(dir, 'october.db');
  await (await octoberLedger(october)).close();
  gateways = join(dir, 'gateways.db');
  const l = await testLedger(gateways);
  await insertRollup(l, [
    // gpt-5.5 at $5 per 1M input through each gateway and direct; 40 requests each (short context)
    {
      requests: 40,
      ts: '2026-08-03T10:00:00Z',
      gateway: 'openrouter',
      project: 'proj_a',
      input: 1_000_000,
      output: 10_000,
    },
    { requests: 40, ts: '2026-08-03T11:00:00Z', gateway: 'cloudflare', project: 'proj_a', input: 1_000_000 },
    {
      requests: 40,
      ts: '2026-08-04T10:00:00Z',
      gateway: 'openrouter',
      byok: 1,
      project: 'proj_b',
      input: 1_000_000,
    },
    {
      requests: 40,
      ts: '2026-08-31T23:50:00Z',
      gateway: 'vercel',
      project: 'proj_b',
      input: 1_000_000,
      cached: 400_000,
    },
    {
      requests: 40,
      ts: '2026-09-01T00:10:00Z',
      project: 'proj_b',
      tier: 'batch',
      input: 2_000_000,
      output: 1_000_000,
    },
  ]);
  await l.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function exportFocus(name: string, db: string, ...args: string[]) {
  const out = join(dir, `${name}.csv`);
  const global = args[0] === '--pricing' ? args.slice(0, 2) : [];
  const r = run(
    '--db',
    db,
    ...global,
    'report',
    '--format',
    'focus',
    '--out',
    out,
    ...args.slice(global.length),
  );
  const csv = readFileSync(out, 'utf8');
  const metadata = JSON.parse(readFileSync(join(dir, `${name}.metadata.json`), 'utf8'));
  return { ...r, csv, metadata, rows: parse(csv).filter((x) => x.length > 1) };
}

const exports: { name: string; db: () => string; args: string[] }[] = [
  { name: 'day-utc', db: () => october, args: ['--period', 'day'] },
  {
    name: 'week-berlin',
    db: () => october,
    args: ['--period', 'week', '--tz', 'Europe/Berlin', '--group-by', 'model,user'],
  },
  {
    name: 'month-berlin',
    db: () => october,
    args: ['--tz', 'Europe/Berlin', '--group-by', 'project,tag:team'],
  },
  { name: 'total', db: () => october, args: ['--total', '--group-by', 'effort,api-key,source'] },
  { name: 'contracted', db: () => october, args: ['--pricing', MIDMONTH_PRICING, '--period', 'day'] },
  { name: 'gateways', db: () => gateways, args: ['--group-by', 'gateway', '--period', 'week'] },
];

describe('report --format focus conforms to FOCUS 1.2', () => {
  for (const e of exports) {
    it(`${e.name}: no MUST violation, totals match the report`, () => {
      const f = exportFocus(e.name, e.db(), ...e.args);
      expect(f.stderr).toContain('FocusVersion 1.2');
      expect(focusViolations(f.csv, f.metadata)).toEqual([]);
      expect(f.rows.length).toBeGreaterThan(1);
      // BilledCost sums to the report's total (exact but for sub-atto fee rounding), left-out usage aside
      const rangeArgs = e.args.filter(
        (a, i, all) =>
          !['--period', '--group-by', '--total'].includes(a) &&
          !['--period', '--group-by'].includes(all[i - 1]!),
      );
      const global = rangeArgs[0] === '--pricing' ? rangeArgs.slice(0, 2) : [];
      const json = JSON.parse(
        run('--db', e.db(), ...global, '--json', 'report', '--total', ...rangeArgs.slice(global.length))
          .stdout,
      );
      const billed = sumColumn(f.csv, 'BilledCost', 18);
      const total = BigInt(Math.round(json.total.total_usd * 1e9)) * 10n ** 9n;
      expect(billed - total < 10n ** 9n && total - billed < 10n ** 9n, `${billed} vs ${total}`).toBe(true);
    });
  }

  it('one row per SKU price: PricingUnit per 1M tokens, quantity × unit price = cost, exact', () => {
    const f = exportFocus('units', gateways, '--period', 'month');
    const h = f.rows[0]!;
    const col = (r: string[], c: string) => r[h.indexOf(c)]!;
    const batch = f.rows.filter((r) => col(r, 'SkuPriceId').includes('/batch/'));
    expect(batch.map((r) => col(r, 'SkuMeter')).sort()).toEqual(['Input Tokens', 'Output Tokens']);
    const input = batch.find((r) => col(r, 'SkuMeter') === 'Input Tokens')!;
    expect(col(input, 'PricingUnit')).toBe('1000000 Tokens');
    expect(col(input, 'PricingQuantity')).toBe('2');
    expect(col(input, 'ConsumedQuantity')).toBe('2000000');
    expect(col(input, 'ConsumedUnit')).toBe('Tokens');
    expect(col(input, 'ListUnitPrice')).toBe('2.5');
    expect(col(input, 'ListCost')).toBe('5');
    expect(col(input, 'SkuId')).toBe('gpt-5.5/input-tokens');
    expect(col(input, 'ChargePeriodStart')).toBe('2026-09-01T00:00:00Z');
    expect(col(input, 'SubAccountId')).toBe('proj_b');
    expect(col(input, 'ChargeClass')).toBe('');
  });

  it('gateway usage names the gateway as provider and invoice issuer; fees are their own charges', () => {
    const f = exportFocus('gw', gateways, '--period', 'day');
    const h = f.rows[0]!;
    const col = (r: string[], c: string) => r[h.indexOf(c)]!;
    const or = f.rows.filter((r) => col(r, 'InvoiceIssuerName') === 'OpenRouter');
    expect(or.length).toBeGreaterThan(0);
    for (const r of or) expect(col(r, 'ProviderName')).toBe('OpenRouter');
    const topup = f.rows.find((r) => col(r, 'SkuId') === 'openrouter/credit-top-up-fee')!;
    expect(col(topup, 'ChargeCategory')).toBe('Purchase');
    expect(col(topup, 'ListUnitPrice')).toBe('0.055');
    expect(col(topup, 'PricingQuantity')).toBe('5.3'); // $5 input + $0.30 output
    expect(col(topup, 'BilledCost')).toBe('0.2915');
    expect(f.rows.some((r) => col(r, 'SkuId') === 'openrouter/byok-fee')).toBe(false); // within the free allowance
    const direct = f.rows.find((r) => col(r, 'SkuPriceId').includes('/batch/'))!;
    expect(col(direct, 'InvoiceIssuerName')).toBe('OpenAI');
    expect(col(direct, 'ServiceName')).toBe('OpenAI API');
  });

  it('charge periods never cross a UTC month, whatever the zone and period', () => {
    const f = exportFocus('cross', gateways, '--period', 'week', '--tz', 'Pacific/Auckland');
    const h = f.rows[0]!;
    for (const r of f.rows.slice(1)) {
      const start = r[h.indexOf('ChargePeriodStart')]!;
      const end = r[h.indexOf('ChargePeriodEnd')]!;
      expect(r[h.indexOf('BillingPeriodStart')]!.slice(0, 7)).toBe(start.slice(0, 7));
      expect(end <= r[h.indexOf('BillingPeriodEnd')]!).toBe(true);
    }
    expect(focusViolations(f.csv, f.metadata)).toEqual([]);
  });

  it('unpriced usage is left out with a warning (no placeholder, no $0); --strict exits 2; failures are not charges', () => {
    const f = exportFocus('unpriced', october, '--period', 'day', '--group-by', 'project');
    expect(f.code).toBe(0);
    expect(f.stderr).toMatch(/leaves out 10 billed request\(s\) without a list price \(acme-llm-7, gpt-4o\)/);
    const h = f.rows[0]!;
    const skus = f.rows.slice(1).map((r) => r[h.indexOf('SkuId')]!);
    expect(skus.some((s) => s.startsWith('acme') || s.startsWith('gpt-4o'))).toBe(false);
    // the unbilled failure on 2026-10-22 is not a charge
    expect(f.rows.some((r) => r[h.indexOf('ChargePeriodStart')] === '2026-10-22T00:00:00Z')).toBe(false);
    const strict = run('--db', october, 'report', '--format', 'focus', '--strict');
    expect(strict.code).toBe(2);
  });

  it('user tags go into Tags unchanged, without a spreadsheet guard', () => {
    const f = exportFocus('tags', october, '--group-by', 'tag:team');
    const tags = f.rows.slice(1).map((r) => r[f.rows[0]!.indexOf('Tags')]!);
    expect(tags).toContain('{"team":"=HYPERLINK(\\"http://evil.example\\",\\"x\\")"}');
    expect(tags.some((t) => t.startsWith("'"))).toBe(false);
  });

  it('the checker catches violations (it can fail)', () => {
    const f = exportFocus('broken', gateways, '--period', 'month');
    const broken = f.csv
      .replace('1000000 Tokens', 'Tokens')
      .replace(/,2026-09-01T00:00:00Z,/, ',2026-09-01,');
    expect(
      focusViolations(broken.replace(',USD,', ',usd,'), {
        ...f.metadata,
        Schemas: [{ ...f.metadata.Schemas[0], FocusVersion: '1.1' }],
      }).length,
    ).toBeGreaterThan(1);
    const [h, first] = f.rows;
    const cells = [...first!];
    cells[h!.indexOf('ListCost')] = '999';
    const tampered = stringify([h!, cells]);
    expect(focusViolations(tampered)).toEqual(
      expect.arrayContaining([expect.stringMatching(/ListCost: MUST equal ListUnitPrice × PricingQuantity/)]),
    );
    // A column the exporter invents, or a spec column it drops, fails: the checker keeps its own
    // spec list rather than importing the exporter's FOCUS_COLUMNS.
    const renamed = f.csv.replace('ServiceSubcategory', 'ServiceSubCategory').replace('SkuMeter', 'Meter');
    expect(focusViolations(renamed)).toEqual(
      expect.arrayContaining([
        'column ServiceSubCategory: not a FOCUS 1.2 column (columns FOCUS does not define MUST be prefixed x_)',
        'column Meter: not a FOCUS 1.2 column (columns FOCUS does not define MUST be prefixed x_)',
        'column SkuMeter: MUST be present',
      ]),
    );
  });

  it("the exporter's column list is the spec list the checker holds", () => {
    expect([...FOCUS_COLUMNS].sort()).toEqual([...SPEC_COLUMNS].sort());
  });
});
