import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRows, RowEncoder } from '../../../src/ingest/run-rows.js';
import { pushEventValues } from '../../../src/store/event-rows.js';
import type { UsageEvent } from '../../../src/usage-event.js';

const text = fc.option(fc.string({ maxLength: 12 }), { nil: undefined });
const count = fc.nat({ max: 2 ** 40 });
const arbEvent = fc
  .record(
    {
      key: fc.string({ minLength: 1, maxLength: 20 }),
      kind: fc.constantFrom('request' as const, 'bucket' as const),
      tsMs: fc.nat({ max: 4e12 }),
      endMs: fc.nat({ max: 4e12 }),
      model: fc.constantFrom('gpt-5.5', 'o3', 'mystery', '\u00e9-model'),
      tier: fc.constantFrom('standard' as const, 'batch' as const, 'flex' as const, 'priority' as const),
      effort: fc.constantFrom('low' as const, 'high' as const),
      requests: count,
      inputTokens: count,
      cachedInputTokens: count,
      cacheWriteTokens: count,
      outputTokens: count,
      reasoningTokens: count,
      billed: fc.boolean(),
      reportedCostNano: fc.bigInt({ min: 0n, max: 10n ** 20n }),
      regional: fc.boolean(),
      project: text,
      user: text,
      apiKeyId: text,
      gateway: text,
      byok: fc.boolean(),
      format: fc.constantFrom('responses', 'chat'),
      sourceFile: fc.constantFrom('/a.jsonl', '/b.jsonl'),
      sourceLine: fc.nat(),
    },
    {
      requiredKeys: [
        'key',
        'kind',
        'tsMs',
        'model',
        'tier',
        'requests',
        'inputTokens',
        'cachedInputTokens',
        'cacheWriteTokens',
        'outputTokens',
        'reasoningTokens',
        'billed',
        'format',
      ],
    },
  )
  .chain((e) =>
    fc
      .option(fc.constantFrom({ team: 'a' }, { env: 'prod', team: 'b' }), { nil: undefined })
      .map((tags) => (tags ? { ...e, tags } : e)),
  );

describe('worker row encoding', () => {
  it('decodes to exactly the flat values the writer gets from the events themselves', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 30 }), (events) => {
        const list = events as unknown as UsageEvent[];
        const enc = new RowEncoder();
        const expected: unknown[] = [];
        for (const s of list) {
          enc.add(s);
          pushEventValues(s, expected);
        }
        expect(enc.count).toBe(list.length);
        const { rows } = enc.take();
        expect(decodeRows(rows)).toEqual(expected);
        expect(enc.count).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
