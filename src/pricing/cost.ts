import { NotOfferedError } from '../errors.js';
import { addMoney, type Money, money, mulDecimal, ZERO } from '../money.js';
import type { Tier } from '../usage-event.js';
import { type FeeOptions, gatewayFee, resolveGateway } from './fees.js';
import type { ModelEntry, PriceBook, PriceVersion } from './price-book.js';
import { contextFor, type Rates, ratesAt } from './rates.js';
import { resolveModel } from './resolve-model.js';
import { count, type TokenCounts, validateTokens } from './tokens.js';
import { priceTools, type ToolFeeLine, type ToolUsage, toolFeesTotal } from './tool-fees.js';

export interface CostRequest {
  model: string;
  tokens: TokenCounts;
  tier?: Tier;
  /** When the usage happened (epoch ms); defaults to now. Selects the price version. */
  atMs?: number;
  /** Served from a data-residency (regional) endpoint. */
  regional?: boolean;
  gateway?: string;
  fees?: FeeOptions;
  /** Built-in tool calls and storage billed with the request. */
  tools?: ToolUsage;
}

/** One money line per token class. */
export interface CostLines {
  /** Uncached text input (input − cached − cache-write − uncached audio and image input). */
  input: Money;
  /** Cached text input (cached − cached audio − cached image). */
  cachedInput: Money;
  /** 30-minute (default) cache writes. */
  cacheWrite: Money;
  /** All text output, reasoning included (output − audio and image output). */
  output: Money;
  cacheWrite12h: Money;
  audioInput: Money;
  cachedAudioInput: Money;
  audioOutput: Money;
  imageInput: Money;
  cachedImageInput: Money;
  imageOutput: Money;
}

export const LINE_KEYS = [
  'input',
  'cachedInput',
  'cacheWrite',
  'output',
  'cacheWrite12h',
  'audioInput',
  'cachedAudioInput',
  'audioOutput',
  'imageInput',
  'cachedImageInput',
  'imageOutput',
] as const satisfies readonly (keyof CostLines)[];

export interface CostBreakdown {
  model: ModelEntry;
  tier: Tier;
  longContext: boolean;
  version: PriceVersion;
  rates: Rates;
  tokens: TokenCounts;
  lines: CostLines;
  /** Sum of the token lines (with any regional uplift). */
  tokensCost: Money;
  /** Built-in tool and storage fees, one line per tool used. */
  toolLines: ToolFeeLine[];
  tools: Money;
  /** Gateway fees on tokens and tools. */
  fees: Money;
  total: Money;
}

/**
 * Prices one request's usage exactly. Cached and cache-write tokens are part of input and are
 * billed at their own rates instead of the input rate; reasoning is part of output and is never
 * added again; audio and image tokens are parts of input/output billed at their class's rates.
 * A request over the long-context threshold is priced entirely at long-context rates.
 * @example costOf(book, { model: 'gpt-5.5', tokens: { input: 1000, cachedInput: 0, cacheWrite: 0, output: 500, reasoning: 200 } })
 */
export function costOf(book: PriceBook, request: CostRequest): CostBreakdown {
  const tokens = validateTokens(request.tokens);
  const model = resolveModel(book, request.model, '--model');
  const atMs = request.atMs ?? Date.now();
  const tier = request.tier ?? 'standard';
  const context = contextFor(book, model, atMs, tokens.input);
  const resolved = ratesAt(book, model, atMs, tier, context);
  let lines = priceTokens(resolved.rates, tokens, model.id);
  if (request.regional) {
    const uplift = model.dataResidencyUplift;
    if (!uplift) throw new NotOfferedError(`${model.id} has no data-residency (regional) pricing`);
    lines = upliftLines(lines, uplift);
  }
  const tokensCost = sumLines(lines);
  const toolLines = request.tools ? priceTools(book, model, atMs, request.tools) : [];
  const tools = toolFeesTotal(toolLines);
  const fees =
    request.gateway === undefined
      ? ZERO
      : gatewayFee(resolveGateway(book, request.gateway), addMoney(tokensCost, tools), request.fees);
  return {
    model,
    tier,
    longContext: context === 'long',
    version: resolved.version,
    rates: resolved.rates,
    tokens,
    lines,
    tokensCost,
    toolLines,
    tools,
    fees,
    total: addMoney(tokensCost, tools, fees),
  };
}

/** The sum of every token line. */
export function sumLines(lines: CostLines): Money {
  return addMoney(...LINE_KEYS.map((k) => lines[k]));
}

/**
 * How many tokens each cost line bills, every subset counted once: cached ⊂ input, reasoning ⊂
 * output, audio and image ⊂ input/output, 12-hour writes ⊂ cache writes. Counts must be validated.
 */
export function lineQuantities(tokens: TokenCounts): Record<keyof CostLines, bigint> {
  const n = (k: keyof TokenCounts) => BigInt(count(tokens, k));
  const uncachedAudio = n('audioInput') - n('cachedAudioInput');
  const uncachedImage = n('imageInput') - n('cachedImageInput');
  return {
    input: n('input') - n('cachedInput') - n('cacheWrite') - uncachedAudio - uncachedImage,
    cachedInput: n('cachedInput') - n('cachedAudioInput') - n('cachedImageInput'),
    cacheWrite: n('cacheWrite') - n('cacheWrite12h'),
    output: n('output') - n('audioOutput') - n('imageOutput'),
    cacheWrite12h: n('cacheWrite12h'),
    audioInput: uncachedAudio,
    cachedAudioInput: n('cachedAudioInput'),
    audioOutput: n('audioOutput'),
    imageInput: uncachedImage,
    cachedImageInput: n('cachedImageInput'),
    imageOutput: n('imageOutput'),
  };
}

/** What each line is called in messages (a class with tokens but no rate). */
const LINE_NAMES: Record<keyof CostLines, string> = {
  input: 'input',
  cachedInput: 'cached input',
  cacheWrite: 'cache write',
  output: 'output',
  cacheWrite12h: '12-hour cache write',
  audioInput: 'audio input',
  cachedAudioInput: 'cached audio input',
  audioOutput: 'audio output',
  imageInput: 'image input',
  cachedImageInput: 'cached image input',
  imageOutput: 'image output',
};

/**
 * Token counts × rates, with every subset priced once (lineQuantities). Counts must be validated.
 * A class with tokens but no rate throws.
 */
export function priceTokens(rates: Rates, tokens: TokenCounts, modelId = 'this model'): CostLines {
  const q = lineQuantities(tokens);
  const out = {} as Record<keyof CostLines, Money>;
  for (const k of LINE_KEYS) {
    const rate = rates[k];
    if (q[k] === 0n) out[k] = ZERO;
    else if (rate === undefined) {
      throw new NotOfferedError(`${modelId} has no ${LINE_NAMES[k]} price (${q[k]} ${LINE_NAMES[k]} tokens)`);
    } else out[k] = money(q[k] * rate);
  }
  return out;
}

/** Applies a fractional uplift (0.10 → ×1.10) to every line. */
export function upliftLines(lines: CostLines, uplift: { units: bigint; scale: number }): CostLines {
  const factor = { units: 10n ** BigInt(uplift.scale) + uplift.units, scale: uplift.scale };
  const out = { ...lines };
  for (const k of LINE_KEYS) out[k] = money(mulDecimal(lines[k], factor));
  return out;
}
