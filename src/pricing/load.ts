import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { PricingDataError } from '../errors.js';
import { parseDecimal } from '../money.js';
import type { Effort } from '../usage-event.js';
import type { GatewayEntry, ModelEntry, PriceBook, PriceVersion, ToolFeeEntry } from './price-book.js';
import {
  gatewayFileSchema,
  type ModelData,
  modelSchema,
  type OverrideModelData,
  overrideFileSchema,
  priceBookFileSchema,
  type ToolFeeData,
} from './schema.js';

/**
 * The package's data/ folder: the nearest one above `from` that holds the bundled price book.
 * Searched for, not assumed two levels up, because the bench build nests the code one level
 * deeper (.bench-dist/src/pricing) and a fresh clone has no data/ there.
 */
export function findDataDir(from: string): string {
  for (let dir = from, up = 0; up < 6; up++, dir = dirname(dir)) {
    const candidate = join(dir, 'data');
    if (existsSync(join(candidate, 'pricing', 'openai.json'))) return candidate;
  }
  return join(from, '..', '..', 'data');
}

export const DATA_DIR = findDataDir(dirname(fileURLToPath(import.meta.url)));
export const BUNDLED_PRICE_FILE = join(DATA_DIR, 'pricing', 'openai.json');
export const BUNDLED_GATEWAY_FILE = join(DATA_DIR, 'pricing', 'gateways.json');

export interface LoadPriceBookOptions {
  /** A user price book merged over the bundled one (the --pricing flag or the config's "pricing" key). */
  overrides?: string | readonly string[];
  /** Replace the bundled book (tests). */
  baseFile?: string;
  gatewayFile?: string;
}

/**
 * Loads the bundled price book, validates it, and merges user overrides over it. Overrides add
 * models, add or replace price versions (same effective_from replaces), and override model fields.
 * @example const book = loadPriceBook({ overrides: 'my-prices.json' });
 */
export function loadPriceBook(options: LoadPriceBookOptions = {}): PriceBook {
  const models = new Map<string, ModelEntry>();
  const files: string[] = [];
  const baseFile = options.baseFile ?? BUNDLED_PRICE_FILE;
  const base = readPriceFile(baseFile);
  for (const model of base.models) addModel(models, toEntry(model, baseFile), baseFile);
  files.push(baseFile);
  let asOf = base.as_of;
  const tools = new Map<string, ToolFeeEntry>();
  for (const t of base.tool_fees) tools.set(toolKey(t), toolEntry(t, baseFile));
  const overrides =
    options.overrides === undefined
      ? []
      : typeof options.overrides === 'string'
        ? [options.overrides]
        : options.overrides;
  for (const file of overrides) {
    const raw = readJson(file);
    const parsed = parseWith(overrideFileSchema, raw, file, rawModelIds(raw));
    const seen = new Set<string>();
    (raw as { models?: unknown[] }).models?.forEach((rawModel, i) => {
      const model = parsed.models?.[i];
      if (!model) return;
      if (seen.has(model.id))
        throw new PricingDataError(`${displayPath(file)}: model "${model.id}" is listed twice`);
      seen.add(model.id);
      mergeModel(models, model, rawModel as Record<string, unknown>, file);
    });
    // An override's fee for the same tool, context size and models replaces the bundled one.
    for (const t of parsed.tool_fees ?? []) tools.set(toolKey(t), toolEntry(t, file));
    if (parsed.as_of !== undefined) asOf = parsed.as_of;
    files.push(file);
  }
  const index = buildIndex(models);
  checkDerivations(models, index);
  return {
    models,
    index,
    gateways: loadGateways(options.gatewayFile ?? BUNDLED_GATEWAY_FILE),
    files,
    asOf,
    tools: [...tools.values()],
  };
}

function toolKey(t: ToolFeeData): string {
  return [
    t.id,
    t.context_size ?? '',
    t.size ?? '',
    t.quality ?? '',
    [...(t.models ?? [])].sort().join(','),
  ].join('|');
}

function toolEntry(t: ToolFeeData, origin: string): ToolFeeEntry {
  const versions = t.versions
    .map((v) => ({ ...v, effectiveFromMs: instantMs(v.effective_from) }))
    .sort((a, b) => a.effectiveFromMs - b.effectiveFromMs);
  return { data: t, versions, origin };
}

function instantMs(isoDateOrInstant: string): number {
  return Date.parse(isoDateOrInstant.length === 10 ? `${isoDateOrInstant}T00:00:00Z` : isoDateOrInstant);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PricingDataError(`cannot read price file ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PricingDataError(`${file}: not valid JSON (${(cause as Error).message})`, { cause });
  }
}

function rawModelIds(raw: unknown): (string | undefined)[] {
  const models = (raw as { models?: unknown })?.models;
  if (!Array.isArray(models)) return [];
  return models.map((m) => (typeof m?.id === 'string' ? m.id : undefined));
}

function readPriceFile(file: string) {
  const raw = readJson(file);
  return parseWith(priceBookFileSchema, raw, file, rawModelIds(raw));
}

/** zod validation whose error names the file, the model (by id, not index) and the field path. */
function parseWith<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  file: string,
  ids: (string | undefined)[],
): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 5).map((issue) => {
    const path = [...issue.path];
    let where = '';
    if ((path[0] === 'models' || path[0] === 'gateways') && typeof path[1] === 'number') {
      const id = ids[path[1]];
      where = `${path[0] === 'models' ? 'model' : 'gateway'} ${id ? `"${id}"` : `#${path[1]}`} `;
      path.splice(0, 2);
    }
    const field = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    return `${where}${field ? `field ${field}` : ''}: ${issue.message}`.trim();
  });
  throw new PricingDataError(`${displayPath(file)}: ${lines.join('; ')}`);
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function toEntry(model: ModelData, origin: string): ModelEntry {
  const versions: PriceVersion[] = model.versions.map((v) => ({
    effectiveFrom: v.effective_from,
    effectiveFromMs: instantMs(v.effective_from),
    effectiveUntilMs: v.effective_until === undefined ? undefined : instantMs(v.effective_until),
    sources: v.sources,
    data: v,
    origin,
  }));
  versions.sort((a, b) => a.effectiveFromMs - b.effectiveFromMs);
  for (let i = 1; i < versions.length; i++) {
    if (versions[i]!.effectiveFromMs === versions[i - 1]!.effectiveFromMs) {
      throw new PricingDataError(
        `${displayPath(origin)}: model "${model.id}" has two versions effective from ${versions[i]!.effectiveFrom}`,
      );
    }
  }
  if (model.default_effort && !model.efforts.includes(model.default_effort)) {
    throw new PricingDataError(
      `${displayPath(origin)}: model "${model.id}" field default_effort: "${model.default_effort}" is not in efforts (${model.efforts.join(', ')})`,
    );
  }
  return {
    id: model.id,
    family: model.family,
    aliases: model.aliases,
    encoding: model.encoding,
    contextWindow: model.context_window,
    maxOutputTokens: model.max_output_tokens,
    efforts: model.efforts as Effort[],
    defaultEffort: model.default_effort as Effort | undefined,
    dataResidencyUplift:
      model.data_residency_uplift === undefined ? undefined : parseDecimal(model.data_residency_uplift),
    notes: model.notes,
    versions,
    raw: model,
  };
}

function addModel(models: Map<string, ModelEntry>, entry: ModelEntry, origin: string): void {
  if (models.has(entry.id)) {
    throw new PricingDataError(`${displayPath(origin)}: model "${entry.id}" is listed twice`);
  }
  models.set(entry.id, entry);
}

/** Merges one override model: unknown ids are added whole; known ones take the keys present in the file. */
function mergeModel(
  models: Map<string, ModelEntry>,
  override: OverrideModelData,
  rawOverride: Record<string, unknown>,
  origin: string,
): void {
  const existing =
    models.get(override.id) ?? [...models.values()].find((m) => m.aliases.includes(override.id));
  if (!existing) {
    for (const field of ['family', 'context_window', 'max_output_tokens'] as const) {
      if (override[field] === undefined) {
        throw new PricingDataError(
          `${displayPath(origin)}: model "${override.id}" field ${field}: required for a model that is not in the bundled book`,
        );
      }
    }
    addModel(models, toEntry(override as ModelData, origin), origin);
    return;
  }
  const merged: ModelData = { ...existing.raw };
  for (const key of Object.keys(rawOverride) as (keyof ModelData)[]) {
    if (key === 'versions' || key === 'id') continue;
    (merged as Record<string, unknown>)[key] = override[key];
  }
  merged.aliases = [...new Set([...existing.aliases, ...override.aliases])];
  const byDate = new Map(existing.versions.map((v) => [v.effectiveFrom, v] as const));
  const entry = toEntry(merged, existing.versions[0]?.origin ?? origin);
  const overrideEntry = toEntry({ ...merged, versions: override.versions }, origin);
  for (const v of overrideEntry.versions) byDate.set(v.effectiveFrom, v);
  const versions = [...byDate.values()].sort((a, b) => a.effectiveFromMs - b.effectiveFromMs);
  models.set(existing.id, { ...entry, versions });
}

function buildIndex(models: ReadonlyMap<string, ModelEntry>): Map<string, string> {
  const index = new Map<string, string>();
  for (const model of models.values()) {
    for (const name of [model.id, ...model.aliases]) {
      const key = name.toLowerCase();
      const owner = index.get(key);
      if (owner && owner !== model.id) {
        throw new PricingDataError(`alias "${name}" is claimed by both "${owner}" and "${model.id}"`);
      }
      index.set(key, model.id);
    }
  }
  return index;
}

function checkDerivations(models: ReadonlyMap<string, ModelEntry>, index: ReadonlyMap<string, string>): void {
  for (const model of models.values()) {
    for (const version of model.versions) {
      const from = version.data.derive?.from;
      if (from === undefined) continue;
      const base = index.get(from.toLowerCase());
      if (!base || base === model.id) {
        throw new PricingDataError(
          `${displayPath(version.origin)}: model "${model.id}" field versions.derive.from: "${from}" is not a known model`,
        );
      }
      if (models.get(base)?.versions.some((v) => v.data.derive)) {
        throw new PricingDataError(
          `${displayPath(version.origin)}: model "${model.id}" derives from "${base}", which is itself derived`,
        );
      }
    }
  }
}

function loadGateways(file: string): Map<string, GatewayEntry> {
  const raw = readJson(file);
  const ids = Array.isArray((raw as { gateways?: unknown })?.gateways)
    ? (raw as { gateways: { id?: unknown }[] }).gateways.map((g) =>
        typeof g?.id === 'string' ? g.id : undefined,
      )
    : [];
  const parsed = parseWith(gatewayFileSchema, raw, file, ids);
  const gateways = new Map<string, GatewayEntry>();
  for (const g of parsed.gateways) {
    for (const name of [g.id, ...g.aliases]) gateways.set(name.toLowerCase(), { id: g.id, data: g });
  }
  return gateways;
}

export { modelSchema };
