import { InvalidInputError, RemoteServiceError } from '../../errors.js';
import type { InvoiceLine, UsageEvent } from '../../usage-event.js';
import { ParseContext } from '../context.js';
import { parseUsagePage } from '../usage-api.js';
import type { AdminClient, JsonObject, Query } from './admin-client.js';
import {
  COSTS_ENDPOINT,
  type SyncEndpoint,
  UNIT_ENDPOINTS,
  UNSYNCED_ENDPOINTS,
  USAGE_ENDPOINTS,
} from './endpoints.js';
import { fetchNames } from './names.js';
import { bucketPages } from './pages.js';
import type { PutCounts, SyncStore } from './sync-store.js';

const DAY_MS = 86_400_000;
/** Buckets of the last two days still change (late data): always fetched again. */
export const REFETCH_MS = 2 * DAY_MS;
/** A first sync without --since reaches back this far. */
export const FIRST_SYNC_MS = 30 * DAY_MS;

export interface SyncOpenAIOptions {
  client: AdminClient;
  store: SyncStore;
  nowMs: number;
  sinceMs?: number;
  untilMs?: number;
  bucket?: '1d' | '1h';
  /** Fetch project, user and key names (default true). */
  names?: boolean;
  onProgress?: (progress: SyncProgress) => void;
  onWarning?: (text: string) => void;
}

export interface SyncProgress {
  endpoint: string;
  pages: number;
  buckets: number;
  done: boolean;
}

/** The `sync openai --json` shape (DESIGN.md) plus additive fields. */
export interface SyncSummary {
  since: string;
  until: string;
  usage: { pages: number; buckets: number } & PutCounts;
  costs: { pages: number; lines: number } & PutCounts;
  /** Per endpoint: pages, buckets, and the window it fetched. */
  endpoints: Array<
    { name: string; since: string; until: string; pages: number; buckets: number } & PutCounts
  >;
  /** Rows of a page the parser refused (named in warnings). */
  rejected: number;
  names: number;
  /** Money-carrying endpoints not synced, and why. */
  not_synced: Array<{ endpoint: string; reason: string }>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * Pulls the organization Usage and Costs APIs into the ledger. Each page is committed with the
 * endpoint's cursor before the next is fetched, so a failure keeps everything before it. Without
 * `sinceMs` each endpoint resumes at its last synced bucket's UTC day minus two days.
 */
export async function syncOpenAI(options: SyncOpenAIOptions): Promise<SyncSummary> {
  const { store, nowMs } = options;
  const width = options.bucket ?? '1d';
  const untilMs = options.untilMs ?? nowMs;
  const summary: SyncSummary = {
    since: '',
    until: iso(untilMs),
    usage: { pages: 0, buckets: 0, inserted: 0, replaced: 0, unchanged: 0 },
    costs: { pages: 0, lines: 0, inserted: 0, replaced: 0, unchanged: 0 },
    endpoints: [],
    rejected: 0,
    names: 0,
    not_synced: UNSYNCED_ENDPOINTS.map((e) => ({
      endpoint: `organization/usage/${e.name}`,
      reason: `priced per ${e.unit}: the price book has no such prices yet (its cost reaches reconcile through the Costs API)`,
    })),
  };
  let earliest = Number.POSITIVE_INFINITY;
  for (const endpoint of [...USAGE_ENDPOINTS, ...UNIT_ENDPOINTS, COSTS_ENDPOINT]) {
    const isCosts = endpoint === COSTS_ENDPOINT;
    const source = `openai:${endpoint.name}`;
    const cursor = options.sinceMs === undefined ? await store.syncCursor(source) : undefined;
    const sinceMs =
      options.sinceMs ??
      (cursor === undefined ? floorDay(nowMs) - FIRST_SYNC_MS : floorDay(cursor) - REFETCH_MS);
    earliest = Math.min(earliest, sinceMs);
    const row = {
      name: endpoint.name,
      since: iso(sinceMs),
      until: iso(untilMs),
      pages: 0,
      buckets: 0,
      inserted: 0,
      replaced: 0,
      unchanged: 0,
    };
    summary.endpoints.push(row);
    if (sinceMs >= untilMs) continue;
    const query = endpointQuery(endpoint, sinceMs, untilMs, isCosts ? '1d' : width);
    const ctx = new ParseContext(`openai:${endpoint.path}`, nowMs, nowMs);
    try {
      for await (const page of bucketPages(options.client, endpoint.path, query)) {
        ctx.line = row.pages + 1;
        const { events, invoices, lastBucketMs, buckets, rejected } = readPage(page, ctx, options, endpoint);
        const put = await store.putSynced({ source, events, invoices, lastBucketMs });
        const counts = isCosts ? put.invoices : put.events;
        row.pages++;
        row.buckets += buckets;
        add(row, counts);
        if (isCosts) {
          summary.costs.pages++;
          summary.costs.lines += invoices.length;
          add(summary.costs, counts);
        } else {
          summary.usage.pages++;
          summary.usage.buckets += buckets;
          add(summary.usage, counts);
        }
        summary.rejected += rejected;
        options.onProgress?.({
          endpoint: endpoint.name,
          pages: row.pages,
          buckets: row.buckets,
          done: false,
        });
      }
    } catch (error) {
      // Only completions and costs are essential; another usage endpoint a proxy lacks is a warning.
      if (!(error instanceof InvalidInputError) || endpoint.name === 'completions' || isCosts) throw error;
      options.onWarning?.(`${endpoint.path} not synced: ${error.message}`);
    }
    options.onProgress?.({ endpoint: endpoint.name, pages: row.pages, buckets: row.buckets, done: true });
  }
  summary.since = iso(earliest);
  if (options.names !== false) {
    const names = await fetchNames(options.client, options.onWarning);
    await store.putNames(names);
    summary.names = names.length;
  }
  return summary;
}

function endpointQuery(endpoint: SyncEndpoint, sinceMs: number, untilMs: number, width: '1d' | '1h'): Query {
  return [
    ['start_time', Math.floor(sinceMs / 1000)],
    ['end_time', Math.ceil(untilMs / 1000)],
    ['bucket_width', width],
    ['limit', endpoint.limit[width]],
    ...endpoint.groupBy.map((g) => ['group_by', g] as const),
  ];
}

function readPage(page: JsonObject, ctx: ParseContext, options: SyncOpenAIOptions, endpoint: SyncEndpoint) {
  if (!Array.isArray(page.data)) {
    throw new RemoteServiceError(`${endpoint.path}: the response is not a page of buckets (no "data" array)`);
  }
  const data = page.data as Array<{ start_time?: unknown }>;
  const events: UsageEvent[] = [];
  const invoices: InvoiceLine[] = [];
  let lastBucketMs: number | undefined;
  let rejected = 0;
  for (const b of data) {
    const start = Number(b?.start_time) * 1000;
    if (Number.isFinite(start)) lastBucketMs = Math.max(lastBucketMs ?? start, start);
  }
  if (data.length > 0) parseUsagePage(page, ctx);
  for (const record of ctx.drain()) {
    if (record.type === 'event') events.push(record.event);
    else if (record.type === 'invoice') invoices.push(record.invoice);
    else if (record.type === 'reject') {
      rejected++;
      options.onWarning?.(`${endpoint.path} page ${record.line}: ${record.reason}`);
    }
  }
  return { events, invoices, lastBucketMs, buckets: data.length, rejected };
}

function add(into: PutCounts, counts: PutCounts): void {
  into.inserted += counts.inserted;
  into.replaced += counts.replaced;
  into.unchanged += counts.unchanged;
}
