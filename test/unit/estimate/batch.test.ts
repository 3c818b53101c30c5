import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateBatchFile } from '../../../src/estimate/batch.js';
import { openCalibration } from '../../../src/estimate/calibrate.js';
import { estimate } from '../../../src/estimate/estimate.js';
import { InvalidInputError } from '../../../src/errors.js';
import { addMoney } from '../../../src/money.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { openLedger } from '../../../src/store/open-ledger.js';

const book = loadPriceBook();
const AT = Date.parse('2026-11-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'tl-estimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'estimate');

describe('estimateBatchFile', () => {
  it('estimates the reference batch input file per line and in total at the batch tier', async () => {
    const r = await estimateBatchFile(join(FIX, 'batch-input.jsonl'), { book, atMs: AT });
    expect(r.rows.map((x) => [x.customId, x.model, x.tier, x.inputTokens, x.output.max])).toEqual([
      ['request-1', 'gpt-4o-mini', 'batch', 20, 10],
      ['request-2', 'gpt-4o-mini', 'batch', 22, 10],
    ]);
    expect(r.total.inputTokens).toBe(42);
    expect(r.cost.max).toBe(addMoney(r.rows[0]!.cost!.max, r.rows[1]!.cost!.max));
  });

  it('a batch estimate equals the sum of its lines estimated one by one', async () => {
    const system = fc.constantFrom(
      'You are terse.',
      'You are a careful reviewer of contracts.',
      'Answer in French.',
    );
    const line = fc.record({
      model: fc.constantFrom('gpt-5.5', 'gpt-4o', 'o3'),
      system,
      user: fc.string({ minLength: 0, maxLength: 80 }),
      chat: fc.boolean(),
      cap: fc.integer({ min: 1, max: 4000 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        const bodies = lines.map((l) =>
          l.chat
            ? {
                model: l.model,
                messages: [
                  { role: 'system', content: l.system },
                  { role: 'user', content: l.user },
                ],
                max_completion_tokens: l.cap,
              }
            : { model: l.model, instructions: l.system, input: l.user, max_output_tokens: l.cap },
        );
        const file = join(dir, `b${run++}.jsonl`);
        const text = bodies.map((body, i) =>
          JSON.stringify({
            custom_id: `r${i}`,
            method: 'POST',
            url: body.messages ? '/v1/chat/completions' : '/v1/responses',
            body,
          }),
        );
        writeFileSync(file, `${text.join('\n')}\n`);
        const batch = await estimateBatchFile(file, { book, atMs: AT });
        let input = 0;
        const costs = { p50: [] as bigint[], p90: [] as bigint[], max: [] as bigint[] };
        for (const body of bodies) {
          const { rows } = await estimate({ body }, { book, tiers: ['batch'], atMs: AT });
          input += rows[0]!.inputTokens;
          costs.p50.push(rows[0]!.cost!.p50);
          costs.p90.push(rows[0]!.cost!.p90);
          costs.max.push(rows[0]!.cost!.max);
        }
        expect(batch.total.inputTokens).toBe(input);
        expect(batch.cost.p50).toBe(costs.p50.reduce((a, b) => a + b, 0n));
        expect(batch.cost.p90).toBe(costs.p90.reduce((a, b) => a + b, 0n));
        expect(batch.cost.max).toBe(costs.max.reduce((a, b) => a + b, 0n));
      }),
      { numRuns: 25 },
    );
  });

  it('names file:line for a bad line', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"custom_id":"a","method":"POST","url":"/v1/embeddings","body":{}}\n');
    await expect(estimateBatchFile(file, { book })).rejects.toThrow(InvalidInputError);
    await expect(estimateBatchFile(file, { book })).rejects.toThrow(/bad\.jsonl:1: url "\/v1\/embeddings"/);
  });
});

describe('ledger calibration', () => {
  async function seed(path: string, n: number) {
    const ledger = await openLedger(path);
    // Logged under two ids that mean one model: both count.
    const events = Array.from({ length: n }, (_, i) => ({
      key: `k${i}`,
      kind: 'request' as const,
      tsMs: AT + i,
      model: i % 2 ? 'gpt-5.5' : 'openai/gpt-5.5',
      tier: 'standard' as const,
      effort: 'high' as const,
      requests: 1,
      inputTokens: 100,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 3000 + i,
      reasoningTokens: 2000,
      billed: true,
      format: 'responses',
    }));
    await ledger.append({ events });
    await ledger.close();
  }

  it('is used once 30 samples exist, and says so', async () => {
    const path = join(dir, 'ledger30.db');
    await seed(path, 30);
    const calibration = (await openCalibration(path, book, 30))!;
    const { rows } = await estimate('Hi', { book, model: 'gpt-5.5', effort: 'high', calibration, atMs: AT });
    await calibration.close();
    expect(rows[0]!.sources).toEqual({ output: 'ledger (n=30)', reasoning: 'ledger (n=30)' });
    expect(rows[0]!.reasoning.p50).toBeGreaterThanOrEqual(2000);
  });

  it('falls back to the defaults below 30 samples or for another effort', async () => {
    const path = join(dir, 'ledger29.db');
    await seed(path, 29);
    const calibration = (await openCalibration(path, book, 30))!;
    const { rows } = await estimate('Hi', { book, model: 'gpt-5.5', effort: 'high', calibration, atMs: AT });
    expect(rows[0]!.sources.reasoning).toBe('default');
    await calibration.close();
    expect(await openCalibration(join(dir, 'missing.db'), book, 30)).toBeUndefined();
  });
});
