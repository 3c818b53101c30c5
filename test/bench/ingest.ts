/**
 * `ingest` bench: N seeded Responses-API JSONL lines; tokenledger's ingestFiles (in a child process,
 * for an honest peak RSS) against (a) a naive loop — readline, JSON.parse, one prepared INSERT per
 * row inside 5,000-row transactions — and (b) the JSON.parse-only floor over the same file.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { writeResponsesJsonl } from './ingest-data.js';
import type { BenchSection } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));

export const ingestBench: BenchSection = async ({ quick, tmpDir: benchTmp }) => {
  const n = quick ? 50_000 : 1_000_000;
  // Our own folder: other sections share the bench tmp dir and may run at the same time.
  const tmpDir = join(benchTmp, 'ingest');
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const file = join(tmpDir, 'ingest-bench.jsonl');
  try {
    const bytes = await writeResponsesJsonl(file, n, 20260801);
    process.stdout.write(`  generated ${n} lines (${(bytes / 1048576).toFixed(0)} MB)\n`);
    // Each timed run starts with nothing of the previous step left to write back to disk (an fsync
    // in one run would otherwise pay for the previous step's dirty pages). tokenledger runs before
    // the naive loop: right after that 1M-row SQLite job a fresh process measured ~20% slower on
    // this VM, while the naive figure is the same in either order (measured both ways).
    flushToDisk(file);
    const floor = await timed(() => parseFloor(file));
    const ours = runTokenledger(join(tmpDir, 'tokenledger.db'), file);
    const naive = await timed(() => naiveIngest(file, join(tmpDir, 'naive.db')));
    if (ours.records !== n || floor.value !== n || naive.value !== n) {
      throw new Error(
        `record counts differ: tokenledger ${ours.records}, naive ${naive.value}, floor ${floor.value}`,
      );
    }
    const perS = (count: number, ms: number) => Math.round((count / ms) * 1000);
    const oursPerS = perS(ours.records, ours.ms);
    return {
      records: n,
      records_per_s: oursPerS,
      naive_records_per_s: perS(n, naive.ms),
      parse_floor_records_per_s: perS(n, floor.ms),
      vs_naive: round2(oursPerS / perS(n, naive.ms)),
      vs_parse_floor: round2(oursPerS / perS(n, floor.ms)),
      peak_rss_mb: Math.round(ours.peak_rss_mb),
    };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
};

const round2 = (x: number) => Math.round(x * 100) / 100;

function flushToDisk(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** The floor: read lines and JSON.parse them, nothing else. */
async function parseFloor(file: string): Promise<number> {
  let count = 0;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (line.length === 0) continue;
    const obj = JSON.parse(line) as { usage?: unknown };
    if (obj.usage !== undefined) count++;
  }
  return count;
}

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

/** The naive baseline a user might write: one INSERT per row into a similar table, 5,000 per transaction. */
async function naiveIngest(file: string, dbPath: string): Promise<number> {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE events (key TEXT PRIMARY KEY, ts_ms INTEGER, model TEXT, tier TEXT, effort TEXT,
    input_tokens INTEGER, cached_input_tokens INTEGER, output_tokens INTEGER, reasoning_tokens INTEGER,
    project TEXT, tags TEXT)`);
  const insert = db.prepare('INSERT OR IGNORE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  let rows: BenchResponse[] = [];
  const flush = db.transaction((batch: BenchResponse[]) => {
    for (const r of batch) {
      insert.run(
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
      );
    }
  });
  let count = 0;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (line.length === 0) continue;
    rows.push(JSON.parse(line) as BenchResponse);
    count++;
    if (rows.length === 5000) {
      flush(rows);
      rows = [];
    }
  }
  flush(rows);
  db.close();
  return count;
}

function runTokenledger(dbPath: string, file: string): { records: number; ms: number; peak_rss_mb: number } {
  const out = execFileSync(process.execPath, [join(here, 'ingest-child.js'), dbPath, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { records: number; ms: number; peak_rss_mb: number };
}
