import type { PriceBook } from '../../pricing/price-book.js';
import type { Ledger, UsageGroup } from '../../store/ledger.js';
import { aggregateSpend } from '../aggregate.js';
import { nextPeriodStart, periodStartOf } from '../periods.js';
import { ModelCache, type PricedUsage } from '../price.js';
import type { Dimension, SpendQuery, SpendResult } from '../types.js';
import type { FocusCharge, Issuer } from './focus-charge.js';
import { feeCharge, type MeterLine, meterLines, spreadBilled, toolLines } from './meter-lines.js';

export interface FocusCharges {
  charges: FocusCharge[];
  /** The report dimensions shown as x_ columns (tags are in Tags). */
  dims: Dimension[];
  /** The same usage as a plain report (UTC days): its totals check the charges. */
  result: SpendResult;
  /** Billed usage with no list price (unknown model, tier not offered): left out, never $0. */
  leftOut: { requests: number; models: string[] };
}

const UTC = 'UTC';
/** Reads the raw tag JSON with the groups (any tag: dimension selects the column). */
const TAGS: Dimension = 'tag:\u0000';

/**
 * The report's usage as FOCUS charges: one per SKU price (each token meter of a model at a tier,
 * context size and price version, each gateway fee rate) per charge period, sub-account, tag set
 * and requested dimensions. Charge periods are UTC days, ISO weeks or months cut at UTC month
 * starts, so none crosses a billing period (a UTC calendar month) whatever the report's zone.
 * `listBook` gives ListUnitPrice (the published prices); `book` (with --pricing overrides) gives
 * the contracted prices the report bills with. Failed calls are not charges.
 */
export async function collectFocusCharges(
  ledger: Ledger,
  listBook: PriceBook,
  book: PriceBook,
  query: SpendQuery,
): Promise<FocusCharges> {
  const dims = query.groupBy.filter((d) => !d.startsWith('tag:'));
  const groupBy = [...new Set<Dimension>(['model', 'tier', 'project', 'gateway', ...dims, TAGS])];
  const { asModel: _m, asTier: _t, ...rest } = query;
  const focusQuery: SpendQuery = { ...rest, tz: UTC, periodUnit: 'day', groupBy };
  const models = new ModelCache(book);
  const listModels = new ModelCache(listBook);
  const charges = new Map<string, FocusCharge>();
  const leftOut = { requests: 0, models: new Set<string>() };
  let range = { sinceMs: 0, untilMs: 0 };
  const visit = (g: UsageGroup, priced: PricedUsage, atMs: number) => {
    if (!g.billed) return;
    const lines =
      priced.why.length > 0 ? undefined : chargeLines(g, book, listBook, models, listModels, atMs);
    if (!lines) {
      leftOut.requests += g.requests;
      leftOut.models.add(g.model);
      return;
    }
    const period = chargePeriod(atMs, query);
    const base = {
      ...period,
      issuer: issuerOf(book, g.gateway),
      project: g.project ?? '',
      tags: g.tags ?? '',
      dims: dimValues(g, dims, models),
    };
    const billed = spreadBilled(
      lines,
      g.reported && priced.cost.reported > 0n ? priced.cost.reported : undefined,
    );
    lines.forEach((l, i) => {
      add(charges, { ...base, ...l, billedCost: billed[i]! });
    });
    const fee = feeCharge(book, g, priced);
    if (fee) add(charges, { ...base, ...fee });
  };
  const result = await aggregateSpend(ledger, book, focusQuery, (g, priced, atMs) => visit(g, priced, atMs));
  range = { sinceMs: result.sinceMs, untilMs: result.untilMs };
  const clipped = [...charges.values()].map((c) => ({
    ...c,
    chargeStartMs: Math.max(c.chargeStartMs, range.sinceMs),
    chargeEndMs: Math.min(c.chargeEndMs, range.untilMs),
  }));
  clipped.sort((a, b) => a.chargeStartMs - b.chargeStartMs || (a.skuPriceId < b.skuPriceId ? -1 : 1));
  return {
    charges: clipped,
    dims,
    result,
    leftOut: { requests: leftOut.requests, models: [...leftOut.models].sort() },
  };
}

/** Token meters (none for usage priced without a model, e.g. storage) plus tool and storage lines. */
function chargeLines(...args: Parameters<typeof meterLines>): MeterLine[] | undefined {
  const [g, , , models] = args;
  const tokens = models.get(g.model) ? meterLines(...args) : [];
  const tools = toolLines(...args);
  return tokens && tools ? [...tokens, ...tools] : undefined;
}

function add(charges: Map<string, FocusCharge>, c: FocusCharge): void {
  const key = [c.chargeStartMs, c.issuer.id, c.project, c.tags, JSON.stringify(c.dims), c.skuPriceId].join(
    '\u0001',
  );
  const have = charges.get(key);
  if (!have) {
    charges.set(key, { ...c });
    return;
  }
  have.quantity += c.quantity;
  have.listCost += c.listCost;
  have.contractedCost += c.contractedCost;
  have.billedCost += c.billedCost;
}

/** UTC day, ISO week cut at the month start, or month; the billing period is the UTC month. */
function chargePeriod(atMs: number, query: SpendQuery) {
  const month = periodStartOf(atMs, 'month', UTC);
  const monthEnd = nextPeriodStart(month, 'month', UTC);
  const unit = query.periodUnit;
  let start = month;
  let end = monthEnd;
  if (unit === 'day' || unit === 'week') {
    const s = periodStartOf(atMs, unit, UTC, query.weekStartsOn ?? 1);
    start = Math.max(s, month);
    end = Math.min(nextPeriodStart(s, unit, UTC), monthEnd);
  }
  return { chargeStartMs: start, chargeEndMs: end, billingStartMs: month, billingEndMs: monthEnd };
}

function issuerOf(book: PriceBook, gateway: string): Issuer {
  if (gateway === '' || gateway.toLowerCase() === 'openai') return { id: 'openai', name: 'OpenAI' };
  const gw = book.gateways.get(gateway.toLowerCase());
  if (gw?.id === 'openai') return { id: 'openai', name: 'OpenAI' };
  return gw ? { id: gw.id, name: gw.data.name } : { id: gateway, name: gateway };
}

function dimValues(g: UsageGroup, dims: readonly Dimension[], models: ModelCache): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims) {
    if (d === 'model') out[d] = models.get(g.model)?.id ?? g.model;
    else if (d === 'family') out[d] = models.get(g.model)?.family ?? '';
    else out[d] = String((g as unknown as Record<string, unknown>)[d] ?? '');
  }
  return out;
}
