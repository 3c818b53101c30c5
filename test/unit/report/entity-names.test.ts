import { describe, expect, it } from 'vitest';
import { withEntityNames } from '../../../src/report/entity-names.js';
import type { SpendResult, SpendRow } from '../../../src/report/types.js';

const row = (keys: Record<string, string>) => ({ keys }) as unknown as SpendRow;
const result = (groupBy: string[]) =>
  ({
    query: { groupBy },
    rows: [row({ project: 'proj_a', user: 'user_9' }), row({ project: '(none)', user: 'user_1' })],
  }) as unknown as SpendResult;
const names = [
  { kind: 'project' as const, id: 'proj_a', name: 'Search' },
  { kind: 'user' as const, id: 'user_1', name: 'Ada' },
];

describe('withEntityNames', () => {
  it('human formats show "Name (id)", JSON adds <dim>_name, CSV keeps ids; unknown ids stay', () => {
    expect(withEntityNames(result(['project', 'user']), names, 'table').rows.map((r) => r.keys)).toEqual([
      { project: 'Search (proj_a)', user: 'user_9' },
      { project: '(none)', user: 'Ada (user_1)' },
    ]);
    expect(withEntityNames(result(['project']), names, 'json').rows[0]!.keys).toEqual({
      project: 'proj_a',
      project_name: 'Search',
      user: 'user_9',
    });
    const csv = result(['project']);
    expect(withEntityNames(csv, names, 'csv')).toBe(csv);
    const byModel = result(['model']);
    expect(withEntityNames(byModel, names, 'table')).toBe(byModel);
  });
});
