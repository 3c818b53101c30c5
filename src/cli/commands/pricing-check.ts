import type { Command } from 'commander';
import { aggregateSpend } from '../../report/aggregate.js';
import { findUnpriced, type PricedGroup } from '../../report/unpriced.js';
import { refineClassSpans } from '../../report/unpriced-spans.js';
import { formatCount, formatTable } from '../../render/table.js';
import { openLedger } from '../../store/open-ledger.js';
import { createContext } from '../context.js';
import { printJson, printLine } from '../output.js';

/** `pricing check [--db]`: what the ledger holds that the book cannot price. */
export function registerPricingCheck(pricing: Command): void {
  pricing
    .command('check')
    .description(
      'list the models, tiers, token classes and tool fees in the ledger that the price book cannot price, with counts',
    )
    .addHelpText(
      'after',
      `
Lists what the book cannot price, by the one definition reports, budgets and ingest use: a billed
request without a source-reported cost is unpriced when its model is unknown, no price version is
in force at its time, or its tier, long context or regional use is not offered then; and, for
requests priced by model and tier, each token class or fee the book has no price for (audio or
image tokens of a model without those rates, hosted tool calls or storage without a fee entry,
speech characters, transcription seconds and images of a model without a per-unit price: the book
prices tts-1, tts-1-hd and whisper-1; DALL·E images stay unpriced because buckets record neither
size nor quality), with its quantity. Requests are
counted as \`report\` counts them (per-request logs, or provider aggregates on days without logs), so
the total here equals the report's "unpriced" total. Each row gives the requests and the first and last day seen, and what to
add to a --pricing file. The ledger is the global --db (a path or a postgres:// URL). Exit 0
whatever it finds; reports and budget checks point here when something is unpriced.

Examples:
  tokenledger pricing check
  tokenledger pricing check --db postgres://user@host/ledger --json`,
    )
    .action(async (_raw: Record<string, unknown>, command: Command) => {
      const ctx = createContext(command);
      const ledger = await openLedger(ctx.options.db, { readonly: true, origin: ctx.options.dbOrigin });
      try {
        const seen = await ledger.modelsSeen();
        // The report's own pass over the ledger (basis auto, every price version's segment), so the
        // requests listed here add up to `report`'s "unpriced" total for all time.
        const groups: PricedGroup[] = [];
        let total = 0;
        if (await ledger.usageSpan()) {
          await aggregateSpend(
            ledger,
            ctx.book,
            { periodUnit: 'total', tz: 'UTC', groupBy: [], filters: {}, basis: 'auto' },
            (group, priced, atMs) => {
              groups.push({ group, atMs });
              total += priced.unpriced;
            },
          );
        }
        const unpriced = findUnpriced(ctx.book, seen, groups);
        await refineClassSpans(ledger, unpriced);
        const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        if (ctx.options.json) {
          printJson({
            db: ledger.location,
            models_seen: seen.length,
            requests_seen: seen.reduce((n, s) => n + s.requests, 0),
            unpriced_requests: total,
            unpriced: unpriced.map((u) => ({
              model: u.model,
              tier: u.tier,
              problem: u.problem,
              ...(u.usageClass ? { class: u.usageClass, quantity: u.quantity } : {}),
              requests: u.requests,
              first_seen: day(u.firstMs),
              last_seen: day(u.lastMs),
              suggestion: u.suggestion,
            })),
          });
          return;
        }
        if (unpriced.length === 0) {
          // Say what was checked: models, then their tiers, contexts and regions, then every non-text class.
          printLine(
            `everything in ${ledger.location} is priced: ${seen.length} models at the tiers, contexts and regions used, and their non-text usage (audio and image tokens, 12-hour cache writes, tool calls, storage, speech characters, transcription seconds, images)`,
          );
          return;
        }
        printLine(
          formatTable(
            [
              { header: 'model' },
              { header: 'tier' },
              { header: 'problem' },
              { header: 'requests', align: 'right' },
              { header: 'first seen' },
              { header: 'last seen' },
            ],
            unpriced.map((u) => [
              u.model,
              u.tier ?? '',
              u.quantity === undefined ? u.problem : `${u.problem} (${formatCount(u.quantity)})`,
              formatCount(u.requests),
              day(u.firstMs),
              day(u.lastMs),
            ]),
          ),
        );
        printLine('');
        for (const s of [...new Set(unpriced.map((u) => u.suggestion))]) printLine(`- ${s}`);
        printLine(
          `\n${formatCount(total)} unpriced request(s) in ${unpriced.length} model/tier/class combination(s) of ${seen.length} models; add them with --pricing FILE (README: Price book).`,
        );
      } finally {
        await ledger.close();
      }
    });
}
