import { existsSync } from 'node:fs';
import { openSqliteFile } from '../store/sqlite-file.js';
import type { Effort } from '../usage-event.js';

/** Per model × effort figures from the user's own ledger. */
export interface Calibration {
  samples: number;
  visible: { p50: number; p90: number };
  reasoning: { p50: number; p90: number };
  /** reasoning / visible output, over requests with visible output. */
  ratio: { p50: number; p90: number };
}

/** Reads calibrations lazily from a ledger file; one query per model × effort. */
export interface CalibrationSource {
  get(canonicalModel: string, effort: Effort | undefined): Calibration | undefined;
  close(): void;
}

/** Most recent requests considered per model × effort. */
const MAX_ROWS = 20_000;

/**
 * Opens the ledger read-only when the file exists (undefined otherwise). Only billed per-request
 * rows with output count; a model × effort needs at least `minSamples` of them.
 */
export function openCalibration(dbPath: string, minSamples: number): CalibrationSource | undefined {
  if (!existsSync(dbPath)) return undefined;
  const ledger = openSqliteFile(dbPath, { readonly: true });
  const stmt = ledger.db.prepare(
    `SELECT output_tokens AS o, reasoning_tokens AS r FROM events
     WHERE canonical_model = ? AND effort IS ? AND kind = 'request' AND billed = 1 AND output_tokens > 0
     ORDER BY ts_ms DESC LIMIT ${MAX_ROWS}`,
  );
  const cache = new Map<string, Calibration | undefined>();
  return {
    get(model, effort) {
      const key = `${model}\u0000${effort ?? ''}`;
      if (!cache.has(key)) {
        const rows = stmt.all(model, effort ?? null) as { o: number; r: number }[];
        cache.set(key, rows.length >= minSamples ? summarize(rows) : undefined);
      }
      return cache.get(key);
    },
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
