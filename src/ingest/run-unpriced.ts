import type { PriceBook } from '../pricing/price-book.js';
import { isUnpriced } from '../pricing/unpriced.js';
import { EVENT_COLUMNS } from '../store/event-rows.js';
import type { Tier } from '../usage-event.js';

const at = (name: (typeof EVENT_COLUMNS)[number]) => EVENT_COLUMNS.indexOf(name);
const C = {
  kind: at('kind'),
  canonical: at('canonical_model'),
  tier: at('tier'),
  ts: at('ts_ms'),
  long: at('long_context'),
  regional: at('regional'),
  billed: at('billed'),
  reported: at('reported_cost_nano'),
};
const DAY_MS = 86_400_000;

/**
 * The writer's "is this stored row an unpriced request?" test, by pricing/unpriced.ts (the
 * report's own definition), so the ingest summary and reports count the same requests. Memoized per model,
 * tier, context, region and UTC day: price versions take effect on whole dates.
 */
export function unpricedRowTest(book: PriceBook): (values: readonly unknown[], offset: number) => boolean {
  const memo = new Map<string, boolean>();
  return (values, o) => {
    // Provider aggregates (Usage API buckets, dashboard exports) describe the same calls as the
    // request logs; reports count request logs whenever a period has them, so the summary does.
    if (values[o + C.kind] !== 'request' || values[o + C.billed] !== 1) return false;
    const reported = values[o + C.reported];
    if (reported !== null && reported !== undefined) return false;
    const canonical = values[o + C.canonical] as string | null;
    if (canonical === null) return true;
    const ts = values[o + C.ts] as number;
    const key = `${canonical}|${values[o + C.tier]}|${values[o + C.long]}|${values[o + C.regional]}|${Math.floor(ts / DAY_MS)}`;
    let result = memo.get(key);
    if (result === undefined) {
      result = isUnpriced(book, {
        model: book.models.get(canonical),
        tier: values[o + C.tier] as Tier,
        atMs: ts,
        longContext: values[o + C.long] === 1,
        regional: values[o + C.regional] === 1,
        billed: true,
        reported: false,
      });
      memo.set(key, result);
    }
    return result;
  };
}
