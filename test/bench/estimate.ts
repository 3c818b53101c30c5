/**
 * `estimate` bench: tokenledger's estimator against raw tiktoken `encode_ordinary` on the same
 * text in the same run. (1) one large prompt (5 MB; quick: 2 MB) — goal ≥ 0.95×; (2) a Batch
 * input file of 100,000 lines (quick: 5,000) whose requests share long system prompts — goal
 * ≥ 1.6×, reached by tokenizing each distinct text once. Tokens/s use the raw content-token count
 * for both sides. Generated data is seeded and deterministic.
 */
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { get_encoding } from 'tiktoken';
import { estimateBatchFile } from '../../src/estimate/batch.js';
import { promptFromText } from '../../src/estimate/request.js';
import { loadPriceBook } from '../../src/pricing/load.js';
import { countInput } from '../../src/tokenize/count-input.js';
import { counterFor } from '../../src/tokenize/encoder.js';
import { countLargeText, helperThreads } from '../../src/tokenize/parallel-count.js';
import type { BenchSection } from './main.js';

const WORDS = [
  'the',
  'ledger',
  'estimate',
  'tokens',
  'of',
  'and',
  'Budget',
  'request',
  'model',
  'é',
  '42',
  '—',
  'cost',
  "it's",
];

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
}

function prose(rand: () => number, chars: number): string {
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const r = rand();
    const w = `${WORDS[r % WORDS.length]}${r % 11 === 0 ? '.\n' : r % 5 === 0 ? ', ' : ' '}`;
    parts.push(w);
    length += w.length;
  }
  return parts.join('');
}

function writeBatch(file: string, lines: number): void {
  const rand = seeded(20261122);
  const systems = Array.from({ length: 8 }, (_, i) => `System prompt ${i}.\n${prose(rand, 2500)}`);
  const fd = openSync(file, 'w');
  let out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const system = systems[rand() % systems.length]!;
    const user = prose(rand, 120);
    const body =
      i % 2 === 0
        ? {
            model: 'gpt-5.5',
            instructions: system,
            input: user,
            reasoning: { effort: 'low' },
            max_output_tokens: 2000,
          }
        : {
            model: 'gpt-5.4-mini',
            messages: [
              { role: 'system', content: system },
              { role: 'user', content: user },
            ],
          };
    const url = i % 2 === 0 ? '/v1/responses' : '/v1/chat/completions';
    out.push(JSON.stringify({ custom_id: `req-${i}`, method: 'POST', url, body }));
    if (out.length === 1000 || i === lines - 1) {
      writeSync(fd, `${out.join('\n')}\n`);
      out = [];
    }
  }
  closeSync(fd);
}

/** The baseline: read every line, parse it, encode every text with tiktoken, no reuse. */
async function rawBatchTokens(file: string, encode: (t: string) => number): Promise<number> {
  let tokens = 0;
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line) continue;
    const body = (
      JSON.parse(line) as {
        body: { instructions?: string; input?: string; messages?: { content: string }[] };
      }
    ).body;
    const texts = body.messages
      ? body.messages.map((m) => m.content)
      : [body.instructions ?? '', body.input ?? ''];
    for (const t of texts) tokens += encode(t);
  }
  return tokens;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

export const estimateBench: BenchSection = async ({ quick, tmpDir }) => {
  const book = loadPriceBook();
  const enc = get_encoding('o200k_base');
  const encode = (t: string) => enc.encode_ordinary(t).length;
  counterFor('o200k_base').count('warm up the process-wide encoder');
  mkdirSync(tmpDir, { recursive: true });
  const file = join(tmpDir, 'estimate-batch.jsonl');
  try {
    // 1. One large prompt.
    const base = prose(seeded(7), quick ? 2_000_000 : 5_000_000);
    const workers = helperThreads();
    // Two interleaved rounds on fresh texts (the estimator's memo would answer a repeat); best of each.
    let rawMs = Number.POSITIVE_INFINITY;
    let oursMs = Number.POSITIVE_INFINITY;
    let promptTokens = 0;
    for (let round = 0; round < 2; round++) {
      const prompt = `${base}round ${round}`;
      const raw = await timed(() => encode(prompt));
      // A 5 MB prompt (~1.2M tokens) is larger than any context window, so this times the
      // estimator's input counting path (large-text counting + framing), without pricing.
      const ours = await timed(async () => {
        await countLargeText(prompt, 'o200k_base');
        return countInput(promptFromText(prompt), { encoding: 'o200k_base', modelId: 'gpt-5.5' }).tokens;
      });
      // gpt-5.5: 3 per message + 1 (role "user") + reply priming 2 (GPT-5 family, src/tokenize/framing.ts).
      if (ours.value !== raw.value + 3 + 1 + 2) {
        throw new Error(`token counts differ: estimator ${ours.value}, tiktoken ${raw.value} + framing`);
      }
      promptTokens = raw.value;
      rawMs = Math.min(rawMs, raw.ms);
      oursMs = Math.min(oursMs, ours.ms);
    }
    // 2. A Batch file with shared system prompts.
    const lines = quick ? 5_000 : 100_000;
    writeBatch(file, lines);
    const rawBatch = await timed(() => rawBatchTokens(file, encode));
    const oursBatch = await timed(() => estimateBatchFile(file, { book }));
    if (oursBatch.value.rows.length !== lines)
      throw new Error(`batch rows ${oursBatch.value.rows.length} ≠ ${lines}`);
    const perS = (tokens: number, ms: number) => Math.round((tokens / ms) * 1000);
    const round2 = (x: number) => Math.round(x * 100) / 100;
    process.stdout.write(
      `  prompt ${(base.length / 1e6).toFixed(1)} MB, ${promptTokens} tokens: tiktoken ${rawMs.toFixed(0)} ms, estimator ${oursMs.toFixed(0)} ms (best of 2)\n` +
        `  batch ${lines} lines, ${rawBatch.value} content tokens: tiktoken ${rawBatch.ms.toFixed(0)} ms, estimator ${oursBatch.ms.toFixed(0)} ms\n`,
    );
    return {
      single_tokens_per_s: perS(promptTokens, oursMs),
      single_tiktoken_tokens_per_s: perS(promptTokens, rawMs),
      single_vs_tiktoken: round2(rawMs / oursMs),
      single_worker_threads: workers,
      batch_lines: lines,
      batch_tokens_per_s: perS(rawBatch.value, oursBatch.ms),
      batch_tiktoken_tokens_per_s: perS(rawBatch.value, rawBatch.ms),
      batch_vs_tiktoken: round2(rawBatch.ms / oursBatch.ms),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    enc.free();
    rmSync(file, { force: true });
  }
};
