import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tl } from './ingest-helpers.js';

/**
 * Issue #14: every command's flags are declared once (a zod schema per flag, cli/options.ts), so
 * each bad value is one line naming the value, the flag and what is accepted (exit 2), and `--help`
 * shows the same accepted values. One case per converted command and value kind.
 */
const db = join(mkdtempSync(join(tmpdir(), 'tl-flags-')), 'l.db');
const DATE = 'YYYY-MM-DD or an ISO 8601 instant such as 2026-05-01T12:00:00Z';
const RANGE = 'YYYY-MM-DD, an ISO 8601 instant, today, yesterday, this-month, last-month';

const cases: [string[], string][] = [
  [['estimate', 'hi', '--budget-on', 'p99'], '--budget-on: unknown figure "p99" (accepted: p50, p90, max)'],
  [
    ['estimate', 'hi', '--tier', 'standard,turbo'],
    '--tier: unknown tier "turbo" (accepted: standard, batch, flex, priority, a comma list, or all)',
  ],
  [
    ['estimate', 'hi', '--max-output-tokens', '0'],
    '--max-output-tokens: "0" is not a token count ≥ 1 (accepted: a whole number ≥ 1, e.g. 1200)',
  ],
  [
    ['estimate', 'hi', '--budget', '-3'],
    '--budget: "-3" is not an amount in USD (accepted: a number ≥ 0, e.g. 25 or 0.50)',
  ],
  [
    ['report', '--week-start', 'funday'],
    '--week-start: unknown weekday "funday" (accepted: sunday, monday, tuesday, wednesday, thursday, friday, saturday)',
  ],
  [
    ['report', '--basis', 'sometimes'],
    '--basis: unknown basis "sometimes" (accepted: auto, logs, aggregates)',
  ],
  [['report', '--top', '0'], '--top: "0" is not a number of groups (accepted: a whole number ≥ 1)'],
  [['report', '--tag', 'team'], '--tag: "team" is not KEY=VALUE (accepted: KEY=VALUE, e.g. team=search)'],
  [
    ['report', '--tier', 'flex,turbo'],
    '--tier: unknown tier "turbo" (accepted: standard, batch, flex, priority, or a comma list)',
  ],
  [
    ['report', '--period', 'total'],
    '--period: use --total for one period over the whole range (accepted: month, week, day)',
  ],
  [['report', '--since', 'tomorrow'], `--since: invalid date "tomorrow" (accepted: ${RANGE})`],
  [
    ['budget', 'check', '--format', 'yaml'],
    '--format: unknown format "yaml" (accepted: text, json, markdown, github)',
  ],
  [
    ['budget', 'check', '--webhook-timeout', '0'],
    '--webhook-timeout: "0" is not a timeout (accepted: seconds > 0 and ≤ 600, e.g. 5)',
  ],
  [
    ['budget', 'check', '--webhook', 'ftp://x'],
    '--webhook: "ftp://x" is not a URL (accepted: an http:// or https:// URL)',
  ],
  [['budget', 'check', '--as-of', '2026-02-30'], `--as-of: invalid date "2026-02-30" (accepted: ${DATE})`],
  [
    ['budget', 'check', '--tz', 'Mars/Olympus'],
    '--tz: unknown time zone "Mars/Olympus" (accepted: an IANA zone such as UTC, Europe/Berlin, Asia/Kolkata)',
  ],
  [['pricing', 'list', '--at', 'yesterday'], `--at: invalid date "yesterday" (accepted: ${DATE})`],
  [
    ['pricing', 'show', 'gpt-5.5', '--at', '2026-13-01'],
    `--at: invalid date "2026-13-01" (accepted: ${DATE})`,
  ],
  [
    ['pricing', 'import', 'litellm', 'x.json', '--out', 'y.json', '--source', 'ftp://x'],
    '--source: "ftp://x" is not a URL (accepted: an http:// or https:// URL)',
  ],
  [['pricing', 'diff', 'x.json', '--at', 'soon'], `--at: invalid date "soon" (accepted: ${DATE})`],
  [['sync', 'openai', '--since', 'soon'], `--since: invalid date "soon" (accepted: ${RANGE})`],
  [
    ['sync', 'openai', '--base-url', 'nope'],
    '--base-url: "nope" is not a URL (accepted: an http:// or https:// URL)',
  ],
  [['reconcile', '--until', 'soon'], `--until: invalid date "soon" (accepted: ${RANGE})`],
  [['reconcile', '--period', 'week'], '--period: unknown period "week" (accepted: day, month)'],
];

describe('flag errors come from one schema per command', () => {
  it.each(cases)('%j → exit 2, one line', (args, line) => {
    const r = tl(['--db', db, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`tokenledger: ${line}\n`);
  });

  const helps: [string[], string][] = [
    [['estimate'], '--budget-on <figure> which figure the budget checks (p50, p90, max)'],
    [
      ['estimate'],
      '--tier <tiers> service tier(s) to price (standard, batch, flex, priority, a comma list, or all)',
    ],
    [['report'], '--sort <key> row order (default period) (period, total, name)'],
    [['report'], `--since <date> from this date (inclusive) (${RANGE})`],
    [
      ['budget', 'check'],
      '--format <format> output (default text; --json = json) (text, json, markdown, github)',
    ],
    [
      ['budget', 'check'],
      '--webhook-timeout <seconds> give up on the webhook after this many seconds (seconds > 0 and ≤ 600, e.g. 5)',
    ],
    [['pricing', 'list'], `--at <date> prices in force at this date (default: now) (${DATE})`],
    [['sync', 'openai'], '--base-url <url> API base URL (an http:// or https:// URL)'],
    [['reconcile'], '--period <unit> UTC day or month (day, month)'],
  ];
  it.each(helps)('%j --help shows what each flag accepts, from the same schema', (command, text) => {
    const r = tl([...command, '--help']);
    expect(r.code).toBe(0);
    // Help wraps at the terminal width; compare with whitespace collapsed.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(text);
  });
});
