import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvRowParser } from '../../src/ingest/csv.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const ENV = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '160', CI: 'true' };
const LOGS = join(import.meta.dirname, '..', 'fixtures', 'ingest', 'nontext', 'e2e');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-nontext-'));
  db = join(dir, 'ledger.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Audio, image, 12-hour cache writes and hosted tool calls from logs to money, by hand:
 *
 * responses.jsonl, gpt-5.5 (2026-04-23 prices, $ per 1M: input 5, cached 0.50, cache write 5,
 * 12-hour write 5, image input = text input 5, output 30), 10,000 input of which 2,000 cached,
 * 3,000 written with 24h retention (12-hour class), 1,500 image tokens; 1,000 output:
 *   uncached text   10,000 − 2,000 − 3,000 − 1,500 = 3,500 × 5 / 1M   = 0.0175
 *   cached text     2,000 × 0.50 / 1M                                  = 0.001
 *   12-hour writes  3,000 × 5 / 1M                                     = 0.015
 *   image input     1,500 × 5 / 1M                                     = 0.0075  (media)
 *   output          1,000 × 30 / 1M                                    = 0.03
 *   web search      2 calls × $0.01 (high context; the general fee)    = 0.02
 *   file search     1 call × $0.0025                                   = 0.0025
 *   code interp.    1 container session × $0.03                        = 0.03    (tools 0.0525)
 *   request total                                                      = 0.1235
 *
 * chat.jsonl, gpt-4o-audio-preview (2024-12-17 prices: text input 2.50, output 10, audio input
 * 40, audio output 80), 1,200 prompt tokens of which 1,000 audio; 900 completion of which 800 audio:
 *   text input 200 × 2.50 / 1M = 0.0005; audio input 1,000 × 40 / 1M = 0.04
 *   text output 100 × 10 / 1M = 0.001;   audio output 800 × 80 / 1M = 0.064 (media 0.104)
 *   request total 0.1055
 *
 * Both: input 0.018, cached 0.001, cache write 0.015, output 0.031, media 0.1115, tools 0.0525,
 * total 0.229.
 */
describe('non-text usage from logs to reports (built CLI)', () => {
  it('ingests audio, image and hosted tool calls and reports their exact cost in JSON, CSV, table and FOCUS', () => {
    const ingest = run(
      'ingest',
      '--db',
      db,
      join(LOGS, 'responses.jsonl'),
      join(LOGS, 'chat.jsonl'),
      '--json',
    );
    expect(ingest.stderr).toBe('');
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ inserted: 2, rejected: 0, unpriced: 0 });

    const json = run('report', '--db', db, '--since', '2026-11-01', '--until', '2026-11-30', '--json');
    expect(json.code).toBe(0);
    const total = JSON.parse(json.stdout).total;
    expect(total).toMatchObject({
      requests: 2,
      input_usd: 0.018,
      cached_input_usd: 0.001,
      cache_write_usd: 0.015,
      output_usd: 0.031,
      media_usd: 0.1115,
      tools_usd: 0.0525,
      cost_usd: 0.229,
      fees_usd: 0,
      total_usd: 0.229,
      unpriced_requests: 0,
    });

    const csv = run(
      'report',
      '--db',
      db,
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-30',
      '--format',
      'csv',
    );
    const [header, row] = csv.stdout.trim().split('\n');
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [h, row!.split(',')[i]]));
    expect(cells).toMatchObject({ media_usd: '0.1115', tools_usd: '0.0525', total_usd: '0.229' });

    const table = run('report', '--db', db, '--since', '2026-11-01', '--until', '2026-11-30');
    expect(table.stdout).toMatch(/\$ media.*\$ tools/);

    const focus = run(
      'report',
      '--db',
      db,
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-30',
      '--format',
      'focus',
    );
    expect(focus.code).toBe(0);
    const parser = new CsvRowParser(',');
    const [cols, ...charges] = focus.stdout
      .trim()
      .split('\n')
      .map((l) => parser.push(l)!);
    const at = (name: string) => cols!.indexOf(name);
    const sku = (id: string) => charges.find((c) => c[at('SkuId')] === id);
    expect(sku('gpt-4o-audio-preview/audio-output-tokens')?.[at('BilledCost')]).toBe('0.064');
    expect(sku('gpt-5.5/cache-write-12h-tokens')?.[at('BilledCost')]).toBe('0.015');
    expect(sku('gpt-5.5/image-input-tokens')?.[at('BilledCost')]).toBe('0.0075');
    const web = sku('openai/web-search-calls')!;
    expect([
      web[at('PricingQuantity')],
      web[at('PricingUnit')],
      web[at('ListUnitPrice')],
      web[at('BilledCost')],
    ]).toEqual(['2', 'Calls', '0.01', '0.02']);
    expect(sku('openai/code-interpreter-sessions')?.[at('BilledCost')]).toBe('0.03');
    const billed = charges.reduce((s, c) => s + Math.round(Number(c[at('BilledCost')]) * 1e9), 0);
    expect(billed).toBe(229_000_000); // nano-dollars: the FOCUS rows add up to the report total
  });

  it('budget check counts the non-text cost', () => {
    const config = join(dir, 'budget.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'all', period: 'month', limit_usd: 0.2 }] }));
    const r = run(
      'budget',
      'check',
      '--db',
      db,
      '--config',
      config,
      '--as-of',
      '2026-11-20',
      '--format',
      'json',
    );
    const b = JSON.parse(r.stdout).budgets[0];
    expect(b.spent_usd).toBe(0.229);
    expect(b.status).toBe('over');
    expect(r.code).toBe(3);
  });
});
