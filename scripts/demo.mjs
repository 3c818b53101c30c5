#!/usr/bin/env node
// `npm run demo`: tokenledger's main job on the bundled sample month (August 2026), through the
// built CLI exactly as a user would run it. Everything is written under demo-out/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const outDir = join(root, 'demo-out');
const db = relative(root, join(outDir, 'tokenledger.db'));
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

function step(title, args, { allowExit = [0] } = {}) {
  process.stdout.write(`\n### ${title}\n$ tokenledger ${args.join(' ')}\n`);
  try {
    execFileSync(process.execPath, [cli, ...args], {
      stdio: 'inherit',
      cwd: root,
      env: { ...process.env, NO_PROGRESS: '1' },
    });
  } catch (error) {
    if (!allowExit.includes(error.status)) throw error;
    process.stdout.write(`(exit ${error.status}, as expected)\n`);
  }
}

const aug = ['--since', '2026-08-01', '--until', '2026-08-31'];

process.stdout.write(
  'tokenledger demo: prices → a cost → a pre-flight estimate → ingest → report → budget\n',
);
step('1. The price book (USD per 1M tokens, effective-dated)', ['pricing', 'list']);
step('2. One request over the long-context threshold: every token at long-context rates', [
  'cost',
  '--model',
  'gpt-5.5',
  '--input',
  '300000',
  '--output',
  '1000',
]);
step(
  '3. Pre-flight: what will this Batch file cost? (--budget fails the gate: exit 3)',
  ['estimate', '--batch', 'data/samples/estimate/nightly-eval.jsonl', '--budget', '0.05'],
  { allowExit: [0, 3] },
);
step('4. Ingest the sample month: mixed formats, 3 planted bad lines, exactly once', [
  '--db',
  db,
  'ingest',
  '--allow-rejects',
  'data/samples/logs',
  'data/samples/dashboard',
]);
step('5. What Batch would have cost, by project', [
  '--db',
  db,
  'report',
  ...aug,
  '--group-by',
  'project',
  '--as-tier',
  'batch',
]);
step('6. The month as CSV, next to the database', [
  '--db',
  db,
  'report',
  ...aug,
  '--group-by',
  'model,project',
  '--format',
  'csv',
  '--out',
  join('demo-out', 'report-2026-08.csv'),
]);
step('7. August 2026 by model', ['--db', db, 'report', ...aug, '--group-by', 'model']);
step(
  '8. Budgets on 2026-08-24: one in warn, the build still passes (month to date: fewer unpriced requests than the whole month above)',
  [
    '--db',
    db,
    '--config',
    'data/samples/tokenledger.config.json',
    'budget',
    'check',
    '--as-of',
    '2026-08-24',
  ],
);
process.stdout.write(`\nWritten: ${db}, demo-out/report-2026-08.csv\n`);
