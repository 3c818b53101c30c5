import type { PriceBook } from '../pricing/price-book.js';
import { findModel } from '../pricing/resolve-model.js';

/**
 * Line items of usage the ledger keeps under a name of its own (Usage API buckets without a model,
 * see ingest/usage-buckets.ts), matched by words of the line item: storage and container sessions.
 */
/** The ledger's model name for vector-store storage buckets (ingest/usage-buckets.ts). */
export const STORAGE_MODEL = 'vector-store';

const BUCKET_NAMES: readonly [RegExp, string][] = [
  [/vector[\s_-]*stor/i, STORAGE_MODEL],
  [/code[\s_-]*interpreter/i, 'code-interpreter'],
];

/**
 * The usage a Costs API line item is for, named as the ledger's usage rows name it: a model the
 * book prices by tokens, a model it prices per unit (tts-1, whisper-1, dall-e-3), or the ledger's
 * name for storage and container sessions. Undefined for items that name none of these (tool calls
 * billed apart from their model, fine-tuning hours…). The Costs API has no model field: the model
 * appears only inside `line_item` text, e.g. "gpt-5.5, input" (log-formats.md §7), so the text
 * before the first comma (or its first word) is looked up.
 */
export function lineItemModel(book: PriceBook, lineItem: string | null | undefined): string | undefined {
  if (!lineItem) return undefined;
  const head = lineItem.split(',')[0]!.trim().toLowerCase();
  const candidates = [head, head.split(/\s+/)[0] ?? head];
  for (const c of candidates) {
    const model = findModel(book, c);
    if (model) return model.id;
  }
  const perUnit = new Set(book.tools.flatMap((t) => t.data.models ?? []).map((m) => m.toLowerCase()));
  for (const c of candidates) if (perUnit.has(c)) return c;
  return BUCKET_NAMES.find(([re]) => re.test(lineItem))?.[1];
}
