import type { Command } from 'commander';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXIT, invalidValue } from '../../errors.js';
import { FORMATS } from '../../ingest/formats.js';
import { type IngestSummary, ingestFiles } from '../../ingest/run.js';
import { escapeControl, formatCount } from '../../render/table.js';
import { openLedger } from '../../store/open-ledger.js';
import { escapeData, escapeProperty } from '../../budget/github.js';
import { createContext } from '../context.js';
import { info, printJson, printLine } from '../output.js';
import { createProgress } from '../progress.js';
import { addFlags, flag, oneOf, parseFlags, switchValue } from '../options.js';

const FORMAT_NAMES = FORMATS.map((f) => f.name);

/** ingest's flags: one declaration gives the types, the help text and the errors' "accepted". */
const INGEST_FLAGS = {
  format: flag(
    '--format <name>',
    'force one log format instead of detecting it per file and line; "github": detect as usual and print every rejected line as a GitHub Actions annotation (file and line) on stdout',
    oneOf('format', [...FORMAT_NAMES, 'github']),
  ),
  allowRejects: flag(
    '--allow-rejects',
    'exit 0 even when some lines were rejected (they are still listed and kept in the rejects table)',
    switchValue,
  ),
  rescan: flag(
    '--rescan',
    're-read every file from the start, even one its checkpoint says is unchanged (dedupe keeps totals exact)',
    switchValue,
  ),
};

const LISTED_ON_STDERR = 10;

export function registerIngest(program: Command): void {
  const command = program
    .command('ingest')
    .description(
      'add usage logs to the ledger, exactly once (re-runs, overlaps and appends add nothing twice)',
    )
    .argument(
      '<file...>',
      'log files or directories (read recursively, in sorted order); .gz is read transparently; - reads standard input',
    );
  addFlags(command, INGEST_FLAGS)
    .addHelpText(
      'after',
      `
Each record is keyed by its natural id (response/completion id, batch id + custom_id, bucket start
+ grouping, or a content hash), so ingesting a file twice, overlapping files, or the same response
seen in a stream transcript and a JSON dump adds it once. A checkpoint per file makes re-runs skip
unchanged files and read only the appended part of growing logs. Bad lines are rejected with
file:line and a reason (kept in the ledger's rejects table); the good lines around them are kept.

A file changed anywhere before its checkpoint (a line fixed in place, a rewrite, a rotation) or read
with a different --format than last time is read again from the start, and its old rejects are
cleared. A live log's unterminated last line that is not valid JSON yet is "pending": neither
ingested nor rejected, read once complete. Each file succeeds or fails on its own: a damaged .gz
keeps the lines before the damage and rejects the rest; a file in a folder that cannot be read is
one reject. Devices, FIFOs and sockets are refused (use - for standard input).

Exit codes: 0 ok · 2 missing/unreadable/non-regular file, unwritable ledger or bad flag · 4 some lines rejected (0 with --allow-rejects)

Examples:
  tokenledger ingest logs/responses-2026-08.jsonl
  tokenledger ingest data/samples/logs --db demo.db --allow-rejects
  tokenledger ingest exports/usage.csv --format dashboard-csv --json
  tokenledger ingest logs/ --format github        # in a GitHub Actions step: rejects show on the diff`,
    )
    .action(async (inputs: string[], raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(INGEST_FLAGS, raw);
      const ctx = createContext(command);
      const annotate = flags.format === 'github';
      const format = annotate ? undefined : flags.format;
      const book = ctx.book;
      checkWritable(ctx.options.db);
      const ledger = await openLedger(ctx.options.db, { origin: ctx.options.dbOrigin });
      const progress = createProgress('ingest', 'bytes');
      const started = Date.now();
      let summary: IngestSummary;
      try {
        summary = await ingestFiles(ledger, inputs, {
          book,
          ...(format === undefined ? {} : { format }),
          allowRejects: flags.allowRejects ?? false,
          rescan: flags.rescan ?? false,
          stdin: () => process.stdin,
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
      // A reason may quote the file's bytes (a binary file's "header"): never send them raw to a terminal.
      for (const r of summary.rejects.slice(0, LISTED_ON_STDERR))
        info(escapeControl(`${r.line > 0 ? `${r.file}:${r.line}` : r.file}: ${r.reason}`));
      if (summary.rejected > LISTED_ON_STDERR)
        info(`… and ${summary.rejected - LISTED_ON_STDERR} more (see the rejects table)`);
      if (summary.rejected > 0 && !flags.allowRejects) {
        info(`${summary.rejected} line(s) rejected — fix them, or pass --allow-rejects to accept the rest`);
        process.exitCode = EXIT.rejects;
      }
    });
}

/**
 * A ledger file (or, for a new one, its folder) that cannot be written is exit 2 with one line
 * before anything is read (SQLite would otherwise fail on the first write with an internal error).
 */
function checkWritable(db: string): void {
  if (/^postgres(ql)?:\/\//.test(db) || db === ':memory:') return;
  // A new ledger's folders are created: the nearest existing one must be writable.
  let target = existsSync(db) ? db : dirname(resolve(db));
  while (!existsSync(target) && dirname(target) !== target) target = dirname(target);
  try {
    accessSync(target, constants.W_OK);
    if (target === db) accessSync(dirname(resolve(db)), constants.W_OK); // WAL and journal files
  } catch {
    throw invalidValue(
      db,
      target === db
        ? 'the ledger file or its folder is read-only'
        : `cannot create the ledger: ${target} is read-only`,
      'a writable --db',
    );
  }
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

/** The DESIGN.md `ingest` shape, plus additive fields. */
export function ingestJson(s: IngestSummary) {
  return {
    files: s.files,
    lines: s.lines,
    inserted: s.inserted,
    duplicates: s.duplicates,
    skipped: s.skipped,
    rejected: s.rejected,
    pending: s.pending,
    unpriced: s.unpriced,
    rejects: s.rejects.map((r) => ({ file: r.file, line: r.line, reason: r.reason })),
    updated: s.updated,
    invoices: s.invoices,
    unchanged_files: s.unchangedFiles,
    reread_files: s.rereadFiles,
    resumed_files: s.resumedFiles,
    unpriced_models: s.unpricedModels,
    unpriced_by_basis: { logs: s.unpriced - s.unpricedAggregates, aggregates: s.unpricedAggregates },
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
    ...(s.pending > 0 ? [`${formatCount(s.pending)} pending`] : []),
    `${formatCount(s.unpriced)} unpriced`,
  ];
  const notes: string[] = [];
  if (s.unchangedFiles > 0)
    notes.push(
      `${s.unchangedFiles} file(s) skipped: unchanged since they were read (same size, time and content); --rescan re-reads them`,
    );
  if (s.rereadFiles > 0)
    notes.push(
      `${s.rereadFiles} file(s) read again from the start: changed before their checkpoint, or another --format`,
    );
  if (s.pending > 0)
    notes.push(`${s.pending} unterminated last line(s) not valid JSON yet: pending, read once complete`);
  if (s.resumedFiles > 0) notes.push(`${s.resumedFiles} file(s) resumed after their checkpoint`);
  if (s.updated > 0) notes.push(`${s.updated} unbilled snapshot(s) replaced by the billed one`);
  if (s.invoices > 0) notes.push(`${s.invoices} invoice line(s) kept for reconciliation`);
  if (s.unpricedAggregates > 0)
    notes.push(
      `of the ${formatCount(s.unpriced)} unpriced requests, ${formatCount(s.unpricedAggregates)} are in provider aggregates (a report counts logs or aggregates per day, see --basis)`,
    );
  if (s.unpriced > 0)
    notes.push(
      `unpriced, kept: ${s.unpricedModels.length > 0 ? `models not in the price book: ${s.unpricedModels.join(', ')}; ` : ''}tiers, long context or regions the book does not offer are counted too — tokenledger pricing check lists them`,
    );
  return [`ingest: ${parts.join(' · ')}`, ...notes.map((n) => `  ${n}`)].join('\n');
}
