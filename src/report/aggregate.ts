import { InvalidInputError } from '../errors.js';
import type { PriceBook } from '../pricing/price-book.js';
import { resolveModel } from '../pricing/resolve-model.js';
import type { Ledger, UsageGroup } from '../store/ledger.js';
import { NO_MODEL, NONE, type Dimension, type SpendQuery, type SpendResult, type SpendRow } from './types.js';
import { checkZone, nextPeriodStart, periodLabel, periodStartOf, periodStarts } from './periods.js';
import { ModelCache, type PricedUsage, type Reprice } from './price.js';
import { addGroup, emptyRow, mergeRow } from './rows.js';
import { type BasisRun, logsShortfallNote, planBasis } from './basis.js';
import { readSegments, type Segment, splitSegments, usageQueryOf } from './segments.js';
import { byokFeeGateway, byokFeeWindows } from './byok.js';
import { addStorageAggregates } from './storage-aggregates.js';

export type { Dimension, PeriodUnit, SpendCost, SpendQuery, SpendResult, SpendRow } from './types.js';

/**
 * Sees every priced rollup group as it is added to a row: `atMs` is its segment start (one price
 * version, one period). The FOCUS export builds its per-SKU charges from these.
 */
export type GroupVisitor = (group: UsageGroup, priced: PricedUsage, atMs: number) => void;

const BUCKET_MS = 900_000;

/**
 * Spend per period and group, read from the rollup table (never the raw events). Time is cut into
 * segments at period starts and at every price version's effective instant, so each segment is
 * priced with the version in force then: adding a newer price version never changes a past month.
 * @example aggregateSpend(ledger, book, { periodUnit: 'month', tz: 'Europe/Berlin', groupBy: ['model'], filters: {} })
 */
export async function aggregateSpend(
  ledger: Ledger,
  book: PriceBook,
  query: SpendQuery,
  visit?: GroupVisitor,
): Promise<SpendResult> {
  const tz = checkZone(query.tz);
  const span = await ledger.usageSpan();
  const unit = query.periodUnit;
  const weekStartsOn = query.weekStartsOn ?? 1;
  // Without explicit bounds the range is the data's, widened to whole periods.
  const whole = (ms: number) => (unit === 'total' ? ms : periodStartOf(ms, unit, tz, weekStartsOn));
  const dataSince = span ? whole(span.minMs) : 0;
  const lastMs = span ? span.maxMs + BUCKET_MS : (query.sinceMs ?? dataSince);
  const dataUntil = unit === 'total' ? lastMs : nextPeriodStart(whole(lastMs - 1), unit, tz);
  const untilMs = query.untilMs ?? Math.max(dataUntil, query.sinceMs ?? dataUntil);
  // Open ends never cross the given end: a range without data is empty, not inverted.
  const sinceMs =
    query.sinceMs ?? (query.untilMs === undefined ? dataSince : Math.min(dataSince, query.untilMs));
  if (untilMs < sinceMs) throw new InvalidInputError('the range ends before it starts', '--until');
  const plan = await planBasis(ledger, query.basis ?? 'auto', sinceMs, untilMs);
  // BYOK fee windows count gateway requests: those are request logs (aggregates carry no gateway).
  const kind = plan.basis === 'aggregates' ? 'bucket' : 'request';

  const starts = unit === 'total' ? [sinceMs] : periodStarts(sinceMs, untilMs, unit, tz, weekStartsOn);
  const cuts = new Set<number>([sinceMs, ...starts.filter((s) => s > sinceMs)]);
  for (const run of plan.runs) if (run.from > sinceMs) cuts.add(run.from);
  for (const model of book.models.values()) {
    for (const v of model.versions)
      if (v.effectiveFromMs > sinceMs && v.effectiveFromMs < untilMs) cuts.add(v.effectiveFromMs);
  }
  const models = new ModelCache(book);
  const reprice = whatIfTarget(book, query);
  const base = usageQueryOf(query.groupBy, query.filters, kind);
  const ascending = () => [...cuts].filter((c) => c < untilMs).sort((a, b) => a - b);
  // Each basis run is read with its own kind; segments never straddle a run boundary (a cut).
  const inRun = (run: BasisRun) => ({ ...base, kind: run.kind });
  const readRuns = async (split?: Segment[]) => {
    const out: Segment[] = [];
    for (const run of plan.runs) {
      const runCuts = ascending().filter((c) => c >= run.from && c < run.to);
      out.push(
        ...(split
          ? await splitSegments(
              ledger,
              inRun(run),
              split.filter((g) => g.from >= run.from && g.from < run.to),
              runCuts,
            )
          : await readSegments(ledger, inRun(run), runCuts, run.to)),
      );
    }
    return out;
  };
  let segments = await readRuns();
  // BYOK fees start when a gateway's free monthly allowance runs out: cut there too (rare, so the
  // extra query only runs when BYOK usage through a fee-charging gateway is in the range, and only
  // the segments a crossing falls inside are read again).
  const byokGateways = new Set<string>();
  for (const p of segments)
    for (const g of p.groups)
      if (g.byok === 1 && byokFeeGateway(book, g.gateway)) byokGateways.add(g.gateway);
  if (byokGateways.size > 0) {
    models.byokWindows = await byokFeeWindows(ledger, book, [...byokGateways], kind, sinceMs, untilMs);
    for (const [from, to] of [...models.byokWindows.values()].flat()) {
      cuts.add(Math.max(from, sinceMs)).add(Math.max(to, sinceMs));
    }
    segments = await readRuns(segments);
  }
  if (query.storageOnLogDays !== false) await addStorageAggregates(ledger, base, plan.runs, segments);
  const rows = new Map<string, SpendRow>();
  let periodIndex = 0;
  for (const { from, groups } of segments) {
    while (periodIndex + 1 < starts.length && starts[periodIndex + 1]! <= from) periodIndex++;
    const periodStartMs = starts[periodIndex]!;
    const run = plan.runs.find((r) => from >= r.from && from < r.to);
    const segmentBasis = run?.kind === 'bucket' ? 'aggregates' : 'requests';
    for (const g of groups) {
      const keys = groupKeys(g, query.groupBy, models);
      if (!passesModelFilters(g, query, models)) continue;
      const id = `${periodStartMs}\u0001${query.groupBy.map((d) => keys[d]).join('\u0001')}`;
      let row = rows.get(id);
      if (!row) {
        const label = unit === 'total' ? 'total' : periodLabel(periodStartMs, unit, tz);
        const endMs = unit === 'total' ? untilMs : nextPeriodStart(periodStartMs, unit, tz);
        row = emptyRow(label, periodStartMs, endMs, keys, reprice !== undefined);
        rows.set(id, row);
      }
      const priced = addGroup(row, g, book, models, from, reprice);
      visit?.(g, priced, from);
      row.basis = row.basis === undefined || row.basis === segmentBasis ? segmentBasis : 'mixed';
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) => a.periodStartMs - b.periodStartMs || compareKeys(a, b, query.groupBy),
  );
  const total = emptyRow('total', starts[0] ?? sinceMs, untilMs, {}, reprice !== undefined);
  for (const r of sorted) mergeRow(total, r);
  if (sorted.length > 0) total.basis = plan.basis;
  const shortfall = plan.runs.some((r) => r.kind === 'request')
    ? await logsShortfallNote(ledger, plan.runs, base)
    : undefined;
  return {
    query,
    basis: plan.basis,
    ...(plan.basis === 'mixed' ? { basisDays: plan.days } : {}),
    notes: shortfall ? [shortfall] : [],
    sinceMs,
    untilMs,
    rows: sorted,
    total,
    incomplete: total.unpricedWhy.length > 0,
    whatIfIncomplete: total.whatIf?.incomplete ?? false,
  };
}

function whatIfTarget(book: PriceBook, query: SpendQuery): Reprice | undefined {
  if (query.asModel === undefined && query.asTier === undefined) return undefined;
  return {
    ...(query.asModel === undefined ? {} : { model: resolveModel(book, query.asModel, '--as-model') }),
    ...(query.asTier === undefined ? {} : { tier: query.asTier }),
  };
}

function groupKeys(g: UsageGroup, groupBy: readonly Dimension[], models: ModelCache): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const d of groupBy) {
    let v: string | undefined;
    if (d === 'model') v = modelKey(g, models);
    else if (d === 'family') v = models.get(g.model)?.family;
    else if (d.startsWith('tag:')) v = tagValue(g.tags ?? '', d.slice(4));
    else v = (g as unknown as Record<string, string | undefined>)[d];
    keys[d] = v === undefined || v === '' ? NONE : v;
  }
  return keys;
}

/**
 * The model a row is shown under: the book's id, else the id as logged. A failed call whose source
 * gave no model (an expired Batch line, a gateway error row) is stored as "unknown"; it cost nothing
 * and is not unpriced, so it is labelled as what it is rather than as a model called "unknown".
 */
function modelKey(g: UsageGroup, models: ModelCache): string {
  if (!g.billed && (g.model === '' || g.model === 'unknown')) return NO_MODEL;
  return models.get(g.model)?.id ?? g.model;
}

const tagCache = new Map<string, Record<string, unknown>>();
function tagValue(tags: string, key: string): string | undefined {
  if (tags === '') return undefined;
  let parsed = tagCache.get(tags);
  if (!parsed) {
    parsed = JSON.parse(tags) as Record<string, unknown>;
    if (tagCache.size > 10_000) tagCache.clear();
    tagCache.set(tags, parsed);
  }
  const v = parsed[key];
  return v === undefined || v === null ? undefined : String(v);
}

function passesModelFilters(g: UsageGroup, query: SpendQuery, models: ModelCache): boolean {
  const wantModels = query.filters.model;
  const wantFamilies = query.filters.family;
  if (!wantModels?.length && !wantFamilies?.length) return true;
  const entry = models.get(g.model);
  if (
    wantModels?.length &&
    !wantModels.some((m) => m === g.model || (entry && models.get(m)?.id === entry.id))
  )
    return false;
  if (wantFamilies?.length && !(entry && wantFamilies.includes(entry.family))) return false;
  return true;
}

function compareKeys(a: SpendRow, b: SpendRow, groupBy: readonly Dimension[]): number {
  for (const d of groupBy) {
    const c = (a.keys[d] ?? '') < (b.keys[d] ?? '') ? -1 : (a.keys[d] ?? '') > (b.keys[d] ?? '') ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}
