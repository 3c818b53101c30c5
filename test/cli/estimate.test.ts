import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** End-to-end tests of `tokenledger estimate` through the built CLI (dist/). */

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const FIX = join(ROOT, 'test', 'fixtures', 'estimate');
const cwd = mkdtempSync(join(tmpdir(), 'tokenledger-cli-estimate-'));

function tl(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, '--db', join(cwd, 'none.db'), ...args], {
    cwd,
    encoding: 'utf8',
    input: input ?? '',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tokenledger estimate', () => {
  it('prints the DESIGN.md JSON shape for one request', () => {
    const r = tl([
      'estimate',
      'Hello!',
      '--model',
      'gpt-4o',
      '--output-tokens',
      '100',
      '--max-output-tokens',
      '1000',
      '--at',
      '2026-11-01',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      model: 'gpt-4o',
      tier: 'standard',
      effort: null,
      requests: 1,
      input_tokens: 9,
      output_tokens: { p50: 100, p90: 150, max: 1000 },
      reasoning_tokens: { p50: 0, p90: 0, max: 0 },
      cost_usd: { p50: 0.0010225, p90: 0.0015225, max: 0.0100225 },
      long_context: false,
      context_window: 128000,
      fits: true,
      offered: true,
      sources: { output: 'flag', reasoning: 'default' },
      price_effective_from: '2024-08-06',
    });
  });

  it('--request: the API-reported count, and --model wins over the body (said on stderr)', () => {
    const r = tl([
      'estimate',
      '--request',
      join(FIX, 'cookbook-jargon.request.json'),
      '--model',
      'gpt-5.5',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--model gpt-5\.5 overrides the request's model gpt-4o/);
    const out = JSON.parse(r.stdout);
    // 124 on gpt-4o (API-reported); the GPT-5 family primes the reply with one token less.
    expect(out.input_tokens).toBe(123);
    expect(out.effort).toBe('medium');
  });

  it('reads standard input when no other input is given', () => {
    const r = tl(
      ['estimate', '--model', 'gpt-4o', '--json'],
      'Invent a new holiday and describe its traditions.',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).input_tokens).toBe(16);
  });

  it('--compare × --tier gives rows, marking tiers not offered', () => {
    const r = tl([
      'estimate',
      'Hi',
      '--compare',
      'gpt-5.5,gpt-5.5-pro',
      '--tier',
      'standard,priority',
      '--effort',
      'high',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.total).toBeNull();
    expect(
      out.rows.map(
        (x: { model: string; tier: string; offered: boolean }) => `${x.model}/${x.tier}/${x.offered}`,
      ),
    ).toEqual([
      'gpt-5.5/standard/true',
      'gpt-5.5/priority/true',
      'gpt-5.5-pro/standard/true',
      'gpt-5.5-pro/priority/false',
    ]);
    expect(out.rows[3].cost_usd).toBeNull();
  });

  it('--batch: rows per line and a total at the batch tier', () => {
    const r = tl(['estimate', '--batch', join(FIX, 'batch-input.jsonl'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(
      out.rows.map((x: { custom_id: string; tier: string; input_tokens: number }) => [
        x.custom_id,
        x.tier,
        x.input_tokens,
      ]),
    ).toEqual([
      ['request-1', 'batch', 20],
      ['request-2', 'batch', 22],
    ]);
    expect(out.total.requests).toBe(2);
    expect(out.total.input_tokens).toBe(42);
  });

  it('--batch --explain: a breakdown per row in --json, a summary with the uncertain lines on the terminal', () => {
    // Line 1 continues a stored conversation (previous_response_id): its count is a lower bound.
    const file = join(FIX, 'batch-explain.jsonl');
    const json = JSON.parse(tl(['estimate', '--batch', file, '--explain', '--json']).stdout);
    expect(json.rows[0].input_breakdown).toMatchObject({ text: 1, framing: 7, framing_rule: 'chat' });
    expect(json.rows[0].input_range).toEqual({ min: 8, max: null });
    expect(json.rows[0].input_uncertain[0]).toMatchObject({ kind: 'previous_response' });
    expect(json.rows[1].input_breakdown).toMatchObject({ text: 1, framing: 7, tools: 0, schema: 0 });
    expect(json.rows[1].input_range).toEqual({ min: 8, max: 8 });
    // Without --explain the exact row carries no breakdown; the uncertain one still its range.
    const plain = JSON.parse(tl(['estimate', '--batch', file, '--json']).stdout);
    expect(plain.rows[1].input_breakdown).toBeUndefined();
    expect(plain.rows[0].input_range).toEqual({ min: 8, max: null });
    const text = tl(['estimate', '--batch', file, '--explain']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /input tokens for 2 requests: 16 counted; the API may bill at least 16 \(no upper bound known\)/,
    );
    expect(text.stdout).toMatch(/framing +14 +roles, message boundaries, reply priming \(chat rule ×2\)/);
    expect(text.stdout).toMatch(
      /1 request holds parts that cannot be counted exactly:\n +a: .*previous_response_id/,
    );
  });

  it('--budget exits 3 and says by how much', () => {
    const r = tl([
      'estimate',
      'Hi',
      '--model',
      'gpt-4o',
      '--output-tokens',
      '1000',
      '--budget',
      '0.001',
      '--budget-on',
      'p50',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/over the budget of \$0\.001: over by \$0\.009/);
    expect(tl(['estimate', 'Hi', '--model', 'gpt-4o', '--output-tokens', '1000', '--budget', '1']).code).toBe(
      0,
    );
  });

  it('a model missing from the book is counted and shown unpriced; exit 2: no known family, disallowed effort, context overflow', () => {
    const unknown = tl(['estimate', 'Hi', '--model', 'gpt-5.7', '--json']);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toMatch(
      /warning: gpt-5\.7 is not in the price book; counting tokens with its family's encoding o200k_base/,
    );
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      model: 'gpt-5.7',
      input_tokens: 3 + 1 + 1 + 2,
      cost_usd: null,
      priced: false,
    });
    const alien = tl(['estimate', 'Hi', '--model', 'claude-9']);
    expect(alien.code).toBe(2);
    expect(alien.stderr).toMatch(/no known tokenizer for model "claude-9"/);
    const effort = tl(['estimate', 'Hi', '--model', 'gpt-5.5-pro', '--effort', 'low']);
    expect(effort.code).toBe(2);
    expect(effort.stderr).toMatch(
      /effort "low" is not accepted by gpt-5\.5-pro \(accepted: medium, high, xhigh\)/,
    );
    const file = join(cwd, 'big.txt');
    writeFileSync(file, ' a'.repeat(120_000));
    const overflow = tl(['estimate', '--file', file, '--model', 'gpt-4o', '--max-output-tokens', '16000']);
    expect(overflow.code).toBe(2);
    expect(overflow.stderr).toMatch(
      /120\d{3} input \+ 16000 max output = \d+ tokens exceeds gpt-4o's context window of 128000/,
    );
  });

  it('special-token strings are ordinary text', () => {
    const r = tl(['estimate', '<|endoftext|>', '--model', 'gpt-4o', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).input_tokens).toBe(3 + 1 + 7 + 3);
  });

  it('prints a table by default', () => {
    const r = tl(['estimate', 'Hi', '--model', 'gpt-5.5', '--effort', 'all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model\s+tier\s+effort\s+input/);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('gpt-5.5'))).toHaveLength(5);
  });

  it('--explain breaks the count down; a previous_response_id request gives a range, not a silent number', () => {
    const RECORDED = join(ROOT, 'test', 'fixtures', 'recorded');
    // crewAI recording: gpt-4o-mini Responses call, 40 input tokens reported (server-side history included).
    const req = join(RECORDED, '26-resp-4omini-previous-response-id', 'request.json');
    const text = tl(['estimate', '--request', req, '--explain', '--at', '2026-11-01']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /input tokens for gpt-4o-mini: 12 counted; the API may bill at least 12 \(no upper bound known\)/,
    );
    expect(text.stdout).toMatch(/framing +7 +roles, message boundaries, reply priming \(chat rule\)/);
    expect(text.stdout).toMatch(/uncertain .*previous_response_id: the stored conversation is billed again/);
    const json = JSON.parse(tl(['estimate', '--request', req, '--explain', '--json']).stdout);
    expect(json.input_tokens).toBe(12);
    expect(json.input_breakdown).toMatchObject({ text: 5, framing: 7, tools: 0, schema: 0, images: 0 });
    expect(json.input_range).toEqual({ min: 12, max: null });
    expect(json.input_uncertain[0]).toMatchObject({ kind: 'previous_response', max: null });
    // Without --explain the table still says the count is a lower bound.
    expect(tl(['estimate', '--request', req]).stdout).toMatch(
      /note: gpt-4o-mini: input counted 12, the API may bill 12 or more \(previous_response/,
    );
  });

  it('--explain on a structured-output request shows the schema part (76 reported by the API)', () => {
    const req = join(ROOT, 'test', 'fixtures', 'recorded', '23-resp-4omini-json-schema', 'request.json');
    const json = JSON.parse(tl(['estimate', '--request', req, '--explain', '--json']).stdout);
    expect(json.input_breakdown.schema).toBeGreaterThan(50);
    expect(Math.abs(json.input_tokens - 76)).toBeLessThanOrEqual(4);
    expect(json.input_range).toEqual({ min: json.input_tokens, max: json.input_tokens });
    expect(json.input_uncertain).toEqual([]);
  });
});
