import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readAll, totals } from './helpers.js';

const fx = (name: string) => join(FIXTURES, name);
const T = 1763000000_000;

describe('hand-written fixture per format', () => {
  it('responses: terminal statuses, tiers, efforts, dimensions and redacted tags', async () => {
    const r = await readAll(fx('responses/mixed.jsonl'));
    expect(r.rejects).toEqual([]);
    expect(r.format).toBe('responses');
    expect(r.skips.map((s) => [s.line, s.reason])).toEqual([[4, 'response in_progress snapshot']]);
    expect(r.events.map((e) => [e.key, e.tier, e.effort, e.billed])).toEqual([
      ['resp:resp_fx_1', 'priority', 'medium', true],
      ['resp:resp_fx_2', 'flex', 'high', true], // incomplete is billed
      ['resp:resp_fx_3', 'standard', undefined, false], // failed: unbilled, 0 tokens
      ['resp:resp_fx_5', 'standard', undefined, false], // cancelled without usage
      ['resp:resp_fx_6', 'standard', 'low', true], // flat reasoning_effort
    ]);
    expect(totals(r.events)).toEqual({
      requests: 5,
      input: 1410,
      cached: 200,
      cacheWrite: 100,
      output: 761,
      reasoning: 556,
    });
    expect(r.events[0]).toMatchObject({
      tsMs: T,
      project: 'alpha',
      user: 'user-42',
      tags: { project: 'alpha', team: 'core', api: '[redacted]' },
      sourceLine: 1,
    });
    expect(r.events[1]!.tsMs).toBe(T + 60_000); // float created_at
    expect(r.events[4]!.user).toBe('legacy-user');
  });

  it('the same response in a stream transcript and a JSON dump gets the same key and counts', async () => {
    const dump = await readAll(fx('responses/dump.json'));
    const stream = await readAll(fx('responses-stream/transcript.sse'));
    expect(stream.events[0]!.key).toBe(dump.events[0]!.key);
    const { sourceFile: _a, sourceLine: _b, format: _c, ...fromDump } = dump.events[0]!;
    const { sourceFile: _d, sourceLine: _e, format: _f, ...fromStream } = stream.events[0]!;
    expect(fromStream).toEqual(fromDump);
  });

  it('responses-stream: CRLF SSE without event lines; tier from the terminal event; failed stream unbilled', async () => {
    const r = await readAll(fx('responses-stream/transcript.sse'));
    expect(r.rejects).toEqual([]);
    expect(r.format).toBe('responses-stream');
    expect(r.events.map((e) => [e.key, e.tier, e.billed, e.sourceLine])).toEqual([
      ['resp:resp_fx_1', 'priority', true, 5],
      ['resp:resp_fx_9', 'standard', false, 11],
    ]);
    expect(totals(r.events)).toMatchObject({ input: 1000, cached: 200, output: 500, reasoning: 300 });
    const bare = await readAll(fx('responses-stream/events.jsonl'));
    expect(bare.events).toHaveLength(1);
    expect(bare.events[0]).toMatchObject({ key: 'resp:resp_fx_10', billed: true, effort: 'high' });
    expect(totals(bare.events)).toMatchObject({ input: 300, output: 120, reasoning: 120 });
  });

  it('chat: cached and reasoning details, missing details default to 0, no usage is skipped', async () => {
    const r = await readAll(fx('chat/objects.jsonl'));
    expect(r.rejects).toEqual([]);
    expect(totals(r.events)).toEqual({
      requests: 2,
      input: 2030,
      cached: 1024,
      cacheWrite: 0,
      output: 720,
      reasoning: 512,
    });
    expect(r.events[0]).toMatchObject({ tier: 'flex', user: 'u-7', tags: { user: 'u-7', env: 'prod' } });
    expect(r.events[1]!.tier).toBe('standard');
    expect(r.skips.map((s) => s.line)).toEqual([3]);
  });

  it('chat-stream: SSE data framing, only the usage chunk, [DONE] skipped', async () => {
    const r = await readAll(fx('chat-stream/stream.txt'));
    expect(r.rejects).toEqual([]);
    expect(r.events.map((e) => [e.key, e.sourceLine])).toEqual([['chat:chatcmpl-fx4', 5]]);
    expect(totals(r.events)).toMatchObject({ input: 12, output: 9 });
    expect(r.skips.at(-1)!.reason).toBe('end of stream');
  });

  it('batch-output: bodies classified again at batch tier; error lines unbilled', async () => {
    const r = await readAll(fx('batch-output/output.jsonl'));
    expect(r.rejects).toEqual([]);
    expect(r.events.map((e) => [e.key, e.tier, e.billed, e.format])).toEqual([
      ['resp:resp_fx_b1', 'batch', true, 'batch-output'],
      ['chat:chatcmpl-fxb2', 'batch', true, 'batch-output'],
      ['batchreq:batch_req_a3:r-3', 'batch', false, 'batch-output'],
      ['batchreq:batch_req_a4:r-4', 'batch', false, 'batch-output'],
    ]);
    expect(totals(r.events)).toMatchObject({ requests: 4, input: 170, output: 50 });
  });

  it('usage-api: bare bucket array; batch and service_tier groupings → tier; group keys → dimensions', async () => {
    const r = await readAll(fx('usage-api/buckets.json'));
    expect(r.rejects).toEqual([]);
    expect(r.events.map((e) => [e.key, e.tier, e.requests])).toEqual([
      ['bucket:usage-api:1763000000:proj_a:user_a:key_a:gpt-5.5:false:default', 'standard', 12],
      ['bucket:usage-api:1763000000:proj_a:::gpt-5.5:true:', 'batch', 3],
      ['bucket:usage-api:1763000000::::gpt-5.5:false:flex', 'flex', 7],
    ]);
    expect(r.events[0]).toMatchObject({
      kind: 'bucket',
      project: 'proj_a',
      user: 'user_a',
      apiKeyId: 'key_a',
      endMs: T + 86_400_000,
    });
    expect(totals(r.events)).toEqual({
      requests: 22,
      input: 8700,
      cached: 1000,
      cacheWrite: 0,
      output: 1170,
      reasoning: 0,
    });
    expect(r.skips.map((s) => s.reason)).toEqual(['bucket without results']);
  });

  it('costs-api: invoice lines with exact nano amounts (float and string values)', async () => {
    const r = await readAll(fx('costs-api/page.jsonl'));
    expect(r.events).toEqual([]);
    expect(r.invoices.map((i) => [i.invoice.key, i.invoice.amountNano, i.invoice.lineItem])).toEqual([
      ['invoice:costs-api:1763000000:gpt-5.5, input:proj_a:', 1_234_567_891n, 'gpt-5.5, input'],
      ['invoice:costs-api:1763000000:gpt-5.5, output:proj_a:', 500_000_000n, 'gpt-5.5, output'],
    ]);
  });

  it('dashboard-csv: CSV and ragged TSV usage exports give the same buckets; float counts', async () => {
    const csv = await readAll(fx('dashboard-csv/usage.csv'));
    const tsv = await readAll(fx('dashboard-csv/usage.tsv'));
    for (const r of [csv, tsv]) {
      expect(r.rejects).toEqual([]);
      expect(r.format).toBe('dashboard-csv');
      expect(totals(r.events)).toEqual({
        requests: 12,
        input: 1050,
        cached: 100,
        cacheWrite: 0,
        output: 205,
        reasoning: 0,
      });
      expect(r.events.map((e) => e.tier)).toEqual(['standard', 'batch']);
    }
    expect(tsv.events.map((e) => e.key)).toEqual(csv.events.map((e) => e.key));
    expect(csv.events[0]).toMatchObject({
      model: 'gpt-5.5-2026-04-23',
      project: 'proj_a',
      apiKeyId: 'key_a',
    });
  });

  it('dashboard-csv: cost export → invoices (quoted commas); header-only export → nothing, no error', async () => {
    const cost = await readAll(fx('dashboard-csv/cost.csv'));
    expect(cost.rejects).toEqual([]);
    expect(cost.invoices.map((i) => [i.line, i.invoice.amountNano, i.invoice.lineItem])).toEqual([
      [2, 60_000_000n, 'gpt-5.5, input'],
      [3, 1_500_000_000n, 'gpt-5.5, output'],
    ]);
    const empty = await readAll(fx('dashboard-csv/empty.csv'));
    expect(empty.events).toEqual([]);
    expect(empty.rejects).toEqual([]);
    expect(empty.invoices).toEqual([]);
  });

  it('openrouter: usage chunk with non-empty choices; cost, byok, gateway', async () => {
    const s = await readAll(fx('openrouter/stream.jsonl'));
    expect(s.rejects).toEqual([]);
    expect(s.format).toBe('openrouter');
    expect(s.events).toHaveLength(1);
    expect(s.events[0]).toMatchObject({
      key: 'openrouter:gen-fx1',
      gateway: 'openrouter',
      byok: true,
      reportedCostNano: 750_000n,
      model: 'openai/gpt-4o',
    });
    expect(totals(s.events)).toMatchObject({ input: 100, cached: 20, output: 50 });
    const r = await readAll(fx('openrouter/response.json'));
    expect(r.events[0]).toMatchObject({ byok: false, reportedCostNano: 1_200_000n, reasoningTokens: 30 });
  });

  it('litellm: CSV with JSON-in-cells, cache hit and failure rows unbilled; JSON export', async () => {
    const r = await readAll(fx('litellm/spendlogs.csv'));
    expect(r.rejects).toEqual([]);
    expect(r.format).toBe('litellm');
    expect(r.events.map((e) => [e.key, e.billed])).toEqual([
      ['chat:chatcmpl-fxl1', true],
      ['litellm:f1d2-uuid-2', false],
      ['litellm:f1d2-uuid-3', false],
    ]);
    expect(r.events[0]).toMatchObject({
      tsMs: Date.UTC(2025, 10, 13, 10, 0, 0, 123),
      reportedCostNano: 1_230_000n,
      project: 'proj_l',
      user: 'alice',
      gateway: 'litellm',
      tags: { prod: 'true', nightly: 'true', team_id: 'team-1' },
    });
    expect(totals(r.events)).toMatchObject({ input: 100, output: 50 });
    const j = await readAll(fx('litellm/spendlogs.json'));
    expect(j.events[0]).toMatchObject({
      user: 'cust-9',
      apiKeyId: '[redacted]',
      reportedCostNano: 500_000_000n,
    });
    expect(totals(j.events)).toMatchObject({ input: 2000, output: 1000 });
  });

  it('llm-logs JSON: OpenAI rows only; token_details as text or object; tier and effort from options', async () => {
    const r = await readAll(fx('llm-logs/logs.json'));
    expect(r.rejects).toEqual([]);
    expect(r.events.map((e) => [e.key, e.model, e.tier, e.effort])).toEqual([
      ['llm:01jm8ec74wxsdatyn5pq1fp0s6', 'gpt-4o-mini-2024-07-18', 'flex', undefined],
      ['llm:01jm8ec74wxsdatyn5pq1fp0s7', 'o3', 'standard', 'high'],
    ]);
    expect(totals(r.events)).toEqual({
      requests: 2,
      input: 1250,
      cached: 1024,
      cacheWrite: 0,
      output: 2380,
      reasoning: 2240,
    });
    expect(r.skips).toHaveLength(1);
  });

  it('helicone CSV export: cost, user, properties; a 429 row is unbilled', async () => {
    const r = await readAll(fx('helicone/export.csv'));
    expect(r.rejects).toEqual([]);
    expect(r.events.map((e) => [e.key, e.billed, e.reportedCostNano])).toEqual([
      ['helicone:9b1c-1', true, 1_150_000n],
      ['helicone:9b1c-2', false, undefined],
    ]);
    expect(r.events[0]).toMatchObject({ user: 'user-h', tags: { env: 'prod' }, gateway: 'helicone' });
    expect(totals(r.events)).toMatchObject({ input: 300, output: 40 });
  });

  it('cloudflare logs page: cost, cache hits and failures unbilled', async () => {
    const r = await readAll(fx('cloudflare/logs.json'));
    expect(r.rejects).toEqual([]);
    expect(r.events.map((e) => [e.key, e.billed, e.reportedCostNano])).toEqual([
      ['cloudflare:01HXCF1', true, 73_500n],
      ['cloudflare:01HXCF2', false, undefined],
      ['cloudflare:01HXCF3', false, undefined],
    ]);
    expect(totals(r.events.filter((e) => e.billed))).toMatchObject({ input: 250, output: 60 });
  });
});

describe('usage-api variants', () => {
  it('JSONL pages with `result` (singular), priority tier, other usage kinds skipped, a bad row rejected alone', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'tl-usage-')), 'pages.jsonl');
    const row = (extra: object) => ({
      object: 'organization.usage.completions.result',
      input_tokens: 100,
      output_tokens: 10,
      num_model_requests: 1,
      model: 'gpt-5.5',
      ...extra,
    });
    const page = {
      object: 'page',
      data: [
        {
          object: 'bucket',
          start_time: 1763000000,
          end_time: 1763003600,
          result: [
            row({ service_tier: 'priority' }),
            row({ input_cached_tokens: 500 }),
            { object: 'organization.usage.images.result', images: 5, num_model_requests: 1 },
            { object: 'organization.usage.something_new.result', things: 5 },
          ],
        },
      ],
    };
    writeFileSync(path, `${JSON.stringify(page)}\n`);
    const r = await readAll(path);
    // images are units of their own now (an event holding `images`); an unknown kind is skipped
    expect(r.events.map((e) => [e.tier, e.requests, e.sourceLine, e.images])).toEqual([
      ['priority', 1, 1, undefined],
      ['standard', 1, 1, 5],
    ]);
    expect(r.rejects.map((x) => x.reason)).toEqual([
      'bucket 1763000000: input_cached_tokens 500 > input_tokens 100',
    ]);
    expect(r.skips.map((s) => s.reason)).toEqual([
      'usage result kind organization.usage.something_new.result is not token usage of a model',
    ]);
  });

  it('embeddings and moderations results are token buckets (input only)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'tl-usage-')), 'emb.json');
    const result = (object: string, model: string) => ({
      object,
      input_tokens: 40,
      num_model_requests: 2,
      model,
    });
    const bucket = {
      object: 'bucket',
      start_time: 1763000000,
      end_time: 1763086400,
      results: [
        result('organization.usage.embeddings.result', 'text-embedding-3-small'),
        result('organization.usage.moderations.result', 'omni-moderation-latest'),
      ],
    };
    writeFileSync(path, JSON.stringify({ object: 'page', data: [bucket], has_more: false, next_page: null }));
    const r = await readAll(path);
    expect(r.events.map((e) => [e.model, e.requests, e.inputTokens, e.outputTokens])).toEqual([
      ['text-embedding-3-small', 2, 40, 0],
      ['omni-moderation-latest', 2, 40, 0],
    ]);
  });

  it('two rows of one export with equal groupings but different counts are two records; the same file again dedupes', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'tl-dup-'));
    const head =
      'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens';
    const row = (n: number, input: number) =>
      `1763000000,1763086400,2025-11-13T02:13:20+00:00,2025-11-14T02:13:20+00:00,proj_a,${n},,,gpt-5.5,FALSE,default,${input},10,0`;
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, [head, row(1, 100), row(2, 300)].join('\n'));
    writeFileSync(b, [head, row(1, 100), row(2, 300), row(5, 900)].join('\n'));
    const first = await readAll(a);
    expect(first.events.map((e) => [e.key, e.requests])).toEqual([
      ['bucket:dashboard-csv:1763000000:proj_a:::gpt-5.5:false:default', 1],
      ['bucket:dashboard-csv:1763000000:proj_a:::gpt-5.5:false:default#1', 2],
    ]);
    // An overlapping export: its first two rows carry the same keys (deduped by the ledger), the third is new.
    const second = await readAll(b);
    expect(second.events.map((e) => e.key)).toEqual([
      ...first.events.map((e) => e.key),
      'bucket:dashboard-csv:1763000000:proj_a:::gpt-5.5:false:default#2',
    ]);
  });
});

describe('helicone JSONL rows', () => {
  it('keys by the OpenAI id in response_body, cache reads as cached input, redacts a Bearer user; bad counts rejected', async () => {
    const r = await readAll(fx('helicone/rows.jsonl'));
    expect(r.format).toBe('helicone');
    expect(r.events.map((e) => [e.key, e.model, e.user, e.reportedCostNano])).toEqual([
      ['chat:chatcmpl-hel1', 'gpt-4o-2024-08-06', '[redacted]', 1_230_000n],
    ]);
    expect(totals(r.events)).toMatchObject({ input: 1200, cached: 1024, output: 80 });
    expect(r.events[0]!.tags).toEqual({ 'Helicone-Property-App': 'search' });
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [2, 'prompt_cache_read_tokens 200 > prompt_tokens 100'],
    ]);
  });
});
