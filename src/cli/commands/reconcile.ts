import type { Command } from 'commander';
import { EXIT, TokenledgerError } from '../../errors.js';
import { displayUsd } from '../../money.js';
import { type ReconcileGroup, reconcile } from '../../reconcile/reconcile.js';
import { reconcileCsv, reconcileJson, reconcileTable } from '../../reconcile/render.js';
import { resolveRange } from '../../report/range.js';
import { openLedger } from '../../store/index.js';
import { createContext } from '../context.js';
import { rangeBoundValue, usdValue } from '../flag-values.js';
import { addFlags, flag, oneOf, parseFlags, parsedValue } from '../options.js';
import { printJson, printLine } from '../output.js';

const GROUPS = ['project', 'model'] as const;

const groupValue = parsedValue<ReconcileGroup[]>(
  'project, model or both (comma-separated)',
  (text) => {
    const parts = text
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter((p) => p !== '');
    return parts.length > 0 && parts.every((p) => (GROUPS as readonly string[]).includes(p))
      ? ([...new Set(parts)] as ReconcileGroup[])
      : undefined;
  },
  (text) => `unknown grouping "${text}"`,
);

const RECONCILE_FLAGS = {
  since: flag('--since <date>', 'first UTC day (inclusive)', rangeBoundValue),
  until: flag('--until <date>', 'last UTC day (inclusive)', rangeBoundValue),
  period: flag('--period <unit>', 'UTC day or month', oneOf('period', ['day', 'month'] as const), {
    default: 'day',
  }),
  groupBy: flag('--group-by <dims>', 'also split by project and/or model', groupValue),
  format: flag('--format <format>', 'output format', oneOf('format', ['table', 'csv', 'json'] as const), {
    default: 'table',
  }),
  failAbove: flag(
    '--fail-above <usd>',
    'exit 3 when any row differs from the bill by more than this',
    usdValue,
  ),
};

/** `tokenledger reconcile`: request logs vs provider usage vs the bill, per UTC period. */
export function registerReconcile(program: Command): void {
  const command = program
    .command('reconcile')
    .description(
      'compare what your request logs cost, what the provider usage aggregates cost (priced by tokenledger) and what the provider billed, per UTC day or month',
    );
  addFlags(command, RECONCILE_FLAGS).addHelpText(
    'after',
    `
Columns: logged_usd (request logs, priced) · usage_usd (Usage API / usage export, priced) ·
billed_usd (Costs API lines / cost export) · diff_usd = billed − usage · status match|gap|no-billed-data.
Periods are UTC, as invoices are. Notes explain each gap: usage without billed lines, billed line items
no usage explains (tool calls, storage), models the book cannot price, rounding, the UTC day boundary.

Examples:
  tokenledger sync openai && tokenledger reconcile --since 2026-11-01
  tokenledger reconcile --period month --group-by model --format csv
  tokenledger reconcile --since 2026-11-01 --fail-above 1.00     # CI: exit 3 on a gap over $1`,
  );
  command.action(async (raw: Record<string, unknown>, cmd: Command) => {
    const ctx = createContext(cmd);
    const flags = parseFlags(RECONCILE_FLAGS, raw);
    const range = resolveRange(
      { ...(flags.since ? { since: flags.since } : {}), ...(flags.until ? { until: flags.until } : {}) },
      flags.period,
      'UTC',
      Date.now(),
    );
    const groupBy = flags.groupBy ?? [];
    const ledger = await openLedger(ctx.options.db, { readonly: true, origin: ctx.options.dbOrigin });
    try {
      const result = await reconcile(ledger, ctx.book, {
        period: flags.period,
        groupBy,
        reportTz: ctx.config.tz ?? 'UTC',
        ...range,
      });
      const format = ctx.options.json ? 'json' : flags.format;
      if (format === 'json') printJson(reconcileJson(result, groupBy));
      else if (format === 'csv') printLine(reconcileCsv(result, groupBy).replace(/\n$/, ''));
      else printLine(reconcileTable(result, groupBy, process.stdout.columns));
      if (flags.failAbove !== undefined) {
        const limit = flags.failAbove;
        const over = result.rows.filter((r) => (r.diff < 0n ? -r.diff : r.diff) > limit);
        if (over.length > 0) {
          const worst = over.map(
            (r) => `${r.period}${groupBy.map((g) => ` ${r.keys[g]}`).join('')} ${displayUsd(r.diff)}`,
          );
          throw new TokenledgerError(
            'budget_exceeded',
            `reconcile: ${over.length} row(s) differ from the bill by more than ${displayUsd(limit)} (--fail-above): ${worst.slice(0, 5).join(', ')}`,
            { exitCode: EXIT.budget },
          );
        }
      }
    } finally {
      await ledger.close();
    }
  });
}
