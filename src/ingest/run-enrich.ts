import type { ModelEntry, PriceBook } from '../pricing/price-book.js';
import { longContextThreshold } from '../pricing/rates.js';
import { findModel } from '../pricing/resolve-model.js';
import { canonicalTags } from '../store/tags.js';
import type { StoredEvent } from '../store/types.js';
import { maskSecrets } from '../secrets.js';
import type { UsageEvent } from '../usage-event.js';

/** Belt and braces: parsers redact keys already; the store must never hold one. */
function scrub(value: string | undefined): string | undefined {
  return value === undefined ? value : maskSecrets(value);
}

/**
 * Turns parser events into store rows with what only the price book knows: the canonical model
 * (null when unknown → unpriced) and the whole-request long-context flag at the event's time.
 * Lookups are memoized per raw model id and per price version: this runs once per ingested line.
 */
export function createEnricher(book: PriceBook): (event: UsageEvent) => StoredEvent {
  const models = new Map<string, ModelEntry | null>();
  const thresholds = new Map<string, { fromMs: number; threshold: number | undefined }[]>();

  function thresholdAt(model: ModelEntry, tsMs: number): number | undefined {
    let list = thresholds.get(model.id);
    if (!list) {
      list = model.versions.map((v) => ({
        fromMs: v.effectiveFromMs,
        threshold: longContextThreshold(book, model, v.effectiveFromMs),
      }));
      thresholds.set(model.id, list);
    }
    let found: number | undefined;
    for (const v of list) {
      if (v.fromMs <= tsMs) found = v.threshold;
      else break;
    }
    return found;
  }

  return (event) => {
    let model = models.get(event.model);
    if (model === undefined) {
      model = findModel(book, event.model) ?? null;
      models.set(event.model, model);
    }
    let longContext = false;
    if (model !== null && event.kind === 'request') {
      const threshold = thresholdAt(model, event.tsMs);
      longContext = threshold !== undefined && event.inputTokens > threshold;
    }
    const e =
      event.user?.length || event.project?.length || event.apiKeyId?.length ? scrubDims(event) : event;
    return { event: e, canonicalModel: model?.id ?? null, longContext, tags: tagsJson(event.tags) };
  };
}

/** Distinct tag sets remembered by tagsJson (logs repeat a few; the memo is dropped when full). */
const TAG_MEMO_MAX = 10_000;
const tagMemo = new Map<string, string | null>();

/** Canonical JSON of the tags, secrets scrubbed; memoized by the tags' exact keys and values. */
function tagsJson(tags: Readonly<Record<string, string>> | undefined): string | null {
  if (!tags) return null;
  let signature = '';
  for (const k in tags) {
    const v = tags[k]!;
    signature += `${k.length}:${k}${v.length}:${v}`;
  }
  let json = tagMemo.get(signature);
  if (json === undefined) {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) clean[k] = scrub(v) ?? '';
    json = canonicalTags(clean);
    if (tagMemo.size >= TAG_MEMO_MAX) tagMemo.clear();
    tagMemo.set(signature, json);
  }
  return json;
}

function scrubDims(e: UsageEvent): UsageEvent {
  const user = scrub(e.user);
  const project = scrub(e.project);
  const apiKeyId = scrub(e.apiKeyId);
  if (user === e.user && project === e.project && apiKeyId === e.apiKeyId) return e;
  const out: UsageEvent = { ...e };
  if (user !== undefined) out.user = user;
  if (project !== undefined) out.project = project;
  if (apiKeyId !== undefined) out.apiKeyId = apiKeyId;
  return out;
}
