import type { Command } from 'commander';
import { EXIT, InvalidInputError } from '../../errors.js';
import { FORMATS } from '../../ingest/formats.js';
import { type IngestSummary, ingestFiles } from '../../ingest/run.js';
import { formatCount } from '../../render/table.js';
import { openLedger } from '../../store/open-ledger.js';
import { escapeData, escapeProperty } from '../../budget/github.js';
import { createContext } from '../context.js';
import { info, printJson, printLine } from '../output.js';
import { createProgress } from '../progress.js';

interface IngestFlags {
  format?: string;
  allowRejects?: boolean;
  rescan?: boolean;
}

const LISTED_ON_STDERR = 10;

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'add usage logs to the ledger, exactly once (re-runs, overlaps and appends add nothing twice)',
    )
    .argument(
      '<file...>',
      'log files or directories (read recursively, in sorted order); .gz is read transparently',
    )
    .option(
      '--format <name>',
      `force one log format instead of detecting it per file and line (${FORMATS.map((f) => f.name).join(', ')}); "github": detect as usual and print every rejected line as a GitHub Actions annotation (file and line) on stdout`,
    )
    .option(
      '--allow-rejects',
      'exit 0 even when some lines were rejected (they are still listed and kept in the rejects table)',
    )
    .option(
      '--rescan',
      're-read files from the start even when their checkpoint says unchanged (e.g. after an upgrade)',
    )
    .addHelpText(
      'after',
      `
Each record is keyed by its natural id (response/completion id, batch id + custom_id, bucket start
+ grouping, or a content hash), so ingesting a file twice, overlapping files, or the same response
seen in a stream transcript and a JSON dump adds it once. A checkpoint per file makes re-runs skip
unchanged files and read only the appended part of growing logs. Bad lines are rejected with
file:line and a reason (kept in the ledger's rejects table); the good lines around them are kept.

Exit codes: 0 ok · 2 missing/unreadable file or bad flag · 4 some lines rejected (0 with --allow-rejects)

Examples:
  tokenledger ingest logs/responses-2026-08.jsonl
  tokenledger ingest data/samples/logs --db demo.db --allow-rejects
  tokenledger ingest exports/usage.csv --format dashboard-csv --json
  tokenledger ingest logs/ --format github        # in a GitHub Actions step: rejects show on the diff`,
    )
    .action(async (inputs: string[], flags: IngestFlags, command: Command) => {
      const ctx = createContext(command);
      const annotate = flags.format === 'github';
      const format = flags.format === undefined || annotate ? undefined : parseFormat(flags.format);
      const book = ctx.book;
      const ledger = await openLedger(ctx.options.db);
      const progress = createProgress('ingest', 'bytes');
      const started = Date.now();
      let summary: IngestSummary;
      try {
        summary = await ingestFiles(ledger, inputs, {
          book,
          ...(format === undefined ? {} : { format }),
          allowRejects: flags.allowRejects ?? false,
          rescan: flags.rescan ?? false,
          onProgress: (p) => {
            const seconds = Math.max((Date.now() - started) / 1000, 0.001);
            progress.update(
              p.bytesDone,
              p.bytesTotal,
              `${formatCount(Math.round(p.records / seconds))} records/s`,
            );
          },
        });
      } finally {
        progress.stop();
        await ledger.close();
      }
      if (ctx.options.json) printJson(ingestJson(summary));
      else printLine(renderSummary(summary));
      if (annotate) for (const line of rejectAnnotations(summary.rejects)) printLine(line);
      for (const r of summary.rejects.slice(0, LISTED_ON_STDERR)) info(`${r.file}:${r.line}: ${r.reason}`);
      if (summary.rejected > LISTED_ON_STDERR)
        info(`… and ${summary.rejected - LISTED_ON_STDERR} more (see the rejects table)`);
      if (summary.rejected > 0 && !flags.allowRejects) {
        info(`${summary.rejected} line(s) rejected — fix them, or pass --allow-rejects to accept the rest`);
        process.exitCode = EXIT.rejects;
      }
    });
}

/** `::error file=F,line=N,title=…::reason` per rejected line (GitHub Actions workflow commands). */
export function rejectAnnotations(
  rejects: readonly { file: string; line: number; reason: string }[],
): string[] {
  return rejects.map(
    (r) =>
      `::error file=${escapeProperty(r.file)},line=${r.line},title=${escapeProperty('tokenledger ingest: line rejected')}::${escapeData(r.reason)}`,
  );
}

function parseFormat(value: string): string {
  const names = FORMATS.map((f) => f.name);
  if (!names.includes(value)) {
    throw new InvalidInputError(`unknown format "${value}" (accepted: ${names.join(', ')})`, '--format');
  }
  return value;
}

/** The DESIGN.md `ingest` shape, plus additive fields. */
export function ingestJson(s: IngestSummary) {
  return {
    files: s.files,
    lines: s.lines,
    inserted: s.inserted,
    duplicates: s.duplicates,
    skipped: s.skipped,
    rejected: s.rejected,
    unpriced: s.unpriced,
    rejects: s.rejects.map((r) => ({ file: r.file, line: r.line, reason: r.reason })),
    updated: s.updated,
    invoices: s.invoices,
    unchanged_files: s.unchangedFiles,
    resumed_files: s.resumedFiles,
    unpriced_models: s.unpricedModels,
  };
}

function renderSummary(s: IngestSummary): string {
  const parts = [
    `${formatCount(s.files)} file(s)`,
    `${formatCount(s.lines)} lines`,
    `${formatCount(s.inserted)} inserted`,
    `${formatCount(s.duplicates)} duplicates`,
    `${formatCount(s.skipped)} skipped`,
    `${formatCount(s.rejected)} rejected`,
    `${formatCount(s.unpriced)} unpriced`,
  ];
  const notes: string[] = [];
  if (s.unchangedFiles > 0) notes.push(`${s.unchangedFiles} unchanged file(s) not re-read`);
  if (s.resumedFiles > 0) notes.push(`${s.resumedFiles} file(s) resumed after their checkpoint`);
  if (s.updated > 0) notes.push(`${s.updated} unbilled snapshot(s) replaced by the billed one`);
  if (s.invoices > 0) notes.push(`${s.invoices} invoice line(s) kept for reconciliation`);
  if (s.unpricedModels.length > 0)
    notes.push(`unknown model(s), kept unpriced: ${s.unpricedModels.join(', ')}`);
  return [`ingest: ${parts.join(' · ')}`, ...notes.map((n) => `  ${n}`)].join('\n');
}
