import type { Command } from 'commander';
import { usd } from '../../json.js';
import { displayUsd, usdString } from '../../money.js';
import type { ModelEntry, PriceBook } from '../../pricing/price-book.js';
import { type Context, longContextThreshold, type Rates, tryRates, versionAt } from '../../pricing/rates.js';
import { resolveModel } from '../../pricing/resolve-model.js';
import { formatCount, formatTable } from '../../render/table.js';
import { TIERS } from '../../usage-event.js';
import { createContext } from '../context.js';
import { dateValue } from '../flag-values.js';
import { addFlags, flag, parseFlags } from '../options.js';
import { printJson, printLine } from '../output.js';
import { registerPricingCheck } from './pricing-check.js';
import { registerPricingLitellm } from './pricing-litellm.js';

const PER_1M = 10n ** 6n;

/** Rates are atto/token; ×1e6 gives atto per 1M tokens, shown as USD per 1M. */
function per1M(rate: bigint): string {
  return usdString(rate * PER_1M);
}

const rateJson = (r: bigint | undefined) => (r === undefined ? null : usd(r * PER_1M));

function ratesJson(r: Rates) {
  return {
    input: usd(r.input * PER_1M),
    cached_input: usd(r.cachedInput * PER_1M),
    cache_write: usd(r.cacheWrite * PER_1M),
    output: usd(r.output * PER_1M),
    cache_write_12h: rateJson(r.cacheWrite12h),
    audio_input: rateJson(r.audioInput),
    cached_audio_input: rateJson(r.cachedAudioInput),
    audio_output: rateJson(r.audioOutput),
    image_input: rateJson(r.imageInput),
    cached_image_input: rateJson(r.cachedImageInput),
    image_output: rateJson(r.imageOutput),
  };
}

/** Non-text rates a model prices apart from text, for the text view ("audio in 40 / cached 2.5 / out 80"). */
function mediaRates(r: Rates): string {
  const parts: string[] = [];
  if (r.audioInput !== undefined)
    parts.push(`audio in ${per1M(r.audioInput)} / cached ${per1M(r.cachedAudioInput!)}`);
  if (r.audioOutput !== undefined) parts.push(`audio out ${per1M(r.audioOutput)}`);
  if (r.imageInput !== r.input || r.imageOutput !== undefined) {
    parts.push(`image in ${per1M(r.imageInput)} / cached ${per1M(r.cachedImageInput)}`);
  }
  if (r.imageOutput !== undefined) parts.push(`image out ${per1M(r.imageOutput)}`);
  if (r.cacheWrite12h !== r.cacheWrite) parts.push(`12-hour cache write ${per1M(r.cacheWrite12h)}`);
  return parts.join(' · ');
}

/** pricing list/show flags: one declaration gives the types, the help text and every error's "accepted". */
const LIST_FLAGS = { at: flag('--at <date>', 'prices in force at this date (default: now)', dateValue) };
const SHOW_FLAGS = { at: flag('--at <date>', 'only the version in force at this date', dateValue) };

export function registerPricing(program: Command): void {
  const pricing = program
    .command('pricing')
    .description('show the price book (USD per 1M tokens, effective-dated, with sources)');

  const list = pricing.command('list').description('list every model with its current standard rates');
  addFlags(list, LIST_FLAGS)
    .addHelpText('after', '\nExample:\n  tokenledger pricing list --at 2026-07-01 --json')
    .action((raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(LIST_FLAGS, raw);
      const ctx = createContext(command);
      const atMs = flags.at ?? Date.now();
      const book = ctx.book;
      const rows = [...book.models.values()].map((m) => listRow(book, m, atMs));
      if (ctx.options.json) {
        printJson({
          at: new Date(atMs).toISOString(),
          as_of: book.asOf ?? null,
          models: rows.map((r) => r.json),
          tool_fees: toolFeeRows(book, atMs),
        });
        return;
      }
      printLine(
        formatTable(
          [
            { header: 'model' },
            { header: 'input', align: 'right' },
            { header: 'cached', align: 'right' },
            { header: 'output', align: 'right' },
            { header: 'tiers' },
            { header: 'long ctx >', align: 'right' },
            { header: 'context', align: 'right' },
            { header: 'since' },
          ],
          rows.map((r) => r.cells),
        ),
      );
      printLine(
        `\nUSD per 1M tokens at ${new Date(atMs).toISOString().slice(0, 10)}; details: tokenledger pricing show MODEL`,
      );
      const fees = toolFeeRows(book, atMs);
      if (fees.length > 0) {
        printLine(
          `tool fees: ${fees.map((f) => `${f.tool}${f.context_size ? ` (${f.context_size})` : ''}${f.models ? ` [${f.models.join(', ')}]` : ''} $${f.usd_per_unit}/${f.unit}`).join('; ')}`,
        );
      }
      printLine(`price book as of ${book.asOf ?? 'unknown'} (${book.models.size} models)`);
    });

  registerPricingLitellm(pricing);
  registerPricingCheck(pricing);

  const show = pricing
    .command('show')
    .description('show one model: aliases, limits, efforts, and every price version by tier and context')
    .argument('<model>', 'model id or alias (e.g. gpt-5.5, openai/gpt-5.5-pro-2026-04-23)');
  addFlags(show, SHOW_FLAGS)
    .addHelpText(
      'after',
      '\nExamples:\n  tokenledger pricing show gpt-5.5\n  tokenledger pricing show o3 --at 2025-06-01 --json',
    )
    .action((modelArg: string, raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(SHOW_FLAGS, raw);
      const ctx = createContext(command);
      const atMs = flags.at;
      const book = ctx.book;
      const model = resolveModel(book, modelArg, 'model');
      const versions =
        atMs === undefined ? model.versions : [versionAt(model, atMs)].filter((v) => v !== undefined);
      const shown = versions.map((v) => {
        const t = v.effectiveFromMs;
        const tiers = (['short', 'long'] as Context[]).flatMap((context) =>
          TIERS.map((tier) => ({ context, tier, rates: tryRates(book, model, t, tier, context) })).filter(
            (x) =>
              x.rates !== undefined &&
              (context === 'short' || longContextThreshold(book, model, t) !== undefined),
          ),
        );
        return { version: v, threshold: longContextThreshold(book, model, t), tiers };
      });
      if (ctx.options.json) {
        printJson({
          model: model.id,
          family: model.family,
          aliases: model.aliases,
          encoding: model.encoding,
          context_window: model.contextWindow,
          max_output_tokens: model.maxOutputTokens,
          efforts: model.efforts,
          default_effort: model.defaultEffort ?? null,
          data_residency_uplift:
            model.raw.data_residency_uplift === undefined ? null : Number(model.raw.data_residency_uplift),
          notes: model.notes,
          versions: shown.map((s) => ({
            effective_from: s.version.effectiveFrom,
            sources: s.version.sources,
            note: s.version.data.note ?? null,
            long_context_threshold: s.threshold ?? null,
            prices: s.tiers.map((x) => ({ tier: x.tier, context: x.context, ...ratesJson(x.rates!) })),
          })),
        });
        return;
      }
      printLine(`${model.id}  (family ${model.family}, encoding ${model.encoding})`);
      if (model.aliases.length > 0) printLine(`aliases: ${model.aliases.join(', ')}`);
      printLine(
        `context window ${formatCount(model.contextWindow)} · max output ${formatCount(model.maxOutputTokens)} · efforts: ${
          model.efforts.length > 0
            ? `${model.efforts.join(', ')} (default ${model.defaultEffort ?? 'none'})`
            : 'not a reasoning model'
        }${model.raw.data_residency_uplift ? ` · regional +${Number(model.raw.data_residency_uplift) * 100}%` : ''}`,
      );
      for (const note of model.notes) printLine(`note: ${note}`);
      for (const s of shown) {
        printLine('');
        printLine(`from ${s.version.effectiveFrom}${s.version.data.note ? ` — ${s.version.data.note}` : ''}`);
        printLine(`source: ${s.version.sources.join(' ')}`);
        printLine(
          formatTable(
            [
              { header: 'tier' },
              { header: 'context' },
              { header: 'input', align: 'right' },
              { header: 'cached', align: 'right' },
              { header: 'cache write', align: 'right' },
              { header: 'output', align: 'right' },
            ],
            s.tiers.map((x) => [
              x.tier,
              x.context === 'long' ? `>${formatCount(s.threshold ?? 0)}` : 'short',
              per1M(x.rates!.input),
              per1M(x.rates!.cachedInput),
              per1M(x.rates!.cacheWrite),
              per1M(x.rates!.output),
            ]),
          ),
        );
        for (const x of s.tiers) {
          const media = mediaRates(x.rates!);
          if (media) printLine(`  ${x.tier}${x.context === 'long' ? ' (long)' : ''}: ${media}`);
        }
      }
      printLine(
        '\nUSD per 1M tokens. Cached and cache-write tokens are part of input; reasoning is billed as output.',
      );
    });
}

function listRow(book: PriceBook, m: ModelEntry, atMs: number) {
  const v = versionAt(m, atMs);
  const rates = tryRates(book, m, atMs, 'standard', 'short');
  const tiers = TIERS.filter((t) => tryRates(book, m, atMs, t, 'short') !== undefined);
  const threshold = longContextThreshold(book, m, atMs);
  return {
    json: {
      model: m.id,
      family: m.family,
      effective_from: v?.effectiveFrom ?? null,
      tiers,
      input: rates ? usd(rates.input * PER_1M) : null,
      cached_input: rates ? usd(rates.cachedInput * PER_1M) : null,
      output: rates ? usd(rates.output * PER_1M) : null,
      long_context_threshold: threshold ?? null,
      context_window: m.contextWindow,
      source: v?.sources[0] ?? null,
    },
    cells: [
      m.id,
      rates ? displayRate(rates.input) : '–',
      rates ? displayRate(rates.cachedInput) : '–',
      rates ? displayRate(rates.output) : '–',
      tiers.join(','),
      threshold === undefined ? '–' : formatCount(threshold),
      formatCount(m.contextWindow),
      v?.effectiveFrom ?? `(from ${m.versions[0]?.effectiveFrom})`,
    ],
  };
}

/** Tool fees in force at an instant, one row per fee entry. */
function toolFeeRows(book: PriceBook, atMs: number) {
  return book.tools.flatMap((t) => {
    const v = [...t.versions].reverse().find((x) => x.effectiveFromMs <= atMs);
    if (!v) return [];
    return [
      {
        tool: t.data.id,
        unit: t.data.unit,
        context_size: t.data.context_size ?? null,
        models: t.data.models ?? null,
        usd_per_unit: Number(v.usd_per_unit),
        effective_from: v.effective_from,
        source: v.sources[0],
      },
    ];
  });
}

function displayRate(rate: bigint): string {
  const s = per1M(rate);
  return s.includes('.') && s.split('.')[1]!.length > 2 ? `$${s}` : displayUsd(rate * PER_1M);
}
