import { findModel } from '../pricing/resolve-model.js';
import type { PriceBook } from '../pricing/price-book.js';
import type { Budget } from './budget.js';
import type { ScopeKey } from './schema.js';

/** A budget scope value that matches nothing: no known model and no value ever seen in the ledger. */
export interface UnmatchedScope {
  readonly budget: string;
  readonly key: ScopeKey;
  readonly value: string;
  /** Values of this key the ledger holds (a few, for the message). */
  readonly seen: readonly string[];
}

/** The distinct values the ledger has ever recorded for one scope key. */
export type SeenValues = (key: ScopeKey) => ReadonlySet<string>;

/**
 * Scope values that can never match (`"model": "gpt-9000"`, `"project": "serach"`): a budget that
 * filters on them is "ok" forever, so they are reported. A model counts as known when the price
 * book resolves it (aliases too); any value counts when the ledger has seen it. Tier and effort
 * are closed lists, already checked by the schema.
 */
export function unmatchedScopes(
  budgets: readonly Budget[],
  book: PriceBook,
  seen: SeenValues,
): UnmatchedScope[] {
  const out: UnmatchedScope[] = [];
  const cache = new Map<ScopeKey, ReadonlySet<string>>();
  for (const budget of budgets) {
    for (const [key, values] of Object.entries(budget.scope) as [ScopeKey, string[]][]) {
      if (key === 'tier' || key === 'effort') continue;
      let known = cache.get(key);
      if (!known) {
        known = seen(key);
        cache.set(key, known);
      }
      for (const value of values) {
        if (known.has(value)) continue;
        if ((key === 'model' || key === 'family') && modelKnown(book, key, value)) continue;
        out.push({ budget: budget.name, key, value, seen: [...known].sort().slice(0, 5) });
      }
    }
  }
  return out;
}

function modelKnown(book: PriceBook, key: 'model' | 'family', value: string): boolean {
  if (key === 'model') return findModel(book, value) !== undefined;
  return [...book.models.values()].some((m) => m.family === value);
}

/** `budget "b": scope project "serach" matches nothing in the ledger (seen: search, web)`. */
export function describeUnmatched(u: UnmatchedScope): string {
  const what =
    u.key === 'model' ? 'matches no known model and nothing in the ledger' : 'matches nothing in the ledger';
  const seen = u.seen.length > 0 ? ` (seen: ${u.seen.join(', ')})` : '';
  return `budget "${u.budget}": scope ${u.key} "${u.value}" ${what}${seen}`;
}
