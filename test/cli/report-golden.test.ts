import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePg } from '../support/pg-database.js';
import { FIXTURE_DIR, MIDMONTH_PRICING, octoberLedger } from '../unit/report/helpers/fixture.js';

/**
 * Golden files for every report format on the October 2026 fixture (DST change in Europe/Berlin,
 * both month boundaries seen from Berlin, a mid-month price cut, unpriced usage). Compared strictly,
 * on a SQLite file and on a PostgreSQL ledger (the same goldens: the backend must not show);
 * regenerate with UPDATE_GOLDEN=1 npx vitest run test/cli/report-golden.test.ts and review the diff.
 */
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const GOLDEN = join(FIXTURE_DIR, 'golden');
const ENV = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true' };

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-report-golden-'));
  db = join(dir, 'ledger.db');
  await (await octoberLedger(db)).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: { file: string; args: string[] }[] = [
  { file: 'month-model-berlin.txt', args: ['--tz', 'Europe/Berlin', '--group-by', 'model'] },
  { file: 'month-model-utc.txt', args: ['--tz', 'UTC', '--group-by', 'model'] },
  { file: 'month-model-utc-wide.txt', args: ['--tz', 'UTC', '--group-by', 'model', '--wide'] },
  {
    file: 'day-model-team-berlin.csv',
    args: ['--tz', 'Europe/Berlin', '--period', 'day', '--group-by', 'model,tag:team', '--format', 'csv'],
  },
  {
    file: 'week-project-berlin.md',
    args: ['--tz', 'Europe/Berlin', '--period', 'week', '--group-by', 'project', '--format', 'markdown'],
  },
  {
    file: 'month-model-flex-whatif-berlin.json',
    args: ['--tz', 'Europe/Berlin', '--group-by', 'model', '--as-tier', 'flex', '--json'],
  },
  {
    file: 'day-focus-berlin.csv',
    args: [
      '--tz',
      'Europe/Berlin',
      '--period',
      'day',
      '--group-by',
      'model,project,gateway',
      '--format',
      'focus',
    ],
  },
  {
    file: 'october-total-kolkata.txt',
    args: [
      '--tz',
      'Asia/Kolkata',
      '--since',
      '2026-10-01',
      '--until',
      '2026-10-31',
      '--total',
      '--group-by',
      'project,user',
    ],
  },
];

/** The golden cases on the ledger `db()` names (a path or a URL, known once the suite runs). */
function goldenCases(db: () => string): void {
  for (const c of cases) {
    it(c.file, () => {
      const run = spawnSync(
        process.execPath,
        [CLI, '--db', db(), '--pricing', MIDMONTH_PRICING, 'report', ...c.args],
        { env: ENV, encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/report is incomplete|FOCUS export leaves out 10 billed request/);
      const path = join(GOLDEN, c.file);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
        if (process.env.UPDATE_GOLDEN !== '1')
          throw new Error(`missing golden file ${path} (run with UPDATE_GOLDEN=1)`);
        writeFileSync(path, run.stdout);
      }
      expect(run.stdout).toBe(readFileSync(path, 'utf8'));
    });
  }
}

describe('report golden files', () => goldenCases(() => db));

describePg('report golden files on PostgreSQL', (dbs) => {
  beforeAll(async () => {
    await (await octoberLedger(dbs.url)).close();
  });
  goldenCases(() => dbs.url);
});
