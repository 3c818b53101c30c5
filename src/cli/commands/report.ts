import type { Command } from 'commander';
import { EXIT, TokenledgerError } from '../../errors.js';
import { withEntityNames } from '../../report/entity-names.js';
import { aggregateSpend } from '../../report/aggregate.js';
import { describeUnpriced } from '../../report/unpriced-summary.js';
import { checkZone, type WeekStart } from '../../report/periods.js';
import { resolveRange } from '../../report/range.js';
import { REPORT_FORMATS, renderReport } from '../../report/render.js';
import { DIMENSIONS, type Dimension, type PeriodUnit, type SpendQuery } from '../../report/types.js';
import type { Ledger } from '../../store/ledger.js';
import { openLedger } from '../../store/open-ledger.js';
import { loadPriceBook } from '../../pricing/load.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { collectFocusCharges } from '../../report/focus/collect-charges.js';
import { FOCUS_VERSION, focusMetadata, renderFocus } from '../../report/render-focus.js';
import { renderHtml } from '../../report/html/render-html.js';
import { ROW_SORTS, shapeRows } from '../../report/shape-rows.js';
import { createContext } from '../context.js';
import { gatherHtmlReport } from '../report-html.js';
import { terminalWidth, useColor } from '../terminal.js';
import {
  listOf,
  positiveWholeValue,
  rangeBoundValue,
  textValue,
  tierValue,
  zoneValue,
} from '../flag-values.js';
import { addFlags, type FlagSpec, flag, oneOf, parseFlags, parsedValue, switchValue } from '../options.js';
import { info, warn, writeOutputFile } from '../output.js';

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

const periodValue = parsedValue<Exclude<PeriodUnit, 'total'>>(
  'month, week, day',
  (text) => {
    const v = text.trim().toLowerCase();
    return v === 'month' || v === 'week' || v === 'day' ? v : undefined;
  },
  (text) =>
    text.trim().toLowerCase() === 'total'
      ? 'use --total for one period over the whole range'
      : `unknown period "${text}"`,
);

const weekdayValue = parsedValue<WeekStart>(
  WEEKDAYS.join(', '),
  (text) => {
    const v = text.trim().toLowerCase();
    const i = WEEKDAYS.findIndex((d) => d === v || d.slice(0, 3) === v);
    return i < 0 ? undefined : (i as WeekStart);
  },
  (text) => `unknown weekday "${text}"`,
);

const dimensionValue = parsedValue<Dimension>(
  [...DIMENSIONS, 'tag:KEY'].join(', ').replace('api_key', 'api-key'),
  (text) => {
    const d =
      text.toLowerCase() === 'api-key' ? 'api_key' : text.startsWith('tag:') ? text : text.toLowerCase();
    const ok = (DIMENSIONS as readonly string[]).includes(d) || (d.startsWith('tag:') && d.length > 4);
    return ok ? (d as Dimension) : undefined;
  },
  (text) => `unknown dimension "${text}"`,
);

const basisValue = parsedValue<'requests' | 'aggregates' | 'auto'>(
  'auto, logs, aggregates',
  (text) => {
    const v = text.trim().toLowerCase();
    if (v === 'requests' || v === 'aggregates' || v === 'auto') return v;
    return v === 'logs' ? 'requests' : undefined;
  },
  (text) => `unknown basis "${text}"`,
);

const tagValue = parsedValue<{ key: string; value: string }>(
  'KEY=VALUE, e.g. team=search',
  (text) => {
    const eq = text.indexOf('=');
    return eq <= 0 ? undefined : { key: text.slice(0, eq), value: text.slice(eq + 1) };
  },
  (text) => `"${text}" is not KEY=VALUE`,
);

/** One filter flag per dimension; tiers are checked against the tier names. */
const FILTER_FLAGS = Object.fromEntries(
  DIMENSIONS.map((d) => [
    flagKeyOf(d),
    flag(`--${flagOf(d)} <values>`, FILTER_HELP[d], d === 'tier' ? listOf(tierValue) : listOf(textValue, '')),
  ]),
) as Record<string, FlagSpec<string[]>>;

/** report's flags: one declaration gives the types, the help text and every error's "accepted". */
const REPORT_FLAGS = {
  period: flag('--period <unit>', 'length of a period (weeks are ISO weeks)', periodValue, {
    default: 'month',
  }),
  total: flag('--total', 'one row per group for the whole range instead of periods', switchValue),
  weekStart: flag('--week-start <day>', 'first day of a week; default monday (ISO)', weekdayValue),
  since: flag('--since <date>', 'from this date (inclusive)', rangeBoundValue),
  until: flag('--until <date>', 'to this date, inclusive', rangeBoundValue),
  last: flag('--last <n>', 'the last N periods, the current one included', positiveWholeValue('periods')),
  tz: flag('--tz <zone>', 'zone for periods and dates (default: config "tz", else UTC)', zoneValue),
  groupBy: flag('--group-by <dims>', 'comma list of dimensions', listOf(dimensionValue)),
  ...FILTER_FLAGS,
  tag: flag('--tag <key=value>', 'only usage with this tag (repeatable)', tagValue, { repeatable: true }),
  asTier: flag('--as-tier <tier>', 'what-if: reprice the same usage at another tier', tierValue),
  asModel: flag('--as-model <id>', 'what-if: reprice the same usage with another model', textValue),
  basis: flag(
    '--basis <basis>',
    'auto (per UTC day: request logs where the day has them, else provider aggregates), logs (= requests) or aggregates (Usage API buckets / usage exports)',
    basisValue,
    { default: 'auto' },
  ),
  format: flag(
    '--format <format>',
    'output format (default table; --json means json)',
    oneOf('format', REPORT_FORMATS),
  ),
  out: flag('--out <file>', 'write the report to FILE instead of stdout', textValue),
  strict: flag(
    '--strict',
    'exit 2 when some usage could not be priced (README: "Unpriced requests")',
    switchValue,
  ),
  wide: flag('--wide', 'table/markdown: every column, even when wider than the terminal', switchValue),
  sort: flag('--sort <key>', 'row order (default period)', oneOf('sort', ROW_SORTS)),
  top: flag(
    '--top <n>',
    'keep the N groups with the most spend; the rest are summed as "(other)"',
    positiveWholeValue('groups'),
  ),
  breakdown: flag('--breakdown', 'table: a subtotal row after each period when grouping', switchValue),
  totalRow: flag(
    '--total-row',
    'csv: append the "total" row (off: a spreadsheet SUM would count it twice)',
    switchValue,
  ),
  excel: flag('--excel', 'csv: UTF-8 byte-order mark and CRLF line ends, for Excel', switchValue),
};

type ReportFlags = ReturnType<typeof parseFlags<typeof REPORT_FLAGS>>;

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description(
      'spend by month, week or day and by any dimension, priced with the prices in force at the time',
    );
  addFlags(command, REPORT_FLAGS)
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
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(REPORT_FLAGS, raw);
      const ctx = createContext(command);
      const query = buildQuery(flags, ctx.config.tz);
      const format = flags.format ?? (ctx.options.json ? 'json' : 'table');
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
          ...(flags.sort === undefined ? {} : { sort: flags.sort }),
          ...(flags.top === undefined ? {} : { top: flags.top }),
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
            `report is incomplete: ${describeUnpriced(result.total.unpricedRequests, result.total.unpricedWhy)}`,
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
  const tz = flags.tz ?? checkZone(configTz ?? 'UTC', 'config key "tz"');
  const periodUnit = flags.total ? 'total' : flags.period;
  const weekStartsOn = flags.weekStart ?? 1;
  const rangeFlags = {
    ...(flags.since === undefined ? {} : { since: flags.since }),
    ...(flags.until === undefined ? {} : { until: flags.until }),
    ...(flags.last === undefined ? {} : { last: flags.last }),
  };
  const range = resolveRange(rangeFlags, periodUnit, tz, Date.now(), weekStartsOn);
  const filters: Partial<Record<Dimension, string[]>> = {};
  for (const dim of DIMENSIONS) {
    const v = (flags as Record<string, unknown>)[flagKeyOf(dim)];
    if (Array.isArray(v)) filters[dim] = v as string[];
  }
  for (const { key, value } of flags.tag) {
    const dim = `tag:${key}` as Dimension;
    filters[dim] = [...(filters[dim] ?? []), value];
  }
  return {
    periodUnit,
    tz,
    weekStartsOn,
    ...range,
    groupBy: flags.groupBy ?? [],
    filters,
    ...(flags.asTier === undefined ? {} : { asTier: flags.asTier }),
    ...(flags.asModel === undefined ? {} : { asModel: flags.asModel }),
    basis: flags.basis,
  };
}
