import type { Command } from 'commander';
import { stringifyJson } from '../../json.js';
import { isoDay } from '../../pricing/dates.js';
import { type DiffResult, diffLitellm } from '../../pricing/litellm/diff-litellm.js';
import { compactOverride, importLitellm, LITELLM_SOURCE } from '../../pricing/litellm/import-litellm.js';
import { readLitellmFile } from '../../pricing/litellm/read-litellm.js';
import { loadPriceBook } from '../../pricing/load.js';
import { formatTable } from '../../render/table.js';
import { createContext } from '../context.js';
import { dateValue, textValue, urlTextValue } from '../flag-values.js';
import { addFlags, flag, parseFlags } from '../options.js';
import { info, printJson, printLine, writeOutputFile } from '../output.js';

const IMPORT_FLAGS = {
  out: flag('--out <file>', 'where to write the override book (JSON, for --pricing)', textValue, {
    required: true,
  }),
  effectiveFrom: flag(
    '--effective-from <date>',
    'the day the imported prices take effect; earlier usage keeps the bundled prices (default: today)',
    dateValue,
  ),
  source: flag('--source <url>', `where the file came from (default: ${LITELLM_SOURCE})`, urlTextValue),
};

const DIFF_FLAGS = {
  at: flag('--at <date>', 'compare with the bundled prices in force at this date (default: now)', dateValue),
};

/** `pricing import litellm FILE --out BOOK.json` and `pricing diff FILE`. */
export function registerPricingLitellm(pricing: Command): void {
  const imp = pricing
    .command('import')
    .description('convert another price table into an override book (--pricing)');
  addFlags(
    imp
      .command('litellm')
      .description(
        "convert LiteLLM's model_prices_and_context_window.json (its OpenAI entries) into an override book",
      )
      .argument('<file>', "LiteLLM's model_prices_and_context_window.json"),
    IMPORT_FLAGS,
  )
    .addHelpText(
      'after',
      `
Per-token rates with cached, cache-write, audio and image classes, Batch (_batches), Flex (_flex),
Priority (_priority) and long-context (_above_272k_tokens) keys become tiers and a long_context
block. A model the bundled book knows gets a new price version from --effective-from; an unknown
one is added whole. Dated keys join their model (the undated key wins: LiteLLM's dated keys often
lack tier keys). The written file is validated by loading it over the bundled book.

Example:
  tokenledger pricing import litellm model_prices_and_context_window.json --out litellm-book.json \\
    --effective-from 2026-12-01 && tokenledger --pricing litellm-book.json pricing show gpt-5.5`,
    )
    .action((file: string, raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(IMPORT_FLAGS, raw);
      const ctx = createContext(command);
      const source = flags.source ?? LITELLM_SOURCE;
      const result = importLitellm(ctx.book, readLitellmFile(file), {
        effectiveFrom: isoDay(flags.effectiveFrom ?? Date.now()),
        source,
      });
      const text = `${stringifyJson(compactOverride(result))}\n`;
      writeOutputFile(flags.out, text);
      // The written book must load over the bundled one, as --pricing will load it.
      loadPriceBook({ overrides: [...ctx.book.files.slice(1), flags.out] });
      const added = result.models.filter((m) => !m.known).length;
      const summary = {
        out: flags.out,
        models: result.models.length,
        known: result.models.length - added,
        added,
        skipped: result.skipped.length,
        warnings: result.models.flatMap((m) => m.warnings.map((w) => ({ model: m.id, warning: w }))),
      };
      if (ctx.options.json) printJson(summary);
      else {
        printLine(
          `wrote ${flags.out}: ${summary.models} models (${summary.known} known to the book get a version from ${isoDay(flags.effectiveFrom ?? Date.now())}, ${added} added); ${summary.skipped} keys skipped (not priced per token)`,
        );
        for (const w of summary.warnings) info(`warning: ${w.model}: ${w.warning}`);
      }
    });

  addFlags(
    pricing
      .command('diff')
      .description(
        "list, model by model and field by field, where LiteLLM's price file disagrees with the book",
      )
      .argument('<file>', "LiteLLM's model_prices_and_context_window.json"),
    DIFF_FLAGS,
  )
    .addHelpText(
      'after',
      `
Compares every tier and context either side prices and every token class LiteLLM lists, USD per
1M tokens; "offered" / "–" marks a tier only one side has. Exit 0 whatever the differences.

Examples:
  tokenledger pricing diff model_prices_and_context_window.json
  tokenledger pricing diff model_prices_and_context_window.json --at 2026-08-01 --json`,
    )
    .action((file: string, raw: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(DIFF_FLAGS, raw);
      const ctx = createContext(command);
      const result = diffLitellm(ctx.book, readLitellmFile(file), flags.at ?? Date.now());
      if (ctx.options.json) printJson(diffJson(result));
      else printLine(renderDiff(result));
    });
}

function diffJson(r: DiffResult) {
  const differs = r.models.filter((m) => m.bookModel !== null && m.fields.length > 0);
  return {
    at: r.at,
    summary: {
      compared: r.models.filter((m) => m.bookModel !== null).length,
      same: r.models.filter((m) => m.bookModel !== null && m.fields.length === 0).length,
      differ: differs.length,
      not_in_book: r.models.filter((m) => m.bookModel === null).length,
      only_in_book: r.onlyInBook.length,
    },
    models: r.models.map((m) => ({
      model: m.model,
      litellm_key: m.litellmKey,
      in_book: m.bookModel !== null,
      fields: m.fields,
    })),
    only_in_book: r.onlyInBook,
  };
}

function renderDiff(r: DiffResult): string {
  const rows = r.models.flatMap((m) =>
    m.fields.map((f, i) => [i === 0 ? m.model : '', f.field, f.book ?? '–', f.litellm ?? '–']),
  );
  const j = diffJson(r);
  const lines = [
    rows.length > 0
      ? formatTable(
          [
            { header: 'model' },
            { header: 'field' },
            { header: 'book', align: 'right' },
            { header: 'litellm', align: 'right' },
          ],
          rows,
        )
      : 'no differences',
    '',
    `${j.summary.compared} models compared at ${r.at.slice(0, 10)}: ${j.summary.same} agree, ${j.summary.differ} differ (USD per 1M tokens).`,
  ];
  const unknown = r.models.filter((m) => m.bookModel === null).map((m) => m.model);
  if (unknown.length > 0) lines.push(`not in the book (${unknown.length}): ${unknown.join(', ')}`);
  if (r.onlyInBook.length > 0)
    lines.push(`not in the file (${r.onlyInBook.length}): ${r.onlyInBook.join(', ')}`);
  return lines.join('\n');
}
