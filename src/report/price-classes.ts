import { TOOL_USAGE_CLASSES } from '../pricing/unpriced-reason.js';
import { divRoundHalfEven, type Money, money, mulDecimal, parseDecimal, ZERO } from '../money.js';
import type { ModelEntry, PriceBook } from '../pricing/price-book.js';
import type { SearchContextSize, ToolFeeId } from '../pricing/schema.js';
import type { TokenCounts } from '../pricing/tokens.js';
import { toolFeeAt } from '../pricing/tool-fees.js';
import { singleUnitPrice, type UnitPriceId, unitCost, unitPricesAt } from '../pricing/unit-prices.js';
import type { UsageClassColumn } from '../store/columns.js';
import type { UsageGroup } from '../store/ledger.js';

/** A usage group's token counts in the cost engine's terms (non-text classes are parts, as stored). */
export function groupTokens(g: UsageGroup): TokenCounts {
  return {
    input: g.input,
    cachedInput: g.cached,
    cacheWrite: g.cache_write,
    output: g.output,
    reasoning: g.reasoning,
    audioInput: g.audio_input_tokens,
    cachedAudioInput: g.cached_audio_input_tokens,
    imageInput: g.image_input_tokens,
    cachedImageInput: g.cached_image_input_tokens,
    audioOutput: g.audio_output_tokens,
    imageOutput: g.image_output_tokens,
    cacheWrite12h: g.cache_write_12h_tokens,
  };
}

/** One tool or storage fee of a group: the book's fee entry, the quantity and the exact amount. */
export interface ToolCharge {
  id: ToolFeeId;
  /** Web search only: the search context size its calls asked for. */
  contextSize?: SearchContextSize;
  /** The stored column the quantity comes from. */
  column: UsageClassColumn;
  /** Calls or sessions; for storage, byte-hours (GB-days = byte-hours / 24e9). */
  quantity: bigint;
  usdPerUnit: string;
  effectiveFrom: string;
  amount: Money;
}

/** Per-call and per-session fees: the column, the fee id and (web search) the context size. */
const CALLS: readonly [UsageClassColumn, ToolFeeId, SearchContextSize?][] = [
  ['web_search_calls_low', 'web_search', 'low'],
  ['web_search_calls_medium', 'web_search', 'medium'],
  ['web_search_calls_high', 'web_search', 'high'],
  ['file_search_calls', 'file_search'],
  ['code_interpreter_sessions', 'code_interpreter'],
];

/**
 * Units priced by the model's own per-unit price (tts-1 per 1M characters, whisper-1 per minute,
 * DALL·E per image): the column and the book's fee id.
 */
export const UNIT_COLUMNS: readonly [UsageClassColumn, UnitPriceId][] = [
  ['speech_characters', 'speech'],
  ['transcription_seconds', 'transcription'],
  ['images', 'image_generation'],
];

const ATTO_PER_USD = 10n ** 18n;
/** Byte-hours per GB-day (GB = 10^9 bytes, as OpenAI's pricing page writes GB). */
const BYTE_HOURS_PER_GB_DAY = 24n * 10n ** 9n;

/**
 * Prices a group's tool calls, container sessions, vector-store storage and per-unit usage
 * (speech characters, transcription seconds, images) with the fees in force at `atMs`
 * (model-specific entries first; without a model only general ones). Returns the charges and the
 * columns the book cannot price (a used tool without a fee entry, a unit without a price for the
 * model), with a reason where the generic one would mislead. Calls, sessions and the book's unit
 * rates are exact; storage is byte-hours × the GB-day rate / 24e9, rounded half-even to the
 * atto-dollar per group (the one rounding in the cost path, at 10^-18 USD).
 */
export function priceToolCharges(
  book: PriceBook,
  model: ModelEntry | undefined,
  g: UsageGroup,
  atMs: number,
): { charges: ToolCharge[]; missing: UsageClassColumn[]; reasons: UnitReasons } {
  const charges: ToolCharge[] = [];
  const missing: UsageClassColumn[] = [];
  const reasons: UnitReasons = {};
  const fee = (column: UsageClassColumn, id: ToolFeeId, size?: SearchContextSize) => {
    const found = toolFeeAt(book, id, model, atMs, size);
    if (!found) missing.push(column);
    return found?.version;
  };
  for (const [column, id, size] of CALLS) {
    const n = g[column];
    if (!n) continue;
    const v = fee(column, id, size);
    if (!v) continue;
    const quantity = BigInt(n);
    const perUnit = mulDecimal(ATTO_PER_USD, parseDecimal(v.usd_per_unit)!);
    charges.push({
      id,
      ...(size ? { contextSize: size } : {}),
      column,
      quantity,
      usdPerUnit: String(v.usd_per_unit),
      effectiveFrom: v.effective_from,
      amount: money(quantity * perUnit),
    });
  }
  const byteHours = g.vector_store_byte_hours;
  if (byteHours) {
    const v = fee('vector_store_byte_hours', 'vector_store_storage');
    if (v) {
      const perGbDay = mulDecimal(ATTO_PER_USD, parseDecimal(v.usd_per_unit)!);
      const quantity = BigInt(byteHours);
      charges.push({
        id: 'vector_store_storage',
        column: 'vector_store_byte_hours',
        quantity,
        usdPerUnit: String(v.usd_per_unit),
        effectiveFrom: v.effective_from,
        amount: money(divRoundHalfEven(quantity * perGbDay, BYTE_HOURS_PER_GB_DAY)),
      });
    }
  }
  priceUnits(book, model, g, atMs, charges, missing, reasons);
  return { charges, missing, reasons };
}

/** Why a unit column is unpriced, when the book has prices for the model but none applies. */
export type UnitReasons = Partial<Record<UsageClassColumn, string>>;

/**
 * Speech characters, transcription seconds and images at the model's per-unit price in force. A
 * bucket does not say which image size or quality it holds (the Usage API has no quality, the
 * ledger keeps no size), so images price only when every price of the model agrees; otherwise they
 * stay unpriced with that reason, never guessed at a default size.
 */
function priceUnits(
  book: PriceBook,
  model: ModelEntry | undefined,
  g: UsageGroup,
  atMs: number,
  charges: ToolCharge[],
  missing: UsageClassColumn[],
  reasons: UnitReasons,
): void {
  const names = model ? [g.model, model.id, ...model.aliases] : [g.model];
  for (const [column, id] of UNIT_COLUMNS) {
    const n = g[column];
    if (!n) continue;
    const found = singleUnitPrice(unitPricesAt(book, id, names, atMs));
    if ('problem' in found) {
      missing.push(column);
      if (found.problem === 'ambiguous')
        reasons[column] =
          `images (${g.model} is priced per image by size and quality, which usage buckets do not record)`;
      continue;
    }
    const v = found.price.version;
    const quantity = BigInt(n);
    charges.push({
      id,
      column,
      quantity,
      usdPerUnit: String(v.usd_per_unit),
      effectiveFrom: v.effective_from,
      amount: unitCost(id, quantity, v.usd_per_unit),
    });
  }
}

/** Whether a charge is a model's per-unit price (media) rather than a tool or storage fee. */
export function isUnitCharge(c: ToolCharge): boolean {
  return UNIT_COLUMNS.some(([column]) => column === c.column);
}

/** Sum of tool charges. */
export function toolChargesTotal(charges: readonly ToolCharge[]): Money {
  return charges.reduce((s, c) => money(s + c.amount), ZERO);
}

/** Per-call, per-session and storage columns: priced by fee entries, not token rates. */
const TOOL_COLUMNS: readonly UsageClassColumn[] = TOOL_USAGE_CLASSES;

/** Whether a group used a hosted tool, storage or a per-unit model (speech, transcription, images). */
export function hasToolUsage(g: UsageGroup): boolean {
  return TOOL_COLUMNS.some((c) => g[c] > 0);
}
