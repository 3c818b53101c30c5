import { InvalidInputError, NotOfferedError } from '../errors.js';
import { type Decimal, type Money, money, mulDecimal, parseDecimal, ZERO } from '../money.js';
import type { ModelEntry, PriceBook, ToolFeeEntry } from './price-book.js';
import type { SearchContextSize, ToolFeeId } from './schema.js';

/** Per-call, per-session and per-GB-day usage of one request (or one day, for storage). */
export interface ToolUsage {
  webSearchCalls?: number;
  /** Search context size of the web search calls (priced apart only on the search-preview models). */
  searchContextSize?: SearchContextSize;
  fileSearchCalls?: number;
  codeInterpreterSessions?: number;
  /** Vector-store storage in GB-days, an exact decimal (e.g. 1.5). */
  vectorStoreGbDays?: Decimal;
}

export interface ToolFeeLine {
  id: ToolFeeId;
  quantity: Decimal;
  usdPerUnit: string;
  effectiveFrom: string;
  amount: Money;
}

const ATTO_PER_USD_PER_UNIT = 10n ** 18n;

/**
 * The fee entry in force for a tool, a model and an instant: a model-specific entry (matching the
 * context size when it has one) before a general one. Undefined when the book has none. Without a
 * model (usage no model is named for, e.g. vector-store storage) only general entries apply.
 */
export function toolFeeAt(
  book: PriceBook,
  id: ToolFeeId,
  model: ModelEntry | undefined,
  atMs: number,
  contextSize: SearchContextSize = 'medium',
): { entry: ToolFeeEntry; version: ToolFeeEntry['versions'][number] } | undefined {
  const names = new Set(model ? [model.id, ...model.aliases].map((n) => n.toLowerCase()) : []);
  const candidates = book.tools.filter(
    (t) =>
      t.data.id === id &&
      (t.data.context_size === undefined || t.data.context_size === contextSize) &&
      (t.data.models === undefined || t.data.models.some((m) => names.has(m.toLowerCase()))),
  );
  candidates.sort((a, b) => Number(b.data.models !== undefined) - Number(a.data.models !== undefined));
  for (const entry of candidates) {
    let found: ToolFeeEntry['versions'][number] | undefined;
    for (const v of entry.versions) if (v.effectiveFromMs <= atMs) found = v;
    if (found) return { entry, version: found };
  }
  return undefined;
}

/** Prices tool calls, sessions and storage exactly; a used tool the book cannot price is an error. */
export function priceTools(
  book: PriceBook,
  model: ModelEntry,
  atMs: number,
  usage: ToolUsage,
): ToolFeeLine[] {
  const wanted: [ToolFeeId, Decimal | undefined][] = [
    ['web_search', whole(usage.webSearchCalls)],
    ['file_search', whole(usage.fileSearchCalls)],
    ['code_interpreter', whole(usage.codeInterpreterSessions)],
    ['vector_store_storage', usage.vectorStoreGbDays],
  ];
  const lines: ToolFeeLine[] = [];
  for (const [id, quantity] of wanted) {
    if (quantity === undefined || quantity.units === 0n) continue;
    if (quantity.units < 0n) throw new InvalidInputError(`${id} quantity must be ≥ 0`);
    const found = toolFeeAt(book, id, model, atMs, usage.searchContextSize);
    if (!found) {
      throw new NotOfferedError(
        `no ${id} fee in the price book for ${model.id} at ${new Date(atMs).toISOString()}`,
      );
    }
    const perUnit = parseDecimal(found.version.usd_per_unit)!;
    // usd per unit → atto per unit, × quantity (both exact decimals).
    const attoPerUnit = mulDecimal(ATTO_PER_USD_PER_UNIT, perUnit);
    lines.push({
      id,
      quantity,
      usdPerUnit: String(found.version.usd_per_unit),
      effectiveFrom: found.version.effective_from,
      amount: money(mulDecimal(attoPerUnit, quantity)),
    });
  }
  return lines;
}

function whole(n: number | undefined): Decimal | undefined {
  return n === undefined ? undefined : { units: BigInt(n), scale: 0 };
}

/** Sum of tool fee lines. */
export function toolFeesTotal(lines: readonly ToolFeeLine[]): Money {
  return lines.reduce((sum, l) => money(sum + l.amount), ZERO);
}
