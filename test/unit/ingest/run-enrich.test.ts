import { describe, expect, it } from 'vitest';
import { scrubEvent } from '../../../src/ingest/run-enrich.js';
import { tagsJson } from '../../../src/store/event-rows.js';
import type { UsageEvent } from '../../../src/usage-event.js';

const base: UsageEvent = {
  key: 'resp:1',
  kind: 'request',
  tsMs: Date.UTC(2026, 7, 3),
  model: 'gpt-5.5',
  tier: 'standard',
  requests: 1,
  inputTokens: 10,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 5,
  reasoningTokens: 0,
  billed: true,
  format: 'responses',
};

describe('event tags as stored', () => {
  it('writes canonical tag JSON (keys sorted), secrets scrubbed, the same on every (memoized) call', () => {
    const enrich = (e: UsageEvent) => ({ tags: tagsJson(scrubEvent(e).tags) });
    const tags = { team: 'a', auth: 'Bearer abcdefghijklmnop', env: 'prod' };
    const first = enrich({ ...base, tags });
    const again = enrich({ ...base, key: 'resp:2', tags: { ...tags } });
    const reordered = enrich({ ...base, key: 'resp:3', tags: { env: 'prod', team: 'a', auth: tags.auth } });
    expect(first.tags).toBe('{"auth":"[redacted]","env":"prod","team":"a"}');
    expect(again.tags).toBe(first.tags);
    expect(reordered.tags).toBe(first.tags);
    expect(enrich({ ...base, tags: { team: 'b' } }).tags).toBe('{"team":"b"}');
    expect(enrich({ ...base, tags: {} }).tags).toBeNull();
    expect(enrich(base).tags).toBeNull();
  });
});
