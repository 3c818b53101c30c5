import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, RemoteServiceError } from '../../../../src/errors.js';
import { createAdminClient } from '../../../../src/ingest/sync/admin-client.js';
import { syncOpenAI } from '../../../../src/ingest/sync/sync-openai.js';
import {
  completionsResult,
  costsResult,
  type FakeOpenAI,
  startFakeOpenAI,
} from '../../../helpers/fake-openai.js';
import { MemorySyncStore } from '../../../helpers/memory-sync-store.js';

const DAY = 86_400;
const T0 = 1_764_547_200; // 2025-12-01T00:00:00Z
const NOW = (T0 + 10 * DAY) * 1000 + 3_600_000; // 2025-12-11T01:00Z

let fake: FakeOpenAI;
let store: MemorySyncStore;

function client() {
  return createAdminClient({
    baseUrl: fake.url,
    key: fake.key,
    retry: { attempts: 3, timeoutMs: 2000, sleep: async () => {}, random: () => 0 },
  });
}

const sync = (extra: Partial<Parameters<typeof syncOpenAI>[0]> = {}) =>
  syncOpenAI({ client: client(), store, nowMs: NOW, ...extra });

beforeEach(async () => {
  fake = await startFakeOpenAI();
  store = new MemorySyncStore();
  fake.data.set(
    'organization/usage/completions',
    Array.from({ length: 11 }, (_, i) => ({
      start_time: T0 + i * DAY,
      results: [
        completionsResult({
          model: 'gpt-5.5',
          project_id: 'proj_a',
          input_tokens: 1000 + i,
          output_tokens: 10,
          num_model_requests: 2,
        }),
        completionsResult({
          model: 'gpt-5.5-mini',
          project_id: 'proj_b',
          batch: true,
          input_tokens: 500,
          output_tokens: 5,
          num_model_requests: 1,
        }),
      ],
    })),
  );
  fake.data.set(
    'organization/costs',
    Array.from({ length: 11 }, (_, i) => ({
      start_time: T0 + i * DAY,
      results: [costsResult('0.0125', 'gpt-5.5, input', 'proj_a')],
    })),
  );
  fake.data.set('organization/projects', [{ id: 'proj_a', name: 'Search' }] as never);
  fake.data.set('organization/users', [{ id: 'user_1', name: 'Ada', email: 'ada@example.com' }] as never);
  fake.data.set('organization/projects/proj_a/api_keys', [
    { id: 'key_1', name: 'ci', redacted_value: 'sk-...abcd' },
  ] as never);
});
afterEach(() => fake.close());

describe('syncOpenAI', () => {
  it('pulls every page of completions grouped by every dimension, and costs by project and line item', async () => {
    const s = await sync({ sinceMs: T0 * 1000, untilMs: (T0 + 11 * DAY) * 1000 });
    // completions 1 page; embeddings, moderations and the 5 unit endpoints 1 (empty) page each
    expect(s.usage).toEqual({ pages: 8, buckets: 11, inserted: 22, replaced: 0, unchanged: 0 });
    expect(s.costs).toEqual({ pages: 1, lines: 11, inserted: 11, replaced: 0, unchanged: 0 });
    const q = fake.requests.find((r) => r.path === 'organization/usage/completions')!.query;
    expect(q.getAll('group_by')).toEqual([
      'project_id',
      'user_id',
      'api_key_id',
      'model',
      'batch',
      'service_tier',
    ]);
    expect([q.get('start_time'), q.get('end_time'), q.get('bucket_width'), q.get('limit')]).toEqual([
      String(T0),
      String(T0 + 11 * DAY),
      '1d',
      '31',
    ]);
    const c = fake.requests.find((r) => r.path === 'organization/costs')!.query;
    expect(c.getAll('group_by')).toEqual(['project_id', 'line_item']);
    expect([...store.invoices.values()][0]!.amountNano).toBe(12_500_000n);
    expect(store.names).toEqual([
      { kind: 'project', id: 'proj_a', name: 'Search' },
      { kind: 'user', id: 'user_1', name: 'Ada' },
      { kind: 'api_key', id: 'key_1', name: 'ci' },
    ]);
    expect(s.not_synced).toEqual([]);
    const images = fake.requests.find((r) => r.path === 'organization/usage/images')!.query;
    expect(images.getAll('group_by')).toEqual([
      'project_id',
      'user_id',
      'api_key_id',
      'model',
      'size',
      'source',
    ]);
    const stores = fake.requests.find((r) => r.path === 'organization/usage/vector_stores')!.query;
    expect(stores.getAll('group_by')).toEqual(['project_id']);
  });

  it('paging: --bucket 1h asks for 168 buckets a page and follows next_page', async () => {
    fake.data.set(
      'organization/usage/completions',
      Array.from({ length: 200 }, (_, i) => ({
        start_time: T0 + i * 3600,
        results: [completionsResult({ model: 'gpt-5.5', input_tokens: 1, num_model_requests: 1 })],
      })),
    );
    const s = await sync({ sinceMs: T0 * 1000, bucket: '1h' });
    // completions 2 pages; embeddings, moderations and the five unit endpoints 1 each
    expect(s.usage.pages).toBe(2 + 2 + 5);
    expect(s.usage.inserted).toBe(200);
  });

  it('re-syncing a window adds nothing; a changed bucket replaces the stored one', async () => {
    await sync({ sinceMs: T0 * 1000 });
    const again = await sync({ sinceMs: T0 * 1000 });
    expect(again.usage).toMatchObject({ inserted: 0, replaced: 0, unchanged: 22 });
    expect(again.costs).toMatchObject({ inserted: 0, replaced: 0, unchanged: 11 });
    const day9 = fake.data.get('organization/usage/completions')![9]!;
    day9.results[0] = { ...day9.results[0], input_tokens: 5000 };
    const third = await sync({ sinceMs: T0 * 1000 });
    expect(third.usage).toMatchObject({ inserted: 0, replaced: 1, unchanged: 21 });
    expect(store.events.size).toBe(22);
  });

  it('without --since: first sync reaches back 30 days, later syncs resume two days before the last bucket', async () => {
    const first = await sync();
    expect(first.endpoints[0]!.since).toBe('2025-11-11T00:00:00.000Z');
    fake.requests.length = 0;
    const second = await sync();
    expect(second.endpoints[0]!.since).toBe('2025-12-09T00:00:00.000Z'); // last bucket 12-11, minus 2 days
    expect(second.usage).toMatchObject({ inserted: 0, replaced: 0, unchanged: 6 });
    expect(
      fake.requests.find((r) => r.path === 'organization/usage/completions')!.query.get('start_time'),
    ).toBe(String(T0 + 8 * DAY));
  });

  it('past the retry budget: exit 5, pages before the failure stay committed', async () => {
    fake.data.set(
      'organization/usage/completions',
      Array.from({ length: 40 }, (_, i) => ({
        start_time: T0 - 30 * DAY + i * DAY,
        results: [completionsResult({ model: 'gpt-5.5', input_tokens: 1, num_model_requests: 1 })],
      })),
    );
    // page 1 served, then page 2 fails three times (the retry budget)
    fake.faults.set('organization/usage/completions', [undefined as never, '500', '500', '500']);
    const error = await sync({ sinceMs: (T0 - 30 * DAY) * 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteServiceError);
    expect((error as RemoteServiceError).exitCode).toBe(EXIT.remote);
    expect(store.events.size).toBe(31);
    expect(store.cursors.get('openai:completions')).toBe((T0 - 30 * DAY + 30 * DAY) * 1000);
  });
});
