import type { PriceBook, PriceVersion } from '../pricing/price-book.js';
import { versionAt } from '../pricing/rates.js';
import { findModel } from '../pricing/resolve-model.js';
import { unpricedReason } from '../pricing/unpriced-reason.js';
import { EVENT_COLUMN_COUNT, EVENT_COLUMN_NAMES, inputBand, isLongContext } from '../store/columns.js';
import type { UsageEvent } from '../usage-event.js';

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
 * price it. Memoized per model, price version, tier, band and region: a chunk has few such keys.
 */
export function createUnpricedJudge(book: PriceBook): (f: EventFacts) => boolean {
  const models = new Map<string, ReturnType<typeof findModel>>();
  const memo = new Map<PriceVersion | undefined, Map<string, boolean>>();
  return (f) => {
    if (!f.billed || f.reported) return false;
    if (!models.has(f.model)) models.set(f.model, findModel(book, f.model));
    const model = models.get(f.model);
    if (!model) return true;
    const version = versionAt(model, f.tsMs);
    const band = inputBand(f.kind, f.inputTokens);
    const key = `${model.id}\u0000${f.tier}\u0000${band}\u0000${f.regional ? 1 : 0}`;
    let byKey = memo.get(version);
    if (!byKey) {
      byKey = new Map();
      memo.set(version, byKey);
    }
    let unpriced = byKey.get(key);
    if (unpriced === undefined) {
      const facts = { ...f, longContext: (t: number) => isLongContext(band, t) };
      unpriced = unpricedReason(book, model, facts, f.tsMs) !== undefined;
      byKey.set(key, unpriced);
    }
    return unpriced;
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
  };
}

const at = (name: string) => EVENT_COLUMN_NAMES.indexOf(name);
const C = {
  model: at('model'),
  tier: at('tier'),
  kind: at('kind'),
  tsMs: at('ts_ms'),
  input: at('input_tokens'),
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
  };
}
