import { divRoundHalfEven, mulDecimal, parseDecimal } from '../../money.js';
import { LINE_KEYS, lineQuantities } from '../../pricing/cost.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { longContextThreshold, type Rates, tryRates, versionAt } from '../../pricing/rates.js';
import { isLongContext } from '../../store/columns.js';
import type { UsageGroup } from '../../store/ledger.js';
import type { Tier } from '../../usage-event.js';
import type { ModelCache, PricedUsage } from '../price.js';
import { groupTokens, isUnitCharge, priceToolCharges, type ToolCharge } from '../price-classes.js';
import { type FocusCharge, METERS, type TokenMeter } from './focus-charge.js';

/** A charge's SKU price part: what is bought, how much, at which list and contracted unit prices. */
export type MeterLine = Omit<
  FocusCharge,
  'chargeStartMs' | 'chargeEndMs' | 'billingStartMs' | 'billingEndMs' | 'issuer' | 'project' | 'tags' | 'dims'
>;

/** The group's token meters priced at list and contracted rates; undefined when either is missing. */
export function meterLines(
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
    const up = (r: Rates): Rates => {
      const out: Record<string, bigint | undefined> = {};
      for (const k of LINE_KEYS) out[k] = r[k] === undefined ? undefined : mulDecimal(r[k], factor);
      return out as unknown as Rates;
    };
    rates = up(rates);
    list = up(list);
  }
  const quantities = lineQuantities(groupTokens(g));
  const out: MeterLine[] = [];
  for (const meter of Object.keys(METERS) as TokenMeter[]) {
    const qty = quantities[meter];
    if (qty === 0n) continue;
    const contracted = rates[meter];
    const listed = list[meter] ?? contracted;
    if (contracted === undefined || listed === undefined) return undefined;
    const m = METERS[meter];
    const where = `${g.tier}/${context}-context${g.regional ? '/regional' : ''}`;
    out.push({
      skuId: `${model.id}/${m.id}`,
      skuPriceId: `${model.id}/${m.id}/${where}@${version.effectiveFrom}`,
      skuMeter: m.name,
      description: `${model.id} ${m.what}, ${g.tier} tier, ${context} context${g.regional ? ', data residency' : ''}`,
      kind: 'tokens',
      quantity: qty,
      listUnit: listed,
      contractedUnit: contracted,
      unitScale: 0,
      listCost: qty * listed,
      contractedCost: qty * contracted,
      billedCost: qty * contracted,
      costScale: 18,
    });
  }
  return out;
}

/** FOCUS names of the tool and storage SKUs. */
const TOOL_SKUS = {
  web_search: { id: 'web-search-calls', name: 'Web Search Calls', unit: 'Calls', what: 'web search calls' },
  file_search: {
    id: 'file-search-calls',
    name: 'File Search Calls',
    unit: 'Calls',
    what: 'file search calls',
  },
  code_interpreter: {
    id: 'code-interpreter-sessions',
    name: 'Code Interpreter Sessions',
    unit: 'Sessions',
    what: 'code interpreter container sessions',
  },
  vector_store_storage: {
    id: 'vector-store-storage',
    name: 'Vector Store Storage',
    unit: 'GB-Days',
    what: 'vector store storage',
  },
  speech: {
    id: 'speech-characters',
    name: 'Speech Characters',
    unit: '1M Characters',
    what: 'speech characters',
  },
  transcription: {
    id: 'transcription-minutes',
    name: 'Transcription Minutes',
    unit: 'Minutes',
    what: 'transcribed audio',
  },
  image_generation: { id: 'images', name: 'Images', unit: 'Images', what: 'generated images' },
} as const;

/**
 * A charge's quantity in its SKU's unit as an exact decimal (units × 10^-scale), and whether
 * quantity × unit price is its exact cost. One scale per kind of charge, so charges that land on the
 * same SKU price add up: speech characters are millions of characters at scale 6 (exact); seconds
 * are minutes at scale 12 (rounded, the cost is the report's exact amount); storage as before.
 */
function skuQuantity(c: ToolCharge): { quantity: bigint; scale: number; exact: boolean } {
  if (c.id === 'speech') return { quantity: c.quantity, scale: 6, exact: true };
  if (c.id === 'transcription')
    return { quantity: divRoundHalfEven(c.quantity * 10n ** 12n, 60n), scale: 12, exact: false };
  if (c.id !== 'vector_store_storage') return { quantity: c.quantity, scale: 0, exact: true };
  const whole = c.quantity % 24n === 0n;
  return whole
    ? { quantity: c.quantity / 24n, scale: 9, exact: true }
    : { quantity: divRoundHalfEven(c.quantity * 1000n, 24n), scale: 12, exact: false };
}

/**
 * The group's tool calls, container sessions and vector-store storage as SKU price lines (one per
 * tool, context size and fee version) at list and contracted fees; undefined when either book
 * cannot price one. Calls and sessions are exact. Storage is written in GB-days: exact (9 decimals)
 * for whole-day buckets, else rounded to 12 decimals, and its cost is the report's (rounded to the
 * atto-dollar per group, price-classes.ts).
 */
export function toolLines(
  g: UsageGroup,
  book: PriceBook,
  listBook: PriceBook,
  models: ModelCache,
  listModels: ModelCache,
  atMs: number,
): MeterLine[] | undefined {
  const contracted = priceToolCharges(book, models.get(g.model), g, atMs);
  const listed = priceToolCharges(listBook, listModels.get(g.model), g, atMs);
  if (contracted.missing.length > 0) return undefined;
  const out: MeterLine[] = [];
  for (const c of contracted.charges) {
    const l = listed.charges.find((x) => x.column === c.column) ?? c;
    const sku = TOOL_SKUS[c.id];
    const size = c.contextSize ? `/${c.contextSize}-context` : '';
    const unit = (x: ToolCharge) => mulDecimal(10n ** 18n, parseDecimal(x.usdPerUnit)!);
    const { quantity, scale: quantityScale, exact } = skuQuantity(c);
    const costScale = 18 + quantityScale;
    const scaleUp = 10n ** BigInt(quantityScale);
    // Per-unit model prices are the model's own SKU (tts-1/speech-characters); tools are OpenAI's.
    const owner = isUnitCharge(c) ? g.model : 'openai';
    out.push({
      skuId: `${owner}/${sku.id}`,
      skuPriceId: `${owner}/${sku.id}${size}@${l.effectiveFrom}`,
      skuMeter: sku.name,
      description: `${sku.what}${c.contextSize ? `, ${c.contextSize} search context` : ''}${c.id === 'vector_store_storage' ? ' (GB = 10^9 bytes)' : ''}`,
      kind: 'units',
      unitName: sku.unit,
      quantity,
      quantityScale,
      listUnit: unit(l),
      contractedUnit: unit(c),
      unitScale: 18,
      listCost: exact ? quantity * unit(l) : l.amount * scaleUp,
      contractedCost: exact ? quantity * unit(c) : c.amount * scaleUp,
      billedCost: exact ? quantity * unit(c) : c.amount * scaleUp,
      costScale,
    });
  }
  return out;
}

/** A gateway-reported cost spread over the meters by contracted cost (exact: the last takes the rest). */
export function spreadBilled(lines: readonly MeterLine[], reported: bigint | undefined): bigint[] {
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
export function feeCharge(book: PriceBook, g: UsageGroup, priced: PricedUsage): MeterLine | undefined {
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
