import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `pricing check` on a SQLite ledger built from ingest fixtures, and the pointers to it. */

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const FIX = join(import.meta.dirname, '..', 'fixtures', 'ingest');
const cwd = mkdtempSync(join(tmpdir(), 'tokenledger-cli-check-'));

function tl(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', COLUMNS: '160', CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tokenledger pricing check', () => {
  const db = join(cwd, 'ledger.db');
  const ingest = tl(
    '--db',
    db,
    'ingest',
    join(FIX, 'chat', 'objects.jsonl'),
    join(FIX, 'llm-logs', 'logs.json'),
  );

  it('lists a tier the book does not price, with requests and first/last seen (exit 0, --json)', () => {
    expect(ingest.code).toBe(0);
    const r = tl('--db', db, 'pricing', 'check', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ db, models_seen: expect.any(Number) });
    expect(out.unpriced).toContainEqual({
      model: 'gpt-4o-mini-2024-07-18',
      tier: 'flex',
      problem: 'tier flex not offered (offered: standard, batch, priority)',
      requests: 1,
      first_seen: '2025-11-13',
      last_seen: '2025-11-13',
      suggestion: 'add a flex price to gpt-4o-mini in a --pricing file',
    });
  });

  it('says so when everything is priced, and prints a table otherwise', () => {
    const text = tl('pricing', 'check', '--db', db);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/gpt-4o-mini-2024-07-18\s+flex\s+tier flex not offered/);
    const empty = join(cwd, 'empty.db');
    tl('--db', empty, 'ingest', join(FIX, 'chat', 'objects.jsonl'));
    const clean = tl('--db', empty, 'pricing', 'check');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(
      /^everything in .*empty\.db is priced: 2 models at the tiers, contexts and regions used, and their non-text usage \(audio and image tokens, .*speech characters, transcription seconds, images\)$/m,
    );
  });

  it('is what report points to when usage is unpriced', () => {
    const r = tl('--db', db, 'report');
    expect(r.stderr).toMatch(/tokenledger pricing check lists what is unpriced/);
  });

  it('exits 2 with one line for a missing ledger', () => {
    const r = tl('--db', join(cwd, 'nope.db'), 'pricing', 'check');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
