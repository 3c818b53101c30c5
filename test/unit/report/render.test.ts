import { describe, expect, it } from 'vitest';
import { money } from '../../../src/money.js';
import { zeroCost } from '../../../src/report/price.js';
import { renderCsv, safeText } from '../../../src/report/render-csv.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { renderTable } from '../../../src/report/render-table.js';
import type { SpendResult, SpendRow } from '../../../src/report/types.js';
import { parse } from './helpers/csv.js';

const USD = 10n ** 18n;

function row(keys: Record<string, string>, totalAtto: bigint, whatIfAtto?: bigint): SpendRow {
  const cost = { ...zeroCost(), input: money(totalAtto), total: money(totalAtto) };
  return {
    period: '2026-10',
    periodStartMs: Date.parse('2026-09-30T22:00:00Z'),
    periodEndMs: Date.parse('2026-10-31T23:00:00Z'),
    keys,
    requests: 1,
    inputTokens: 10,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    cost,
    costSource: 'computed',
    unpricedRequests: 0,
    unpricedWhy: [],
    ...(whatIfAtto === undefined
      ? {}
      : {
          whatIf: {
            cost: { ...zeroCost(), input: money(whatIfAtto), total: money(whatIfAtto) },
            unpricedRequests: 0,
            delta: money(whatIfAtto - totalAtto),
          },
        }),
  };
}

function result(rows: SpendRow[], groupBy: string[]): SpendResult {
  const total = row(
    {},
    rows.reduce((s, r) => s + r.cost.total, 0n),
    rows[0]?.whatIf ? rows.reduce((s, r) => s + (r.whatIf?.cost.total ?? 0n), 0n) : undefined,
  );
  return {
    query: {
      periodUnit: 'month',
      tz: 'Europe/Berlin',
      groupBy: groupBy as never,
      filters: {},
      ...(rows[0]?.whatIf ? { asTier: 'batch' as const } : {}),
    },
    basis: 'requests',
    sinceMs: Date.parse('2026-09-30T22:00:00Z'),
    untilMs: Date.parse('2026-10-31T23:00:00Z'),
    rows,
    total: { ...total, period: 'total' },
    incomplete: false,
    whatIfIncomplete: false,
  };
}

describe('CSV formula injection', () => {
  const hostile = ['=HYPERLINK("http://x","y")', '+cmd', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];

  it('neutralizes every text cell that starts with = + - @ tab or CR', () => {
    for (const h of hostile) expect(safeText(h)).toBe(`'${h}`);
    expect(safeText('search')).toBe('search');
    expect(safeText('a=b')).toBe('a=b');
  });

  it('guards names and tags in the CSV but leaves numbers (a negative what-if delta) alone', () => {
    const rows = hostile.map((h, i) =>
      row({ project: h, 'tag:team': h }, BigInt(i + 1) * USD, BigInt(i) * USD),
    );
    const records = parse(renderCsv(result(rows, ['project', 'tag:team']))) as string[][];
    const header = records[0]!;
    const p = header.indexOf('project');
    const t = header.indexOf('tag:team');
    const d = header.indexOf('what_if_delta_usd');
    hostile.forEach((h, i) => {
      expect(records[i + 1]![p]).toBe(`'${h}`);
      expect(records[i + 1]![t]).toBe(`'${h}`);
      expect(records[i + 1]![d]).toBe('-1');
    });
  });
});

describe('renderers', () => {
  it('table: costs to the cent, dust as <$0.01, numbers right-aligned, zone printed', () => {
    const text = renderTable(
      result([row({ model: 'gpt-5.5' }, USD / 1000n), row({ model: 'o3' }, 1234n * USD)], ['model']),
    );
    expect(text).toContain('zone Europe/Berlin');
    expect(text).toContain('<$0.01');
    expect(text).toContain('$1,234.00');
    const lines = text.split('\n');
    const totalCol = lines[1]!.indexOf('$ total') + '$ total'.length;
    expect(lines[3]!.slice(0, totalCol).endsWith('<$0.01')).toBe(true);
  });

  it('markdown escapes pipes and right-aligns numbers', () => {
    const md = renderMarkdown(result([row({ project: 'a|b' }, USD)], ['project']));
    expect(md).toContain('a\\|b');
    expect(md).toContain('| :--- | :--- | ---: |');
    expect(md).toContain('zone Europe/Berlin');
  });
});
