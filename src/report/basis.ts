import type { Ledger, UsageQuery } from '../store/ledger.js';

const DAY_MS = 86_400_000;

/** A stretch of the report range read from one basis: request logs or provider aggregates. */
export interface BasisRun {
  from: number;
  to: number;
  kind: 'request' | 'bucket';
}

export interface BasisPlan {
  runs: BasisRun[];
  basis: 'requests' | 'aggregates' | 'mixed';
  /** UTC days (or parts at the range edges) read from each basis. */
  days: { requests: number; aggregates: number };
}

/**
 * Which basis each part of [sinceMs, untilMs) is read from. Request logs and provider aggregates
 * describe the same traffic and are never added. `auto` decides per UTC day: request logs where the
 * day has any, aggregates where it has only those (a ledger with one kind is one run).
 */
export async function planBasis(
  ledger: Ledger,
  basis: 'requests' | 'aggregates' | 'auto',
  sinceMs: number,
  untilMs: number,
): Promise<BasisPlan> {
  const whole = (kind: 'request' | 'bucket'): BasisPlan => ({
    runs: [{ from: sinceMs, to: untilMs, kind }],
    basis: kind === 'request' ? 'requests' : 'aggregates',
    days: { requests: 0, aggregates: 0 },
  });
  if (basis === 'requests') return whole('request');
  if (basis === 'aggregates') return whole('bucket');
  if (!(await ledger.hasUsage('request', sinceMs, untilMs))) return whole('bucket');
  if (!(await ledger.hasUsage('bucket', sinceMs, untilMs))) return whole('request');
  const runs: BasisRun[] = [];
  const days = { requests: 0, aggregates: 0 };
  for (let day = Math.floor(sinceMs / DAY_MS) * DAY_MS; day < untilMs; day += DAY_MS) {
    const from = Math.max(day, sinceMs);
    const to = Math.min(day + DAY_MS, untilMs);
    const kind = (await ledger.hasUsage('request', from, to)) ? 'request' : 'bucket';
    if (kind === 'request') days.requests++;
    else days.aggregates++;
    const last = runs.at(-1);
    if (last && last.kind === kind) last.to = to;
    else runs.push({ from, to, kind });
  }
  const kinds = new Set(runs.map((r) => r.kind));
  return { runs, basis: kinds.size > 1 ? 'mixed' : kinds.has('request') ? 'requests' : 'aggregates', days };
}

/**
 * The one-line note when provider aggregates count more than the request logs on the days a report
 * read from the logs (traffic the logs miss), or undefined.
 */
export async function logsShortfallNote(
  ledger: Ledger,
  runs: readonly BasisRun[],
  base: Omit<UsageQuery, 'fromMs' | 'toMs' | 'kind'>,
): Promise<string | undefined> {
  let logged = 0;
  let aggregated = 0;
  const read = runs
    .filter((r) => r.kind === 'request')
    .map((r) => ({ ...base, groupBy: [], fromMs: r.from, toMs: r.to }));
  for (const q of read)
    for (const g of await ledger.sumUsage({ ...q, kind: 'bucket' })) aggregated += g.requests;
  // Most ledgers hold no provider aggregates: then the logs cannot fall short, and the month of
  // request rows is not read a second time.
  if (aggregated === 0) return undefined;
  for (const q of read)
    for (const g of await ledger.sumUsage({ ...q, kind: 'request' })) logged += g.requests;
  if (aggregated <= logged) return undefined;
  return `provider aggregates count ${aggregated} requests on the days read from your request logs (${logged}): the logs miss some traffic; see \`tokenledger reconcile\``;
}
