import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDataDir } from '../../../src/pricing/load.js';

describe('findDataDir', () => {
  it('finds data/ above a build nested deeper than dist/ (the bench build on a fresh clone)', () => {
    const root = mkdtempSync(join(tmpdir(), 'tl-datadir-'));
    mkdirSync(join(root, 'data', 'pricing'), { recursive: true });
    writeFileSync(join(root, 'data', 'pricing', 'openai.json'), '{}');
    const nested = join(root, '.bench-dist', 'src', 'pricing');
    mkdirSync(nested, { recursive: true });
    expect(findDataDir(nested)).toBe(join(root, 'data'));
    expect(findDataDir(join(root, 'dist', 'pricing'))).toBe(join(root, 'data'));
  });
});
