import { ContextOverflowError, InvalidInputError, NotOfferedError } from '../errors.js';
import { addMoney, type Money } from '../money.js';
import { costOf } from '../pricing/cost.js';
import { checkEffort } from '../pricing/effort.js';
import type { ModelEntry, PriceBook } from '../pricing/price-book.js';
import { findModel } from '../pricing/resolve-model.js';
import { countInput, type InputCount } from '../tokenize/count-input.js';
import { encodingFor } from '../tokenize/encoding-for.js';
import type { PromptInput } from '../tokenize/messages.js';
import { countLargeText, PARALLEL_THRESHOLD_CHARS } from '../tokenize/parallel-count.js';
import type { Effort, Tier } from '../usage-event.js';
import type { CalibrationSource } from './calibrate.js';
import { type FigureSource, type Projection, projectOutput, type Range } from './projection.js';
import { loadReasoningDefaults, type ReasoningDefaults } from './reasoning-defaults.js';
import { type ParsedRequest, parseRequestBody, promptFromText } from './request.js';

/** A prompt text, a Responses/Chat request body (parsed JSON), or an already parsed request. */
export type EstimateRequest = string | { body: unknown; origin?: string; baseDir?: string } | ParsedRequest;

export interface EstimateOptions {
  book: PriceBook;
  /** Overrides the body's model (the caller reports that it did). */
  model?: string;
  /** Several models to compare (wins over `model`). */
  compare?: readonly string[];
  /** Default: the request's service_tier, else standard. */
  tiers?: readonly Tier[];
  /** An effort name, 'all', or undefined (the request's effort, else the model's default). */
  effort?: string;
  outputTokens?: number;
  maxOutputTokens?: number;
  atMs?: number;
  calibration?: CalibrationSource;
  defaults?: ReasoningDefaults;
}

export interface EstimateRow {
  model: string;
  tier: Tier;
  effort: Effort | null;
  requests: number;
  inputTokens: number;
  output: Range;
  reasoning: Range;
  /** Undefined when the tier is not offered for this request (see `note`). */
  cost: { p50: Money; p90: Money; max: Money } | undefined;
  longContext: boolean;
  contextWindow: number;
  fits: boolean;
  offered: boolean;
  sources: { output: FigureSource; reasoning: FigureSource };
  priceEffectiveFrom?: string;
  note?: string;
  /** False for a model the price book lacks: counted with its family's encoding, never priced. */
  priced: boolean;
  /** The input count broken down (framing, text, tools, schema, images) with its range and uncertain parts. */
  input?: InputCount;
}

export interface EstimateResult {
  rows: EstimateRow[];
  warnings: string[];
}

/**
 * Pre-flight estimate of one request: input tokens as the API counts them, and output, reasoning
 * and cost at p50, p90 and max for each model × tier × effort asked for. A single combination
 * throws for a tier not offered or a request that overflows the context window; a comparison
 * marks such rows instead.
 * @example await estimate('Summarise this…', { book, model: 'gpt-5.5', effort: 'high', outputTokens: 800 })
 */
export async function estimate(request: EstimateRequest, options: EstimateOptions): Promise<EstimateResult> {
  const parsed = toParsed(request);
  const baseDir = typeof request === 'object' ? request.baseDir : undefined;
  const modelIds = options.compare?.length ? options.compare : [options.model ?? parsed.model];
  const warnings: string[] = [];
  const rows: EstimateRow[] = [];
  const single = modelIds.length === 1 && (options.tiers?.length ?? 1) === 1 && options.effort !== 'all';
  for (const rawId of modelIds) {
    if (rawId === undefined)
      throw new InvalidInputError('no model: give --model or a "model" in the request body', '--model');
    const origin = options.compare?.length ? '--compare' : '--model';
    const model = findModel(options.book, rawId);
    const encoding = model?.encoding ?? encodingFor(options.book, rawId, origin).encoding;
    const modelId = model?.id ?? unknownModelId(rawId);
    await countLargeTexts(parsed.prompt, encoding);
    const counted = countInput(parsed.prompt, { encoding, modelId, ...(baseDir ? { baseDir } : {}) });
    for (const w of counted.warnings) if (!warnings.includes(w)) warnings.push(w);
    if (!model) {
      const w = `${rawId} is not in the price book: input counted with ${encoding}, not priced (add it with --pricing FILE)`;
      if (!warnings.includes(w)) warnings.push(w);
      rows.push(unpricedRow(modelId, requestTier(parsed.serviceTier), counted, parsed, options));
      continue;
    }
    const tiers = options.tiers ?? [requestTier(parsed.serviceTier)];
    for (const effort of effortsFor(model, options.effort ?? parsed.effort, options.effort !== undefined)) {
      await options.calibration?.prepare(model.id, effort);
      for (const tier of tiers) {
        const row = estimateRow(model, tier, effort, counted.tokens, parsed, options, single);
        row.input = counted;
        rows.push(row);
      }
    }
  }
  return { rows, warnings };
}

/** A model id the price book lacks, as the counting rules see it (gateway prefix and snapshot date dropped). */
export function unknownModelId(rawId: string): string {
  return rawId
    .trim()
    .replace(/^(openai|azure|openrouter\/openai|azure_ai)\//i, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '')
    .toLowerCase();
}

/**
 * A row for a model the price book lacks (retired ones such as o1-mini or gpt-4.5-preview still
 * appear in logs): its input is counted, output comes from the defaults, and no cost is given.
 */
export function unpricedRow(
  modelId: string,
  tier: Tier,
  counted: InputCount,
  parsed: Pick<ParsedRequest, 'maxOutputTokens'>,
  options: EstimateOptions,
): EstimateRow {
  const defaults = options.defaults ?? loadReasoningDefaults();
  const cap = options.maxOutputTokens ?? parsed.maxOutputTokens ?? Math.max(options.outputTokens ?? 0, 4096);
  const projection = projectOutput({
    effort: undefined,
    cap,
    defaults,
    ...(options.outputTokens === undefined ? {} : { outputTokens: options.outputTokens }),
  });
  return {
    model: modelId,
    tier,
    effort: null,
    requests: 1,
    inputTokens: counted.tokens,
    output: projection.output,
    reasoning: projection.reasoning,
    cost: undefined,
    longContext: false,
    contextWindow: 0,
    fits: true,
    offered: true,
    sources: projection.sources,
    note: 'not in the price book: unpriced',
    priced: false,
    input: counted,
  };
}

function toParsed(request: EstimateRequest): ParsedRequest {
  if (typeof request === 'string') return { prompt: promptFromText(request) };
  if ('prompt' in request) return request;
  return parseRequestBody(request.body, request.origin ?? 'request');
}

async function countLargeTexts(prompt: PromptInput, encoding: string): Promise<void> {
  for (const m of prompt.messages) {
    for (const t of m.texts) if (t.length >= PARALLEL_THRESHOLD_CHARS) await countLargeText(t, encoding);
  }
}

function requestTier(serviceTier: string | undefined): Tier {
  if (serviceTier === 'flex' || serviceTier === 'priority') return serviceTier;
  return 'standard';
}

/** Efforts to estimate: all the model accepts, one checked effort, or the model's default. */
export function effortsFor(
  model: ModelEntry,
  effort: string | undefined,
  fromFlag: boolean,
): (Effort | undefined)[] {
  if (model.efforts.length === 0) {
    if (effort !== undefined && effort !== 'all' && fromFlag) checkEffort(model, effort);
    return [undefined];
  }
  if (effort === 'all') return [...model.efforts];
  const checked = checkEffort(model, effort, fromFlag ? '--effort' : 'request reasoning effort');
  return [checked ?? (model.efforts.includes('medium') ? 'medium' : model.efforts[0])];
}

export function estimateRow(
  model: ModelEntry,
  tier: Tier,
  effort: Effort | undefined,
  inputTokens: number,
  parsed: Pick<ParsedRequest, 'maxOutputTokens'>,
  options: EstimateOptions,
  strict: boolean,
): EstimateRow {
  const explicitCap = options.maxOutputTokens ?? parsed.maxOutputTokens;
  if (explicitCap !== undefined && explicitCap > model.maxOutputTokens) {
    throw new InvalidInputError(
      `max output ${explicitCap} is above ${model.id}'s maximum output of ${model.maxOutputTokens} tokens`,
      options.maxOutputTokens !== undefined ? '--max-output-tokens' : 'request',
    );
  }
  const room = model.contextWindow - inputTokens;
  const cap = explicitCap ?? Math.max(0, Math.min(model.maxOutputTokens, room));
  const fits = explicitCap !== undefined ? inputTokens + explicitCap <= model.contextWindow : room > 0;
  if (!fits && strict) {
    throw new ContextOverflowError(
      `${inputTokens} input + ${cap} max output = ${inputTokens + cap} tokens exceeds ${model.id}'s context window of ${model.contextWindow} (the API would answer 400 context_length_exceeded)`,
    );
  }
  const defaults = options.defaults ?? loadReasoningDefaults();
  const calibration = options.calibration?.get(model.id, effort);
  const projection = projectOutput({
    effort,
    cap,
    defaults,
    ...(options.outputTokens === undefined ? {} : { outputTokens: options.outputTokens }),
    ...(calibration ? { calibration } : {}),
  });
  const row: EstimateRow = {
    model: model.id,
    tier,
    effort: effort ?? null,
    requests: 1,
    inputTokens,
    output: projection.output,
    reasoning: projection.reasoning,
    cost: undefined,
    longContext: false,
    contextWindow: model.contextWindow,
    fits,
    offered: true,
    sources: projection.sources,
    priced: true,
  };
  if (!fits) row.note = `does not fit the context window (${inputTokens} + ${cap} > ${model.contextWindow})`;
  try {
    priceRow(row, options, projection);
  } catch (error) {
    if (strict || !(error instanceof NotOfferedError)) throw error;
    row.offered = false;
    row.note = error.message;
  }
  return row;
}

function priceRow(row: EstimateRow, options: EstimateOptions, p: Projection): void {
  const price = (output: number, reasoning: number) =>
    costOf(options.book, {
      model: row.model,
      tier: row.tier,
      tokens: { input: row.inputTokens, cachedInput: 0, cacheWrite: 0, output, reasoning },
      ...(options.atMs === undefined ? {} : { atMs: options.atMs }),
    });
  const p50 = price(p.output.p50, p.reasoning.p50);
  row.cost = {
    p50: p50.total,
    p90: price(p.output.p90, p.reasoning.p90).total,
    max: price(p.output.max, p.reasoning.max).total,
  };
  row.longContext = p50.longContext;
  row.priceEffectiveFrom = p50.version.effectiveFrom;
}

/** Sums rows (a batch file's lines): tokens and money add exactly; p50/p90 are sums of per-line figures. */
export function sumRows(
  rows: readonly EstimateRow[],
): Omit<EstimateRow, 'model' | 'tier' | 'effort' | 'sources' | 'contextWindow'> {
  const add = (f: (r: EstimateRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const priced = rows.filter((r) => r.cost);
  return {
    requests: add((r) => r.requests),
    inputTokens: add((r) => r.inputTokens),
    output: { p50: add((r) => r.output.p50), p90: add((r) => r.output.p90), max: add((r) => r.output.max) },
    reasoning: {
      p50: add((r) => r.reasoning.p50),
      p90: add((r) => r.reasoning.p90),
      max: add((r) => r.reasoning.max),
    },
    cost: {
      p50: addMoney(...priced.map((r) => r.cost!.p50)),
      p90: addMoney(...priced.map((r) => r.cost!.p90)),
      max: addMoney(...priced.map((r) => r.cost!.max)),
    },
    longContext: rows.some((r) => r.longContext),
    fits: rows.every((r) => r.fits),
    offered: rows.every((r) => r.offered),
    priced: rows.every((r) => r.priced),
  };
}
