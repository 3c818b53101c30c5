import { describe, expect, it } from 'vitest';
import { tl } from './ingest-helpers.js';

/** Issue #14: numbers agree, limits hold, empty input is an error (through the built CLI). */
describe('cost and estimate: limits and rounding', () => {
  it('cost rounds half-up to the cent, agreeing with the exact total ($3.045 → $3.05)', () => {
    const r = tl(['cost', '--model', 'gpt-5.5', '--input', '300000', '--output', '1000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('exact total: $3.045');
    expect(r.stdout).toMatch(/total\s+301,000\s+\$3\.05/);
  });

  it('cost checks the context window like estimate (exit 2, one line)', () => {
    const r = tl(['cost', '--model', 'gpt-4o', '--input', '200000', '--output', '1000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^tokenledger: --input 200000 \+ --output 1000 = 201000 tokens exceeds gpt-4o's context window of 128000/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('estimate with empty text exits 2 instead of pricing a 7-token prompt', () => {
    const r = tl(['estimate', '', '--model', 'gpt-5.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tokenledger: TEXT: nothing to estimate: the text is empty (accepted: a non-empty prompt)\n',
    );
  });

  it('--output-tokens is the output p50, reasoning included (400, not 400 + reasoning)', () => {
    const r = tl(['estimate', 'hello world', '--model', 'gpt-5.5', '--output-tokens', '400', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output_tokens.p50).toBe(400);
    expect(out.output_tokens.p90).toBe(600);
    expect(out.reasoning_tokens.p50).toBeLessThanOrEqual(400);
    expect(out.reasoning_tokens.p50).toBeGreaterThan(0);
  });

  it('flag errors come from the flag schema: value, flag and accepted values', () => {
    const r = tl(['cost', '--model', 'gpt-5.5', '--input', '10', '--output', '1', '--tier', 'turbo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tokenledger: --tier: unknown tier "turbo" (accepted: standard, batch, flex, priority)\n',
    );
    const help = tl(['cost', '--help']);
    // Help wraps at the terminal width; compare with whitespace collapsed.
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'service tier served (standard, batch, flex, priority)',
    );
  });
});
