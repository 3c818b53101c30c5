import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `tokenledger cost` for per-unit usage through the built CLI (dist/): speech characters (tts-1,
 * tts-1-hd per 1M characters), transcription seconds (whisper-1 per minute, billed per second) and
 * images (DALL·E by size and quality), priced exactly from the book's tool_fees entries; bad input
 * is one line naming the flag, the value and what is accepted (exit 2).
 */
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const cwd = mkdtempSync(join(tmpdir(), 'tokenledger-cli-cost-units-'));

function tl(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]) {
  const r = tl(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** A refusal: exit 2, exactly one stderr line, nothing on stdout. */
function refused(...args: string[]): string {
  const r = tl(...args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  return r.stderr.trimEnd();
}

describe('cost: per-unit models', () => {
  it('prices speech characters per 1M characters, exactly (tts-1 $15, tts-1-hd $30)', () => {
    const r = json('cost', '--model', 'tts-1-hd', '--speech-characters', '1234567');
    // 1,234,567 × $30 / 1M = $37.03701 (exact; a float path would print 37.037009999…)
    expect(r).toMatchObject({
      model: 'tts-1-hd',
      tier: 'standard',
      long_context: false,
      price_effective_from: '2023-11-06',
      tokens: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
      cost: { input_usd: 0, output_usd: 0, fees_usd: 0, total_usd: 37.03701, units_usd: 37.03701 },
      units: [
        {
          unit: 'speech_characters',
          quantity: 1234567,
          usd_per_unit: 30,
          per: '1M characters',
          price_effective_from: '2023-11-06',
          cost_usd: 37.03701,
        },
      ],
    });
    expect(json('cost', '--model', 'tts-1', '--speech-characters', '5000').cost.total_usd).toBe(0.075);
  });

  it('prices transcription seconds per minute, billed to the second (whisper-1 $0.006/min)', () => {
    // 601 s = 10 min 1 s: $0.0601, not a rounded-up 11 minutes
    const r = json('cost', '--model', 'whisper-1', '--transcription-seconds', '601');
    expect(r.cost.total_usd).toBe(0.0601);
    expect(r.units[0]).toMatchObject({ unit: 'transcription_seconds', per: 'minute', usd_per_unit: 0.006 });
  });

  it('prices images by size and quality as the book lists them', () => {
    const hd = json('cost', '--model', 'dall-e-3', '--images', '3', '--size', '1024x1792', '--quality', 'hd');
    expect(hd.cost.total_usd).toBe(0.36);
    expect(hd.units[0]).toMatchObject({
      unit: 'images',
      size: '1024x1792',
      quality: 'hd',
      usd_per_unit: 0.12,
    });
    const std = json(
      'cost',
      '--model',
      'dall-e-3',
      '--images',
      '3',
      '--size',
      '1024x1024',
      '--quality',
      'standard',
    );
    expect(std.cost.total_usd).toBe(0.12);
    // dall-e-2 is priced by size only
    expect(json('cost', '--model', 'dall-e-2', '--images', '10', '--size', '512x512').cost.total_usd).toBe(
      0.18,
    );
  });

  it('prints a table whose rounded total agrees with the exact total under it', () => {
    const r = tl('cost', '--model', 'tts-1', '--speech-characters', '5000');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('speech characters ($15.00 per 1M characters)');
    expect(r.stdout).toMatch(/total\s+\$0\.08\n/); // $0.075 half-up to the cent
    expect(r.stdout).toContain('exact total: $0.075');
  });

  it('refuses images without the size and quality their price needs, naming what is accepted', () => {
    expect(refused('cost', '--model', 'dall-e-3', '--images', '2')).toBe(
      'tokenledger: --size: is needed: dall-e-3 prices images by size and quality (accepted: 1024x1024, 1024x1792, 1792x1024)',
    );
    expect(refused('cost', '--model', 'dall-e-3', '--images', '2', '--size', '1024x1024')).toBe(
      'tokenledger: --quality: is needed: dall-e-3 prices images by size and quality (accepted: standard, hd)',
    );
    expect(
      refused('cost', '--model', 'dall-e-3', '--images', '2', '--size', '512x512', '--quality', 'hd'),
    ).toBe(
      'tokenledger: --size: dall-e-3 has no image price for size "512x512" (accepted: 1024x1024, 1024x1792, 1792x1024)',
    );
    expect(
      refused('cost', '--model', 'dall-e-2', '--images', '2', '--size', '512x512', '--quality', 'hd'),
    ).toBe(
      'tokenledger: --quality: dall-e-2 is not priced by quality ("hd") (accepted: leave --quality out)',
    );
    expect(refused('cost', '--model', 'dall-e-3', '--images', '1', '--size', 'big')).toMatch(
      /^tokenledger: --size: "big" is not an image size \(accepted: WIDTHxHEIGHT/,
    );
    expect(refused('cost', '--model', 'dall-e-3', '--images', '1', '--quality', 'ultra')).toBe(
      'tokenledger: --quality: unknown image quality "ultra" (accepted: standard, hd)',
    );
    expect(
      refused('cost', '--model', 'gpt-5.5', '--input', '1', '--output', '1', '--size', '1024x1024'),
    ).toBe('tokenledger: --size: needs --images');
  });

  it('refuses units a model has no price for, token flags on a per-unit model, and bad counts', () => {
    expect(refused('cost', '--model', 'gpt-5.5', '--input', '10', '--output', '10', '--images', '3')).toBe(
      'tokenledger: --images: gpt-5.5 has no per-image price in the book (accepted: models priced so: dall-e-2, dall-e-3)',
    );
    expect(refused('cost', '--model', 'tts-1', '--transcription-seconds', '4')).toBe(
      'tokenledger: --transcription-seconds: tts-1 has no per-minute (transcription) price in the book (accepted: models priced so: whisper-1)',
    );
    expect(refused('cost', '--model', 'tts-1', '--input', '5', '--output', '3')).toBe(
      'tokenledger: --input: tts-1 is priced per unit (speech characters), not per token or call: leave --input out',
    );
    expect(refused('cost', '--model', 'tts-1')).toBe(
      'tokenledger: --model: tts-1 is priced per unit: give --speech-characters N',
    );
    expect(refused('cost', '--model', 'tts-1', '--speech-characters', '5', '--tier', 'batch')).toBe(
      'tokenledger: --tier: tts-1 has one per-unit price, no tiers (accepted: standard)',
    );
    expect(refused('cost', '--model', 'tts-1', '--speech-characters', '5', '--at', '2023-01-01')).toBe(
      'tokenledger: --speech-characters: tts-1 has no per-character (speech) price in force on 2023-01-01 (accepted: --at from 2023-11-06)',
    );
    expect(refused('cost', '--model', 'tts-1', '--speech-characters', '-5')).toBe(
      'tokenledger: --speech-characters: "-5" is not a number of characters (accepted: a whole number ≥ 0)',
    );
    expect(refused('cost', '--model', 'whisper-1', '--transcription-seconds', '1.5')).toBe(
      'tokenledger: --transcription-seconds: "1.5" is not a number of seconds (accepted: a whole number ≥ 0)',
    );
  });

  it('adds a per-unit price a --pricing book gives a token model to its token cost', () => {
    const book = join(cwd, 'tts.json');
    writeFileSync(
      book,
      JSON.stringify({
        tool_fees: [
          {
            id: 'speech',
            unit: 'million_characters',
            models: ['gpt-4o-mini-tts'],
            versions: [
              {
                effective_from: '2025-03-20',
                usd_per_unit: '12.00',
                sources: ['https://example.com/contract'],
              },
            ],
          },
        ],
      }),
    );
    const args = ['cost', '--model', 'gpt-4o-mini-tts', '--input', '100', '--output', '0'];
    const tokensOnly = json('--pricing', book, ...args).cost.total_usd;
    const r = json('--pricing', book, ...args, '--speech-characters', '1000');
    expect(r.cost.units_usd).toBe(0.012);
    expect(r.cost.total_usd).toBe(Number((tokensOnly + 0.012).toFixed(9)));
  });

  it('documents the flags in --help', () => {
    const help = tl('cost', '--help').stdout;
    for (const f of ['--speech-characters', '--transcription-seconds', '--images', '--size', '--quality'])
      expect(help).toContain(f);
    expect(help).toContain('tokenledger cost --model dall-e-3 --images 4 --size 1024x1024 --quality hd');
  });
});
