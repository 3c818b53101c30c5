import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** End-to-end tests of `tokenledger cost` and `tokenledger pricing` through the built CLI (dist/). */

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const cwd = mkdtempSync(join(tmpdir(), 'tokenledger-cli-pricing-'));

function tl(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const json = (...args: string[]) => {
  const r = tl(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('tokenledger cost', () => {
  it('prices a 300,000-token gpt-5.5 request entirely at long-context rates', () => {
    expect(json('cost', '--model', 'gpt-5.5', '--input', '300000', '--output', '1000')).toMatchObject({
      model: 'gpt-5.5',
      model_requested: 'gpt-5.5',
      tier: 'standard',
      long_context: true,
      price_effective_from: '2026-04-23',
      price_source: 'https://developers.openai.com/api/docs/pricing',
      regional: false,
      gateway: null,
      tokens: { input: 300000, cached_input: 0, cache_write: 0, output: 1000, reasoning: 0 },
      cost: {
        input_usd: 3,
        cached_input_usd: 0,
        cache_write_usd: 0,
        output_usd: 0.045,
        fees_usd: 0,
        total_usd: 3.045,
      },
    });
  });

  it('writes exact money with cached, cache-write, reasoning, tier, region and gateway', () => {
    const out = json(
      'cost',
      '--model',
      'openai/gpt-5.6-terra',
      '--input',
      '10000',
      '--cached',
      '3000',
      '--cache-write',
      '2000',
      '--output',
      '1000',
      '--reasoning',
      '600',
      '--tier',
      'flex',
      '--region',
      '--gateway',
      'cloudflare',
      '--at',
      '2026-08-01',
    );
    // flex terra after the cut: 5,000×1.00 + 3,000×0.10 + 2,000×1.25 + 1,000×6.00 per 1M = 0.0138, +10% = 0.01518; 5% fee
    expect(out.model).toBe('gpt-5.6-terra');
    expect(out.price_effective_from).toBe('2026-07-30');
    expect(out.cost).toMatchObject({
      input_usd: 0.0055,
      cached_input_usd: 0.00033,
      cache_write_usd: 0.00275,
      output_usd: 0.0066,
      fees_usd: 0.000759,
      total_usd: 0.015939,
    });
  });

  it('prints a human table by default', () => {
    const r = tl('cost', '--model', 'gpt-5.5', '--input', '300000', '--output', '1000', '--at', '2026-05-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gpt-5.5 · standard · LONG CONTEXT (whole request) · prices from 2026-04-23');
    expect(r.stdout).toContain('exact total: $3.045');
  });

  const bad: [string, string[], RegExp][] = [
    [
      'negative count',
      ['--input', '-5', '--output', '1'],
      /^tokenledger: --input: "-5" is not a token count \(accepted: a whole number ≥ 0/,
    ],
    [
      'fractional count',
      ['--input', '10', '--output', '1.5'],
      /^tokenledger: --output: "1.5" is not a token count \(accepted:/,
    ],
    [
      'cached > input',
      ['--input', '10', '--cached', '11', '--output', '1'],
      /^tokenledger: --cached \(11\) \+ --cache-write \(0\) exceeds --input \(10\)/,
    ],
    [
      'reasoning > output',
      ['--input', '10', '--output', '1', '--reasoning', '2'],
      /^tokenledger: --reasoning \(2\) exceeds --output \(1\)/,
    ],
    [
      'unknown tier',
      ['--input', '10', '--output', '1', '--tier', 'turbo'],
      /^tokenledger: --tier: unknown tier "turbo" \(accepted: standard, batch, flex, priority\)/,
    ],
    [
      'unknown gateway',
      ['--input', '10', '--output', '1', '--gateway', 'nope'],
      /^tokenledger: --gateway: unknown gateway "nope" \(accepted: openai, openrouter, aigateway, cloudflare, vercel\)/,
    ],
    [
      'malformed date',
      ['--input', '10', '--output', '1', '--at', '2026-02-30'],
      /^tokenledger: --at: invalid date "2026-02-30" \(accepted: YYYY-MM-DD/,
    ],
    ['missing input', ['--output', '1'], /^tokenledger: --input: is required/],
    [
      'tier not offered above 272K',
      ['--input', '300000', '--output', '1', '--tier', 'priority'],
      /tier "priority" is not offered for gpt-5\.5 above its long-context threshold \(offered: standard, batch, flex\)/,
    ],
  ];
  it.each(bad)('exits 2 with one stderr line for: %s', (_name, args, message) => {
    const r = tl('cost', '--model', 'gpt-5.5', ...args, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 naming the nearest ids for an unknown model', () => {
    const r = tl('cost', '--model', 'gpt-5.55', '--input', '1', '--output', '1');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tokenledger: --model: unknown model "gpt-5\.55" \(nearest known: gpt-5\.5, /);
  });

  it('exits 2 for an effort the model does not accept', () => {
    const r = tl('cost', '--model', 'gpt-5.5-pro', '--input', '1', '--output', '1', '--effort', 'low');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tokenledger: --effort: effort "low" is not accepted by gpt-5.5-pro (accepted: medium, high, xhigh)\n',
    );
  });
});

describe('tokenledger cost: audio, image, 12-hour cache writes and tool fees', () => {
  it('prices a realtime request line by line with --json fields for every class', () => {
    const out = json(
      'cost',
      '--model',
      'gpt-realtime',
      '--at',
      '2026-01-01',
      '--input',
      '12000',
      '--cached',
      '2000',
      '--audio-input',
      '9000',
      '--cached-audio-input',
      '2000',
      '--output',
      '3000',
      '--audio-output',
      '2500',
      '--web-search-calls',
      '2',
    );
    // text: 1,000 × 4 + 0 cached; audio: 7,000 × 32 + 2,000 × 0.40; out: 500 × 16 + 2,500 × 64 (per 1M); 2 searches × $0.01
    expect(out.tokens).toMatchObject({
      audio_input: 9000,
      cached_audio_input: 2000,
      audio_output: 2500,
      image_input: 0,
    });
    expect(out.cost).toEqual({
      input_usd: 0.012,
      cached_input_usd: 0,
      cache_write_usd: 0,
      output_usd: 0.008,
      fees_usd: 0,
      total_usd: 0.4248,
      cache_write_12h_usd: 0,
      audio_input_usd: 0.224,
      cached_audio_input_usd: 0.0008,
      audio_output_usd: 0.16,
      image_input_usd: 0,
      cached_image_input_usd: 0,
      image_output_usd: 0,
      tool_fees_usd: 0.02,
      units_usd: 0, // added field: per-unit usage (speech, transcription, images)
    });
    expect(out.tool_fees).toEqual([
      {
        tool: 'web_search',
        quantity: 2,
        usd_per_unit: 0.01,
        price_effective_from: '2025-03-11',
        cost_usd: 0.02,
      },
    ]);
  });

  it('prices web search by context size on search-preview models, file search, containers and storage', () => {
    const out = json(
      'cost',
      '--model',
      'gpt-4o-mini-search-preview',
      '--input',
      '0',
      '--output',
      '0',
      '--web-search-calls',
      '4',
      '--search-context',
      'high',
      '--file-search-calls',
      '10',
      '--code-interpreter-sessions',
      '3',
      '--vector-store-gb-days',
      '2.5',
    );
    expect(out.tool_fees.map((l: { tool: string; cost_usd: number }) => [l.tool, l.cost_usd])).toEqual([
      ['web_search', 0.12],
      ['file_search', 0.025],
      ['code_interpreter', 0.09],
      ['vector_store_storage', 0.25],
    ]);
    expect(out.cost.total_usd).toBe(0.485);
  });

  it('prices image and 12-hour cache-write tokens', () => {
    const img = json(
      'cost',
      '--model',
      'gpt-image-1',
      '--input',
      '1000',
      '--image-input',
      '1000',
      '--output',
      '5000',
      '--image-output',
      '5000',
    );
    expect(img.cost).toMatchObject({
      input_usd: 0,
      image_input_usd: 0.01,
      image_output_usd: 0.2,
      total_usd: 0.21,
    });
    const terra = json(
      'cost',
      '--model',
      'gpt-6.1-terra',
      '--input',
      '100000',
      '--cache-write',
      '100000',
      '--cache-write-12h',
      '40000',
      '--output',
      '0',
    );
    expect(terra.cost).toMatchObject({ cache_write_usd: 0.075, cache_write_12h_usd: 0.1, total_usd: 0.175 });
  });

  it('exits 2 naming the flag when a class does not fit its total, or a model has no price for it', () => {
    const r = tl(
      'cost',
      '--model',
      'gpt-realtime',
      '--input',
      '100',
      '--audio-input',
      '200',
      '--output',
      '0',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--audio-input/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const s = tl('cost', '--model', 'gpt-5.5', '--input', '100', '--output', '100', '--audio-output', '50');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/gpt-5.5 has no audio output price/);
    const c = tl(
      'cost',
      '--model',
      'gpt-5.5',
      '--input',
      '1',
      '--output',
      '1',
      '--web-search-calls',
      '1',
      '--search-context',
      'huge',
    );
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--search-context.*huge.*low, medium, high/);
  });
});

describe('tokenledger pricing', () => {
  it("shows the book's as-of date and tool fees in pricing list", () => {
    const out = json('pricing', 'list');
    expect(out.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(out.tool_fees).toContainEqual(
      expect.objectContaining({ tool: 'file_search', usd_per_unit: 0.0025 }),
    );
    expect(tl('pricing', 'list').stdout).toMatch(/price book as of \d{4}-\d{2}-\d{2}/);
  });

  it('lists every bundled model with rates and sources', () => {
    const out = json('pricing', 'list', '--at', '2026-09-01');
    expect(out.at).toBe('2026-09-01T00:00:00.000Z');
    expect(out.models.length).toBeGreaterThanOrEqual(39);
    const sol = out.models.find((m: { model: string }) => m.model === 'gpt-5.6-sol');
    expect(sol).toMatchObject({
      input: 4,
      cached_input: 0.4,
      output: 20,
      effective_from: '2026-08-21',
      long_context_threshold: 272000,
    });
    for (const m of out.models) {
      // GPT-6 models launched from 2026-09-03 on have no price yet on 2026-09-01.
      if (m.effective_from === null) expect(m.model).toMatch(/^gpt-6/);
      else expect(m.source).toMatch(/^https:\/\//);
    }
  });

  it('shows one model with every version, tier and context', () => {
    const out = json('pricing', 'show', 'openai/gpt-5.5-2026-04-23');
    expect(out).toMatchObject({
      model: 'gpt-5.5',
      context_window: 1050000,
      max_output_tokens: 128000,
      default_effort: 'medium',
    });
    const prices = out.versions[0].prices;
    expect(prices).toContainEqual(
      expect.objectContaining({
        tier: 'priority',
        context: 'short',
        input: 12.5,
        cached_input: 1.25,
        cache_write: 12.5,
        output: 75,
        audio_input: null,
        image_input: 12.5,
      }),
    );
    expect(prices).toContainEqual(
      expect.objectContaining({
        tier: 'standard',
        context: 'long',
        input: 10,
        cached_input: 1,
        cache_write: 10,
        output: 45,
      }),
    );
    expect(
      prices.some((p: { tier: string; context: string }) => p.tier === 'priority' && p.context === 'long'),
    ).toBe(false);
  });

  it('shows only the version in force with --at', () => {
    const out = json('pricing', 'show', 'o3', '--at', '2025-06-01');
    expect(out.versions).toHaveLength(1);
    expect(out.versions[0].effective_from).toBe('2025-04-16');
  });

  it('exits 2 for an unknown model', () => {
    const r = tl('pricing', 'show', 'gpt-9');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tokenledger: model: unknown model "gpt-9"/);
  });
});

describe('--pricing FILE', () => {
  const file = join(cwd, 'negotiated.json');
  writeFileSync(
    file,
    JSON.stringify({
      models: [
        {
          id: 'gpt-5.5',
          versions: [
            {
              effective_from: '2026-06-01',
              sources: ['https://example.com/contract'],
              standard: { input: '4.00', output: '20.00' },
            },
          ],
        },
      ],
    }),
  );

  it('changes a price from its effective date on', () => {
    const args = ['cost', '--model', 'gpt-5.5', '--input', '200000', '--output', '0'];
    expect(json('--pricing', file, ...args, '--at', '2026-07-01').cost.total_usd).toBe(0.8);
    expect(json('--pricing', file, ...args, '--at', '2026-05-01').cost.total_usd).toBe(1);
    expect(json(...args, '--at', '2026-07-01').cost.total_usd).toBe(1);
  });

  it('exits 2 naming the file, model and field of a broken price file', () => {
    const broken = join(cwd, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        models: [
          {
            id: 'gpt-5.5',
            versions: [
              {
                effective_from: '2026-06-01',
                sources: ['https://x.y'],
                standard: { input: 'cheap', output: 1 },
              },
            ],
          },
        ],
      }),
    );
    const r = tl('--pricing', broken, 'pricing', 'list');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tokenledger: broken.json: model "gpt-5.5" field versions[0].standard.input: expected a non-negative decimal with at most 6 decimals, e.g. "2.50"\n',
    );
  });
});

describe('--help', () => {
  const commands: [string[], string[]][] = [
    [
      ['cost'],
      [
        '--model',
        '--input',
        '--cached',
        '--cache-write',
        '--output',
        '--reasoning',
        '--tier',
        '--effort',
        '--region',
        '--gateway',
        '--byok',
        '--payment',
        '--topup',
        '--at',
      ],
    ],
    [['pricing'], ['list', 'show']],
    [['pricing', 'list'], ['--at']],
    [
      ['pricing', 'show'],
      ['<model>', '--at'],
    ],
  ];
  it.each(commands)('%s --help exits 0 and lists every option', (command, options) => {
    const r = tl(...command, '--help');
    expect(r.code).toBe(0);
    for (const option of options) expect(r.stdout).toContain(option);
  });
});
