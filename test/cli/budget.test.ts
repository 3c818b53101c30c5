import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daily, seedLedger } from '../fixtures/budget/seed-ledger.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI asynchronously (a local webhook server must keep answering meanwhile). */
function tl(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', CI: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let db: string;
let config: string;

/** $10 a day from 20 July to 31 August (UTC), project "search" every day plus $30 of "chat" on 3 August. */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-budget-cli-'));
  db = join(dir, 'ledger.db');
  config = join(dir, 'tokenledger.config.json');
  await seedLedger(db, [
    ...daily('2026-07-20', '2026-08-31', () => 10, { project: 'search' }),
    { at: '2026-08-03', usd: 30, project: 'chat' },
  ]);
});

function writeConfig(budgets: unknown, extra: Record<string, unknown> = {}): void {
  writeFileSync(config, JSON.stringify({ ...extra, budgets }));
}

const check = (...args: string[]) => ['--db', db, '--config', config, 'budget', 'check', ...args];

interface CheckJson {
  as_of: string;
  exit_code: number;
  budgets: {
    name: string;
    period: string;
    limit_usd: number;
    spent_usd: number;
    forecast_usd: number;
    status: string;
    crossed: number[];
    new_alerts: string[];
    forecast_method: string;
  }[];
}

describe('tokenledger budget check', () => {
  it('ok, warn and over with their exit codes and the --json shape', async () => {
    writeConfig([
      { name: 'org', period: 'month', limit_usd: 1000 },
      { name: 'search-week', period: 'week', limit_usd: 60, scope: { project: 'search' } },
      { name: 'chat', period: 'month', limit_usd: 20, scope: { project: 'chat' } },
    ]);
    const ok = await tl(check('--as-of', '2026-08-10', '--json'));
    // Aug 1–10: $100 search + $30 chat = $130 of $1,000. Forecast, weekday-aware over 3 weeks: the
    // $30 Monday (3 Aug) lifts Mondays to $20, so 18 days × $10 + 3 Mondays × $20 = $240 more.
    const json = JSON.parse(ok.stdout) as CheckJson;
    expect(json.as_of).toBe('2026-08-10');
    expect(json.budgets[0]).toMatchObject({
      name: 'org',
      period: 'month',
      limit_usd: 1000,
      spent_usd: 130,
      forecast_usd: 370,
      status: 'ok',
      crossed: [],
      forecast_method: 'weekday',
    });
    // Week of Mon 10 Aug: $10 of $60 so far, $70 forecast → warn by forecast.
    expect(json.budgets[1]).toMatchObject({
      name: 'search-week',
      spent_usd: 10,
      forecast_usd: 70,
      status: 'warn',
    });
    // $30 of $20 for chat → over → exit 3.
    expect(json.budgets[2]).toMatchObject({
      name: 'chat',
      spent_usd: 30,
      status: 'over',
      crossed: [0.5, 0.8, 1],
    });
    expect(ok.code).toBe(3);
    expect(json.exit_code).toBe(3);
    expect(ok.stderr).toBe('');
  });

  it('exit 0 on ok and on warn; --fail-on warn and --fail-on forecast move the line', async () => {
    writeConfig([{ name: 'org', period: 'month', limit_usd: 500 }]);
    // Aug 1–20: $230 of $500 (46%). Forecast: 9 days × $10 + 2 Mondays × $17.50 (4-week average with
    // the $40 Monday of 3 Aug) = $355 → ok.
    const ok = await tl(check('--as-of', '2026-08-20', '--fail-on', 'warn'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Result: pass (fail on: warn).');
    writeConfig([{ name: 'org', period: 'month', limit_usd: 320 }]);
    // $230 of $320 = 71.8% → 50% reached; forecast $355 > $320 → warn.
    const warn = await tl(check('--as-of', '2026-08-20'));
    expect(warn.code).toBe(0);
    expect(warn.stdout).toMatch(
      /org\s+2026-08\s+\$230\.00\s+\$320\.00\s+71\.8%\s+\$355\.00\s+warn: 50% reached; forecast over/,
    );
    expect((await tl(check('--as-of', '2026-08-20', '--fail-on', 'warn'))).code).toBe(3);
    expect((await tl(check('--as-of', '2026-08-20', '--fail-on', 'forecast'))).code).toBe(3);
    writeConfig([{ name: 'org', period: 'month', limit_usd: 400 }]);
    // Forecast $355 within $400, 50% reached → warn, which only --fail-on warn turns into a failure.
    expect((await tl(check('--as-of', '2026-08-20', '--fail-on', 'forecast'))).code).toBe(0);
    expect((await tl(check('--as-of', '2026-08-20', '--fail-on', 'warn'))).code).toBe(3);
  });

  it('announces a crossing once across runs; --notify-always repeats it', async () => {
    writeConfig([{ name: 'org', period: 'month', limit_usd: 400 }]);
    const first = JSON.parse((await tl(check('--as-of', '2026-08-20', '--json'))).stdout) as CheckJson;
    expect(first.budgets[0]!.new_alerts).toEqual(['0.5']);
    const again = JSON.parse((await tl(check('--as-of', '2026-08-20', '--json'))).stdout) as CheckJson;
    expect(again.budgets[0]!.new_alerts).toEqual([]);
    const later = JSON.parse((await tl(check('--as-of', '2026-08-29', '--json'))).stdout) as CheckJson;
    expect(later.budgets[0]!.new_alerts).toEqual(['0.8']); // $320 of $400
    const always = JSON.parse(
      (await tl(check('--as-of', '2026-08-29', '--json', '--notify-always'))).stdout,
    ) as CheckJson;
    expect(always.budgets[0]!.new_alerts).toEqual(['0.5', '0.8']);
  });

  it('--format github: annotations on stdout and a Markdown summary appended to GITHUB_STEP_SUMMARY', async () => {
    writeConfig([
      { name: 'org', period: 'month', limit_usd: 320 },
      { name: 'chat', period: 'month', limit_usd: 20, scope: { project: 'chat' } },
      { name: 'calm', period: 'month', limit_usd: 100000 },
    ]);
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '## earlier step\n');
    const run = await tl(check('--as-of', '2026-08-20', '--format', 'github'), {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(run.code).toBe(3);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      '::warning title=Budget org warn::org (2026-08): $230.00 of $320.00 (71.8%25), forecast $355.00 — warn: 50%25 reached; forecast over',
    );
    expect(lines[1]).toMatch(/^::error title=Budget chat over::chat \(2026-08\): \$30\.00 of \$20\.00/);
    expect(run.stdout).not.toContain('Budget calm');
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('## earlier step\n### tokenledger budgets — as of 2026-08-20 (UTC)')).toBe(true);
    expect(md).toContain('| 🔴 | chat | 2026-08 | $30.00 | $20.00 | 150.0% |');
  });

  it('--format markdown prints the PR-comment table', async () => {
    writeConfig([{ name: 'org', period: 'month', limit_usd: 320 }]);
    const run = await tl(check('--as-of', '2026-08-20', '--format', 'markdown'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '| 🟡 | org | 2026-08 | $230.00 | $320.00 | 71.8% | $355.00 | warn: 50% reached; forecast over |',
    );
  });

  it('reads --tz and the config zone for the period', async () => {
    writeConfig([{ name: 'day', period: 'day', limit_usd: 100 }], { tz: 'Asia/Tokyo' });
    const run = JSON.parse(
      (await tl(check('--as-of', '2026-08-10T20:00:00Z', '--json'))).stdout,
    ) as CheckJson & {
      tz: string;
      budgets: { period_label: string }[];
    };
    expect(run.tz).toBe('Asia/Tokyo');
    expect(run.budgets[0]!.period_label).toBe('2026-08-11'); // 05:00 on 11 August in Tokyo
    const utc = JSON.parse(
      (await tl(check('--as-of', '2026-08-10T20:00:00Z', '--json', '--tz', 'UTC'))).stdout,
    ) as {
      budgets: { period_label: string }[];
    };
    expect(utc.budgets[0]!.period_label).toBe('2026-08-10');
  });
});

describe('budget check errors (exit 2)', () => {
  it('names the config key path and what is accepted', async () => {
    writeConfig([
      { name: 'org', period: 'month', limit_usd: 100 },
      { name: 'bad', period: 'month', limit_usd: 'lots' },
    ]);
    const run = await tl(check());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `tokenledger: ${config}: budgets[1].limit_usd: expected a number > 0 in USD, e.g. 500 or "499.99", got "lots"\n`,
    );
    expect(run.stdout).toBe('');
  });

  it('refuses a missing budgets list, bad flags and a missing ledger', async () => {
    writeConfig(undefined);
    const none = await tl(check());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no budgets configured');
    writeConfig([{ name: 'org', period: 'month', limit_usd: 100 }]);
    const failOn = await tl(check('--fail-on', 'sometimes'));
    expect([failOn.code, failOn.stderr]).toEqual([
      2,
      'tokenledger: --fail-on: unknown level "sometimes" (accepted: over, forecast, warn)\n',
    ]);
    expect((await tl(check('--format', 'html'))).stderr).toContain('--format: unknown format "html"');
    expect((await tl(check('--tz', 'Mars/Base'))).stderr).toContain('--tz: unknown time zone "Mars/Base"');
    expect((await tl(check('--as-of', 'yesterday'))).stderr).toContain('--as-of: invalid date "yesterday"');
    const missing = await tl(['--db', join(dir, 'nope.db'), '--config', config, 'budget', 'check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ledger database not found');
  });
});

describe('budget check --webhook', () => {
  let server: Server | undefined;
  let hits: string[];
  let reply: (res: import('node:http').ServerResponse) => void;

  beforeEach(async () => {
    hits = [];
    reply = (res) => res.writeHead(200).end();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        hits.push(body);
        reply(res);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
  });
  const url = () => `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`;

  it('POSTs new crossings only, once', async () => {
    writeConfig([{ name: 'org', period: 'month', limit_usd: 400 }]);
    const first = await tl(check('--as-of', '2026-08-20', '--webhook', url()));
    expect(first.code).toBe(0);
    expect(hits).toHaveLength(1);
    expect(JSON.parse(hits[0]!).text).toContain(
      'budget org (2026-08) reached 50%: $230.00 of $400.00 (57.5%)',
    );
    await tl(check('--as-of', '2026-08-20', '--webhook', url()));
    expect(hits).toHaveLength(1);
  });

  it('HTTP 500: a clear error on stderr, the same exit code, and a retry on the next check', async () => {
    writeConfig([{ name: 'chat', period: 'month', limit_usd: 20, scope: { project: 'chat' } }]);
    reply = (res) => res.writeHead(500, 'Internal Server Error').end();
    const failed = await tl(check('--as-of', '2026-08-20', '--webhook', url()));
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(
      /^warning: --webhook http:\/\/127\.0\.0\.1:\d+ failed: HTTP 500 Internal Server Error; the alerts will be sent again on the next check\n$/,
    );
    reply = (res) => res.writeHead(204).end();
    const retried = await tl(check('--as-of', '2026-08-20', '--webhook', url()));
    expect([retried.code, retried.stderr]).toEqual([3, '']);
    expect(hits).toHaveLength(2);
    expect(JSON.parse(hits[1]!).alerts[0].new).toEqual(['0.5', '0.8', '1', 'forecast']);
  });

  it('times out with a clear error and keeps the exit code', async () => {
    writeConfig([{ name: 'org', period: 'month', limit_usd: 400 }]);
    reply = () => {
      /* never answers */
    };
    const run = await tl(check('--as-of', '2026-08-20', '--webhook', url(), '--webhook-timeout', '0.5'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('failed: no answer within 0.5 s');
  });
});
