import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ledger } from '../../../../src/store/ledger.js';
import { insertRollup, type RollupRow, testLedger } from './ledger.js';

export const FIXTURE_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'report');
export const MIDMONTH_PRICING = join(FIXTURE_DIR, 'pricing-midmonth.json');

/** The October 2026 report fixture rows. */
export function octoberRows(): RollupRow[] {
  return (JSON.parse(readFileSync(join(FIXTURE_DIR, 'october-2026.json'), 'utf8')) as { rows: RollupRow[] })
    .rows;
}

/** The October 2026 report fixture as a ledger at `path` (or in memory). */
export async function octoberLedger(path = ':memory:'): Promise<Ledger> {
  const ledger = await testLedger(path);
  await insertRollup(ledger, octoberRows());
  return ledger;
}
