import type { PriceBook } from '../pricing/price-book.js';
import type { Ledger } from '../store/ledger.js';
import { nextPeriodStart, periodStartOf } from './periods.js';

/** Instants [from, to) during which a gateway's BYOK calls pay its BYOK fee, per gateway id. */
export type ByokWindows = Map<string, [number, number][]>;

/** The gateway id when `raw` names a gateway whose BYOK calls pay a fee past a free allowance. */
export function byokFeeGateway(book: PriceBook, raw: string): string | undefined {
  const g = raw === '' ? undefined : book.gateways.get(raw.toLowerCase());
  const byok = g?.data.byok;
  return g && byok && Number(byok.percent) > 0 ? g.id : undefined;
}

/**
 * When each gateway's free monthly BYOK allowance ran out (OpenRouter: 1M requests a month). The
 * allowance counts from the start of each UTC calendar month, so the count may start before the
 * report's range. Reads only BYOK requests of the named gateways, in bucket order. The fee
 * starts with the first 15-minute bucket that begins after the allowance is used up.
 */
export async function byokFeeWindows(
  ledger: Ledger,
  book: PriceBook,
  rawGateways: readonly string[],
  kind: string,
  sinceMs: number,
  untilMs: number,
): Promise<ByokWindows> {
  const windows: ByokWindows = new Map();
  if (rawGateways.length === 0) return windows;
  for (
    let month = periodStartOf(sinceMs, 'month', 'UTC');
    month < untilMs;
    month = nextPeriodStart(month, 'month', 'UTC')
  ) {
    const monthEnd = nextPeriodStart(month, 'month', 'UTC');
    const used = new Map<string, number>();
    const buckets = await ledger.byokRequests({
      fromMs: month,
      toMs: Math.min(monthEnd, untilMs),
      kind,
      gateways: rawGateways,
    });
    for (const r of buckets) {
      const id = byokFeeGateway(book, r.gateway);
      if (!id) continue;
      const before = used.get(id) ?? 0;
      const free = book.gateways.get(id)?.data.byok?.free_requests_per_month ?? 0;
      if (before >= free && !windows.get(id)?.some(([from]) => from >= month && from < monthEnd)) {
        windows.set(id, [...(windows.get(id) ?? []), [r.bucketMs, monthEnd]]);
      }
      used.set(id, before + r.requests);
    }
  }
  return windows;
}
