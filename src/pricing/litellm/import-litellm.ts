import type { PriceBook } from '../price-book.js';
import { findModel } from '../resolve-model.js';
import type { OverrideModelData, PriceVersionData } from '../schema.js';
import type { LitellmEntry, LitellmFile } from './read-litellm.js';

export const LITELLM_SOURCE =
  'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';

export interface ImportOptions {
  /** The day the imported prices take effect (earlier usage keeps the bundled prices). */
  effectiveFrom: string;
  /** Where the file came from (a commit URL is best). */
  source?: string;
}

export interface ImportResult {
  /** An override book for --pricing. */
  book: { description: string; models: OverrideModelData[] };
  /** One entry per book model: which LiteLLM key priced it, and keys folded into it. */
  models: { id: string; key: string; known: boolean; folded: string[]; warnings: string[] }[];
  skipped: { key: string; reason: string }[];
}

const DATED = /-\d{4}-\d{2}-\d{2}$/;

/**
 * Groups LiteLLM keys by the model they name: a key the bundled book knows (id, alias or dated
 * snapshot) joins that model, an unknown dated key joins its undated sibling. Within a group the
 * key spelled like the model wins, because LiteLLM's dated keys often lack the tier keys.
 */
export function groupEntries(book: PriceBook, entries: readonly LitellmEntry[]) {
  const groups = new Map<string, { id: string; known: boolean; entries: LitellmEntry[] }>();
  const keys = new Set(entries.map((e) => e.key));
  for (const entry of entries) {
    const known = findModel(book, entry.key);
    const undated = entry.key.replace(DATED, '');
    const id = known?.id ?? (undated !== entry.key && keys.has(undated) ? undated : entry.key);
    const group = groups.get(id) ?? { id, known: known !== undefined, entries: [] };
    group.entries.push(entry);
    groups.set(id, group);
  }
  for (const g of groups.values()) {
    g.entries.sort((a, b) => Number(b.key === g.id) - Number(a.key === g.id) || a.key.localeCompare(b.key));
  }
  return [...groups.values()];
}

/** The version a LiteLLM entry describes, in the book's shape. */
export function versionFromEntry(entry: LitellmEntry, options: ImportOptions): PriceVersionData {
  const v: PriceVersionData = {
    effective_from: options.effectiveFrom,
    sources: [options.source ?? LITELLM_SOURCE],
    note: `Imported from LiteLLM key "${entry.key}".`,
    standard: entry.standard,
  };
  if (entry.batch) v.batch = entry.batch;
  if (entry.flex) v.flex = entry.flex;
  if (entry.priority) v.priority = entry.priority;
  if (entry.longContext) v.long_context = entry.longContext;
  return v;
}

/**
 * Converts LiteLLM's OpenAI entries into an override book: known models get a new price version
 * from `effectiveFrom`; unknown ones are added whole, their dated keys as aliases.
 * @example importLitellm(book, readLitellmFile('model_prices.json'), { effectiveFrom: '2026-12-01' })
 */
export function importLitellm(book: PriceBook, file: LitellmFile, options: ImportOptions): ImportResult {
  const models: OverrideModelData[] = [];
  const report: ImportResult['models'] = [];
  for (const group of groupEntries(book, file.entries)) {
    const [entry, ...rest] = group.entries as [LitellmEntry, ...LitellmEntry[]];
    const version = versionFromEntry(entry, options);
    const model: OverrideModelData = {
      id: group.id,
      aliases: [],
      efforts: [],
      notes: [],
      encoding: 'o200k_base',
      versions: [version],
    };
    if (!group.known) {
      model.family = group.id.replace(DATED, '');
      model.context_window = entry.maxInputTokens ?? entry.maxOutputTokens ?? 1;
      model.max_output_tokens = Math.min(entry.maxOutputTokens ?? model.context_window, model.context_window);
      model.aliases = rest.map((e) => e.key).filter((k) => k !== group.id);
      model.efforts = entry.efforts as OverrideModelData['efforts'];
      if (entry.regionalUplift) model.data_residency_uplift = entry.regionalUplift;
      model.notes = [
        `Imported from LiteLLM (mode ${entry.mode}); limits are LiteLLM's max_input_tokens / max_output_tokens.`,
      ];
    }
    models.push(model);
    report.push({
      id: group.id,
      key: entry.key,
      known: group.known,
      folded: rest.map((e) => e.key),
      warnings: entry.warnings,
    });
  }
  return {
    book: {
      description: `OpenAI prices converted from LiteLLM's model_prices_and_context_window.json (${options.source ?? LITELLM_SOURCE}), effective ${options.effectiveFrom}.`,
      models,
    },
    models: report,
    skipped: file.skipped,
  };
}

/** Only the keys a model override file needs: known models carry just their id and versions. */
export function compactOverride(result: ImportResult): unknown {
  return {
    description: result.book.description,
    models: result.book.models.map((m) => {
      const known = result.models.find((r) => r.id === m.id)?.known;
      if (known) return { id: m.id, versions: m.versions };
      const { encoding: _encoding, ...rest } = m;
      return rest;
    }),
  };
}
