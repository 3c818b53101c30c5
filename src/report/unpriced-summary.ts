import { formatCount } from '../render/table.js';
import type { UnpricedTally } from './types.js';

/**
 * Unpriced usage in words, the same in every report format, the budget check and reconcile:
 * "15 request(s) could not be priced (7 unknown model, 6 tier not offered, 2 with audio input
 * tokens the book has no price for)". Reasons with no requests (a vector-store bucket) are named too, since they
 * make a total incomplete without adding a request; a request missing two classes counts under
 * both, and the words say so when that makes the reasons add up to more than the total.
 */
export function describeUnpriced(requests: number, why: readonly UnpricedTally[]): string {
  const list = why.length > 0 ? ` (${reasonWords(why, requests)})` : '';
  return `${formatCount(requests)} request(s) could not be priced${list}`;
}

/** "7 unknown model, vector-store storage the book has no price for (usage of no requests)". */
export function reasonWords(why: readonly UnpricedTally[], requests?: number): string {
  const parts = why.map((t) => {
    if (t.requests === 0) return `${t.reason} (usage of no requests)`;
    // "2 with audio input tokens the book has no price for": 2 requests, not 2 tokens.
    return `${formatCount(t.requests)} ${t.kind === 'class-not-priced' ? 'with ' : ''}${t.reason}`;
  });
  const sum = why.reduce((n, t) => n + t.requests, 0);
  return `${parts.join(', ')}${requests !== undefined && sum > requests ? '; a request can have several reasons' : ''}`;
}
