import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { BudgetExceededError, InvalidInputError, invalidValue } from '../../errors.js';
import { type Money, usdString } from '../../money.js';
import { estimateBatchFile } from '../../estimate/batch.js';
import { openCalibration } from '../../estimate/calibrate.js';
import { type EstimateRequest, type EstimateRow, estimate } from '../../estimate/estimate.js';
import { loadReasoningDefaults } from '../../estimate/reasoning-defaults.js';
import { parseRequestBody } from '../../estimate/request.js';
import { isUncertain, renderBatchExplain, renderExplain } from '../../estimate/explain.js';
import { estimateRowJson, renderEstimateTable, totalJson } from '../../estimate/render.js';
import { encodingFor } from '../../tokenize/encoding-for.js';
import { EFFORTS, type Tier } from '../../usage-event.js';
import { createContext } from '../context.js';
import {
  countValue,
  dateValue,
  listOf,
  positiveCountValue,
  textValue,
  tierListValue,
  usdValue,
} from '../flag-values.js';
import { addFlags, flag, oneOf, parseFlags, switchValue } from '../options.js';
import { info, printJson, printLine, warn } from '../output.js';
import { createProgress } from '../progress.js';

const BUDGET_ON = ['p50', 'p90', 'max'] as const;

/** estimate's flags: one declaration gives the types, the help text and every error's "accepted". */
const ESTIMATE_FLAGS = {
  file: flag('--file <path>', 'a text file used as the prompt (one user message)', textValue),
  request: flag('--request <file.json>', 'a Responses or Chat Completions request body', textValue),
  batch: flag(
    '--batch <file.jsonl>',
    'a Batch API input file: one estimate per line and a total (tier batch)',
    textValue,
  ),
  model: flag('--model <id>', "model id or alias; wins over the request body's model", textValue),
  effort: flag(
    '--effort <effort>',
    'reasoning effort, or all',
    oneOf('effort', [...EFFORTS, 'all'] as const),
  ),
  outputTokens: flag(
    '--output-tokens <n>',
    'expected output tokens per request, reasoning included (the p50; p90 = 1.5×)',
    countValue,
  ),
  maxOutputTokens: flag(
    '--max-output-tokens <n>',
    'output cap (max_output_tokens): the worst case',
    positiveCountValue,
  ),
  tier: flag('--tier <tiers>', 'service tier(s) to price', tierListValue),
  compare: flag(
    '--compare <models>',
    'comma-separated models to compare, e.g. gpt-5.5,gpt-5.5-pro',
    listOf(textValue, 'model ids, comma-separated'),
  ),
  budget: flag('--budget <usd>', 'exit 3 when the estimate is over this amount (USD)', usdValue),
  budgetOn: flag('--budget-on <figure>', 'which figure the budget checks', oneOf('figure', BUDGET_ON), {
    default: 'p90',
  }),
  at: flag('--at <date>', 'prices in force at this date (default: now)', dateValue),
  explain: flag(
    '--explain',
    'break the input count down: text, framing, tools, schema, images, and parts that cannot be counted exactly (with a range); with --batch, per row in --json and summed on the terminal',
    switchValue,
  ),
};

type EstimateFlags = ReturnType<typeof parseFlags<typeof ESTIMATE_FLAGS>>;

export function registerEstimate(program: Command): void {
  const command = program
    .command('estimate')
    .description(
      'pre-flight estimate: input tokens as the API counts them, output/reasoning/cost at p50, p90 and max',
    )
    .argument('[text]', 'the prompt text (else --file, --request, --batch, or standard input)');
  addFlags(command, ESTIMATE_FLAGS)
    .addHelpText(
      'after',
      `
Input tokens follow the API's rules per model family: message framing, tool definitions and
structured-output schemas as rendered to the model, images by each model's rule. What the request
cannot show (previous_response_id, files, hosted tools, remote images of unknown size) is flagged
with a range; --explain shows the breakdown (--json adds input_breakdown, input_range and
input_uncertain). Models missing from the price book are counted with their family's encoding
and shown unpriced. Reasoning comes from data/estimate/reasoning.json, or from your ledger (--db) once it
holds 30+ requests of the model × effort. "max" prices the whole output cap.

Examples:
  tokenledger estimate "Summarise the attached report" --model gpt-5.5 --output-tokens 400
  tokenledger estimate --request body.json --effort all --tier standard,batch,flex
  tokenledger estimate --file prompt.txt --compare gpt-5.5,gpt-5.5-pro,gpt-5.4-mini --json
  tokenledger estimate --batch jobs.jsonl --budget 25 --budget-on p90`,
    )
    .action(async (text: string | undefined, raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(ESTIMATE_FLAGS, raw);
      const ctx = createContext(command);
      const book = ctx.book;
      const budget = flags.budget as Money | undefined;
      const effort = flags.effort;
      const tiers = flags.tier;
      const compare = flags.compare;
      const outputTokens = flags.outputTokens;
      const maxOutputTokens = flags.maxOutputTokens;
      const atMs = flags.at;
      for (const id of [...(compare ?? []), ...(flags.model ? [flags.model] : [])]) {
        const w = encodingFor(book, id).warning;
        if (w) warn(w);
      }
      const defaults = loadReasoningDefaults();
      const calibration = await openCalibration(ctx.options.db, book, defaults.min_ledger_samples);
      const common = {
        book,
        defaults,
        ...(calibration ? { calibration } : {}),
        ...(outputTokens === undefined ? {} : { outputTokens }),
        ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
        ...(atMs === undefined ? {} : { atMs }),
      };
      try {
        if (flags.batch !== undefined) {
          if (compare || (tiers && tiers.length > 1) || effort === 'all') {
            throw new InvalidInputError('--batch takes one --model, one --tier and one --effort', '--batch');
          }
          if (flags.model) info(`--model ${flags.model} overrides the model of every line`);
          const progress = createProgress('estimating', 'bytes');
          const result = await estimateBatchFile(flags.batch, {
            ...common,
            ...(tiers ? { tier: tiers[0] as Tier } : {}),
            ...(effort === undefined ? {} : { effort }),
            ...(flags.model ? { model: flags.model } : {}),
            onProgress: (done, total) => progress.update(done, total),
          });
          progress.stop();
          for (const w of result.warnings) warn(w);
          const explain = flags.explain === true;
          if (ctx.options.json)
            printJson({
              rows: result.rows.map((r) => estimateRowJson(r, explain)),
              total: totalJson(result.total),
            });
          else {
            printLine(renderEstimateTable(result.rows, result.total));
            if (explain) printLine(renderBatchExplain(result.rows));
          }
          if (budget !== undefined)
            checkBudget([{ label: `batch ${flags.batch}`, cost: result.cost }], budget, flags.budgetOn);
          return;
        }
        const request = readRequest(text, flags);
        if (flags.model && request.model && request.model !== flags.model) {
          info(`--model ${flags.model} overrides the request's model ${request.model}`);
        }
        const result = await estimate(request.request, {
          ...common,
          ...(flags.model ? { model: flags.model } : {}),
          ...(compare ? { compare } : {}),
          ...(tiers ? { tiers } : {}),
          ...(effort === undefined ? {} : { effort }),
        });
        for (const w of result.warnings) warn(w);
        if (ctx.options.json) {
          const explain = flags.explain === true;
          if (result.rows.length === 1) printJson(estimateRowJson(result.rows[0]!, explain));
          else printJson({ rows: result.rows.map((r) => estimateRowJson(r, explain)), total: null });
        } else {
          printLine(renderEstimateTable(result.rows));
          printSources(result.rows);
          printInputDetail(result.rows, flags.explain === true);
        }
        if (budget !== undefined) {
          checkBudget(
            result.rows.filter((r) => r.cost).map((r) => ({ label: rowLabel(r), cost: r.cost! })),
            budget,
            flags.budgetOn,
          );
        }
      } finally {
        await calibration?.close();
      }
    });
}

interface ReadRequest {
  request: EstimateRequest;
  model?: string;
}

function readRequest(text: string | undefined, flags: EstimateFlags): ReadRequest {
  const given = [text !== undefined, flags.file !== undefined, flags.request !== undefined].filter(
    Boolean,
  ).length;
  if (given > 1) throw new InvalidInputError('give only one of TEXT, --file, --request, --batch', 'estimate');
  if (flags.request !== undefined) {
    let body: unknown;
    try {
      body = JSON.parse(readFileSync(flags.request, 'utf8'));
    } catch (cause) {
      throw new InvalidInputError(
        `cannot read a JSON request body: ${(cause as Error).message}`,
        flags.request,
        { cause },
      );
    }
    const parsed = parseRequestBody(body, flags.request);
    return {
      request: { ...parsed, baseDir: dirname(flags.request) },
      ...(parsed.model ? { model: parsed.model } : {}),
    };
  }
  if (flags.file !== undefined) return { request: nonEmpty(readText(flags.file, '--file'), flags.file) };
  if (text !== undefined) return { request: nonEmpty(text, 'TEXT') };
  if (!process.stdin.isTTY) return { request: nonEmpty(readText(0, 'standard input'), 'standard input') };
  throw new InvalidInputError(
    'nothing to estimate: give TEXT, --file, --request, --batch or pipe text in',
    'estimate',
  );
}

/** An empty prompt is a mistake (a wrong path, an empty pipe), not a 7-token request. */
function nonEmpty(text: string, origin: string): string {
  if (text.trim() === '') {
    throw invalidValue(origin, 'nothing to estimate: the text is empty', 'a non-empty prompt');
  }
  return text;
}

function readText(source: string | number, origin: string): string {
  try {
    return readFileSync(source, 'utf8');
  } catch (cause) {
    throw new InvalidInputError(
      `cannot read: ${(cause as Error).message}`,
      origin === '--file' ? String(source) : origin,
      { cause },
    );
  }
}

function rowLabel(r: EstimateRow): string {
  return `${r.model} ${r.tier}${r.effort ? ` ${r.effort}` : ''}`;
}

function printSources(rows: readonly EstimateRow[]): void {
  const first = rows[0];
  if (!first) return;
  printLine(
    `input counted by the model family's rules (--explain for the breakdown); output from ${first.sources.output}, reasoning from ${first.sources.reasoning}; cost = p50 / p90 / max (max = whole output cap)`,
  );
  for (const r of rows) if (r.note) printLine(`note: ${rowLabel(r)}: ${r.note}`);
}

/** --explain: the breakdown per model; without it, still a range line whenever the count is not exact. */
function printInputDetail(rows: readonly EstimateRow[], explain: boolean): void {
  const seen = new Set<string>();
  for (const r of rows) {
    if (!r.input || seen.has(r.model)) continue;
    seen.add(r.model);
    if (explain) printLine(renderExplain(r.model, r.input));
    else if (isUncertain(r.input)) {
      const { min, max } = r.input.range;
      printLine(
        `note: ${r.model}: input counted ${r.input.tokens}, the API may bill ${max === null ? `${min} or more` : `${min}–${max}`} (${r.input.uncertain.map((u) => u.kind).join(', ')}; see --explain)`,
      );
    }
  }
}

function checkBudget(
  items: readonly { label: string; cost: { p50: Money; p90: Money; max: Money } }[],
  budget: Money,
  on: string,
): void {
  const key = on as 'p50' | 'p90' | 'max';
  const over = items.filter((i) => i.cost[key] > budget);
  if (over.length === 0) return;
  const worst = over.reduce((a, b) => (b.cost[key] > a.cost[key] ? b : a));
  const by = (worst.cost[key] - budget) as Money;
  throw new BudgetExceededError(
    `estimate ${key} $${usdString(worst.cost[key])} for ${worst.label} is over the budget of $${usdString(budget)}: over by $${usdString(by)}`,
  );
}
