import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usdString } from '../../src/money.js';
import { costOf } from '../../src/pricing/cost.js';
import { loadPriceBook } from '../../src/pricing/load.js';
import { completionsResult, costsResult, type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { tlEnv } from './sync-helpers.js';

const DAY = 86_400;
const NOV1 = Date.UTC(2026, 10, 1) / 1000;
const book = loadPriceBook();

interface Use {
  model: string;
  tier: 'standard' | 'batch';
  input: number;
  cached: number;
  output: number;
}
const BIG: Use = { model: 'gpt-5.5', tier: 'standard', input: 123_457, cached: 20_001, output: 9_999 };
const MINI: Use = { model: 'gpt-5.4-mini', tier: 'batch', input: 50_003, cached: 0, output: 5_001 };
/** gpt-5.5 every day; gpt-5.4-mini on even days only. */
const usesOn = (day: number): Use[] => (day % 2 === 0 ? [BIG, MINI] : [BIG]);

/** The bill OpenAI would send if the book is right: one line per model and token class, exact. */
function billFor(day: number): Array<Record<string, unknown>> {
  return usesOn(day).flatMap((u) => {
    const c = costOf(book, {
      model: u.model,
      tier: u.tier,
      atMs: (NOV1 + day * DAY) * 1000,
      tokens: { input: u.input, cachedInput: u.cached, cacheWrite: 0, output: u.output, reasoning: 0 },
    });
    return [
      costsResult(usdString(c.lines.input), `${u.model}, input`),
      ...(u.cached > 0 ? [costsResult(usdString(c.lines.cachedInput), `${u.model}, cached input`)] : []),
      costsResult(usdString(c.lines.output), `${u.model}, output`),
    ];
  });
}

let fake: FakeOpenAI;
let dir: string;
let db: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), 'tl-reconcile-'));
  db = join(dir, 'ledger.db');
  fake.data.set(
    'organization/usage/completions',
    Array.from({ length: 10 }, (_, day) => ({
      start_time: NOV1 + day * DAY,
      results: usesOn(day).map((u) =>
        completionsResult({
          model: u.model,
          batch: u.tier === 'batch',
          input_tokens: u.input,
          input_cached_tokens: u.cached,
          output_tokens: u.output,
          num_model_requests: 7,
        }),
      ),
    })),
  );
  const bills = Array.from({ length: 10 }, (_, day) => ({
    start_time: NOV1 + day * DAY,
    results: billFor(day),
  }));
  // Non-token usage synced and priced on 2026-11-02, billed under line items that name its model or
  // storage: tts-1 5,000 chars × $15 / 1M = 0.075; whisper-1 601 s × $0.006 / 60 = 0.0601;
  // 2 GB stored for the day = 2 GB-days × $0.10 = 0.2 (matched, so the day still matches exactly)
  const unitBucket = (result: Record<string, unknown>) => [{ start_time: NOV1 + DAY, results: [result] }];
  const dims = { project_id: null, user_id: null, api_key_id: null };
  fake.data.set(
    'organization/usage/audio_speeches',
    unitBucket({
      object: 'organization.usage.audio_speeches.result',
      characters: 5000,
      num_model_requests: 3,
      ...dims,
      model: 'tts-1',
    }),
  );
  fake.data.set(
    'organization/usage/audio_transcriptions',
    unitBucket({
      object: 'organization.usage.audio_transcriptions.result',
      seconds: 601,
      num_model_requests: 2,
      ...dims,
      model: 'whisper-1',
    }),
  );
  fake.data.set(
    'organization/usage/vector_stores',
    unitBucket({
      object: 'organization.usage.vector_stores.result',
      usage_bytes: 2_000_000_000,
      project_id: null,
    }),
  );
  bills[1]!.results.push(
    costsResult('0.075', 'tts-1, speech'),
    costsResult('0.0601', 'whisper-1, transcription'),
    costsResult('0.2', 'vector store storage'),
  );
  // An unexplained line item on 2026-11-04
  bills[3]!.results.push(costsResult('0.25', 'web search tool calls'));
  // No bill yet for the last day (costs lag usage)
  bills[9]!.results = [];
  fake.data.set('organization/costs', bills);
  const run = await tlEnv(
    [
      'sync',
      'openai',
      '--db',
      db,
      '--base-url',
      fake.url,
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-10',
      '--no-names',
    ],
    {
      OPENAI_ADMIN_KEY: fake.key,
    },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const reconcile = (args: string[], until = '2026-11-10') =>
  tlEnv(['reconcile', '--db', db, '--since', '2026-11-01', '--until', until, ...args]);

describe('tokenledger reconcile', () => {
  it('with a correct book each day priced usage equals its billed line items exactly (nano-dollar)', async () => {
    const run = await reconcile(['--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.tz).toBe('UTC');
    expect(r.rows).toHaveLength(10);
    for (const row of r.rows) {
      if (row.period === '2026-11-04' || row.period === '2026-11-10') continue;
      // No request logs here: logged_usd is 0 every day, also on 2026-11-02 with its storage (no
      // request log holds storage; before, it was logged_usd 0.2 with "request logs cover 17%").
      expect(row).toMatchObject({ status: 'match', diff_usd: 0, logged_usd: 0 });
      expect(row.usage_usd).toBe(row.billed_usd);
      expect(row.notes).toEqual([]);
    }
    // the injected line item: a gap of exactly its amount, explained
    const d4 = r.rows.find((x: { period: string }) => x.period === '2026-11-04');
    expect(d4.status).toBe('gap');
    expect(d4.diff_usd).toBe(0.25);
    expect(d4.notes.join(' ')).toContain('"web search tool calls" ($0.25)');
    const d10 = r.rows.find((x: { period: string }) => x.period === '2026-11-10');
    expect(d10).toMatchObject({ status: 'no-billed-data', billed_usd: 0 });
    expect(d10.notes[0]).toMatch(/^usage without billed lines/);
  });

  it('per model, speech, transcription and storage line items meet their synced, priced usage', async () => {
    const r = JSON.parse((await reconcile(['--group-by', 'model', '--json'], '2026-11-02')).stdout);
    const row = (model: string) =>
      r.rows.find((x: { period: string; model: string }) => x.period === '2026-11-02' && x.model === model);
    expect(row('tts-1')).toMatchObject({ usage_usd: 0.075, billed_usd: 0.075, status: 'match', notes: [] });
    expect(row('whisper-1')).toMatchObject({ usage_usd: 0.0601, billed_usd: 0.0601, status: 'match' });
    expect(row('vector-store')).toMatchObject({ usage_usd: 0.2, billed_usd: 0.2, status: 'match' });
  });

  it('a line item that names no usage the ledger holds is worded as such', async () => {
    const r = JSON.parse((await reconcile(['--json'], '2026-11-04')).stdout);
    const d4 = r.rows.find((x: { period: string }) => x.period === '2026-11-04');
    expect(d4.notes.join(' ')).toMatch(
      /"web search tool calls" \(\$0\.25\) names no model or storage the ledger holds usage of/,
    );
    expect(d4.notes.join(' ')).not.toMatch(/not token usage/);
  });

  it('a wrong price in an override book shows a gap on exactly the affected model days', async () => {
    const wrong = join(dir, 'wrong.json');
    writeFileSync(
      wrong,
      JSON.stringify({
        models: [
          {
            id: 'gpt-5.4-mini',
            versions: [
              {
                effective_from: '2026-03-17',
                sources: ['https://example.com/typo'],
                standard: { input: '0.75', cached_input: '0.075', output: '4.60' },
                batch: { multiplier: '0.5' },
              },
            ],
          },
        ],
      }),
    );
    const run = await reconcile(['--json', '--group-by', 'model', '--pricing', wrong]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    const gaps = r.rows.filter(
      (x: { status: string; model: string }) => x.status === 'gap' && x.model !== '(other)',
    );
    expect(gaps.map((x: { period: string; model: string }) => `${x.period} ${x.model}`)).toEqual([
      '2026-11-01 gpt-5.4-mini',
      '2026-11-03 gpt-5.4-mini',
      '2026-11-05 gpt-5.4-mini',
      '2026-11-07 gpt-5.4-mini',
      '2026-11-09 gpt-5.4-mini',
    ]);
    // 5,001 output tokens × $0.10/1M × 0.5 (batch) too much each day: billed − usage = −$0.00025005
    for (const g of gaps) expect(g.diff_usd).toBe(-0.00025005);
    const big = r.rows.filter(
      (x: { model: string; period: string }) => x.model === 'gpt-5.5' && x.period !== '2026-11-10',
    );
    expect(big).toHaveLength(9);
    expect(big.every((x: { status: string }) => x.status === 'match')).toBe(true);
  });

  it('--fail-above exits 3 for CI; table and CSV', async () => {
    const gate = await reconcile(['--fail-above', '0.10'], '2026-11-09');
    expect(gate.code).toBe(3);
    expect(gate.stdout).toContain('2026-11-04');
    expect(gate.stderr).toContain('--fail-above');
    const ok = await reconcile(['--fail-above', '0.30'], '2026-11-09');
    expect(ok.code).toBe(0);
    const csv = await reconcile(['--format', 'csv', '--period', 'month'], '2026-11-09');
    expect(csv.stdout.split('\n')[0]).toBe('period,tz,logged_usd,usage_usd,billed_usd,diff_usd,status,notes');
    expect(csv.stdout.split('\n')[1]).toMatch(/^2026-11,UTC,0,[0-9.]+,[0-9.]+,0\.25,gap,/);
  });

  it('a report zone other than UTC is noted', async () => {
    const cfg = join(dir, 'tokenledger.config.json');
    writeFileSync(cfg, JSON.stringify({ tz: 'Europe/Berlin' }));
    const run = await tlEnv([
      'reconcile',
      '--db',
      db,
      '--since',
      '2026-10-31',
      '--until',
      '2026-11-10',
      '--json',
      '--config',
      cfg,
    ]);
    const r = JSON.parse(run.stdout);
    expect(r.notes.join(' ')).toContain('Europe/Berlin');
  });

  it('storage is not on the request-logs side: logs covering half the requests say 50%', async () => {
    const own = mkdtempSync(join(tmpdir(), 'tl-reconcile-storage-'));
    try {
      const day = NOV1 + 19 * DAY; // 2026-11-20
      const page = (results: unknown[]) => ({
        object: 'page',
        has_more: false,
        next_page: null,
        data: [{ object: 'bucket', start_time: day, end_time: day + DAY, results }],
      });
      // The provider saw two requests of BIG's size and stored 2 GB for the day ($0.20).
      writeFileSync(
        join(own, 'usage.json'),
        JSON.stringify(
          page([
            completionsResult({
              model: BIG.model,
              input_tokens: 2 * BIG.input,
              input_cached_tokens: 2 * BIG.cached,
              output_tokens: 2 * BIG.output,
              num_model_requests: 2,
            }),
            {
              object: 'organization.usage.vector_stores.result',
              usage_bytes: 2_000_000_000,
              project_id: null,
            },
          ]),
        ),
      );
      // The request logs hold one of the two.
      writeFileSync(
        join(own, 'logs.jsonl'),
        `${JSON.stringify({
          id: 'resp_half',
          object: 'response',
          created_at: day + 3600,
          status: 'completed',
          model: BIG.model,
          service_tier: 'default',
          usage: {
            input_tokens: BIG.input,
            input_tokens_details: { cached_tokens: BIG.cached },
            output_tokens: BIG.output,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: BIG.input + BIG.output,
          },
        })}\n`,
      );
      const ownDb = join(own, 'l.db');
      expect(
        (await tlEnv(['ingest', '--db', ownDb, join(own, 'usage.json'), join(own, 'logs.jsonl')])).code,
      ).toBe(0);
      const run = await tlEnv([
        'reconcile',
        '--db',
        ownDb,
        '--since',
        '2026-11-20',
        '--until',
        '2026-11-20',
        '--json',
      ]);
      expect(run.code).toBe(0);
      const row = JSON.parse(run.stdout).rows[0];
      const one = costOf(book, {
        model: BIG.model,
        tier: 'standard',
        atMs: day * 1000,
        tokens: {
          input: BIG.input,
          cachedInput: BIG.cached,
          cacheWrite: 0,
          output: BIG.output,
          reasoning: 0,
        },
      }).total;
      // logged is the one logged request, never the storage; usage is both requests plus storage.
      expect(row.logged_usd).toBe(Number(usdString(one)));
      expect(row.usage_usd).toBe(Number(usdString((2n * one + 2n * 10n ** 17n) as typeof one)));
      const coverage = row.notes.filter((n: string) => n.startsWith('request logs cover'));
      expect(coverage).toHaveLength(1);
      expect(coverage[0]).toMatch(
        /^request logs cover 50% of the provider's request usage \(.*; storage, \$0\.20, is in no request log\)$/,
      );
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
