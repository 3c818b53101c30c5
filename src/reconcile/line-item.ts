import type { PriceBook } from '../pricing/price-book.js';
import { findModel } from '../pricing/resolve-model.js';

/**
 * The model a Costs API line item names, or undefined for items that are not a model's tokens
 * (tool calls, storage, fine-tuning hours…). The Costs API has no model field: the model appears
 * only inside `line_item` text, e.g. "gpt-5.5, input" (log-formats.md §7), so the text before the
 * first comma (or the whole text) is looked up in the price book.
 */
export function lineItemModel(book: PriceBook, lineItem: string | null | undefined): string | undefined {
  if (!lineItem) return undefined;
  const head = lineItem.split(',')[0]!.trim().toLowerCase();
  const candidates = [head, head.split(/\s+/)[0] ?? head];
  for (const c of candidates) {
    const model = findModel(book, c);
    if (model) return model.id;
  }
  return undefined;
}
