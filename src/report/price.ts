import { addMoney, fromNano, type Money, money, ZERO } from '../money.js';
import { type CostLines, LINE_KEYS, lineQuantities, sumLines, upliftLines } from '../pricing/cost.js';
import { gatewayFee } from '../pricing/fees.js';
import type { ModelEntry, PriceBook } from '../pricing/price-book.js';
import { longContextThreshold, type Rates, tryRates } from '../pricing/rates.js';
import type { TokenCounts } from '../pricing/tokens.js';
import { findModel } from '../pricing/resolve-model.js';
import { type PriceFacts, REASON_LABEL, unpricedReason } from '../pricing/unpriced-reason.js';
import type { Tier } from '../usage-event.js';
import type { ByokWindows } from './byok.js';
import { isLongContext } from '../store/columns.js';
import type { UsageGroup } from '../store/ledger.js';
import {
  groupTokens,
  hasToolUsage,
  isUnitCharge,
  priceToolCharges,
  toolChargesTotal,
} from './price-classes.js';
import type { SpendCost, UnpricedTally } from './types.js';
import { classLabel } from './unpriced-classes.js';

export interface PricedUsage {
  cost: SpendCost;
  /** Requests that could not be priced (the group's request count; 0 for a group of no requests). */
  unpriced: number;
  /** Why the group is unpriced, one entry per reason (empty: priced), each counting its requests. */
  why: UnpricedTally[];
  source: 'computed' | 'reported';
}

/** A what-if: reprice the same usage with another model and/or tier. */
export interface Reprice {
  model?: ModelEntry;
  tier?: Tier;
}

export function zeroCost(): SpendCost {
  return {
    input: ZERO,
    cachedInput: ZERO,
    cacheWrite: ZERO,
    output: ZERO,
    media: ZERO,
    tools: ZERO,
    reported: ZERO,
    fees: ZERO,
    total: ZERO,
  };
}

export function addCost(a: SpendCost, b: SpendCost): SpendCost {
  return {
    input: addMoney(a.input, b.input),
    cachedInput: addMoney(a.cachedInput, b.cachedInput),
    cacheWrite: addMoney(a.cacheWrite, b.cacheWrite),
    output: addMoney(a.output, b.output),
    media: addMoney(a.media, b.media),
    tools: addMoney(a.tools, b.tools),
    reported: addMoney(a.reported, b.reported),
    fees: addMoney(a.fees, b.fees),
    total: addMoney(a.total, b.total),
  };
}

/**
 * Prices one grouped rollup row at `atMs` (a segment start: every bucket in the segment has the
 * same price version). Token sums × per-token rates is exact, so pricing a sum equals summing the
 * prices. Failed calls (billed = 0) cost nothing; a source-reported cost is used as is unless a
 * what-if reprices it; usage that cannot be priced is counted, never priced at $0 silently.
 */
export function priceGroup(
  book: PriceBook,
  models: ModelCache,
  g: UsageGroup,
  atMs: number,
  reprice?: Reprice,
): PricedUsage {
  if (!g.billed) return { cost: zeroCost(), unpriced: 0, why: [], source: 'computed' };
  if (g.reported && !reprice) {
    const reported = fromNano(g.reported_nano);
    return {
      cost: withFees(book, models, g, { ...zeroCost(), reported }, reported, atMs),
      unpriced: 0,
      why: [],
      source: 'reported',
    };
  }
  // Usage that counts no request (a vector-store bucket) adds 0 unpriced requests but still makes
  // the row incomplete: `why` is not empty.
  const tally = (t: Omit<UnpricedTally, 'requests'>): UnpricedTally => ({ ...t, requests: g.requests });
  const model = reprice?.model ?? models.get(g.model);
  const tokens = groupTokens(g);
  let tokenLines: CostLines | undefined;
  let missing: (typeof LINE_KEYS)[number][] = [];
  // One definition of "unpriced" (pricing/unpriced-reason.ts), shared with ingest and pricing check:
  // unknown model (unless tool/storage usage only), no price then, tier, long context or region not
  // offered. Token classes and tools the book has no price for are checked below, per class.
  const reason = unpricedReason(book, model, groupFacts(g), atMs, {
    ...(reprice?.tier ? { tier: reprice.tier } : {}),
    ignoreReported: true,
  });
  if (reason)
    return {
      cost: zeroCost(),
      unpriced: g.requests,
      why: [tally({ kind: reason.kind, reason: REASON_LABEL[reason.kind] })],
      source: 'computed',
    };
  if (model) {
    // Long context is whole-request, decided from the group's input-size band (groupFacts).
    const long = isLongContext(g.input_band, longContextThreshold(book, model, atMs));
    const rates = tryRates(book, model, atMs, reprice?.tier ?? (g.tier as Tier), long ? 'long' : 'short')!;
    const known = priceKnownLines(rates, tokens);
    tokenLines = known.lines;
    missing = known.missing;
    if (g.regional && model.dataResidencyUplift) {
      tokenLines = upliftLines(tokenLines, model.dataResidencyUplift);
    }
  }
  // Tool fees and storage need no token rates: usage named for no model (vector stores) prices by
  // the book's general fee entries, and per-unit models (tts-1, whisper-1, DALL·E: not token-priced
  // models in the book) by their own per-unit entries. Per-unit prices are media, not tool fees.
  const toolCharges = priceToolCharges(book, model, g, atMs);
  const tools = toolChargesTotal(toolCharges.charges.filter((c) => !isUnitCharge(c)));
  const units = toolChargesTotal(toolCharges.charges.filter(isUnitCharge));
  const lines = tokenLines ?? noTokenLines();
  const base = addMoney(sumLines(lines), tools, units);
  const cost: SpendCost = {
    ...zeroCost(),
    input: lines.input,
    cachedInput: lines.cachedInput,
    cacheWrite: addMoney(lines.cacheWrite, lines.cacheWrite12h),
    output: lines.output,
    media: addMoney(
      lines.audioInput,
      lines.cachedAudioInput,
      lines.audioOutput,
      lines.imageInput,
      lines.cachedImageInput,
      lines.imageOutput,
      units,
    ),
    tools,
  };
  // A class the book cannot price (audio tokens of a model without audio rates, images, a tool
  // without a fee) makes the group's requests unpriced; what the book can price is still counted,
  // so the total is a lower bound that says so, never a silent $0 for the rest.
  const why = [...missing, ...toolCharges.missing].map((id) =>
    tally({
      kind: 'class-not-priced',
      usageClass: id,
      reason: classLabel(id, id in toolCharges.reasons),
    }),
  );
  return {
    cost: withFees(book, models, g, cost, base, atMs),
    unpriced: why.length > 0 ? g.requests : 0,
    why,
    source: 'computed',
  };
}

/** Token lines at the rates the model has; a class with tokens and no rate prices at 0 and is listed. */
function priceKnownLines(
  rates: Rates,
  tokens: TokenCounts,
): { lines: CostLines; missing: (typeof LINE_KEYS)[number][] } {
  const q = lineQuantities(tokens);
  const missing: (typeof LINE_KEYS)[number][] = [];
  const lines = {} as Record<keyof CostLines, Money>;
  for (const k of LINE_KEYS) {
    const rate = rates[k];
    if (q[k] > 0n && rate === undefined) missing.push(k);
    lines[k] = money(rate === undefined ? 0n : q[k] * rate);
  }
  return { lines, missing };
}

function noTokenLines(): CostLines {
  return Object.fromEntries(LINE_KEYS.map((k) => [k, ZERO])) as unknown as CostLines;
}

function withFees(
  book: PriceBook,
  models: ModelCache,
  g: UsageGroup,
  cost: SpendCost,
  base: Money,
  atMs: number,
): SpendCost {
  const gateway = g.gateway === '' ? undefined : book.gateways.get(g.gateway.toLowerCase());
  // BYOK calls pay the gateway's BYOK percentage only once its free monthly allowance is used up.
  const byok = g.byok === 1;
  const pastAllowance = byok && gateway !== undefined && models.byokPast(gateway.id, atMs);
  const fees = gateway
    ? gatewayFee(gateway, base, { byok, byokRequestsThisMonth: pastAllowance ? Number.MAX_SAFE_INTEGER : 0 })
    : ZERO;
  return { ...cost, fees, total: addMoney(base, fees) };
}

/**
 * A rollup group's pricing facts. Long context is whole-request (input > the priced model's
 * threshold at this instant), decided from the group's input-size band: a model added to the book
 * later prices old usage right.
 */
export function groupFacts(g: UsageGroup): PriceFacts {
  return {
    model: g.model,
    tier: g.tier,
    billed: g.billed === 1,
    reported: g.reported === 1,
    regional: g.regional === 1,
    longContext: (threshold) => isLongContext(g.input_band, threshold),
    toolOnly: g.input === 0 && g.output === 0 && hasToolUsage(g),
  };
}

/** Model ids as written in logs → canonical entries (undefined when unknown), memoized. */
export class ModelCache {
  private readonly map = new Map<string, ModelEntry | undefined>();
  /** When BYOK fees apply, per gateway id (see byok.ts); empty: every BYOK call is within its allowance. */
  byokWindows: ByokWindows = new Map();
  constructor(private readonly book: PriceBook) {}
  byokPast(gatewayId: string, atMs: number): boolean {
    return this.byokWindows.get(gatewayId)?.some(([from, to]) => atMs >= from && atMs < to) ?? false;
  }
  get(raw: string): ModelEntry | undefined {
    if (!this.map.has(raw)) this.map.set(raw, findModel(this.book, raw));
    return this.map.get(raw);
  }
}
