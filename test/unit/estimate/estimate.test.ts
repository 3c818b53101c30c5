import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/estimate/estimate.js';
import { ContextOverflowError, InvalidInputError, NotOfferedError } from '../../../src/errors.js';
import { loadPriceBook } from '../../../src/pricing/load.js';

const book = loadPriceBook();
const AT = Date.parse('2026-11-01T00:00:00Z');

describe('estimate', () => {
  it('prices input + projected output; max prices the whole cap', async () => {
    const { rows } = await estimate('Hello!', {
      book,
      model: 'gpt-4o',
      outputTokens: 100,
      maxOutputTokens: 1000,
      atMs: AT,
    });
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r.inputTokens).toBe(9);
    expect(r.effort).toBeNull();
    expect(r.output).toEqual({ p50: 100, p90: 150, max: 1000 });
    expect(r.reasoning).toEqual({ p50: 0, p90: 0, max: 0 });
    // gpt-4o: $2.50 in, $10 out per 1M → 9 × 2.5e-6 + 100 × 1e-5.
    expect(r.cost!.p50).toBe(9n * 2_500_000_000_000n + 100n * 10_000_000_000_000n);
    expect(r.cost!.max).toBe(9n * 2_500_000_000_000n + 1000n * 10_000_000_000_000n);
    expect(r.sources).toEqual({ output: 'flag', reasoning: 'default' });
  });

  it('reasoning models use the request effort, else the default; p50 ≤ p90 ≤ max', async () => {
    const { rows } = await estimate(
      {
        body: {
          model: 'gpt-5.5',
          input: 'Plan a trip',
          reasoning: { effort: 'high' },
          max_output_tokens: 20000,
        },
      },
      { book, atMs: AT },
    );
    const r = rows[0]!;
    expect(r.effort).toBe('high');
    expect(r.reasoning.p50).toBeGreaterThan(0);
    expect(r.reasoning.p50).toBeLessThanOrEqual(r.reasoning.p90);
    expect(r.output.p90).toBeLessThanOrEqual(r.output.max);
    expect(r.reasoning.max).toBe(20000);
    expect(r.cost!.p50 <= r.cost!.p90 && r.cost!.p90 <= r.cost!.max).toBe(true);
    const def = await estimate('Plan a trip', { book, model: 'gpt-5.5', atMs: AT });
    expect(def.rows[0]!.effort).toBe('medium');
  });

  it('--effort all × tiers gives one row per combination', async () => {
    const { rows } = await estimate('Hi', {
      book,
      model: 'gpt-5.5',
      effort: 'all',
      tiers: ['standard', 'batch'],
      atMs: AT,
    });
    expect(rows.map((r) => `${r.effort}/${r.tier}`)).toEqual([
      'none/standard',
      'none/batch',
      'low/standard',
      'low/batch',
      'medium/standard',
      'medium/batch',
      'high/standard',
      'high/batch',
      'xhigh/standard',
      'xhigh/batch',
    ]);
    const reasoning = rows.filter((r) => r.tier === 'standard').map((r) => r.reasoning.p50);
    expect([...reasoning].sort((a, b) => a - b)).toEqual(reasoning);
  });

  it('rejects an effort the model does not accept (gpt-5.5-pro: medium, high, xhigh)', async () => {
    await expect(estimate('Hi', { book, model: 'gpt-5.5-pro', effort: 'low', atMs: AT })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(estimate('Hi', { book, model: 'gpt-5.5-pro', effort: 'low', atMs: AT })).rejects.toThrow(
      /medium, high, xhigh/,
    );
  });

  it('input + max output over the context window is a ContextOverflowError with the numbers', async () => {
    const text = ' a'.repeat(120_000);
    const err = await estimate(text, { book, model: 'gpt-4o', maxOutputTokens: 16_000, atMs: AT }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ContextOverflowError);
    expect(err.message).toMatch(/exceeds gpt-4o's context window of 128000/);
    expect(err.exitCode).toBe(2);
  });

  it('over the long-context threshold the whole request is long-context priced; priority is then not offered', async () => {
    const text = ' a'.repeat(280_000);
    const { rows } = await estimate(text, {
      book,
      model: 'gpt-5.5',
      effort: 'none',
      outputTokens: 10,
      tiers: ['standard', 'priority'],
      atMs: AT,
    });
    expect(rows[0]!.inputTokens).toBeGreaterThan(272_000);
    expect(rows[0]!.longContext).toBe(true);
    expect(rows[1]!.offered).toBe(false);
    expect(rows[1]!.cost).toBeUndefined();
    await expect(
      estimate(text, { book, model: 'gpt-5.5', effort: 'none', tiers: ['priority'], atMs: AT }),
    ).rejects.toThrow(NotOfferedError);
  });

  it('retired models are counted with their encoding; models missing from the book are flagged unpriced', async () => {
    const prompt = 'What is the capital of France?';
    const retired = await estimate(prompt, { book, model: 'o1-mini-2024-09-12', atMs: AT });
    // 14 = the prompt_tokens o1-mini reported for this request (test/fixtures/recorded/29-chat-o1mini-basic).
    expect(retired.rows[0]).toMatchObject({ model: 'o1-mini', inputTokens: 14, priced: true });
    const { rows, warnings } = await estimate(prompt, { book, model: 'gpt-5.7-2026-12-01', atMs: AT });
    expect(rows[0]).toMatchObject({ model: 'gpt-5.7', inputTokens: 13, priced: false, cost: undefined });
    expect(warnings.join('\n')).toMatch(
      /gpt-5.7-2026-12-01 is not in the price book: input counted with o200k_base, not priced/,
    );
  });

  it('a model of no known family is an error naming the families', async () => {
    await expect(estimate('Hi', { book, model: 'claude-9', atMs: AT })).rejects.toThrow(/no known tokenizer/);
  });

  it('--compare gives one row per model', async () => {
    const { rows } = await estimate('Hi', {
      book,
      compare: ['gpt-5.5', 'gpt-5.5-pro', 'gpt-5.4-mini'],
      effort: 'high',
      atMs: AT,
    });
    expect(rows.map((r) => r.model)).toEqual(['gpt-5.5', 'gpt-5.5-pro', 'gpt-5.4-mini']);
    expect(rows[1]!.cost!.p50).toBeGreaterThan(rows[0]!.cost!.p50);
  });
});
