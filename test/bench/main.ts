/**
 * `npm run bench [-- --quick] [-- --only ingest,report]`: each section measures tokenledger
 * against a baseline on the same generated (seeded) data in the same run, prints the ratio, and
 * the figures are written to test/bench/results.json. Each section runs in its own child process,
 * so its peak RSS is its own and one section's heap does not slow the next.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sections } from './sections.js';

export interface BenchOptions {
  quick: boolean;
  /** Scratch folder for generated files, removed by each section when done. */
  tmpDir: string;
}

export type BenchSection = (options: BenchOptions) => Promise<Record<string, number>>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const child = args.includes('--child');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1]?.split(',') : undefined;
const resultsFile = join(root, 'test', 'bench', 'results.json');
const tmpDir = join(root, 'test', 'bench', 'tmp');
const RESULT_MARK = '@@bench-result ';

if (child) {
  const name = only?.[0] ?? '';
  const run = sections[name];
  if (!run) throw new Error(`unknown bench section "${name}" (known: ${Object.keys(sections).join(', ')})`);
  const figures = await run({ quick, tmpDir: join(tmpDir, name) });
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(figures)}\n`);
} else {
  const results: Record<string, Record<string, number>> = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, Record<string, number>>)
    : {};
  const unknown = only?.filter((n) => !(n in sections)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown bench section(s): ${unknown.join(', ')}`);
  for (const name of Object.keys(sections)) {
    if (only && !only.includes(name)) continue;
    process.stdout.write(`\n== ${name}${quick ? ' (quick)' : ''} ==\n`);
    const run = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--child',
        '--only',
        name,
        ...(quick ? ['--quick'] : []),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
    );
    const lines = (run.stdout ?? '').split('\n');
    const resultLine = lines.find((l) => l.startsWith(RESULT_MARK));
    process.stdout.write(lines.filter((l) => !l.startsWith(RESULT_MARK)).join('\n'));
    if (run.status !== 0 || !resultLine) throw new Error(`bench section ${name} failed (exit ${run.status})`);
    const figures = JSON.parse(resultLine.slice(RESULT_MARK.length)) as Record<string, number>;
    // A section with nothing to measure here (no PostgreSQL server) keeps its previous figures.
    if (Object.keys(figures).length === 0) continue;
    for (const [k, v] of Object.entries(figures)) process.stdout.write(`  ${k.padEnd(28)} ${v}\n`);
    results[name] = figures;
  }
  if (!quick) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(quick ? '\n(quick run: results.json not written)\n' : `\nwritten: ${resultsFile}\n`);
}
