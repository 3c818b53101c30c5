import { mulDecimal, parseDecimal } from '../../money.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { longContextThreshold, tryRates, versionAt } from '../../pricing/rates.js';
import { isLongContext } from '../../store/columns.js';
import type { Ledger, UsageGroup } from '../../store/ledger.js';
import type { Tier } from '../../usage-event.js';
import { aggregateSpend } from '../aggregate.js';
import { nextPeriodStart, periodStartOf } from '../periods.js';
import { ModelCache, type PricedUsage } from '../price.js';
import type { Dimension, SpendQuery, SpendResult } from '../types.js';
import { type FocusCharge, type Issuer, METERS, type TokenMeter } from './focus-charge.js';

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
    const lines = priced.unpriced > 0 ? undefined : meterLines(g, book, listBook, models, listModels, atMs);
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

type MeterLine = Omit<
  FocusCharge,
  'chargeStartMs' | 'chargeEndMs' | 'billingStartMs' | 'billingEndMs' | 'issuer' | 'project' | 'tags' | 'dims'
>;

/** The group's token meters priced at list and contracted rates; undefined when either is missing. */
function meterLines(
  g: UsageGroup,
  book: PriceBook,
  listBook: PriceBook,
  models: ModelCache,
  listModels: ModelCache,
  atMs: number,
): MeterLine[] | undefined {
  const model = models.get(g.model);
  if (!model) return undefined;
  const long = isLongContext(g.input_band, longContextThreshold(book, model, atMs));
  const context = long ? 'long' : 'short';
  const tier = g.tier as Tier;
  let rates = tryRates(book, model, atMs, tier, context);
  const listModel = listModels.get(g.model);
  let list = (listModel && tryRates(listBook, listModel, atMs, tier, context)) ?? rates;
  // The SKU price is the published (list) one: its version names it.
  const version = (listModel && versionAt(listModel, atMs)) ?? versionAt(model, atMs);
  if (!rates || !list || !version) return undefined;
  if (g.regional) {
    const uplift = model.dataResidencyUplift;
    if (!uplift) return undefined;
    const factor = { units: 10n ** BigInt(uplift.scale) + uplift.units, scale: uplift.scale };
    const up = (r: typeof rates) => ({
      input: mulDecimal(r!.input, factor),
      cachedInput: mulDecimal(r!.cachedInput, factor),
      cacheWrite: mulDecimal(r!.cacheWrite, factor),
      output: mulDecimal(r!.output, factor),
    });
    rates = { ...rates, ...up(rates) };
    list = { ...list, ...up(list) };
  }
  const tokens: Record<TokenMeter, number> = {
    input: g.input - g.cached - g.cache_write,
    cachedInput: g.cached,
    cacheWrite: g.cache_write,
    output: g.output,
  };
  const out: MeterLine[] = [];
  for (const meter of Object.keys(METERS) as TokenMeter[]) {
    const qty = BigInt(tokens[meter]);
    if (qty === 0n) continue;
    const m = METERS[meter];
    const where = `${g.tier}/${context}-context${g.regional ? '/regional' : ''}`;
    out.push({
      skuId: `${model.id}/${m.id}`,
      skuPriceId: `${model.id}/${m.id}/${where}@${version.effectiveFrom}`,
      skuMeter: m.name,
      description: `${model.id} ${m.what}, ${g.tier} tier, ${context} context${g.regional ? ', data residency' : ''}`,
      kind: 'tokens',
      quantity: qty,
      listUnit: list[meter],
      contractedUnit: rates[meter],
      unitScale: 0,
      listCost: qty * list[meter],
      contractedCost: qty * rates[meter],
      billedCost: qty * rates[meter],
      costScale: 18,
    });
  }
  return out;
}

/** A gateway-reported cost spread over the meters by contracted cost (exact: the last takes the rest). */
function spreadBilled(lines: readonly MeterLine[], reported: bigint | undefined): bigint[] {
  if (reported === undefined) return lines.map((l) => l.contractedCost);
  const total = lines.reduce((s, l) => s + l.contractedCost, 0n);
  let left = reported;
  return lines.map((l, i) => {
    if (i === lines.length - 1) return left;
    const share = total === 0n ? 0n : (reported * l.contractedCost) / total;
    left -= share;
    return share;
  });
}

/** The gateway fee on this group as its own charge: a rate over the amount it is charged on. */
function feeCharge(book: PriceBook, g: UsageGroup, priced: PricedUsage): MeterLine | undefined {
  if (priced.cost.fees === 0n) return undefined;
  const gw = book.gateways.get(g.gateway.toLowerCase());
  if (!gw) return undefined;
  const byok = g.byok === 1;
  const method = gw.data.default_payment ?? Object.keys(gw.data.topup_fees)[0] ?? 'card';
  const percent = byok ? gw.data.byok?.percent : gw.data.topup_fees[method]?.percent;
  const rate = percent === undefined ? undefined : parseDecimal(percent);
  const base = priced.cost.total - priced.cost.fees;
  const kind = byok ? 'byok-fee' : 'topup-fee';
  const skuId = `${gw.id}/${kind === 'byok-fee' ? 'byok-fee' : 'credit-top-up-fee'}`;
  // A fee taken out of the payment is cost × p / (1 − p), not a finite decimal rate: it is then
  // written as the fee amount at a unit price of 1.
  const exact = rate !== undefined && (byok || gw.data.fee_applied !== 'out_of_payment');
  const unit = exact ? rate.units : 1n;
  const unitScale = exact ? rate.scale + 2 : 0;
  const quantity = exact ? base : priced.cost.fees;
  const cost = quantity * unit;
  return {
    skuId,
    skuPriceId: `${skuId}/${byok ? 'byok' : method}@${percent ?? 'fee'}%`,
    skuMeter: byok ? 'BYOK Fee' : 'Credit Top-Up Fee',
    description: `${gw.data.name} ${byok ? 'BYOK fee' : `credit top-up fee (${method})`}, ${percent ?? '?'}% of the usage it pays for`,
    kind,
    quantity,
    listUnit: unit,
    contractedUnit: unit,
    unitScale,
    listCost: cost,
    contractedCost: cost,
    billedCost: cost,
    costScale: 18 + unitScale,
  };
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
