import type { Command } from 'commander';
import { EXIT, InvalidInputError, TokenledgerError } from '../../errors.js';
import { withEntityNames } from '../../report/entity-names.js';
import { aggregateSpend } from '../../report/aggregate.js';
import { checkZone, type WeekStart } from '../../report/periods.js';
import { resolveRange } from '../../report/range.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../report/render.js';
import { DIMENSIONS, type Dimension, type PeriodUnit, type SpendQuery } from '../../report/types.js';
import type { Ledger } from '../../store/ledger.js';
import { openLedger } from '../../store/open-ledger.js';
import { loadPriceBook } from '../../pricing/load.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { collectFocusCharges } from '../../report/focus/collect-charges.js';
import { FOCUS_VERSION, focusMetadata, renderFocus } from '../../report/render-focus.js';
import { renderHtml } from '../../report/html/render-html.js';
import { ROW_SORTS, type RowSort, shapeRows } from '../../report/shape-rows.js';
import { createContext } from '../context.js';
import { gatherHtmlReport } from '../report-html.js';
import { terminalWidth, useColor } from '../terminal.js';
import { parseTier, splitList } from '../flags.js';
import { info, warn, writeOutputFile } from '../output.js';

interface ReportFlags {
  period: string;
  total?: boolean;
  weekStart?: string;
  since?: string;
  until?: string;
  last?: string;
  tz?: string;
  groupBy?: string;
  /** Filter flags, one per dimension (camelCase as commander names them: apiKey). */
  [filter: string]: unknown;
  tag: string[];
  asTier?: string;
  asModel?: string;
  basis: string;
  format?: string;
  out?: string;
  strict?: boolean;
  wide?: boolean;
  sort?: string;
  top?: string;
  breakdown?: boolean;
  totalRow?: boolean;
  excel?: boolean;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** One filter flag per report dimension (the list in store/columns.ts); a new dimension needs its help line here. */
const FILTER_HELP: Record<(typeof DIMENSIONS)[number], string> = {
  model: 'only these models (comma list; aliases and dated ids match)',
  family: 'only these model families',
  tier: 'only usage served at these tiers',
  effort: 'only these reasoning efforts ("(none)" for unknown)',
  project: 'only these projects',
  user: 'only these users',
  api_key: 'only these API keys',
  gateway: 'only usage through these gateways',
  source: 'only usage ingested from these log formats',
};
const flagOf = (d: string) => d.replace(/_/g, '-');
const flagKeyOf = (d: string) => d.replace(/_(.)/g, (_, c: string) => c.toUpperCase());

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description(
      'spend by month, week or day and by any dimension, priced with the prices in force at the time',
    )
    .option('--period <unit>', 'month, week (ISO) or day', 'month')
    .option('--total', 'one row per group for the whole range instead of periods')
    .option('--week-start <day>', 'first day of a week (monday … sunday); default monday (ISO)')
    .option(
      '--since <date>',
      'from this date (YYYY-MM-DD in --tz, inclusive), ISO instant, today, yesterday, this-month, last-month',
    )
    .option('--until <date>', 'to this date, inclusive (same forms as --since)')
    .option('--last <n>', 'the last N periods, the current one included')
    .option('--tz <zone>', 'IANA zone for periods and dates (default: config "tz", else UTC)')
    .option('--group-by <dims>', `comma list of ${[...DIMENSIONS, 'tag:KEY'].map(flagOf).join(', ')}`);
  for (const d of DIMENSIONS) command.option(`--${flagOf(d)} <values>`, FILTER_HELP[d]);
  command
    .option(
      '--tag <key=value>',
      'only usage with this tag (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--as-tier <tier>', 'what-if: reprice the same usage at batch, flex, priority or standard')
    .option('--as-model <id>', 'what-if: reprice the same usage with another model')
    .option(
      '--basis <basis>',
      'auto (per UTC day: request logs where the day has them, else provider aggregates), logs (= requests) or aggregates (Usage API buckets / usage exports)',
      'auto',
    )
    .option(
      '--format <format>',
      `output format: ${REPORT_FORMATS.join(', ')} (default table; --json means json)`,
    )
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--strict', 'exit 2 when some usage could not be priced (unknown model, tier not offered)')
    .option('--wide', 'table/markdown: every column, even when wider than the terminal')
    .option('--sort <key>', `row order: ${ROW_SORTS.join(', ')} (default period)`)
    .option('--top <n>', 'keep the N groups with the most spend; the rest are summed as "(other)"')
    .option('--breakdown', 'table: a subtotal row after each period when grouping')
    .option('--total-row', 'csv: append the "total" row (off: a spreadsheet SUM would count it twice)')
    .option('--excel', 'csv: UTF-8 byte-order mark and CRLF line ends, for Excel')
    .addHelpText(
      'after',
      `
Usage is priced with the price version in force when it happened (a newer version never changes a
past month); costs reported by the source (OpenRouter usage.cost) are used as reported. Unpriced
usage is counted and marks the total incomplete, never a silent $0.

Examples:
  tokenledger report
  tokenledger report --period day --tz Europe/Berlin --since 2026-10-01 --until 2026-10-31
  tokenledger report --group-by model,project --last 3 --format markdown
  tokenledger report --group-by model --as-tier batch          # what Batch would have saved
  tokenledger report --group-by tag:team --format csv --out spend.csv
  tokenledger report --period month --format focus --out focus.csv --strict   # + focus.metadata.json
  tokenledger report --period day --group-by project --format html --out spend.html`,
    )
    .action(async (flags: ReportFlags, command: Command) => {
      const ctx = createContext(command);
      const query = buildQuery(flags, ctx.config.tz);
      const format = parseFormat(flags.format, ctx.options.json);
      const ledger = await openLedger(ctx.options.db, { readonly: true, origin: ctx.options.dbOrigin });
      try {
        if (format === 'focus') {
          await exportFocus(ledger, ctx.book, query, flags);
          return;
        }
        const aggregated = await aggregateSpend(ledger, ctx.book, query);
        // Names from `sync openai` (an older ledger without the table has none).
        const names = await ledger.entityNames().catch(() => []);
        const result = shapeRows(withEntityNames(aggregated, names, format), {
          ...(flags.sort === undefined ? {} : { sort: parseSort(flags.sort) }),
          ...(flags.top === undefined ? {} : { top: parseTop(flags.top) }),
          periodMajor: flags.breakdown ?? false,
        });
        const width = flags.out ? undefined : terminalWidth();
        const text =
          format === 'html'
            ? await renderHtml(
                await gatherHtmlReport(ledger, ctx.book, result, ctx.config.budgets, ctx.config.path),
              )
            : renderReport(result, format, {
                ...(width === undefined ? {} : { width }),
                wide: flags.wide ?? false,
                color: !flags.out && format === 'table' && useColor(),
                breakdown: flags.breakdown ?? false,
                totalRow: flags.totalRow ?? false,
                excel: flags.excel ?? false,
              });
        emit(flags.out, text, `${result.rows.length} rows, ${format}`);
        if (result.incomplete) {
          unpriced(
            `report is incomplete: ${result.total.unpricedRequests} request(s) could not be priced (unknown model or tier not offered)`,
            '; totals are a lower bound (tokenledger pricing check lists what is unpriced)',
            flags.strict,
          );
        }
      } finally {
        await ledger.close();
      }
    });
}

function emit(out: string | undefined, text: string, what: string): void {
  if (out) {
    writeOutputFile(out, text);
    info(`wrote ${out} (${what})`);
  } else process.stdout.write(text);
}

function unpriced(message: string, consequence: string, strict: boolean | undefined): void {
  if (strict)
    throw new TokenledgerError('invalid_input', `${message} (--strict)`, {
      exitCode: EXIT.usage,
      suggestion: 'run `tokenledger pricing check` to list what is unpriced, then add it with --pricing FILE',
    });
  warn(`${message}${consequence}`);
}

/**
 * FOCUS 1.2: per-SKU charges, list prices from the bundled price book, contracted prices from the
 * book in use (--pricing overrides); with --out, the FOCUS metadata (FocusVersion) goes beside it
 * as FILE.metadata.json. Usage without a list price is left out, with a warning (exit 2 with --strict).
 */
async function exportFocus(
  ledger: Ledger,
  book: PriceBook,
  query: SpendQuery,
  flags: ReportFlags,
): Promise<void> {
  const focus = await collectFocusCharges(ledger, loadPriceBook(), book, query);
  emit(
    flags.out,
    renderFocus(focus.charges, focus.dims),
    `${focus.charges.length} charges, FOCUS ${FOCUS_VERSION}`,
  );
  if (flags.out) {
    const sidecar = `${flags.out.replace(/\.csv$/i, '')}.metadata.json`;
    const meta = focusMetadata(focus.dims, Date.now(), 'tokenledger');
    writeOutputFile(sidecar, `${JSON.stringify(meta, null, 2)}\n`);
    info(`wrote ${sidecar} (FOCUS metadata, FocusVersion ${FOCUS_VERSION})`);
  }
  if (focus.leftOut.requests > 0) {
    unpriced(
      `FOCUS export leaves out ${focus.leftOut.requests} billed request(s) without a list price (${focus.leftOut.models.join(', ')}): no placeholder rows, no $0`,
      '',
      flags.strict,
    );
  }
}

function buildQuery(flags: ReportFlags, configTz: string | undefined): SpendQuery {
  const tz = checkZone(flags.tz ?? configTz ?? 'UTC', flags.tz ? '--tz' : 'config key "tz"');
  const periodUnit = flags.total ? 'total' : parsePeriod(flags.period);
  const weekStartsOn = parseWeekStart(flags.weekStart);
  const last = flags.last === undefined ? undefined : Number(flags.last);
  if (last !== undefined && !/^\d+$/.test(flags.last!.trim())) {
    throw new InvalidInputError(
      `"${flags.last}" is not a number of periods (accepted: a whole number ≥ 1)`,
      '--last',
    );
  }
  const rangeFlags = {
    ...(flags.since === undefined ? {} : { since: flags.since }),
    ...(flags.until === undefined ? {} : { until: flags.until }),
    ...(last === undefined ? {} : { last }),
  };
  const range = resolveRange(rangeFlags, periodUnit, tz, Date.now(), weekStartsOn);
  const filters: Partial<Record<Dimension, string[]>> = {};
  for (const dim of DIMENSIONS) {
    const v = flags[flagKeyOf(dim)];
    if (typeof v !== 'string') continue;
    filters[dim] = dim === 'tier' ? splitList(v).map((t) => parseTier(t)) : splitList(v);
  }
  for (const t of flags.tag) {
    const eq = t.indexOf('=');
    if (eq <= 0) throw new InvalidInputError(`"${t}" is not KEY=VALUE`, '--tag');
    const dim = `tag:${t.slice(0, eq)}` as Dimension;
    filters[dim] = [...(filters[dim] ?? []), t.slice(eq + 1)];
  }
  return {
    periodUnit,
    tz,
    weekStartsOn,
    ...range,
    groupBy: flags.groupBy === undefined ? [] : parseGroupBy(flags.groupBy),
    filters,
    ...(flags.asTier === undefined ? {} : { asTier: parseTier(flags.asTier, '--as-tier') }),
    ...(flags.asModel === undefined ? {} : { asModel: flags.asModel }),
    basis: parseBasis(flags.basis),
  };
}

function parsePeriod(value: string): Exclude<PeriodUnit, 'total'> {
  const v = value.trim().toLowerCase();
  if (v === 'month' || v === 'week' || v === 'day') return v;
  if (v === 'total')
    throw new InvalidInputError('use --total for one period over the whole range', '--period');
  throw new InvalidInputError(`unknown period "${value}" (accepted: month, week, day)`, '--period');
}

function parseWeekStart(value: string | undefined): WeekStart {
  if (value === undefined) return 1;
  const v = value.trim().toLowerCase();
  const i = WEEKDAYS.findIndex((d) => d === v || d.slice(0, 3) === v);
  if (i < 0)
    throw new InvalidInputError(
      `unknown weekday "${value}" (accepted: ${WEEKDAYS.join(', ')})`,
      '--week-start',
    );
  return i as WeekStart;
}

export function parseGroupBy(value: string): Dimension[] {
  const dims: Dimension[] = [];
  for (const raw of splitList(value)) {
    const d = raw.toLowerCase() === 'api-key' ? 'api_key' : raw.startsWith('tag:') ? raw : raw.toLowerCase();
    const ok = (DIMENSIONS as readonly string[]).includes(d) || (d.startsWith('tag:') && d.length > 4);
    if (!ok) {
      throw new InvalidInputError(
        `unknown dimension "${raw}" (accepted: ${[...DIMENSIONS, 'tag:KEY'].join(', ').replace('api_key', 'api-key')})`,
        '--group-by',
      );
    }
    if (!dims.includes(d as Dimension)) dims.push(d as Dimension);
  }
  return dims;
}

function parseBasis(value: string): 'requests' | 'aggregates' | 'auto' {
  const v = value.trim().toLowerCase();
  if (v === 'requests' || v === 'aggregates' || v === 'auto') return v;
  if (v === 'logs') return 'requests';
  throw new InvalidInputError(`unknown basis "${value}" (accepted: auto, logs, aggregates)`, '--basis');
}

function parseSort(value: string): RowSort {
  const v = value.trim().toLowerCase() as RowSort;
  if (!ROW_SORTS.includes(v))
    throw new InvalidInputError(`unknown sort "${value}" (accepted: ${ROW_SORTS.join(', ')})`, '--sort');
  return v;
}

function parseTop(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new InvalidInputError(
      `"${value}" is not a number of groups (accepted: a whole number ≥ 1)`,
      '--top',
    );
  return Number(value);
}

function parseFormat(value: string | undefined, json: boolean): ReportFormat {
  if (value === undefined) return json ? 'json' : 'table';
  const v = value.trim().toLowerCase() as ReportFormat;
  if (!REPORT_FORMATS.includes(v)) {
    throw new InvalidInputError(
      `unknown format "${value}" (accepted: ${REPORT_FORMATS.join(', ')})`,
      '--format',
    );
  }
  return v;
}
