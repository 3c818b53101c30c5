import { describe, expect, it } from 'vitest';
import { versionProblems } from '../../../src/pricing/continuity.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { versionAt } from '../../../src/pricing/rates.js';
import { book, writePriceFile } from './helpers.js';

const base = (versions: unknown[], aliases: string[] = []) => ({
  models: [{ id: 'm', family: 'f', aliases, context_window: 1000, max_output_tokens: 100, versions }],
});
const v = (from: string, until?: string) => ({
  effective_from: from,
  ...(until ? { effective_until: until } : {}),
  sources: ['https://example.com/p'],
  standard: { input: '1', output: '2' },
});
const problemsOf = (file: unknown) => {
  const b = loadPriceBook({ baseFile: writePriceFile(file) });
  return versionProblems(b, b.models.get('m')!);
};

describe('price versions: no overlap, no gap', () => {
  it.each([...book.models.keys()])('bundled %s has continuous versions', (id) => {
    expect(versionProblems(book, book.models.get(id)!)).toEqual([]);
  });

  it('passes a chain of versions, a retired last version and a snapshot dated on the first day', () => {
    expect(problemsOf(base([v('2024-01-01'), v('2024-06-01', '2025-01-01')], ['m-2024-01-01']))).toEqual([]);
  });

  it('fails an end that runs past the next version (overlap)', () => {
    expect(problemsOf(base([v('2024-01-01', '2024-07-01'), v('2024-06-01')]))).toEqual([
      'm: version 2024-01-01 runs past the next one (2024-06-01): overlap',
    ]);
  });

  it('fails an end before the next version starts (gap) and an end before the start', () => {
    expect(problemsOf(base([v('2024-01-01', '2024-05-01'), v('2024-06-01', '2024-06-01')]))).toEqual([
      "m: gap between version 2024-01-01's end and 2024-06-01",
      'm: version 2024-06-01 ends before it starts',
    ]);
  });

  it('fails a dated snapshot alias older than the first price (gap), ISO and MMDD names', () => {
    expect(problemsOf(base([v('2024-03-01')], ['m-2024-01-15', 'm-0613', 'm-0125']))).toEqual([
      'm: snapshot m-2024-01-15 is older than the first price (2024-03-01): gap',
      'm: snapshot m-0613 is older than the first price (2024-03-01): gap',
      'm: snapshot m-0125 is older than the first price (2024-03-01): gap',
    ]);
  });

  it('prices nothing after a retired version ends', () => {
    const b = loadPriceBook({ baseFile: writePriceFile(base([v('2024-01-01', '2024-02-01')])) });
    const m = b.models.get('m')!;
    expect(versionAt(m, Date.parse('2024-01-31T23:59:59Z'))?.effectiveFrom).toBe('2024-01-01');
    expect(versionAt(m, Date.parse('2024-02-01T00:00:00Z'))).toBeUndefined();
  });
});
