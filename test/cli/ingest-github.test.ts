import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tempDir, tl } from './ingest-helpers.js';

describe('ingest --format github', () => {
  it('prints each rejected line as a GitHub Actions error annotation with file and line', () => {
    const db = join(tempDir(), 'l.db');
    const file = join('test', 'fixtures', 'store', 'bad-lines.jsonl');
    const r = tl(['ingest', file, '--db', db, '--format', 'github']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/7 inserted.*3 rejected/);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(3);
    expect(annotations.map((a) => /line=(\d+),/.exec(a)?.[1])).toEqual(['3', '6', '9']);
    expect(annotations[0]).toMatch(
      /^::error file=test\/fixtures\/store\/bad-lines\.jsonl,line=3,title=tokenledger ingest%3A line rejected::\S/,
    );
    expect(FIXTURES).toContain('store');
  });
});
