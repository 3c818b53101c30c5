/**
 * The report half of the `postgres` bench: August 2026 by model × project (aggregateSpend over the
 * rollups, priced) against a plain GROUP BY over the raw events (SQL only, not priced: a floor for
 * any events-based report). Run on the report section's data (60 workloads: rollups that compress,
 * as real traffic does) appended through the Ledger, and on the ingest half's data (200 users × 6
 * models × 5 tiers × 4 efforts × 3 projects × 2 envs: nearly one rollup row per event, the worst case).
 */
import pg from 'pg';
import { loadPriceBook } from '../../src/pricing/load.js';
import { openLedger } from '../../src/store/open-ledger.js';
import { generate, MONTH_END, MONTH_START, monthlyQuery, timeReport } from './report.js';

/** Appends `n` events of the report section's 60 workloads; returns records/s. */
export async function appendWorkloads(url: string, n: number): Promise<number> {
  const ledger = await openLedger(url);
  try {
    const started = performance.now();
    await generate(ledger, n, 20260801);
    return Math.round((n / (performance.now() - started)) * 1000);
  } finally {
    await ledger.close();
  }
}

export interface ReportTotals {
  requests: number;
  input: number;
}

/** The monthly report: the first run (as right after an ingest) and the best of 5. */
export async function monthlyReport(
  url: string,
): Promise<{ ms: number; firstMs: number; totals: ReportTotals }> {
  const ledger = await openLedger(url, { readonly: true });
  try {
    const { first, best } = await timeReport(ledger, loadPriceBook(), monthlyQuery());
    const totals = { requests: first.value.total.requests, input: first.value.total.inputTokens };
    return { ms: best.ms, firstMs: first.ms, totals };
  } finally {
    await ledger.close();
  }
}

/** The same month grouped straight from the events table (best of 3); its totals must match the report's. */
export async function plainMonthlyReport(url: string, expected: ReportTotals): Promise<{ ms: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let ms = Number.POSITIVE_INFINITY;
    let rows: { requests: string; input: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const r = await client.query(
        `SELECT model, project, tier, SUM(requests)::text AS requests, SUM(input_tokens)::text AS input,
           SUM(cached_input_tokens), SUM(output_tokens), SUM(reasoning_tokens)
         FROM tokenledger.events WHERE ts_ms >= $1 AND ts_ms < $2 AND kind = 'request'
         GROUP BY model, project, tier`,
        [MONTH_START, MONTH_END],
      );
      ms = Math.min(ms, performance.now() - started);
      rows = r.rows;
    }
    const requests = rows.reduce((s, r) => s + Number(r.requests), 0);
    const input = rows.reduce((s, r) => s + Number(r.input), 0);
    if (requests !== expected.requests || input !== expected.input) {
      throw new Error(
        `plain GROUP BY totals ${requests}/${input} differ from the report's ${expected.requests}/${expected.input}`,
      );
    }
    return { ms };
  } finally {
    await client.end();
  }
}
