import type { Command } from 'commander';
import { findUnpriced } from '../../report/unpriced.js';
import { refineClassSpans } from '../../report/unpriced-spans.js';
import { formatCount, formatTable } from '../../render/table.js';
import type { UsageGroup } from '../../store/ledger.js';
import { openLedger } from '../../store/open-ledger.js';
import { createContext } from '../context.js';
import { printJson, printLine } from '../output.js';

/** usageSpan gives the last bucket's start; a day past it covers that bucket (the end is exclusive). */
const END_PAD_MS = 86_400_000;

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
Lists models the book does not know (with the nearest known ids), models used before their first
price, tiers, long-context or regional use a known model has no price for (checked at the
model's last day of use), and non-text usage the book cannot price: audio or image tokens of a
model without those rates, hosted tool calls or storage without a fee entry, speech characters,
transcription seconds and images of a model without a per-unit price (the book prices tts-1,
tts-1-hd and whisper-1; DALL·E images stay unpriced because buckets record neither size nor
quality). A class row gives its quantity and the first and last day the class itself was used. Each row gives the requests and the first and last day seen, and what to
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
        const span = await ledger.usageSpan();
        const groups: UsageGroup[] = [];
        if (span) {
          for (const kind of ['request', 'bucket'] as const) {
            groups.push(
              ...(await ledger.sumUsage({
                fromMs: span.minMs,
                toMs: span.maxMs + END_PAD_MS,
                kind,
                groupBy: [],
                filters: {},
              })),
            );
          }
        }
        const unpriced = findUnpriced(ctx.book, seen, groups);
        await refineClassSpans(ledger, unpriced);
        const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        if (ctx.options.json) {
          printJson({
            db: ledger.location,
            models_seen: seen.length,
            requests_seen: seen.reduce((n, s) => n + s.requests, 0),
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
          `\n${unpriced.length} unpriced model/tier/class combination(s) of ${seen.length} models; add them with --pricing FILE (README: Price book).`,
        );
      } finally {
        await ledger.close();
      }
    });
}
