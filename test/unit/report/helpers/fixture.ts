import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteFile } from '../../../../src/store/sqlite-file.js';
import { insertRollup, type RollupRow, testLedger } from './ledger.js';

export const FIXTURE_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'report');
export const MIDMONTH_PRICING = join(FIXTURE_DIR, 'pricing-midmonth.json');

/** The October 2026 report fixture as a ledger at `path` (or in memory). */
export function octoberLedger(path = ':memory:'): SqliteFile {
  const data = JSON.parse(readFileSync(join(FIXTURE_DIR, 'october-2026.json'), 'utf8')) as {
    rows: RollupRow[];
  };
  const ledger = testLedger(path);
  insertRollup(ledger, data.rows);
  return ledger;
}
