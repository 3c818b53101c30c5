/**
 * What the `ingest` and `postgres` sections share: tokenledger's ingest run in its own process
 * (ingest-child.ts, for an honest peak RSS), the naive loops' reading of the JSONL file (readline +
 * JSON.parse) and their row of 11 values, and the timing helpers.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The Responses-API fields a naive loop reads. */
interface BenchResponse {
  id: string;
  created_at: number;
  model: string;
  service_tier: string | null;
  reasoning?: { effort?: string } | null;
  metadata?: Record<string, string> | null;
  usage: {
    input_tokens: number;
    input_tokens_details?: { cached_tokens?: number };
    output_tokens: number;
    output_tokens_details?: { reasoning_tokens?: number };
  };
}

/** Columns of the naive loops' table (both drivers), in the order naiveValues gives them. */
export const NAIVE_COLUMNS = `key, ts_ms, model, tier, effort, input_tokens, cached_input_tokens,
  output_tokens, reasoning_tokens, project, tags`;

/**
 * Calls `each` with every parsed line of a JSONL file, read the way a user's own loop would:
 * readline + JSON.parse (a plain loop and a call, no async generator: the baselines pay nothing extra).
 */
export async function eachResponse(
  file: string,
  each: (r: BenchResponse) => void | Promise<void>,
): Promise<void> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (line.length === 0) continue;
    const r = each(JSON.parse(line) as BenchResponse);
    if (r) await r;
  }
}

/** The 11 values a naive loop inserts for one response (NAIVE_COLUMNS order). */
export function naiveValues(r: BenchResponse): unknown[] {
  return [
    `resp:${r.id}`,
    r.created_at * 1000,
    r.model,
    r.service_tier ?? 'standard',
    r.reasoning?.effort ?? null,
    r.usage.input_tokens,
    r.usage.input_tokens_details?.cached_tokens ?? 0,
    r.usage.output_tokens,
    r.usage.output_tokens_details?.reasoning_tokens ?? 0,
    r.metadata?.project ?? null,
    r.metadata ? JSON.stringify(r.metadata) : null,
  ];
}

export interface ChildIngest {
  records: number;
  ms: number;
  /** CPU time of all the child's threads (parse worker and writer). */
  cpu_ms: number;
  peak_rss_mb: number;
}

/** tokenledger's ingestFiles of `file` into `db` (a path or a PostgreSQL URL), in a child process. */
export function runIngestChild(db: string, file: string): ChildIngest {
  const out = execFileSync(process.execPath, [join(here, 'ingest-child.js'), db, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildIngest;
}

/**
 * Wall time of one run (after a GC when --expose-gc is on), and this process's CPU time: on a busy
 * shared machine wall times swing with the other processes, CPU times much less.
 */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

export const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);
export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;
