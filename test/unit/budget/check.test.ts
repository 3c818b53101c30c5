import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBudgets } from '../../../src/budget/budget.js';
import { checkBudgets, type DaySpend, type SpendSource } from '../../../src/budget/check.js';
import { ledgerSpendSource } from '../../../src/budget/ledger-spend.js';
import { resolveAsOf } from '../../../src/budget/period.js';
import type { PlannedRun } from '../../../src/budget/planned-run.js';
import { type Money, parseUsd } from '../../../src/money.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { openLedger } from '../../../src/store/open-ledger.js';
import { daily, seedLedger } from '../../fixtures/budget/seed-ledger.js';

const usd = (v: string) => parseUsd(v)!;
const utc = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** $10 every day in every scope. */
const tenADay: SpendSource = (q) => {
  const m = new Map<number, DaySpend>();
  for (let d = q.sinceMs; d < q.untilMs; d += 86_400_000)
    m.set(d, { amount: usd('10'), unpricedRequests: 0 });
  return m;
};

describe('checkBudgets', () => {
  const budgets = parseBudgets([
    { name: 'month', period: 'month', limit_usd: 400 },
    { name: 'week', period: 'week', limit_usd: 50 },
    { name: 'day', period: 'day', limit_usd: 10 },
  ]);

  it('sums the period to as-of and forecasts the rest of it', async () => {
    const [m, w, d] = await checkBudgets({
      budgets,
      asOf: resolveAsOf('2026-08-19', 'UTC', 0),
      zone: 'UTC',
      spend: tenADay,
    });
    // August 1–19: $190, 12 days left at $10 → $310; status ok (47.5%).
    expect([m!.spent, m!.forecast, m!.evaluation.status]).toEqual([usd('190'), usd('310'), 'ok']);
    expect(m!.projection.method).toBe('weekday');
    // Week of Mon 17 Aug: 3 days = $30 (60% → warn), forecast $70 > $50.
    expect([w!.period.label, w!.spent, w!.forecast, w!.evaluation.status]).toEqual([
      '2026-W34',
      usd('30'),
      usd('70'),
      'warn',
    ]);
    expect(w!.evaluation.forecastOver).toBe(true);
    // The whole of 19 Aug: $10 of $10 → 100% reached, not over.
    expect([d!.spent, d!.evaluation.status]).toEqual([usd('10'), 'warn']);
  });

  it('adds a planned run to spent and forecast, filtered by the scope’s model and tier', async () => {
    const scoped = parseBudgets([
      { name: 'all', period: 'month', limit_usd: 400 },
      { name: 'pro', period: 'month', limit_usd: 400, scope: { model: 'gpt-5.5-pro' } },
      { name: 'batch-proj', period: 'month', limit_usd: 400, scope: { tier: 'batch', project: 'evals' } },
    ]);
    const plus: PlannedRun = {
      source: 'plan.jsonl',
      items: [
        { modelIds: ['gpt-5.5'], family: 'gpt-5.5', tier: 'batch', cost: usd('100') },
        { modelIds: ['gpt-4o'], family: 'gpt-4o', tier: 'standard', cost: usd('5') },
      ],
    };
    const asOf = resolveAsOf('2026-08-19', 'UTC', 0);
    const [all, pro, batch] = await checkBudgets({
      budgets: scoped,
      asOf,
      zone: 'UTC',
      spend: tenADay,
      plus,
    });
    expect([all!.planned, all!.spent, all!.forecast, all!.evaluation.status]).toEqual([
      usd('105'),
      usd('295'),
      usd('415'),
      'warn',
    ]);
    expect(pro!.planned).toBe(0n);
    // A filter on project cannot exclude a plan (unknown there); the tier filter keeps the batch part.
    expect(batch!.planned).toBe(usd('100'));
  });

  it('counts unpriced requests in the period only', async () => {
    const spend: SpendSource = () =>
      new Map([
        [utc('2026-07-30'), { amount: usd('1') as Money, unpricedRequests: 5 }],
        [utc('2026-08-02'), { amount: usd('1') as Money, unpricedRequests: 2 }],
      ]);
    const [m] = await checkBudgets({
      budgets,
      asOf: resolveAsOf('2026-08-03', 'UTC', 0),
      zone: 'UTC',
      spend,
    });
    expect(m!.unpricedRequests).toBe(2);
    expect(m!.spent).toBe(usd('1'));
  });
});

describe('ledgerSpendSource', () => {
  it('reads daily spend in the budget’s scope from the ledger (gpt-4o at $2.50 per 1M input)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tl-budget-')), 'ledger.db');
    await seedLedger(path, [
      ...daily('2026-08-01', '2026-08-10', () => 3, { project: 'search' }),
      ...daily('2026-08-01', '2026-08-10', () => 1, { project: 'chat' }),
      { at: '2026-08-05', usd: 1, model: 'mystery-model', project: 'chat' },
    ]);
    const ledger = await openLedger(path, { readonly: true });
    try {
      const spend = ledgerSpendSource(ledger, loadPriceBook());
      const budgets = parseBudgets([
        { name: 'all', period: 'month', limit_usd: 100 },
        { name: 'search', period: 'month', limit_usd: 100, scope: { project: 'search' } },
      ]);
      const [all, search] = await checkBudgets({
        budgets,
        asOf: resolveAsOf('2026-08-10', 'UTC', 0),
        zone: 'UTC',
        spend,
      });
      expect(all!.spent).toBe(usd('40'));
      expect(all!.unpricedRequests).toBe(1);
      expect(search!.spent).toBe(usd('30'));
      // 10 days of history → flat rate of the last 7 days ($3), 21 days left.
      expect(search!.projection.method).toBe('flat');
      expect(search!.forecast).toBe(usd('93'));
      expect(search!.evaluation.status).toBe('ok');
    } finally {
      await ledger.close();
    }
  });

  it('counts gateway fees unless include_fees is false', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tl-budget-')), 'ledger.db');
    await seedLedger(path, [{ at: '2026-08-05', usd: 10, gateway: 'openrouter' }]);
    const ledger = await openLedger(path, { readonly: true });
    try {
      const budgets = parseBudgets([
        { name: 'with-fees', period: 'month', limit_usd: 100 },
        { name: 'tokens-only', period: 'month', limit_usd: 100, include_fees: false },
      ]);
      const spend = ledgerSpendSource(ledger, loadPriceBook());
      const [withFees, tokensOnly] = await checkBudgets({
        budgets,
        asOf: resolveAsOf('2026-08-10', 'UTC', 0),
        zone: 'UTC',
        spend,
      });
      expect(withFees!.spent).toBe(usd('10.55')); // OpenRouter: 5.5% on card top-ups, on top
      expect(tokensOnly!.spent).toBe(usd('10'));
    } finally {
      await ledger.close();
    }
  });
});
