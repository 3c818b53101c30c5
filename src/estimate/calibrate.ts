import { existsSync } from 'node:fs';
import type { PriceBook } from '../pricing/price-book.js';
import { findModel } from '../pricing/resolve-model.js';
import type { Ledger } from '../store/ledger.js';
import { isPostgresUrl } from '../store/index.js';
import { openLedger } from '../store/open-ledger.js';
import type { Effort } from '../usage-event.js';

/** Per model × effort figures from the user's own ledger. */
export interface Calibration {
  samples: number;
  visible: { p50: number; p90: number };
  reasoning: { p50: number; p90: number };
  /** reasoning / visible output, over requests with visible output. */
  ratio: { p50: number; p90: number };
}

/**
 * Calibrations from a ledger: `prepare` reads one model × effort (async, once), `get` answers from
 * what was prepared (estimate() prepares each combination before it uses it).
 */
export interface CalibrationSource {
  prepare(canonicalModel: string, effort: Effort | undefined): Promise<void>;
  get(canonicalModel: string, effort: Effort | undefined): Calibration | undefined;
  close(): Promise<void>;
}

/** Most recent requests considered per model × effort. */
const MAX_ROWS = 20_000;

/**
 * Opens the ledger read-only when the file exists or it is a PostgreSQL URL (undefined for a missing
 * file; a PostgreSQL server that is down or holds no ledger is exit 2). Only billed per-request
 * rows with output count; a model × effort needs at least `minSamples` of them. The ledger stores
 * model ids as logged: every logged id the book resolves to the canonical model counts.
 */
export async function openCalibration(
  dbPath: string,
  book: PriceBook,
  minSamples: number,
): Promise<CalibrationSource | undefined> {
  if (!isPostgresUrl(dbPath) && !existsSync(dbPath)) return undefined;
  const ledger = await openLedger(dbPath, { readonly: true });
  return calibrationFrom(ledger, book, minSamples);
}

/** A calibration source over an open ledger (closing it closes the ledger). */
export function calibrationFrom(ledger: Ledger, book: PriceBook, minSamples: number): CalibrationSource {
  const cache = new Map<string, Calibration | undefined>();
  let idsOf: Promise<Map<string, string[]>> | undefined;
  const keyOf = (model: string, effort: Effort | undefined) => `${model}\u0000${effort ?? ''}`;
  return {
    async prepare(model, effort) {
      const key = keyOf(model, effort);
      if (cache.has(key)) return;
      idsOf ??= ledger.modelsSeen().then((seen) => {
        const map = new Map<string, string[]>();
        for (const m of seen) {
          const id = findModel(book, m.model)?.id;
          if (id) map.set(id, [...(map.get(id) ?? []), m.model]);
        }
        return map;
      });
      const models = (await idsOf).get(model) ?? [];
      const rows = await ledger.calibrationSamples({ models, effort, limit: MAX_ROWS });
      const samples = rows.map((r) => ({ o: r.output, r: r.reasoning }));
      cache.set(key, samples.length >= minSamples ? summarize(samples) : undefined);
    },
    get: (model, effort) => cache.get(keyOf(model, effort)),
    close: () => ledger.close(),
  };
}

export function summarize(rows: readonly { o: number; r: number }[]): Calibration {
  const visible = rows.map((x) => x.o - x.r);
  const reasoning = rows.map((x) => x.r);
  const ratios = rows.filter((x) => x.o > x.r).map((x) => x.r / (x.o - x.r));
  return {
    samples: rows.length,
    visible: { p50: quantile(visible, 0.5), p90: quantile(visible, 0.9) },
    reasoning: { p50: quantile(reasoning, 0.5), p90: quantile(reasoning, 0.9) },
    ratio: { p50: quantile(ratios, 0.5), p90: quantile(ratios, 0.9) },
  };
}

/** Nearest-rank quantile (0 for an empty list). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
