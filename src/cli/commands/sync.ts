import type { Command } from 'commander';
import { invalidValue } from '../../errors.js';
import { createAdminClient } from '../../ingest/sync/admin-client.js';
import { type SyncSummary, syncOpenAI } from '../../ingest/sync/sync-openai.js';
import { ledgerSyncStore } from '../../ingest/sync/sync-store.js';
import { openLedger } from '../../store/index.js';
import { resolveRange } from '../../report/range.js';
import { formatTable } from '../../render/table.js';
import { createContext } from '../context.js';
import { oneOf, addFlags, flag, parseFlags, switchValue } from '../options.js';
import { countValue, rangeBoundValue, urlTextValue } from '../flag-values.js';
import { info, printJson, printLine, progressLine, warn } from '../output.js';

const SYNC_FLAGS = {
  since: flag(
    '--since <date>',
    'first UTC day to pull (default: resume two days before the last synced bucket; first sync: 30 days back)',
    rangeBoundValue,
  ),
  until: flag('--until <date>', 'last UTC day to pull, inclusive (default: now)', rangeBoundValue),
  baseUrl: flag('--base-url <url>', 'API base URL', urlTextValue, { default: 'https://api.openai.com/v1' }),
  bucket: flag('--bucket <width>', 'usage bucket width', oneOf('bucket width', ['1d', '1h'] as const), {
    default: '1d',
  }),
  timeout: flag('--timeout <seconds>', 'give up on one request after this long (then retry)', countValue, {
    default: '60',
  }),
  retries: flag('--retries <n>', 'retries per request after a 429, 5xx, timeout or broken page', countValue, {
    default: '5',
  }),
  names: flag('--no-names', 'skip fetching project, user and API key names', switchValue),
};

/** `tokenledger sync openai`: the organization Usage and Costs APIs into the ledger. */
export function registerSync(program: Command): void {
  const sync = program
    .command('sync')
    .description('pull usage and costs from a provider API into the ledger');
  const openai = sync
    .command('openai')
    .description(
      "pull OpenAI's organization Usage API (completions, embeddings, moderations, images, audio speeches and transcriptions, vector stores, code-interpreter sessions) and Costs API into the ledger; admin key from env OPENAI_ADMIN_KEY",
    );
  addFlags(openai, SYNC_FLAGS).addHelpText(
    'after',
    `
The admin key (sk-admin-…, from platform.openai.com → Organization → Admin keys) is read from the
environment variable OPENAI_ADMIN_KEY only: never from a flag, never printed or stored.
Usage is pulled grouped by project, user, API key, model, batch and service tier; costs by project
and line item. A re-sync of a window adds nothing; a bucket that changed since (today's, a late
correction) replaces the stored one. Each page is committed as it arrives.

Exit codes: 0 ok · 2 bad flag, missing or refused admin key · 5 the API failed after retries
(everything synced before the failure is kept; run it again).`,
  );
  openai.action(async (raw: Record<string, unknown>, command: Command) => {
    const ctx = createContext(command);
    const flags = parseFlags(SYNC_FLAGS, raw);
    const key = process.env.OPENAI_ADMIN_KEY?.trim();
    if (!key) {
      throw invalidValue(
        'environment',
        'OPENAI_ADMIN_KEY is not set',
        'an organization admin key, sk-admin-…',
        {
          suggestion: 'export OPENAI_ADMIN_KEY=sk-admin-… (in CI: from a secret)',
        },
      );
    }
    const range = resolveRange(
      { ...(flags.since ? { since: flags.since } : {}), ...(flags.until ? { until: flags.until } : {}) },
      'day',
      'UTC',
      Date.now(),
    );
    const client = createAdminClient({
      baseUrl: flags.baseUrl,
      key,
      retry: { attempts: flags.retries + 1, timeoutMs: Math.max(1, flags.timeout) * 1000 },
      ...(ctx.options.debug ? { onDebug: (line: string) => info(line) } : {}),
    });
    const ledger = await openLedger(ctx.options.db, { origin: ctx.options.dbOrigin });
    const progress = process.stderr.isTTY && !ctx.options.json && !process.env.CI;
    try {
      const summary = await syncOpenAI({
        client,
        store: ledgerSyncStore(ledger),
        nowMs: Date.now(),
        bucket: flags.bucket,
        names: raw.names !== false,
        ...(range.sinceMs === undefined ? {} : { sinceMs: range.sinceMs }),
        ...(range.untilMs === undefined ? {} : { untilMs: range.untilMs }),
        onWarning: warn,
        ...(progress
          ? {
              onProgress: (p) =>
                progressLine(
                  `${p.endpoint}: ${p.pages} page${p.pages === 1 ? '' : 's'}, ${p.buckets} buckets`,
                  p.done,
                ),
            }
          : {}),
      });
      if (ctx.options.json) printJson(summary);
      else printSummary(summary);
    } finally {
      await ledger.close();
    }
  });
}

function printSummary(s: SyncSummary): void {
  printLine(
    `Synced OpenAI usage and costs ${s.since.slice(0, 10)} .. ${s.until.slice(0, 16).replace('T', ' ')} UTC`,
  );
  printLine(
    formatTable(
      [
        { header: 'endpoint' },
        ...['pages', 'buckets', 'inserted', 'replaced', 'unchanged'].map((header) => ({
          header,
          align: 'right' as const,
        })),
      ],
      s.endpoints.map((e) => [
        e.name,
        String(e.pages),
        String(e.buckets),
        String(e.inserted),
        String(e.replaced),
        String(e.unchanged),
      ]),
    ),
  );
  if (s.names > 0) printLine(`${s.names} project, user and key names`);
  if (s.not_synced.length > 0) {
    printLine(`not synced: ${s.not_synced.map((n) => n.endpoint.split('/').pop()).join(', ')}`);
  }
}
