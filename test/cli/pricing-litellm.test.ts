import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `pricing import litellm` and `pricing diff` through the built CLI, on the pinned LiteLLM fixture. */

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const FIXTURE = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'pricing',
  'litellm',
  'model_prices_and_context_window.json',
);
const cwd = mkdtempSync(join(tmpdir(), 'tokenledger-cli-litellm-'));

function tl(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tokenledger pricing import litellm', () => {
  it('writes an override book that --pricing loads, with new prices only from --effective-from', () => {
    const out = join(cwd, 'litellm-book.json');
    const r = tl(
      'pricing',
      'import',
      'litellm',
      FIXTURE,
      '--out',
      out,
      '--effective-from',
      '2026-12-01',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out, models: 76, known: 72, added: 4, skipped: 88 });
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).models.length).toBe(76);
    const show = (at: string) =>
      JSON.parse(tl('--pricing', out, 'pricing', 'show', 'gpt-5.5', '--at', at, '--json').stdout);
    const priority = (s: { versions: { prices: { tier: string; context: string; input: number }[] }[] }) =>
      s.versions[0]!.prices.find((p) => p.tier === 'priority' && p.context === 'short')?.input;
    expect(priority(show('2026-11-30'))).toBe(12.5);
    expect(priority(show('2026-12-01'))).toBe(10);
  });

  it('prints a summary and warnings in text mode', () => {
    const r = tl(
      'pricing',
      'import',
      'litellm',
      FIXTURE,
      '--out',
      join(cwd, 'b.json'),
      '--effective-from',
      '2026-12-01',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/76 models \(72 known to the book get a version from 2026-12-01, 4 added\)/);
    expect(r.stderr).toMatch(/warning: gpt-5-nano: priority has only input keys/);
  });

  it('exits 2 with one line for a file that is not a LiteLLM price map', () => {
    const r = tl('pricing', 'import', 'litellm', join(cwd, 'missing.json'), '--out', join(cwd, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/missing\.json/);
  });
});

describe('tokenledger pricing diff', () => {
  it('lists model by model, field by field where the file disagrees (exit 0, --json)', () => {
    const r = tl('pricing', 'diff', FIXTURE, '--at', '2026-08-02', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ compared: 72, same: 38, differ: 34, not_in_book: 4, only_in_book: 14 });
    const gpt55 = out.models.find((m: { model: string }) => m.model === 'gpt-5.5');
    expect(gpt55.fields).toContainEqual({ field: 'priority.output', book: '75', litellm: '60' });
    expect(out.only_in_book).toContain('gpt-4-32k');
  });

  it('prints a table and a summary line', () => {
    const r = tl('pricing', 'diff', FIXTURE, '--at', '2026-08-02');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/gpt-5\.5-pro\s+standard\.cached_input\s+30\s+3/);
    expect(r.stdout).toMatch(/72 models compared at 2026-08-02: 38 agree, 34 differ/);
  });
});
