import type { Command } from 'commander';
import { ContextOverflowError, InvalidInputError } from '../../errors.js';
import type { ModelEntry } from '../../pricing/price-book.js';
import { usd } from '../../json.js';
import { addMoney, type Decimal, displayUsd, type Money, parseDecimal, usdString } from '../../money.js';
import { type CostBreakdown, costOf } from '../../pricing/cost.js';
import { checkEffort } from '../../pricing/effort.js';
import { findModel, resolveModel } from '../../pricing/resolve-model.js';
import { quoteUnits, type UnitLine, unitModels } from '../../pricing/unit-quote.js';
import {
  quoteUnitOnly,
  renderUnitLines,
  renderUnitOnly,
  UNIT_FLAGS,
  unitLinesJson,
  unitOnlyJson,
  unitsTotal,
  unitUsage,
} from './cost-units.js';
import { IMAGE_QUALITIES, SEARCH_CONTEXT_SIZES } from '../../pricing/schema.js';
import { count, type TokenCounts, validateTokens } from '../../pricing/tokens.js';
import type { ToolUsage } from '../../pricing/tool-fees.js';
import { formatCount, formatTable } from '../../render/table.js';
import { createContext } from '../context.js';
import {
  countValue,
  dateValue,
  wholeValue,
  effortValue,
  tierValue,
  textValue,
  usdValue,
} from '../flag-values.js';
import { addFlags, flag, oneOf, parseFlags, parsedValue, switchValue } from '../options.js';
import { printJson, printLine } from '../output.js';

/** Vector-store storage: an exact decimal of GB-days. */
const gbDaysValue = parsedValue<Decimal>(
  'a number ≥ 0 with at most 6 decimals, e.g. 1.5',
  (text) => {
    const d = parseDecimal(text.trim());
    return d && d.units >= 0n && d.scale <= 6 ? d : undefined;
  },
  (text) => `"${text}" is not an amount of GB-days`,
);

/** An image size as the price book writes it: WIDTHxHEIGHT. */
const sizeValue = parsedValue<string>(
  'WIDTHxHEIGHT, e.g. 1024x1024',
  (text) => (/^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$/.test(text.trim()) ? text.trim() : undefined),
  (text) => `"${text}" is not an image size`,
);

/** cost's flags: one schema gives the parsed types, the help text and every error's "accepted". */
const COST_FLAGS = {
  model: flag('--model <id>', 'model id or alias, e.g. gpt-5.5 or openai/gpt-5.5-pro', textValue, {
    required: true,
  }),
  input: flag('--input <n>', 'input tokens, INCLUDING cached and cache-write tokens (required)', countValue),
  cached: flag('--cached <n>', 'cached input tokens (part of --input)', countValue, { default: '0' }),
  cacheWrite: flag('--cache-write <n>', 'cache-write input tokens (part of --input)', countValue, {
    default: '0',
  }),
  output: flag('--output <n>', 'output tokens, INCLUDING reasoning tokens (required)', countValue),
  reasoning: flag(
    '--reasoning <n>',
    'reasoning tokens (part of --output; shown, not added again)',
    countValue,
    {
      default: '0',
    },
  ),
  cacheWrite12h: flag(
    '--cache-write-12h <n>',
    'cache writes with 12-hour retention (part of --cache-write)',
    countValue,
  ),
  audioInput: flag('--audio-input <n>', 'audio input tokens (part of --input)', countValue),
  cachedAudioInput: flag(
    '--cached-audio-input <n>',
    'cached audio input tokens (part of --audio-input and of --cached)',
    countValue,
  ),
  audioOutput: flag('--audio-output <n>', 'audio output tokens (part of --output)', countValue),
  imageInput: flag('--image-input <n>', 'image input tokens (part of --input)', countValue),
  cachedImageInput: flag(
    '--cached-image-input <n>',
    'cached image input tokens (part of --image-input and of --cached)',
    countValue,
  ),
  imageOutput: flag('--image-output <n>', 'image output tokens (part of --output)', countValue),
  webSearchCalls: flag(
    '--web-search-calls <n>',
    'web search tool calls (a fee per call)',
    wholeValue('calls'),
  ),
  searchContext: flag(
    '--search-context <size>',
    'search context size of those calls',
    oneOf('search context size', SEARCH_CONTEXT_SIZES),
    { default: 'medium' },
  ),
  fileSearchCalls: flag(
    '--file-search-calls <n>',
    'file search tool calls (a fee per call)',
    wholeValue('calls'),
  ),
  codeInterpreterSessions: flag(
    '--code-interpreter-sessions <n>',
    'code interpreter container sessions (a fee per session)',
    wholeValue('sessions'),
  ),
  vectorStoreGbDays: flag('--vector-store-gb-days <x>', 'vector-store storage in GB-days', gbDaysValue),
  speechCharacters: flag(
    '--speech-characters <n>',
    'characters of text spoken (tts-1, tts-1-hd: priced per 1M characters)',
    wholeValue('characters'),
  ),
  transcriptionSeconds: flag(
    '--transcription-seconds <n>',
    'seconds of audio transcribed (whisper-1: priced per minute, billed per second)',
    wholeValue('seconds'),
  ),
  images: flag(
    '--images <n>',
    'images generated (dall-e-2: by --size; dall-e-3: by --size and --quality)',
    wholeValue('images'),
  ),
  size: flag('--size <WxH>', 'size of those images as the price book lists it, e.g. 1024x1024', sizeValue),
  quality: flag('--quality <quality>', 'quality of those images', oneOf('image quality', IMAGE_QUALITIES)),
  tier: flag('--tier <tier>', 'service tier served', tierValue, { default: 'standard' }),
  effort: flag('--effort <effort>', 'reasoning effort, checked against what the model accepts', effortValue),
  region: flag(
    '--region',
    'served from a data-residency (regional) endpoint: +10% where it applies',
    switchValue,
  ),
  gateway: flag(
    '--gateway <name>',
    'gateway the call went through: openai, openrouter, aigateway, cloudflare, vercel',
    textValue,
  ),
  byok: flag('--byok', 'the call used your own provider key (gateway BYOK fee rules apply)', switchValue),
  payment: flag(
    '--payment <method>',
    "how gateway credits were bought (card, crypto); default: the gateway's usual",
    textValue,
  ),
  topup: flag(
    '--topup <usd>',
    'size of the credit top-up, so a minimum top-up fee is spread over it',
    usdValue,
  ),
  at: flag('--at <date>', 'price in force at this date (default: now)', dateValue),
};

export type CostFlags = ReturnType<typeof parseFlags<typeof COST_FLAGS>>;

export function registerCost(program: Command): void {
  const command = program
    .command('cost')
    .description(
      "price one request's usage exactly (cached ⊂ input, reasoning ⊂ output, whole-request long context)",
    );
  addFlags(command, COST_FLAGS)
    .addHelpText(
      'after',
      `
Token accounting follows OpenAI: --cached and --cache-write are parts of --input, --reasoning is part
of --output. Audio and image tokens are parts too: --audio-input and --image-input of --input (their
cached shares of --cached), --audio-output and --image-output of --output, --cache-write-12h of
--cache-write. A request whose input exceeds the model's long-context threshold (272,000 for GPT-5.4/5.5)
is priced entirely at the long-context rates. Tool calls and storage are fees on top of tokens.
Models priced per unit take their units instead of tokens: --speech-characters (tts-1, tts-1-hd, per
1M characters), --transcription-seconds (whisper-1, per minute billed by the second), --images with
--size and --quality (dall-e-2 by size, dall-e-3 by size and quality); a size or quality the book
does not price, or one left out where the price depends on it, is refused, never guessed.

Examples:
  tokenledger cost --model gpt-5.5 --input 300000 --output 1000 --json
  tokenledger cost --model gpt-5.5-pro --input 20000 --cached 0 --output 8000 --reasoning 6000 --tier batch
  tokenledger cost --model gpt-5.5 --input 5000 --output 800 --gateway openrouter --payment card --topup 100
  tokenledger cost --model gpt-realtime --input 12000 --audio-input 9000 --output 3000 --audio-output 2500
  tokenledger cost --model gpt-5.5 --input 8000 --output 600 --web-search-calls 2 --file-search-calls 1
  tokenledger cost --model tts-1-hd --speech-characters 120000
  tokenledger cost --model whisper-1 --transcription-seconds 601
  tokenledger cost --model dall-e-3 --images 4 --size 1024x1024 --quality hd`,
    )
    .action((raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(COST_FLAGS, raw);
      const ctx = createContext(command);
      const book = ctx.book;
      if (flags.byok && !flags.gateway) throw new InvalidInputError('--byok needs --gateway', '--byok');
      const at = flags.at ?? Date.now();
      if (
        !findModel(book, flags.model) &&
        unitModels(book).some((m) => m.toLowerCase() === flags.model.toLowerCase())
      ) {
        // tts-1, whisper-1, DALL·E: priced per unit only, no token rates.
        const units = quoteUnitOnly(book, flags, at);
        if (ctx.options.json) printJson(unitOnlyJson(flags.model, units));
        else printLine(renderUnitOnly(flags.model, units));
        return;
      }
      if (flags.input === undefined)
        throw new InvalidInputError('is required (a whole number ≥ 0)', '--input');
      if (flags.output === undefined)
        throw new InvalidInputError('is required (a whole number ≥ 0)', '--output');
      const tokens: TokenCounts = {
        input: flags.input,
        cachedInput: flags.cached,
        cacheWrite: flags.cacheWrite,
        output: flags.output,
        reasoning: flags.reasoning,
      };
      for (const key of OPTIONAL_CLASSES) {
        const n = flags[key];
        if (n !== undefined) tokens[key] = n;
      }
      const model = resolveModel(book, flags.model, '--model');
      checkEffort(model, flags.effort);
      checkContextWindow(model, tokens.input, tokens.output);
      // Per-unit flags on a token-priced model: refused with the models priced so, unless a
      // --pricing book gives the model such a price.
      const units = quoteUnits(
        book,
        [flags.model, model.id, ...model.aliases],
        at,
        unitUsage(flags),
        UNIT_FLAGS,
      );
      if (units.length > 0 && flags.gateway)
        throw new InvalidInputError(
          'gateway fees on per-unit usage are not priced: leave --gateway out',
          '--gateway',
        );
      const result = costOf(book, {
        model: flags.model,
        tokens: validateTokens(tokens, FLAG_NAMES),
        tier: flags.tier,
        atMs: at,
        regional: flags.region ?? false,
        ...(flags.gateway === undefined ? {} : { gateway: flags.gateway }),
        tools: toolUsage(flags),
        fees: {
          byok: flags.byok ?? false,
          ...(flags.payment === undefined ? {} : { payment: flags.payment }),
          ...(flags.topup === undefined ? {} : { topupUsd: flags.topup as Money }),
        },
      });
      if (ctx.options.json) printJson(costJson(result, flags, units));
      else printLine(renderCost(result, flags, units));
    });
}

/** Like `estimate`: usage that could not have been served is a mistake in the flags, not a price. */
function checkContextWindow(model: ModelEntry, input: number, output: number): void {
  if (input + output <= model.contextWindow) return;
  throw new ContextOverflowError(
    `--input ${input} + --output ${output} = ${input + output} tokens exceeds ${model.id}'s context window of ${model.contextWindow} (the API would answer 400 context_length_exceeded)`,
  );
}

/** Flag name of each token class, so a subset error points at the flag. */
const FLAG_NAMES = {
  input: '--input',
  cachedInput: '--cached',
  cacheWrite: '--cache-write',
  output: '--output',
  reasoning: '--reasoning',
  audioInput: '--audio-input',
  cachedAudioInput: '--cached-audio-input',
  imageInput: '--image-input',
  cachedImageInput: '--cached-image-input',
  audioOutput: '--audio-output',
  imageOutput: '--image-output',
  cacheWrite12h: '--cache-write-12h',
} satisfies Record<keyof TokenCounts, string>;

/** Token classes beyond text, each an optional flag of the same name. */
const OPTIONAL_CLASSES = [
  'audioInput',
  'cachedAudioInput',
  'imageInput',
  'cachedImageInput',
  'audioOutput',
  'imageOutput',
  'cacheWrite12h',
] as const satisfies readonly (keyof TokenCounts & keyof CostFlags)[];

function toolUsage(flags: CostFlags): ToolUsage {
  const usage: ToolUsage = { searchContextSize: flags.searchContext };
  if (flags.webSearchCalls !== undefined) usage.webSearchCalls = flags.webSearchCalls;
  if (flags.fileSearchCalls !== undefined) usage.fileSearchCalls = flags.fileSearchCalls;
  if (flags.codeInterpreterSessions !== undefined)
    usage.codeInterpreterSessions = flags.codeInterpreterSessions;
  if (flags.vectorStoreGbDays !== undefined) usage.vectorStoreGbDays = flags.vectorStoreGbDays;
  return usage;
}

export function costJson(
  r: CostBreakdown,
  flags: { model?: string | undefined; gateway?: string | undefined; region?: boolean | undefined },
  units: readonly UnitLine[] = [],
) {
  const total = addMoney(r.total, unitsTotal(units));
  return {
    model: r.model.id,
    model_requested: flags.model,
    tier: r.tier,
    long_context: r.longContext,
    price_effective_from: r.version.effectiveFrom,
    price_source: r.version.sources[0],
    regional: flags.region ?? false,
    gateway: flags.gateway ?? null,
    tokens: {
      input: r.tokens.input,
      cached_input: r.tokens.cachedInput,
      cache_write: r.tokens.cacheWrite,
      output: r.tokens.output,
      reasoning: r.tokens.reasoning,
      cache_write_12h: count(r.tokens, 'cacheWrite12h'),
      audio_input: count(r.tokens, 'audioInput'),
      cached_audio_input: count(r.tokens, 'cachedAudioInput'),
      audio_output: count(r.tokens, 'audioOutput'),
      image_input: count(r.tokens, 'imageInput'),
      cached_image_input: count(r.tokens, 'cachedImageInput'),
      image_output: count(r.tokens, 'imageOutput'),
    },
    // input_usd / cached_input_usd / output_usd are the TEXT shares once audio or image tokens are given.
    cost: {
      input_usd: usd(r.lines.input),
      cached_input_usd: usd(r.lines.cachedInput),
      cache_write_usd: usd(r.lines.cacheWrite),
      output_usd: usd(r.lines.output),
      fees_usd: usd(r.fees),
      total_usd: usd(total),
      cache_write_12h_usd: usd(r.lines.cacheWrite12h),
      audio_input_usd: usd(r.lines.audioInput),
      cached_audio_input_usd: usd(r.lines.cachedAudioInput),
      audio_output_usd: usd(r.lines.audioOutput),
      image_input_usd: usd(r.lines.imageInput),
      cached_image_input_usd: usd(r.lines.cachedImageInput),
      image_output_usd: usd(r.lines.imageOutput),
      tool_fees_usd: usd(r.tools),
      units_usd: usd(unitsTotal(units)),
    },
    tool_fees: r.toolLines.map((l) => ({
      tool: l.id,
      quantity: Number(decimalString(l.quantity)),
      usd_per_unit: Number(l.usdPerUnit),
      price_effective_from: l.effectiveFrom,
      cost_usd: usd(l.amount),
    })),
    units: unitLinesJson(units),
  };
}

function decimalString(d: Decimal): string {
  const s = d.units.toString().padStart(d.scale + 1, '0');
  return d.scale === 0 ? s : `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
}

function renderCost(r: CostBreakdown, flags: CostFlags, units: readonly UnitLine[]): string {
  const total = addMoney(r.total, unitsTotal(units));
  const t = r.tokens;
  const n = (k: keyof TokenCounts) => count(t, k);
  const uncachedAudio = n('audioInput') - n('cachedAudioInput');
  const uncachedImage = n('imageInput') - n('cachedImageInput');
  const media = n('audioInput') + n('imageInput') + n('audioOutput') + n('imageOutput');
  const text = media > 0 ? 'text ' : '';
  const rows: string[][] = [
    [
      `${text}input (uncached)`,
      formatCount(t.input - t.cachedInput - t.cacheWrite - uncachedAudio - uncachedImage),
      displayUsd(r.lines.input),
    ],
    [
      `cached ${text}input`,
      formatCount(t.cachedInput - n('cachedAudioInput') - n('cachedImageInput')),
      displayUsd(r.lines.cachedInput),
    ],
    ['cache write', formatCount(t.cacheWrite - n('cacheWrite12h')), displayUsd(r.lines.cacheWrite)],
  ];
  const extra: [string, number, Money][] = [
    ['cache write (12-hour)', n('cacheWrite12h'), r.lines.cacheWrite12h],
    ['audio input (uncached)', uncachedAudio, r.lines.audioInput],
    ['cached audio input', n('cachedAudioInput'), r.lines.cachedAudioInput],
    ['image input (uncached)', uncachedImage, r.lines.imageInput],
    ['cached image input', n('cachedImageInput'), r.lines.cachedImageInput],
  ];
  for (const [label, tokens, cost] of extra)
    if (tokens > 0) rows.push([label, formatCount(tokens), displayUsd(cost)]);
  rows.push([
    `${text}output (incl. ${formatCount(t.reasoning)} reasoning)`,
    formatCount(t.output - n('audioOutput') - n('imageOutput')),
    displayUsd(r.lines.output),
  ]);
  if (n('audioOutput') > 0)
    rows.push(['audio output', formatCount(n('audioOutput')), displayUsd(r.lines.audioOutput)]);
  if (n('imageOutput') > 0)
    rows.push(['image output', formatCount(n('imageOutput')), displayUsd(r.lines.imageOutput)]);
  for (const l of r.toolLines) {
    rows.push([
      `${l.id.replace(/_/g, ' ')} ($${l.usdPerUnit} each)`,
      decimalString(l.quantity),
      displayUsd(l.amount),
    ]);
  }
  rows.push(...renderUnitLines(units));
  if (flags.gateway)
    rows.push([`gateway fee (${flags.gateway}${flags.byok ? ', BYOK' : ''})`, '', displayUsd(r.fees)]);
  const head = `${r.model.id} · ${r.tier}${r.longContext ? ' · LONG CONTEXT (whole request)' : ''}${
    flags.region ? ' · regional' : ''
  } · prices from ${r.version.effectiveFrom}`;
  const table = formatTable(
    [{ header: 'line' }, { header: 'tokens', align: 'right' }, { header: 'cost', align: 'right' }],
    rows,
    ['total', formatCount(t.input + t.output), displayUsd(total)],
  );
  return `${head}\n${table}\nexact total: $${usdString(total)}`;
}
