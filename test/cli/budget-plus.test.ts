import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { daily, seedLedger } from '../fixtures/budget/seed-ledger.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PLAN = join(ROOT, 'test', 'fixtures', 'budget', 'planned-batch.jsonl');

function tl(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let db: string;
let config: string;
beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-budget-plus-'));
  db = join(dir, 'ledger.db');
  config = join(dir, 'tokenledger.config.json');
  await seedLedger(
    db,
    daily('2026-08-01', '2026-08-31', () => 10),
  );
});

interface PlusJson {
  plus: { source: string; figure: string; total_usd: number };
  budgets: {
    name: string;
    spent_usd: number;
    planned_usd: number;
    forecast_usd: number;
    status: string;
    new_alerts: string[];
  }[];
}

describe('budget check --plus FILE.jsonl', () => {
  it('adds the p90 estimate of a planned Batch file to spend and forecast, where the scope allows', () => {
    const estimate = JSON.parse(tl(['estimate', '--batch', PLAN, '--json']).stdout) as {
      total: { cost_usd: { p90: number } };
    };
    const p90 = estimate.total.cost_usd.p90;
    expect(p90).toBeGreaterThan(0);
    writeFileSync(
      config,
      JSON.stringify({
        budgets: [
          // $200 spent by 20 August; the plan pushes it over a limit just above.
          { name: 'org', period: 'month', limit_usd: 200.1 },
          { name: 'gpt-4o-only', period: 'month', limit_usd: 1000, scope: { model: 'gpt-4o' } },
          {
            name: 'gpt-5.5-batch',
            period: 'month',
            limit_usd: 1000,
            scope: { family: 'gpt-5.5', tier: 'batch' },
          },
        ],
      }),
    );
    const base = ['--db', db, '--config', config, 'budget', 'check', '--as-of', '2026-08-20', '--json'];
    const run = tl([...base, '--plus', PLAN]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout) as PlusJson;
    expect(json.plus).toEqual({ source: PLAN, figure: 'p90', total_usd: p90 });
    const [org, gpt4o, batch] = json.budgets;
    expect(org).toMatchObject({ planned_usd: p90, status: 'over' });
    expect(org!.spent_usd).toBeCloseTo(200 + p90, 9);
    expect(gpt4o).toMatchObject({ planned_usd: 0, spent_usd: 200, status: 'ok' });
    expect(batch).toMatchObject({ planned_usd: p90, spent_usd: p90 });
    // A what-if records no alert state: the next real check still announces 50% and 80%.
    expect(org!.new_alerts).toEqual([]);
    const after = tl(base);
    expect(after.code).toBe(0); // without the plan: $200 of $200.10 → warn
    expect((JSON.parse(after.stdout) as PlusJson).budgets[0]!.new_alerts).toEqual(['0.5', '0.8', 'forecast']);
  });

  it('reports a bad planned file as an input error (exit 2)', () => {
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'org', period: 'month', limit_usd: 100 }] }));
    const run = tl([
      '--db',
      db,
      '--config',
      config,
      'budget',
      'check',
      '--plus',
      join(ROOT, 'no-such-plan.jsonl'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-plan.jsonl');
  });
});
