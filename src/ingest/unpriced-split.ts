import type { ModelEntry, PriceBook } from '../pricing/price-book.js';
import { longContextThreshold, versionAt } from '../pricing/rates.js';
import { findModel } from '../pricing/resolve-model.js';
import { TOOL_USAGE_CLASSES, unpricedReason } from '../pricing/unpriced-reason.js';
import {
  EVENT_COLUMN_COUNT,
  EVENT_COLUMN_NAMES,
  inputBand,
  isLongContext,
  USAGE_CLASSES,
} from '../store/columns.js';
import { TIERS, type Tier, type UsageEvent } from '../usage-event.js';

/** The facts of one event that decide whether it is unpriced, from an object or a flat row. */
interface EventFacts {
  model: string;
  tier: string;
  kind: string;
  tsMs: number;
  inputTokens: number;
  billed: boolean;
  reported: boolean;
  regional: boolean;
  requests: number;
  /** No tokens, only tool calls or storage (see PriceFacts.toolOnly). */
  toolOnly: boolean;
}

/** One model's answer under one price version: which tier × context × region the book prices. */
interface VersionTable {
  fromMs: number;
  untilMs: number;
  threshold: number | undefined;
  /** unpriced[tierIndex * 4 + long * 2 + regional]; an unknown tier is always unpriced. */
  unpriced: boolean[];
}

/** Events of one chunk the book cannot price, in parts of equal `requests` (see splitUnpriced). */
export interface UnpricedPart {
  /** 'request' (per-request logs) or 'bucket' (provider aggregates): a report counts one per day. */
  kind: string;
  requests: number;
  events: UsageEvent[];
  rows: unknown[];
}

/**
 * Decides per event, by the shared definition (pricing/unpriced-reason.ts, exactly as a report
 * prices the event's rollup group: long context from the input-size band), whether the book can
 * price it. The definition is asked once per model and price version for every tier × context ×
 * region (16 answers); each event is then a table lookup — ingest judges every event it writes.
 */
export function createUnpricedJudge(book: PriceBook): (f: EventFacts) => boolean {
  const models = new Map<string, { model: ModelEntry | undefined; table?: VersionTable }>();
  const cuts = priceCuts(book);
  return (f) => {
    if (!f.billed || f.reported) return false;
    let known = models.get(f.model);
    if (!known) {
      known = { model: findModel(book, f.model) };
      models.set(f.model, known);
    }
    const model = known.model;
    if (!model) return !f.toolOnly;
    let table = known.table;
    if (!table || f.tsMs < table.fromMs || f.tsMs >= table.untilMs) {
      table = versionTable(book, model, f.tsMs, cuts);
      known.table = table;
    }
    const tier = TIERS.indexOf(f.tier as Tier);
    if (tier < 0) return true;
    const long = isLongContext(inputBand(f.kind, f.inputTokens), table.threshold);
    return table.unpriced[tier * 4 + (long ? 2 : 0) + (f.regional ? 1 : 0)]!;
  };
}

/**
 * Every instant any price version of the book starts or ends, ascending: between two of them no
 * answer can change (a derived model follows its base's versions, so all models' instants count,
 * as they do for a report's segments).
 */
function priceCuts(book: PriceBook): number[] {
  const cuts = new Set<number>();
  for (const m of book.models.values()) {
    for (const v of m.versions) {
      cuts.add(v.effectiveFromMs);
      if (v.effectiveUntilMs !== undefined) cuts.add(v.effectiveUntilMs);
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

/** The 16 answers of unpricedReason for a model at `atMs`, valid between the price cuts around it. */
function versionTable(
  book: PriceBook,
  model: ModelEntry,
  atMs: number,
  cuts: readonly number[],
): VersionTable {
  const unpriced: boolean[] = [];
  for (const tier of TIERS) {
    for (const long of [false, true]) {
      for (const regional of [false, true]) {
        const facts = {
          model: model.id,
          tier,
          billed: true,
          reported: false,
          regional,
          longContext: () => long,
        };
        unpriced.push(unpricedReason(book, model, facts, atMs) !== undefined);
      }
    }
  }
  const next = cuts.findIndex((c) => c > atMs);
  return {
    fromMs:
      next === 0
        ? Number.NEGATIVE_INFINITY
        : (cuts[(next < 0 ? cuts.length : next) - 1] ?? Number.NEGATIVE_INFINITY),
    untilMs: next < 0 ? Number.POSITIVE_INFINITY : cuts[next]!,
    threshold: versionAt(model, atMs) ? longContextThreshold(book, model, atMs) : undefined,
    unpriced,
  };
}

/**
 * Splits a chunk into the events the book can price (or that cost nothing) and the unpriced ones,
 * grouped by kind and `requests` count. The writer reports inserted billed events per model only, so
 * writing each unpriced part on its own tells exactly how many unpriced requests were new (not
 * duplicates). Most chunks have no unpriced event: they come back untouched.
 */
export function splitUnpriced(
  isUnpriced: (f: EventFacts) => boolean,
  events: readonly UsageEvent[],
  rows: readonly unknown[],
): { events: readonly UsageEvent[]; rows: readonly unknown[]; unpriced: UnpricedPart[] } {
  const parts = new Map<string, UnpricedPart>();
  const part = (kind: string, requests: number) => {
    let p = parts.get(`${kind}:${requests}`);
    if (!p) {
      p = { kind, requests, events: [], rows: [] };
      parts.set(`${kind}:${requests}`, p);
    }
    return p;
  };
  const keptEvents: UsageEvent[] = [];
  for (const e of events) {
    if (isUnpriced(eventFacts(e))) part(e.kind, e.requests).events.push(e);
    else keptEvents.push(e);
  }
  const keptRows: unknown[] = [];
  for (let at = 0; at < rows.length; at += EVENT_COLUMN_COUNT) {
    const f = rowFacts(rows, at);
    const into = isUnpriced(f) ? part(f.kind, f.requests).rows : keptRows;
    for (let i = 0; i < EVENT_COLUMN_COUNT; i++) into.push(rows[at + i]);
  }
  if (parts.size === 0) return { events, rows, unpriced: [] };
  return { events: keptEvents, rows: keptRows, unpriced: [...parts.values()] };
}

function eventFacts(e: UsageEvent): EventFacts {
  return {
    model: e.model,
    tier: e.tier,
    kind: e.kind,
    tsMs: e.tsMs,
    inputTokens: e.inputTokens,
    billed: e.billed,
    reported: e.reportedCostNano !== undefined,
    regional: e.regional === true,
    requests: e.requests,
    toolOnly: e.inputTokens === 0 && e.outputTokens === 0 && TOOL_FIELDS.some((field) => (e[field] ?? 0) > 0),
  };
}

const at = (name: string) => EVENT_COLUMN_NAMES.indexOf(name);
const TOOL_CLASSES = USAGE_CLASSES.filter((c) =>
  (TOOL_USAGE_CLASSES as readonly string[]).includes(c.column),
);
const TOOL_FIELDS = TOOL_CLASSES.map((c) => c.field);
const TOOL_AT = TOOL_CLASSES.map((c) => at(c.column));
const C = {
  model: at('model'),
  tier: at('tier'),
  kind: at('kind'),
  tsMs: at('ts_ms'),
  input: at('input_tokens'),
  output: at('output_tokens'),
  billed: at('billed'),
  reported: at('reported_cost_nano'),
  regional: at('regional'),
  requests: at('requests'),
};

function rowFacts(rows: readonly unknown[], base: number): EventFacts {
  const v = (i: number) => rows[base + i];
  return {
    model: String(v(C.model)),
    tier: String(v(C.tier)),
    kind: String(v(C.kind)),
    tsMs: Number(v(C.tsMs)),
    inputTokens: Number(v(C.input)),
    billed: Number(v(C.billed)) === 1,
    reported: v(C.reported) !== null && v(C.reported) !== undefined,
    regional: Number(v(C.regional)) === 1,
    requests: Number(v(C.requests)),
    toolOnly:
      Number(v(C.input)) === 0 &&
      Number(v(C.output)) === 0 &&
      TOOL_AT.some((i) => Number(rows[base + i] ?? 0) > 0),
  };
}
