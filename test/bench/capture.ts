/**
 * `capture` bench: the cost withUsageLog adds to one SDK call. The real `openai` client calls an
 * in-process fetch that answers at once with canned bodies (so the network does not hide the
 * figure); the same N calls run through the plain client and through withUsageLog writing to a
 * file, interleaved in rounds, and the per-call difference is the capture's cost. Non-streamed
 * Responses and streamed Chat (whose request gets include_usage and whose usage chunk is removed).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { withUsageLog } from '../../src/capture/with-usage-log.js';
import type { BenchSection } from './main.js';

const CREATED = 1_764_547_200;
const usage = {
  input_tokens: 812,
  input_tokens_details: { cached_tokens: 512 },
  output_tokens: 300,
  output_tokens_details: { reasoning_tokens: 120 },
  total_tokens: 1112,
};
const responseBody = JSON.stringify({
  id: 'resp_bench',
  object: 'response',
  created_at: CREATED,
  status: 'completed',
  model: 'gpt-5.5',
  service_tier: 'default',
  output: [{ type: 'message', content: [{ type: 'output_text', text: 'x'.repeat(2000) }] }],
  usage,
  metadata: {},
});
const chunk = (extra: object) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: 'gpt-5.5', ...extra })}\n\n`;

function fakeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = String(input);
  if (url.endsWith('/chat/completions')) {
    const include = typeof init?.body === 'string' && init.body.includes('"include_usage":true');
    const parts = Array.from({ length: 40 }, () =>
      chunk({ choices: [{ index: 0, delta: { content: 'word ' } }], ...(include ? { usage: null } : {}) }),
    );
    if (include)
      parts.push(
        chunk({ choices: [], usage: { prompt_tokens: 800, completion_tokens: 200, total_tokens: 1000 } }),
      );
    parts.push('data: [DONE]\n\n');
    return Promise.resolve(
      new Response(parts.join(''), { headers: { 'content-type': 'text/event-stream' } }),
    );
  }
  return Promise.resolve(new Response(responseBody, { headers: { 'content-type': 'application/json' } }));
}

async function timeCalls(client: OpenAI, n: number, streamed: boolean): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (streamed) {
      const s = await client.chat.completions.create({
        model: 'gpt-5.5',
        messages: [{ role: 'user', content: 'hello '.repeat(200) }],
        stream: true,
      });
      for await (const _ of s) {
        // drain
      }
    } else {
      await client.responses.create({ model: 'gpt-5.5', input: 'hello '.repeat(200) });
    }
  }
  // let the background capture tasks finish inside the timed window
  await new Promise((r) => setImmediate(r));
  return performance.now() - t0;
}

export const captureBench: BenchSection = async ({ quick, tmpDir }) => {
  const n = quick ? 500 : 4000;
  const rounds = 5;
  mkdirSync(tmpDir, { recursive: true });
  const plain = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: 'http://bench.invalid/v1',
    fetch: fakeFetch,
    maxRetries: 0,
  });
  const captured = withUsageLog(plain, { file: join(tmpDir, 'usage.jsonl'), tags: { project: 'bench' } });
  const figures: Record<string, number> = { calls: n * rounds };
  for (const [name, streamed] of [
    ['responses', false],
    ['chat_stream', true],
  ] as const) {
    await timeCalls(plain, 200, streamed); // warm up both paths
    await timeCalls(captured, 200, streamed);
    let plainMs = 0;
    let capturedMs = 0;
    for (let r = 0; r < rounds; r++) {
      plainMs += await timeCalls(plain, n, streamed);
      capturedMs += await timeCalls(captured, n, streamed);
    }
    const plainUs = (plainMs * 1000) / (n * rounds);
    const capturedUs = (capturedMs * 1000) / (n * rounds);
    figures[`${name}_plain_us_per_call`] = Math.round(plainUs * 10) / 10;
    figures[`${name}_captured_us_per_call`] = Math.round(capturedUs * 10) / 10;
    figures[`${name}_overhead_us_per_call`] = Math.round((capturedUs - plainUs) * 10) / 10;
    process.stdout.write(
      `  ${name}: plain ${plainUs.toFixed(1)} µs/call, with withUsageLog ${capturedUs.toFixed(1)} µs/call → +${(capturedUs - plainUs).toFixed(1)} µs per call (target < 1000 µs)\n`,
    );
  }
  rmSync(tmpDir, { recursive: true, force: true });
  return figures;
};
