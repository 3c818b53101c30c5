import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completionsResult, costsResult, type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { describePg } from '../support/pg-database.js';
import { tlEnv } from './sync-helpers.js';

const DAY = 86_400;
const NOV1 = Date.UTC(2026, 10, 1) / 1000;

let fake: FakeOpenAI;
let dir: string;
let db: string;

beforeEach(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), 'tl-sync-'));
  db = join(dir, 'ledger.db');
  fake.data.set(
    'organization/usage/completions',
    Array.from({ length: 10 }, (_, i) => ({
      start_time: NOV1 + i * DAY,
      results: [
        completionsResult({
          model: 'gpt-5.5-2026-04-23',
          project_id: 'proj_a',
          api_key_id: 'key_1',
          input_tokens: 100_000,
          input_cached_tokens: 20_000,
          output_tokens: 10_000,
          num_model_requests: 10,
        }),
        completionsResult({
          model: 'gpt-5.4-mini',
          project_id: 'proj_b',
          batch: true,
          input_tokens: 50_000,
          output_tokens: 5_000,
          num_model_requests: 5,
        }),
      ],
    })),
  );
  fake.data.set(
    'organization/costs',
    Array.from({ length: 10 }, (_, i) => ({
      start_time: NOV1 + i * DAY,
      results: [costsResult('1.25', 'gpt-5.5, input', 'proj_a')],
    })),
  );
  fake.data.set('organization/projects', [
    { id: 'proj_a', name: 'Search' },
    { id: 'proj_b', name: 'Batch jobs' },
  ] as never);
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const sync = (extra: string[] = [], key = fake.key) =>
  tlEnv(
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
      '--json',
      ...extra,
    ],
    {
      OPENAI_ADMIN_KEY: key,
    },
  );

describe('tokenledger sync openai (built CLI against a local admin API)', () => {
  it('syncs usage and costs; a re-sync adds nothing; report then shows the spend', async () => {
    const first = await sync();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const s = JSON.parse(first.stdout);
    expect(s.since).toBe('2026-11-01T00:00:00.000Z');
    expect(s.until).toBe('2026-11-11T00:00:00.000Z');
    expect(s.usage).toMatchObject({ buckets: 10, inserted: 20, replaced: 0, unchanged: 0 });
    expect(s.costs).toEqual({ pages: 1, lines: 10, inserted: 10, replaced: 0, unchanged: 0 });
    const again = JSON.parse((await sync()).stdout);
    expect(again.usage).toMatchObject({ inserted: 0, replaced: 0, unchanged: 20 });
    expect(again.costs).toMatchObject({ inserted: 0, replaced: 0, unchanged: 10 });
    const report = await tlEnv([
      'report',
      '--db',
      db,
      '--group-by',
      'project',
      '--json',
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-30',
    ]);
    expect(report.code).toBe(0);
    const r = JSON.parse(report.stdout);
    expect(
      r.rows.map((x: { project: string; project_name: string; requests: number }) => [
        x.project,
        x.project_name,
        x.requests,
      ]),
    ).toEqual([
      ['proj_a', 'Search', 100],
      ['proj_b', 'Batch jobs', 50],
    ]);
    // names from the admin list endpoints: the table shows them beside the ids
    const table = await tlEnv([
      'report',
      '--db',
      db,
      '--group-by',
      'project',
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-30',
    ]);
    expect(table.stdout).toContain('Search (proj_a)');
  });

  it('syncs images, speech, transcriptions, vector stores and sessions once; reports price storage and sessions', async () => {
    const unit = (path: string, result: Record<string, unknown>) =>
      fake.data.set(`organization/usage/${path}`, [{ start_time: NOV1, results: [result] }]);
    unit('vector_stores', {
      object: 'organization.usage.vector_stores.result',
      usage_bytes: 2_000_000_000,
      project_id: 'proj_a',
    });
    unit('code_interpreter_sessions', {
      object: 'organization.usage.code_interpreter_sessions.result',
      num_sessions: 10,
      project_id: 'proj_a',
    });
    unit('images', {
      object: 'organization.usage.images.result',
      images: 3,
      num_model_requests: 2,
      size: '1024x1024',
      source: 'image.generation',
      project_id: 'proj_a',
      user_id: null,
      api_key_id: null,
      model: 'gpt-image-1',
    });
    unit('audio_transcriptions', {
      object: 'organization.usage.audio_transcriptions.result',
      seconds: 120,
      num_model_requests: 4,
      project_id: null,
      user_id: null,
      api_key_id: null,
      model: 'gpt-4o-transcribe',
    });
    const first = JSON.parse((await sync()).stdout);
    expect(first.not_synced).toEqual([]);
    expect(first.usage).toMatchObject({ inserted: 24, replaced: 0, unchanged: 0 });
    const names = first.endpoints.map((e: { name: string; inserted: number }) => [e.name, e.inserted]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['images', 1],
        ['audio_speeches', 0],
        ['audio_transcriptions', 1],
        ['vector_stores', 1],
        ['code_interpreter_sessions', 1],
      ]),
    );
    const again = JSON.parse((await sync()).stdout);
    expect(again.usage).toMatchObject({ inserted: 0, replaced: 0, unchanged: 24 });
    const report = await tlEnv([
      'report',
      '--db',
      db,
      '--group-by',
      'model',
      '--json',
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-01',
    ]);
    const rows = JSON.parse(report.stdout).rows as Array<Record<string, unknown>>;
    const row = (model: string) => rows.find((r) => r.model === model)!;
    // 2 GB for a 24-hour bucket = 2 GB-days × $0.10; 10 sessions × $0.03
    expect(row('vector-store')).toMatchObject({
      requests: 0,
      tools_usd: 0.2,
      total_usd: 0.2,
      unpriced_requests: 0,
    });
    expect(row('code-interpreter')).toMatchObject({ tools_usd: 0.3, total_usd: 0.3, unpriced_requests: 0 });
    // per-image and per-second prices are not in the book: unpriced, never $0
    expect(row('gpt-image-1')).toMatchObject({ requests: 2, total_usd: 0, unpriced_requests: 2 });
    expect(row('gpt-4o-transcribe')).toMatchObject({ requests: 4, unpriced_requests: 4 });
    const check = await tlEnv(['pricing', 'check', '--db', db, '--json']);
    const unpriced = JSON.parse(check.stdout).unpriced as Array<Record<string, unknown>>;
    expect(unpriced.filter((u) => u.class)).toEqual([
      expect.objectContaining({
        model: 'gpt-4o-transcribe',
        class: 'transcription_seconds',
        quantity: 120,
        requests: 4,
        first_seen: '2026-11-01',
        last_seen: '2026-11-01',
      }),
      expect.objectContaining({
        model: 'gpt-image-1',
        class: 'images',
        quantity: 3,
        requests: 2,
        first_seen: '2026-11-01',
        last_seen: '2026-11-01',
      }),
    ]);
    expect(unpriced.map((u) => u.model)).not.toContain('vector-store');
  });

  it('prices synced speech, transcription and image buckets at the book per-unit prices, exactly', async () => {
    const unit = (path: string, results: Record<string, unknown>[]) =>
      fake.data.set(`organization/usage/${path}`, [{ start_time: NOV1, results }]);
    const dims = { project_id: null, user_id: null, api_key_id: null };
    unit('audio_speeches', [
      {
        object: 'organization.usage.audio_speeches.result',
        characters: 5000,
        num_model_requests: 3,
        ...dims,
        model: 'tts-1',
      },
      {
        object: 'organization.usage.audio_speeches.result',
        characters: 2000,
        num_model_requests: 1,
        ...dims,
        model: 'tts-1-hd',
      },
    ]);
    unit('audio_transcriptions', [
      {
        object: 'organization.usage.audio_transcriptions.result',
        seconds: 601,
        num_model_requests: 2,
        ...dims,
        model: 'whisper-1',
      },
    ]);
    unit('images', [
      {
        object: 'organization.usage.images.result',
        images: 4,
        num_model_requests: 2,
        size: '1024x1024',
        source: 'image.generation',
        ...dims,
        model: 'dall-e-3',
      },
    ]);
    expect((await sync()).code).toBe(0);
    const report = await tlEnv([
      'report',
      '--db',
      db,
      '--group-by',
      'model',
      '--json',
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-01',
    ]);
    const rows = JSON.parse(report.stdout).rows as Array<Record<string, unknown>>;
    const row = (model: string) => rows.find((r) => r.model === model)!;
    // By hand (book prices: tts-1 $15 / 1M characters, tts-1-hd $30 / 1M, whisper-1 $0.006 / minute):
    //   tts-1      5,000 chars × 15 / 1,000,000 = 0.075
    //   tts-1-hd   2,000 chars × 30 / 1,000,000 = 0.06
    //   whisper-1  601 s × 0.006 / 60           = 0.0601 (billed to the second)
    //   dall-e-3   4 images: $0.04–$0.12 each by size and quality, which the bucket does not say: unpriced
    expect(row('tts-1')).toMatchObject({
      requests: 3,
      media_usd: 0.075,
      tools_usd: 0,
      total_usd: 0.075,
      unpriced_requests: 0,
    });
    expect(row('tts-1-hd')).toMatchObject({ media_usd: 0.06, total_usd: 0.06, unpriced_requests: 0 });
    expect(row('whisper-1')).toMatchObject({
      requests: 2,
      media_usd: 0.0601,
      total_usd: 0.0601,
      unpriced_requests: 0,
    });
    expect(row('dall-e-3')).toMatchObject({ requests: 2, total_usd: 0, unpriced_requests: 2 });
    const check = JSON.parse((await tlEnv(['pricing', 'check', '--db', db, '--json'])).stdout);
    const classes = (check.unpriced as Array<Record<string, unknown>>).filter((u) => u.class);
    expect(classes).toEqual([
      expect.objectContaining({ model: 'dall-e-3', class: 'images', quantity: 4, requests: 2 }),
    ]);
    expect(String(classes[0]!.problem)).toMatch(/by size and quality/);
    const focus = await tlEnv([
      'report',
      '--db',
      db,
      '--format',
      'focus',
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-01',
    ]);
    expect(focus.stdout).toMatch(/tts-1\/speech-characters/);
    expect(focus.stdout).toMatch(/whisper-1\/transcription-minutes/);
  });

  it('rides out 429 (Retry-After), a 500, a slow response and a page cut off mid-JSON', async () => {
    fake.slowMs = 10_000;
    fake.faults.set('organization/usage/completions', ['429', '500', 'slow', 'truncated']);
    const run = await sync(['--timeout', '2']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).usage.inserted).toBe(20);
    // four faults, then the page (more only if the loaded machine made a normal response time out)
    expect(
      fake.requests.filter((r) => r.path === 'organization/usage/completions').length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('past the retry budget: exit 5, one line naming the URL (never the key); what was synced stays', async () => {
    fake.faults.set('organization/costs', ['500', '500', '500']);
    const run = await sync(['--retries', '2']);
    expect(run.code).toBe(5);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`${fake.url}/organization/costs?start_time=`);
    expect(run.stderr).toContain('failed after 3 attempts: HTTP 500');
    expect(run.stderr).not.toContain(fake.key);
    const again = JSON.parse((await sync()).stdout);
    expect(again.usage).toMatchObject({ inserted: 0, unchanged: 20 }); // committed before the failure
    expect(again.costs).toMatchObject({ inserted: 10 });
  });

  it('a wrong key: exit 2 "the admin key was refused", the key never printed, even with --debug', async () => {
    const wrong = 'sk-admin-WRONG-0000000000000000';
    const run = await sync(['--debug'], wrong);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the admin key was refused (HTTP 401');
    expect(run.stderr).not.toContain('WRONG');
    expect(run.stderr).toContain('[redacted]');
  });

  it('no key: exit 2 naming OPENAI_ADMIN_KEY', async () => {
    const run = await tlEnv(['sync', 'openai', '--db', db, '--base-url', fake.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/OPENAI_ADMIN_KEY is not set/);
    expect(fake.requests).toEqual([]);
  });

  it('a changed bucket replaces the stored one', async () => {
    await sync();
    const day = fake.data.get('organization/usage/completions')![9]!;
    day.results[0] = { ...day.results[0], num_model_requests: 11, input_tokens: 110_000 };
    const run = JSON.parse((await sync()).stdout);
    expect(run.usage).toMatchObject({ inserted: 0, replaced: 1, unchanged: 19 });
    const report = await tlEnv([
      'report',
      '--db',
      db,
      '--json',
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-30',
    ]);
    expect(JSON.parse(report.stdout).total.requests).toBe(151);
  });
});

describePg('sync openai into a PostgreSQL ledger', (pg) => {
  let server: FakeOpenAI;
  beforeEach(async () => {
    server = await startFakeOpenAI();
    server.data.set('organization/usage/completions', [
      {
        start_time: NOV1,
        results: [
          completionsResult({
            model: 'gpt-5.5',
            project_id: 'proj_a',
            input_tokens: 1000,
            output_tokens: 10,
            num_model_requests: 2,
          }),
        ],
      },
    ]);
    server.data.set('organization/costs', [
      { start_time: NOV1, results: [costsResult('0.0053', 'gpt-5.5, input')] },
    ]);
  });
  afterEach(() => server.close());

  it('the same results as SQLite: re-sync adds nothing, a change replaces, reconcile reads it', async () => {
    const url = await pg.create();
    const run = (db: string) =>
      tlEnv(
        [
          'sync',
          'openai',
          '--db',
          db,
          '--base-url',
          server.url,
          '--since',
          '2026-11-01',
          '--until',
          '2026-11-01',
          '--json',
        ],
        {
          OPENAI_ADMIN_KEY: server.key,
        },
      );
    const first = await run(url);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout).usage).toMatchObject({ inserted: 1 });
    expect(JSON.parse((await run(url)).stdout).usage).toMatchObject({ inserted: 0, unchanged: 1 });
    server.data.get('organization/usage/completions')![0]!.results[0]!.output_tokens = 20;
    expect(JSON.parse((await run(url)).stdout).usage).toMatchObject({ replaced: 1 });
    expect(JSON.parse((await run(db)).stdout).usage).toMatchObject({ inserted: 1 });
    const args = ['reconcile', '--since', '2026-11-01', '--until', '2026-11-01', '--json'];
    const onPg = await tlEnv([...args, '--db', url]);
    const onSqlite = await tlEnv([...args, '--db', db]);
    expect(onPg.code).toBe(0);
    expect(onPg.stdout).toBe(onSqlite.stdout);
  });
});
