import { describe, expect, it } from 'vitest';
import { parseBudgets } from '../../../src/budget/budget.js';
import { checkBudgets, type DaySpend, type SpendSource } from '../../../src/budget/check.js';
import type { FailOn } from '../../../src/budget/evaluate.js';
import { escapeData, escapeProperty, githubAnnotations } from '../../../src/budget/github.js';
import { resolveAsOf } from '../../../src/budget/period.js';
import { previousPeriodSpend } from '../../../src/budget/previous-spend.js';
import { renderBudgetMarkdown, renderBudgetText } from '../../../src/budget/render.js';
import { budgetCheckJson, type CheckReport, checkExitCode } from '../../../src/budget/report.js';
import { parseUsd } from '../../../src/money.js';

const perDay: SpendSource = (q) => {
  const m = new Map<number, DaySpend>();
  for (let d = q.sinceMs; d < q.untilMs; d += 86_400_000)
    m.set(d, { amount: parseUsd('10')!, unpricedRequests: 0 });
  return m;
};

async function report(failOn: FailOn = 'over'): Promise<CheckReport> {
  const budgets = parseBudgets([
    { name: 'org', period: 'month', limit_usd: 1000 },
    { name: 'team|a', period: 'month', limit_usd: 300 },
    { name: 'daily', period: 'day', limit_usd: 5 },
  ]);
  const asOf = resolveAsOf('2026-08-20', 'UTC', 0);
  const results = await checkBudgets({ budgets, asOf, zone: 'UTC', spend: perDay });
  return {
    asOf,
    zone: 'UTC',
    failOn,
    results,
    announcements: [{ result: results[1]!, keys: ['0.5', 'forecast'] }],
  };
}

describe('budget renderers', () => {
  it('text: one row per budget with status, forecast method, new alerts and the verdict', async () => {
    expect(renderBudgetText(await report())).toMatchInlineSnapshot(`
      "Budgets as of 2026-08-20 (UTC)
      budget  period        spent      limit    used  forecast  status                                       forecast method
      ------  ----------  -------  ---------  ------  --------  -------------------------------------------  -------------------------------------
      org     2026-08     $200.00  $1,000.00   20.0%   $310.00  ok                                           weekday-aware run rate (last 4 weeks)
      team|a  2026-08     $200.00    $300.00   66.6%   $310.00  warn: 50% reached; forecast over             weekday-aware run rate (last 4 weeks)
      daily   2026-08-20   $10.00      $5.00  200.0%    $10.00  over: 50%, 80%, 100% reached; forecast over  weekday-aware run rate (last 4 weeks)

      New alert for team|a: 50%, forecast over limit.
      Result: FAIL (fail on: over): daily."
    `);
  });

  it('markdown: a table for a PR comment, pipes escaped', async () => {
    const md = renderBudgetMarkdown(await report());
    expect(md).toContain('### tokenledger budgets — as of 2026-08-20 (UTC)');
    expect(md).toContain(
      '| 🟡 | team\\|a | 2026-08 | $200.00 | $300.00 | 66.6% | $310.00 | warn: 50% reached; forecast over |',
    );
    expect(md).toContain('| 🔴 | daily |');
    expect(md).toContain('- **New alert** for `team|a`: 50%, forecast over limit.');
  });

  it('markdown: a headline and the change since the same point of the last period, biggest first', async () => {
    const r = await report();
    const previous = await previousPeriodSpend(r.results, r.asOf, 'UTC', perDay);
    // $10 a day: August 1–20 so far against July 1–20; yesterday's full day against today's part
    expect(previous.get('org')).toBe(parseUsd('200'));
    const md = renderBudgetMarkdown({ ...r, previous: new Map([...previous, ['team|a', parseUsd('260')!]]) });
    expect(md).toContain('**3 budgets:** 🔴 1 over · 🟡 1 warn · 🟢 1 ok');
    const table = md.split('\n').filter((l) => /^\| (org|team|daily)/.test(l));
    expect(table[0]).toBe('| team\\|a | $260.00 | $200.00 | −$60.00 (−23.1%) |');
    expect(table).toContain('| org | $200.00 | $200.00 | $0.00 (0.0%) |');
  });

  it('github: ::error for failing budgets, ::warning for the other warn budgets, escaped', async () => {
    expect(githubAnnotations(await report())).toEqual([
      '::warning title=Budget team|a warn::team|a (2026-08): $200.00 of $300.00 (66.6%25), forecast $310.00 — warn: 50%25 reached; forecast over',
      '::error title=Budget daily over::daily (2026-08-20): $10.00 of $5.00 (200.0%25), forecast $10.00 — over: 50%25, 80%25, 100%25 reached; forecast over',
    ]);
    expect(githubAnnotations(await report('forecast'))[0]).toMatch(/^::error title=Budget team\|a warn::/);
    expect(escapeData('a%b\nc\r')).toBe('a%25b%0Ac%0D');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });

  it('exit code and JSON follow --fail-on', async () => {
    const r = await report();
    expect(checkExitCode({ ...r, results: r.results.slice(0, 1) })).toBe(0);
    expect(checkExitCode({ ...r, results: r.results.slice(0, 2) })).toBe(0);
    expect(checkExitCode({ ...r, failOn: 'forecast', results: r.results.slice(0, 2) })).toBe(3);
    expect(checkExitCode(r)).toBe(3);
    const json = budgetCheckJson(r);
    expect(json.budgets.map((b) => [b.name, b.status, b.crossed, b.fails, b.new_alerts])).toEqual([
      ['org', 'ok', [], false, []],
      ['team|a', 'warn', [0.5], false, ['0.5', 'forecast']],
      ['daily', 'over', [0.5, 0.8, 1], true, []],
    ]);
  });
});
