import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/ingest/redact.js';
import { maskSecrets } from '../../src/secrets.js';
import { maskRaw } from '../../src/store/mask.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('one secret-masking rule', () => {
  it('masks keys and bearer tokens in any case, everywhere the ledger stores text', () => {
    for (const mask of [maskSecrets, redact, maskRaw]) {
      expect(mask('key sk-proj-abcdef123456 end')).toBe('key [redacted] end');
      expect(mask('Authorization: Bearer abcdef.123456')).toBe('Authorization: [redacted]');
      expect(mask('{"h": "bearer abcdef123456"}')).toBe('{"h": "[redacted]"}');
      expect(mask('BEARER ABCDEF123456')).toBe('[redacted]');
      expect(mask('sk-short')).toBe('sk-short');
    }
  });

  it('is spelled once: no other source file holds a masking pattern', () => {
    const holders = sources(SRC).filter((f) =>
      /sk-\[A-Za-z0-9|bearer\\s|Bearer\\s/.test(readFileSync(f, 'utf8')),
    );
    expect(holders.map((f) => f.slice(SRC.length + 1))).toEqual(['secrets.ts']);
  });
});
