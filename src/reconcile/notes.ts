import { displayUsd, type Money, usdString } from '../money.js';

/** $0.005 in atto-dollars: below it a difference may be the bill's rounding. */
const HALF_CENT = 5n * 10n ** 15n;
import { reasonWords } from '../report/unpriced-summary.js';
import type { ReconcileRow } from './reconcile.js';

/** The notes that explain one reconcile row, most telling first. */
export function explain(row: ReconcileRow, reportTz: string): string[] {
  const notes: string[] = [];
  if (row.billedLines === 0 && row.usage > 0n) {
    notes.push(
      'usage without billed lines: the Costs API has no line for this period yet (costs lag usage by hours to days; run `tokenledger sync openai` again later)',
    );
  }
  for (const item of row.items) {
    if (item.model === undefined) {
      notes.push(
        `billed line item "${item.lineItem}" (${displayUsd(item.amount)}) names no model or storage the ledger holds usage of: it is compared in the period's total only (hosted tool calls are priced inside each model's usage; other per-unit items may have no usage endpoint)`,
      );
    } else if (!row.usageModels.has(item.model)) {
      notes.push(
        `billed line item "${item.lineItem}" (${displayUsd(item.amount)}): no usage of ${item.model} in this period`,
      );
    }
  }
  if (row.unpriced.size > 0) {
    const list = [...row.unpriced].map(([m, why]) => `${m} (${reasonWords(why)})`).join(', ');
    notes.push(
      `usage the price book cannot price: ${list}; usage_usd is a lower bound (add it with --pricing FILE; tokenledger pricing check lists it)`,
    );
  }
  if (row.status === 'gap') {
    const explained = notes.length > 0;
    const abs = row.diff < 0n ? -row.diff : row.diff;
    if (!explained && abs < HALF_CENT) {
      notes.push(
        `rounding? billed and priced usage differ by $${usdString(row.diff as Money)}, under half a cent: billed amounts may be rounded; a wrong price shows the same way (check the model's price)`,
      );
    } else if (!explained) {
      notes.push(
        `priced usage differs from the bill by $${usdString(row.diff as Money)} with every line item explained: check the price book for these models (\`tokenledger pricing show MODEL\`) or an override`,
      );
    }
    if (reportTz !== 'UTC') {
      notes.push(`periods are UTC, as invoices are; reports in ${reportTz} cut days at another instant`);
    }
  }
  // Coverage is of the usage a request log can hold: vector-store storage is in none.
  const requestUsage = row.usage - row.storage;
  if (row.logged > 0n && requestUsage > 0n && row.logged !== requestUsage) {
    const pct = (row.logged * 100n) / requestUsage;
    const storage = row.storage > 0n ? `; storage, ${displayUsd(row.storage)}, is in no request log` : '';
    notes.push(
      `request logs cover ${pct}% of the provider's request usage (${displayUsd(row.logged)} of ${displayUsd(requestUsage as Money)}${storage})`,
    );
  }
  return notes;
}
