import { addMoney, fromNano, type Money, toNano, ZERO } from '../money.js';
import type { PriceBook } from '../pricing/price-book.js';
import { aggregateSpend } from '../report/aggregate.js';
import { periodLabel, periodStartOf } from '../report/periods.js';
import { addTallies } from '../report/rows.js';
import type { SpendResult, UnpricedTally } from '../report/types.js';
import type { Ledger } from '../store/ledger.js';
import { lineItemModel, STORAGE_MODEL } from './line-item.js';
import { explain } from './notes.js';

export type ReconcileGroup = 'project' | 'model';
export type ReconcileStatus = 'match' | 'gap' | 'no-billed-data';

export interface ReconcileOptions {
  period: 'day' | 'month';
  groupBy: readonly ReconcileGroup[];
  sinceMs?: number;
  untilMs?: number;
  /** The zone the user's reports use (for the note on UTC day boundaries). */
  reportTz: string;
}

/** A billed line as reconcile sees it. */
export interface BilledItem {
  lineItem: string;
  amount: Money;
  /** The model it names, if any. */
  model: string | undefined;
}

export interface ReconcileRow {
  period: string;
  periodStartMs: number;
  keys: Record<string, string>;
  logged: Money;
  usage: Money;
  billed: Money;
  /** billed − usage. */
  diff: Money;
  status: ReconcileStatus;
  notes: string[];
  /** Working data for the notes. */
  items: BilledItem[];
  usageModels: Map<string, Money>;
  /** Priced vector-store storage in `usage`: no request log can hold it (the logs-coverage note leaves it out). */
  storage: Money;
  /** Per model: why some of its provider usage is unpriced (may be usage of no requests, e.g. storage). */
  unpriced: Map<string, UnpricedTally[]>;
  billedLines: number;
}

export interface ReconcileResult {
  tz: 'UTC';
  rows: ReconcileRow[];
  total: { logged: Money; usage: Money; billed: Money; diff: Money };
  notes: string[];
}

const NONE = '(none)';

/**
 * Per UTC day or month (and optionally project or model): request logs priced, provider usage
 * aggregates priced, and what the provider billed (Costs API lines / cost export), with a status
 * and notes that explain the difference. Logs and aggregates are never added: they are two views
 * of the same traffic.
 */
export async function reconcile(
  ledger: Ledger,
  book: PriceBook,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  const unit = options.period;
  const byModel = options.groupBy.includes('model');
  const byProject = options.groupBy.includes('project');
  const spend = (basis: 'requests' | 'aggregates') =>
    aggregateSpend(ledger, book, {
      periodUnit: unit,
      tz: 'UTC',
      groupBy: byProject ? ['model', 'project'] : ['model'],
      filters: {},
      basis,
      // "logged" is what the request logs say; storage is in no request log (only in aggregates).
      storageOnLogDays: false,
      ...(options.sinceMs === undefined ? {} : { sinceMs: options.sinceMs }),
      ...(options.untilMs === undefined ? {} : { untilMs: options.untilMs }),
    });
  const logs: SpendResult = await spend('requests');
  const usage: SpendResult = await spend('aggregates');
  const rows = new Map<string, ReconcileRow>();
  const rowFor = (startMs: number, model: string, project: string) => {
    const keys: Record<string, string> = {};
    for (const g of options.groupBy) keys[g] = g === 'model' ? model : project;
    const id = `${startMs}\u0001${options.groupBy.map((g) => keys[g]).join('\u0001')}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        period: periodLabel(startMs, unit, 'UTC'),
        periodStartMs: startMs,
        keys,
        logged: ZERO,
        usage: ZERO,
        billed: ZERO,
        diff: ZERO,
        status: 'no-billed-data',
        notes: [],
        items: [],
        usageModels: new Map(),
        storage: ZERO,
        unpriced: new Map(),
        billedLines: 0,
      };
      rows.set(id, row);
    }
    return row;
  };
  for (const r of logs.rows) {
    const row = rowFor(r.periodStartMs, r.keys.model ?? NONE, r.keys.project ?? NONE);
    row.logged = addMoney(row.logged, r.cost.total);
  }
  for (const r of usage.rows) {
    const model = r.keys.model ?? NONE;
    const row = rowFor(r.periodStartMs, model, r.keys.project ?? NONE);
    row.usage = addMoney(row.usage, r.cost.total);
    row.usageModels.set(model, addMoney(row.usageModels.get(model) ?? ZERO, r.cost.total));
    if (model === STORAGE_MODEL) row.storage = addMoney(row.storage, r.cost.total);
    if (r.unpricedWhy.length > 0)
      row.unpriced.set(model, addTallies(row.unpriced.get(model) ?? [], r.unpricedWhy));
  }
  const invoices = await ledger.invoiceLines?.({
    ...(options.sinceMs === undefined ? {} : { fromMs: options.sinceMs }),
    ...(options.untilMs === undefined ? {} : { toMs: options.untilMs }),
  });
  for (const line of invoices ?? []) {
    const startMs = periodStartOf(line.startMs, unit, 'UTC');
    const model = lineItemModel(book, line.lineItem);
    const row = rowFor(startMs, byModel ? (model ?? '(other)') : NONE, line.project ?? NONE);
    const amount = fromNano(line.amountNano);
    row.billed = addMoney(row.billed, amount);
    row.billedLines++;
    row.items.push({ lineItem: line.lineItem ?? '(unnamed line item)', amount, model });
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      a.periodStartMs - b.periodStartMs ||
      options.groupBy.map((g) => a.keys[g]!.localeCompare(b.keys[g]!)).find((c) => c !== 0) ||
      0,
  );
  const total = { logged: ZERO, usage: ZERO, billed: ZERO, diff: ZERO };
  for (const row of sorted) {
    row.diff = (row.billed - row.usage) as Money;
    row.status = row.billedLines === 0 ? 'no-billed-data' : toNano(row.diff) === 0n ? 'match' : 'gap';
    row.notes = explain(row, options.reportTz);
    total.logged = addMoney(total.logged, row.logged);
    total.usage = addMoney(total.usage, row.usage);
    total.billed = addMoney(total.billed, row.billed);
  }
  total.diff = (total.billed - total.usage) as Money;
  const notes =
    options.reportTz === 'UTC'
      ? []
      : [
          `periods are UTC ${unit}s, as invoices are; your reports use ${options.reportTz}, so their ${unit}s start at another instant`,
        ];
  return { tz: 'UTC', rows: sorted, total, notes };
}
