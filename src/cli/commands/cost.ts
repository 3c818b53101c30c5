import type { Command } from 'commander';
import { ContextOverflowError, InvalidInputError } from '../../errors.js';
import type { ModelEntry } from '../../pricing/price-book.js';
import { usd } from '../../json.js';
import { displayUsd, type Money, usdString } from '../../money.js';
import { type CostBreakdown, costOf } from '../../pricing/cost.js';
import { checkEffort } from '../../pricing/effort.js';
import { resolveModel } from '../../pricing/resolve-model.js';
import { validateTokens } from '../../pricing/tokens.js';
import { formatCount, formatTable } from '../../render/table.js';
import { createContext } from '../context.js';
import { countValue, dateValue, effortValue, tierValue, textValue, usdValue } from '../flag-values.js';
import { addFlags, flag, parseFlags, switchValue } from '../options.js';
import { printJson, printLine } from '../output.js';

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

type CostFlags = ReturnType<typeof parseFlags<typeof COST_FLAGS>>;

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
of --output. A request whose input exceeds the model's long-context threshold (272,000 for GPT-5.4/5.5)
is priced entirely at the long-context rates.

Examples:
  tokenledger cost --model gpt-5.5 --input 300000 --output 1000 --json
  tokenledger cost --model gpt-5.5-pro --input 20000 --cached 0 --output 8000 --reasoning 6000 --tier batch
  tokenledger cost --model gpt-5.5 --input 5000 --output 800 --gateway openrouter --payment card --topup 100`,
    )
    .action((raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(COST_FLAGS, raw);
      const ctx = createContext(command);
      const book = ctx.book;
      if (flags.byok && !flags.gateway) throw new InvalidInputError('--byok needs --gateway', '--byok');
      if (flags.input === undefined)
        throw new InvalidInputError('is required (a whole number ≥ 0)', '--input');
      if (flags.output === undefined)
        throw new InvalidInputError('is required (a whole number ≥ 0)', '--output');
      const tokens = {
        input: flags.input,
        cachedInput: flags.cached,
        cacheWrite: flags.cacheWrite,
        output: flags.output,
        reasoning: flags.reasoning,
      };
      const model = resolveModel(book, flags.model, '--model');
      checkEffort(model, flags.effort);
      checkContextWindow(model, tokens.input, tokens.output);
      const result = costOf(book, {
        model: flags.model,
        tokens: validateTokens(tokens, FLAG_NAMES),
        tier: flags.tier,
        atMs: flags.at ?? Date.now(),
        regional: flags.region ?? false,
        ...(flags.gateway === undefined ? {} : { gateway: flags.gateway }),
        fees: {
          byok: flags.byok ?? false,
          ...(flags.payment === undefined ? {} : { payment: flags.payment }),
          ...(flags.topup === undefined ? {} : { topupUsd: flags.topup as Money }),
        },
      });
      if (ctx.options.json) printJson(costJson(result, flags));
      else printLine(renderCost(result, flags));
    });
}

/** Like `estimate`: usage that could not have been served is a mistake in the flags, not a price. */
function checkContextWindow(model: ModelEntry, input: number, output: number): void {
  if (input + output <= model.contextWindow) return;
  throw new ContextOverflowError(
    `--input ${input} + --output ${output} = ${input + output} tokens exceeds ${model.id}'s context window of ${model.contextWindow} (the API would answer 400 context_length_exceeded)`,
  );
}

const FLAG_NAMES = {
  input: '--input',
  cachedInput: '--cached',
  cacheWrite: '--cache-write',
  output: '--output',
  reasoning: '--reasoning',
};

export function costJson(
  r: CostBreakdown,
  flags: { model?: string | undefined; gateway?: string | undefined; region?: boolean | undefined },
) {
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
    },
    cost: {
      input_usd: usd(r.lines.input),
      cached_input_usd: usd(r.lines.cachedInput),
      cache_write_usd: usd(r.lines.cacheWrite),
      output_usd: usd(r.lines.output),
      fees_usd: usd(r.fees),
      total_usd: usd(r.total),
    },
  };
}

function renderCost(r: CostBreakdown, flags: CostFlags): string {
  const t = r.tokens;
  const uncached = t.input - t.cachedInput - t.cacheWrite;
  const rows: string[][] = [
    ['input (uncached)', formatCount(uncached), displayUsd(r.lines.input)],
    ['cached input', formatCount(t.cachedInput), displayUsd(r.lines.cachedInput)],
    ['cache write', formatCount(t.cacheWrite), displayUsd(r.lines.cacheWrite)],
    [
      `output (incl. ${formatCount(t.reasoning)} reasoning)`,
      formatCount(t.output),
      displayUsd(r.lines.output),
    ],
  ];
  if (flags.gateway)
    rows.push([`gateway fee (${flags.gateway}${flags.byok ? ', BYOK' : ''})`, '', displayUsd(r.fees)]);
  const head = `${r.model.id} · ${r.tier}${r.longContext ? ' · LONG CONTEXT (whole request)' : ''}${
    flags.region ? ' · regional' : ''
  } · prices from ${r.version.effectiveFrom}`;
  const table = formatTable(
    [{ header: 'line' }, { header: 'tokens', align: 'right' }, { header: 'cost', align: 'right' }],
    rows,
    ['total', formatCount(t.input + t.output), displayUsd(r.total)],
  );
  return `${head}\n${table}\nexact total: $${usdString(r.total)}`;
}
