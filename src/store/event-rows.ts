import type { UsageEvent } from '../usage-event.js';
import { COL, EVENT_COLUMN_COUNT, EVENT_COLUMN_NAMES, USAGE_CLASSES } from './columns.js';
import { canonicalTags } from './tags.js';

export { COL, EVENT_COLUMN_COUNT };

/** Distinct tag sets remembered by tagsJson (logs repeat a few; the memo is dropped when full). */
const TAG_MEMO_MAX = 10_000;
const tagMemo = new Map<string, string | null>();

/** Canonical JSON of an event's tags (see canonicalTags), memoized by their exact keys and values. */
export function tagsJson(tags: Readonly<Record<string, string>> | undefined): string | null {
  if (!tags) return null;
  let signature = '';
  for (const k in tags) {
    const v = tags[k]!;
    signature += `${k.length}:${k}${v.length}:${v}`;
  }
  let json = tagMemo.get(signature);
  if (json === undefined) {
    json = canonicalTags(tags);
    if (tagMemo.size >= TAG_MEMO_MAX) tagMemo.clear();
    tagMemo.set(signature, json);
  }
  return json;
}

/**
 * Appends one event's column values to `out`, in EVENT_COLUMNS order (columns.ts): booleans as
 * 0/1, absent values as null, tags as canonical JSON. Writers of every driver bind these.
 */
export function pushEventValues(e: UsageEvent, out: unknown[]): void {
  out.push(
    e.key,
    e.kind,
    e.tsMs,
    e.endMs ?? null,
    e.model,
    e.tier,
    e.effort ?? null,
    e.requests,
    e.inputTokens,
    e.cachedInputTokens,
    e.cacheWriteTokens,
    e.outputTokens,
    e.reasoningTokens,
    e.billed ? 1 : 0,
    e.regional ? 1 : 0,
    e.reportedCostNano ?? null,
    e.project ?? null,
    e.user ?? null,
    e.apiKeyId ?? null,
    e.gateway ?? null,
    e.byok ? 1 : 0,
    tagsJson(e.tags),
    e.format,
    e.sourceFile ?? null,
    e.sourceLine ?? null,
  );
  for (const c of USAGE_CLASSES) out.push(e[c.field] ?? 0);
}

/** The batch's events as one flat array (EVENT_COLUMNS order): `rows` first, then `events`. */
export function flatEventValues(batch: {
  events: readonly UsageEvent[];
  rows?: readonly unknown[];
}): unknown[] {
  if (batch.events.length === 0 && batch.rows) return batch.rows as unknown[];
  const out: unknown[] = batch.rows ? [...batch.rows] : [];
  for (const e of batch.events) pushEventValues(e, out);
  return out;
}

/** Columns that say where a row was read, not what happened: a re-sync may change them freely. */
const WHERE_READ = new Set([
  EVENT_COLUMN_NAMES.indexOf('source_file'),
  EVENT_COLUMN_NAMES.indexOf('source_line'),
]);

/**
 * Whether a stored row (as a driver reads it back: integers may be bigint) and a new flat row hold
 * the same facts. Sync uses it to tell a changed provider bucket from a re-fetched one.
 */
export function sameFacts(stored: readonly unknown[], row: readonly unknown[]): boolean {
  for (let c = 0; c < EVENT_COLUMN_COUNT; c++) {
    if (WHERE_READ.has(c)) continue;
    const a = stored[c] ?? null;
    const b = row[c] ?? null;
    if (a === null || b === null ? a !== b : String(a) !== String(b)) return false;
  }
  return true;
}
