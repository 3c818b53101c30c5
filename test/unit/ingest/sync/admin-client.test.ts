import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, RemoteServiceError, TokenledgerError } from '../../../../src/errors.js';
import { createAdminClient } from '../../../../src/ingest/sync/admin-client.js';
import { bucketPages, listAll } from '../../../../src/ingest/sync/pages.js';
import { backoffDelayMs, retryAfterMs } from '../../../../src/ingest/sync/retry.js';
import { completionsResult, type FakeOpenAI, startFakeOpenAI } from '../../../helpers/fake-openai.js';

const PATH = 'organization/usage/completions';
const DAY = 86_400;
const T0 = 1_764_547_200; // 2025-12-01T00:00:00Z

let fake: FakeOpenAI;
let sleeps: number[];
let debug: string[];

function client(key = fake.key, timeoutMs = 1000) {
  return createAdminClient({
    baseUrl: fake.url,
    key,
    retry: { attempts: 4, timeoutMs, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    onDebug: (line) => debug.push(line),
  });
}

async function pages(c = client(), limit = 2) {
  const out = [];
  for await (const p of bucketPages(c, PATH, [
    ['start_time', T0],
    ['limit', limit],
  ]))
    out.push(p);
  return out;
}

beforeEach(async () => {
  fake = await startFakeOpenAI();
  sleeps = [];
  debug = [];
  fake.data.set(
    PATH,
    Array.from({ length: 5 }, (_, i) => ({
      start_time: T0 + i * DAY,
      results: [completionsResult({ model: 'gpt-5.5', input_tokens: 10 + i, num_model_requests: 1 })],
    })),
  );
});
afterEach(() => fake.close());

describe('admin client', () => {
  it('follows next_page while has_more: 5 buckets in pages of 2 → 3 requests, all buckets once', async () => {
    const got = await pages();
    expect(got.map((p) => (p.data as unknown[]).length)).toEqual([2, 2, 1]);
    expect(fake.requests.map((r) => r.query.has('page'))).toEqual([false, true, true]);
    expect(fake.requests.every((r) => r.query.get('start_time') === String(T0))).toBe(true);
  });

  it('honours Retry-After on a 429', async () => {
    fake.retryAfter = '3';
    fake.faults.set(PATH, ['429']);
    expect(await pages()).toHaveLength(3);
    expect(sleeps).toEqual([3000]);
  });

  it('retries a 500, a slow response and a page cut off mid-JSON with capped exponential backoff', async () => {
    fake.slowMs = 400;
    fake.faults.set(PATH, ['500', 'slow', 'truncated']);
    expect(await pages(client(fake.key, 100))).toHaveLength(3);
    // random() = 0.5 → 3/4 of base·2^n: 375, 750, 1500
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(debug.some((d) => d.includes('no response within 100 ms'))).toBe(true);
    expect(debug.some((d) => d.includes('not JSON'))).toBe(true);
  });

  it('past the retry budget: RemoteServiceError (exit 5) naming the URL, never the key', async () => {
    fake.faults.set(PATH, ['truncated', 'html', 'truncated', '500']);
    const error = await pages().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteServiceError);
    const e = error as RemoteServiceError;
    expect(e.exitCode).toBe(EXIT.remote);
    expect(e.message).toContain(`${fake.url}/${PATH}?start_time=${T0}`);
    expect(e.message).toContain('after 4 attempts: HTTP 500');
    expect(e.message).not.toContain(fake.key);
  });

  it('a refused key is exit 2 "the admin key was refused", the key masked in the message and debug lines', async () => {
    const wrong = 'sk-admin-wrong-key-9876543210';
    const error = (await pages(client(wrong)).catch((e: unknown) => e)) as TokenledgerError;
    expect(error).toBeInstanceOf(TokenledgerError);
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toMatch(
      /^the admin key was refused \(HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/v1\//,
    );
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(wrong);
    expect(debug.join('\n')).not.toContain(wrong);
    expect(debug.join('\n')).not.toContain('wrong-key');
    expect(sleeps).toEqual([]); // never retried
  });

  it('a 429 asking to wait longer than the cap fails at once (exit 5)', async () => {
    fake.retryAfter = '3600';
    fake.faults.set(PATH, ['429']);
    const error = (await pages().catch((e: unknown) => e)) as RemoteServiceError;
    expect(error.exitCode).toBe(EXIT.remote);
    expect(error.message).toContain('asks to wait 3600 s');
  });

  it('lists every item of an admin list endpoint through `after`', async () => {
    const projects = Array.from({ length: 250 }, (_, i) => ({ id: `proj_${i}`, name: `Project ${i}` }));
    fake.data.set('organization/projects', projects as never);
    const got = await listAll(client(), 'organization/projects');
    expect(got.map((p) => p.id)).toEqual(projects.map((p) => p.id));
  });
});

describe('retry delays', () => {
  it('backoff stays within [cap/2, cap] of the capped exponential', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const policy = { baseDelayMs: 500, maxDelayMs: 30_000, random: () => r };
          const cap = Math.min(30_000, 500 * 2 ** n);
          const d = backoffDelayMs(n, policy);
          return d >= Math.floor(cap / 2) && d <= cap;
        },
      ),
    );
  });

  it('Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs('Tue, 01 Dec 2026 00:00:10 GMT', Date.parse('2026-12-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
