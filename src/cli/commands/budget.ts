import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type Announcement, pendingAnnouncements, recordAnnouncements } from '../../budget/alert-state.js';
import { parseBudgets } from '../../budget/budget.js';
import { type BudgetResult, checkBudgets } from '../../budget/check.js';
import { FAIL_ON } from '../../budget/evaluate.js';
import { githubAnnotations } from '../../budget/github.js';
import { ledgerSeenValues, ledgerSpendSource } from '../../budget/ledger-spend.js';
import { previousPeriodSpend } from '../../budget/previous-spend.js';
import { checkZone, resolveAsOf } from '../../budget/period.js';
import { plannedRunFromBatchFile } from '../../budget/plan-from-batch.js';
import { plannedTotal } from '../../budget/planned-run.js';
import { renderBudgetMarkdown, renderBudgetText } from '../../budget/render.js';
import { describeUnmatched, unmatchedScopes } from '../../budget/scope-check.js';
import { budgetCheckJson, type CheckReport, checkExitCode } from '../../budget/report.js';
import { postWebhook, webhookBody } from '../../budget/webhook.js';
import { ConfigError, TokenledgerError } from '../../errors.js';
import { stringifyJson } from '../../json.js';
import type { Ledger } from '../../store/ledger.js';
import { openLedger } from '../../store/open-ledger.js';
import { createContext } from '../context.js';
import { printJson, printLine, warn } from '../output.js';
import { dateTextValue, textValue, timeoutValue, urlValue, zoneValue } from '../flag-values.js';
import { addFlags, flag, oneOf, parseFlags, switchValue } from '../options.js';

const FORMATS = ['text', 'json', 'markdown', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** budget check's flags: one declaration gives the types, the help text and every error's "accepted". */
const CHECK_FLAGS = {
  asOf: flag(
    '--as-of <date>',
    'check as of this date (end of that day) or ISO instant (default: now)',
    dateTextValue,
  ),
  format: flag('--format <format>', 'output (default text; --json = json)', oneOf('format', FORMATS)),
  failOn: flag(
    '--fail-on <level>',
    'exit 3 when any budget is: over (default), forecast (forecast over), warn',
    oneOf('level', FAIL_ON),
    { default: 'over' },
  ),
  plus: flag(
    '--plus <file.jsonl>',
    'add the estimated cost of a planned Batch input file to spend and forecast',
    textValue,
  ),
  notifyAlways: flag(
    '--notify-always',
    'announce every crossed threshold again, not only new ones',
    switchValue,
  ),
  webhook: flag('--webhook <url>', 'POST new alerts as JSON (Slack-compatible "text") to this URL', urlValue),
  webhookTimeout: flag(
    '--webhook-timeout <seconds>',
    'give up on the webhook after this many seconds',
    timeoutValue,
    { default: '5' },
  ),
  tz: flag('--tz <zone>', 'zone for periods (default: config "tz", else UTC)', zoneValue),
  strict: flag(
    '--strict',
    'a budget scope value that matches no known model and nothing in the ledger is an error (exit 2), not a warning',
    switchValue,
  ),
};

export function registerBudget(program: Command): void {
  const budget = program
    .command('budget')
    .description('budget gates: period-to-date spend and a forecast against budgets');
  const check = budget
    .command('check')
    .description('compare each budget with its period-to-date spend and forecast; exit 3 when over');
  addFlags(check, CHECK_FLAGS)
    .addHelpText(
      'after',
      `
Status per budget: ok; warn (a threshold reached, or the forecast to the period end over the limit);
over (actual spend over the limit). Exit 0 for ok and warn, 3 when any budget is over; --fail-on
forecast or warn moves the line. Each threshold is announced once per budget and period (state in the
ledger); a failing webhook is reported on stderr and does not change the exit code.

Examples:
  tokenledger budget check
  tokenledger budget check --as-of 2026-08-24 --format markdown
  tokenledger budget check --format github --fail-on forecast --webhook "$SLACK_WEBHOOK_URL"
  tokenledger budget check --plus nightly-batch.jsonl --json`,
    )
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(CHECK_FLAGS, raw);
      const ctx = createContext(command);
      const format: Format = flags.format ?? (ctx.options.json ? 'json' : 'text');
      const failOn = flags.failOn;
      const zone = flags.tz ?? checkZone(ctx.config.tz ?? 'UTC', 'config "tz"');
      const budgets = parseBudgets(ctx.config.budgets, ctx.config.path ?? 'config');
      if (budgets.length === 0) {
        throw new TokenledgerError(
          'config',
          `no budgets configured${ctx.config.path ? ` in ${ctx.config.path}` : ''}`,
          {
            suggestion: 'add a "budgets" list to tokenledger.config.json (see README), or pass --config FILE',
          },
        );
      }
      const webhook = flags.webhook;
      const timeoutMs = flags.webhookTimeout;
      const asOf = resolveAsOf(flags.asOf, zone, Date.now());
      const book = ctx.book;
      const plus =
        flags.plus === undefined
          ? undefined
          : await plannedRunFromBatchFile(flags.plus, book, ctx.options.db);
      const ledger = await openLedger(ctx.options.db, { readonly: true, origin: ctx.options.dbOrigin });
      try {
        // A scope that can never match keeps its budget "ok" forever: say so (or fail with --strict).
        const unmatched = unmatchedScopes(budgets, book, await ledgerSeenValues(ledger, book, budgets));
        if (unmatched.length > 0 && flags.strict) {
          throw new ConfigError(`${ctx.config.path ?? 'config'}: ${describeUnmatched(unmatched[0]!)}`);
        }
        for (const u of unmatched) warn(describeUnmatched(u));
        const results = await checkBudgets({
          budgets,
          asOf,
          zone,
          spend: ledgerSpendSource(ledger, book),
          ...(plus ? { plus } : {}),
        });
        const announcements = plus
          ? skipAlerts(webhook)
          : await announce(ledger, results, asOf.text, webhook, timeoutMs, flags.notifyAlways ?? false);
        const report: CheckReport = {
          asOf,
          zone,
          failOn,
          results,
          announcements,
          ...(plus
            ? {
                plus: {
                  source: plus.source,
                  ...(plus.figure ? { figure: plus.figure } : {}),
                  total: plannedTotal(plus),
                },
              }
            : {}),
          // The PR comment (markdown, and github's step summary) shows the change since last period.
          ...(format === 'markdown' || format === 'github'
            ? { previous: await previousPeriodSpend(results, asOf, zone, ledgerSpendSource(ledger, book)) }
            : {}),
        };
        render(report, format);
        process.exitCode = checkExitCode(report);
      } finally {
        await ledger.close();
      }
    });
}

/** A what-if (--plus) announces nothing and records nothing. */
function skipAlerts(webhook: URL | undefined): Announcement[] {
  if (webhook) warn('--plus is a what-if: alert state is not updated and --webhook is not called');
  return [];
}

/**
 * Finds alerts not announced yet in their period, sends them to the webhook if any, and records
 * them — unless the webhook failed, so that the next check sends them again.
 */
async function announce(
  ledger: Ledger,
  results: readonly BudgetResult[],
  asOfText: string,
  webhook: URL | undefined,
  timeoutMs: number,
  notifyAlways: boolean,
): Promise<Announcement[]> {
  const announcements = await pendingAnnouncements(ledger, results, { notifyAlways });
  if (webhook && announcements.length > 0) {
    const outcome = await postWebhook(
      webhook,
      stringifyJson(webhookBody(announcements, asOfText)),
      timeoutMs,
    );
    if (!outcome.ok) {
      warn(
        `--webhook ${webhook.origin} failed: ${outcome.error}; the alerts will be sent again on the next check`,
      );
      return announcements;
    }
  }
  if (!(await recordAnnouncements(ledger, announcements, Date.now()))) {
    warn(
      `ledger ${ledger.location} is read-only: alert state not recorded, the alerts will be announced again`,
    );
  }
  return announcements;
}

function render(report: CheckReport, format: Format): void {
  if (format === 'json') printJson(budgetCheckJson(report));
  else if (format === 'markdown') printLine(renderBudgetMarkdown(report));
  else {
    // github: annotations for the run page, the Markdown summary for the job page, the table for the log.
    if (format === 'github') writeGithub(report);
    printLine(renderBudgetText(report));
  }
}

function writeGithub(report: CheckReport): void {
  for (const line of githubAnnotations(report)) printLine(line);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (!summary) return;
  try {
    appendFileSync(summary, `${renderBudgetMarkdown(report)}\n`);
  } catch (error) {
    warn(`cannot append to GITHUB_STEP_SUMMARY ${summary}: ${(error as Error).message}`);
  }
}
