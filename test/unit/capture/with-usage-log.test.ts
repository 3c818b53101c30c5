import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUsageLog } from '../../../src/capture/with-usage-log.js';
import type { UsageEvent } from '../../../src/usage-event.js';
import { readAll } from '../ingest/helpers.js';
import { type FakeModelServer, startFakeModelServer } from '../../helpers/fake-model-server.js';

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(() => server.close());

function setup(extra: { includePrompt?: boolean } = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'tl-capture-')), 'usage.jsonl');
  const errors: unknown[] = [];
  const plain = new OpenAI({ apiKey: 'sk-test-local', baseURL: server.url, maxRetries: 0 });
  const client = withUsageLog(plain, {
    file,
    tags: { project: 'search', feature: 'autocomplete' },
    onError: (e) => errors.push(e),
    ...extra,
  });
  return { file, client, plain, errors };
}

/** Capture writes after the body is read: give the background task a turn. */
const settle = () => new Promise((r) => setTimeout(r, 20));

async function ingested(file: string): Promise<UsageEvent[]> {
  const r = await readAll(file, { nowMs: Date.now() });
  expect(r.rejects).toEqual([]);
  return r.events;
}

describe('withUsageLog on the real openai client', () => {
  it('non-streamed Chat and Responses: one line each that ingest reads, with tags, no output or prompt text', async () => {
    const { file, client, plain, errors } = setup();
    const chat = await client.chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'MY PROMPT' }],
    });
    const resp = await client.responses.create({
      model: 'gpt-5.5',
      input: 'MY PROMPT',
      reasoning: { effort: 'high' },
    });
    // What the caller sees is what the plain client sees.
    const chat2 = await plain.chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect({ ...chat, id: '' }).toEqual({ ...chat2, id: '' });
    expect(resp.output_text).toBe('SECRET ANSWER');
    await settle();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('SECRET ANSWER');
    expect(text).not.toContain('MY PROMPT');
    const events = await ingested(file);
    expect(
      events.map((e) => [
        e.key,
        e.format,
        e.tier,
        e.inputTokens,
        e.cachedInputTokens,
        e.outputTokens,
        e.reasoningTokens,
        e.project,
        e.tags?.feature,
      ]),
    ).toEqual([
      [`chat:${chat.id}`, 'chat', 'standard', 16, 4, 30, 10, 'search', 'autocomplete'],
      [`resp:${resp.id}`, 'responses', 'flex', 81, 0, 1035, 832, 'search', 'autocomplete'],
    ]);
    expect(events[1]!.effort).toBe('high');
    expect(errors).toEqual([]);
  });

  it('streamed Chat without include_usage: added for the request, the caller sees the plain stream', async () => {
    const { file, client, errors } = setup();
    const seen: unknown[] = [];
    const stream = await client.chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const chunk of stream) seen.push(chunk);
    expect(server.bodies.at(-1)!.stream_options).toEqual({ include_usage: true });
    // three content chunks, no usage-only chunk, no usage:null added
    expect(seen).toHaveLength(3);
    expect(seen.every((c) => !('usage' in (c as object)))).toBe(true);
    await settle();
    const events = await ingested(file);
    expect(events.map((e) => [e.key, e.inputTokens, e.outputTokens, e.tags?.project])).toEqual([
      [`chat:${(seen[0] as { id: string }).id}`, 16, 30, 'search'],
    ]);
    expect(errors).toEqual([]);
  });

  it('streamed Chat that asked for usage itself keeps its usage chunk', async () => {
    const { file, client } = setup();
    const seen: Array<{ usage?: unknown }> = [];
    const stream = await client.chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) seen.push(chunk);
    expect(seen).toHaveLength(4);
    expect(seen.at(-1)!.usage).toMatchObject({ prompt_tokens: 16 });
    await settle();
    expect(await ingested(file)).toHaveLength(1);
  });

  it('streamed Responses: the terminal event usage, tags merged over metadata', async () => {
    const { file, client } = setup();
    const types: string[] = [];
    const stream = await client.responses.create({
      model: 'gpt-5.5',
      input: 'hi',
      stream: true,
      metadata: { team: 'core' },
    });
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['response.created', 'response.output_text.delta', 'response.completed']);
    await settle();
    const events = await ingested(file);
    expect(events.map((e) => [e.inputTokens, e.outputTokens, e.tier, e.tags])).toEqual([
      [81, 1035, 'flex', { team: 'core', project: 'search', feature: 'autocomplete' }],
    ]);
  });

  it('Batch output file download: one batch-tier line per result', async () => {
    const { file, client } = setup();
    const content = await client.files.content('file-out-1');
    const text = await content.text();
    expect(text).toContain('SECRET ANSWER'); // the caller's copy is whole
    await settle();
    const events = await ingested(file);
    expect(events.map((e) => [e.key, e.tier, e.format])).toEqual([
      ['chat:chatcmpl-b1', 'batch', 'batch-output'],
      ['resp:resp_b2', 'batch', 'batch-output'],
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('SECRET ANSWER');
  });

  it('includePrompt keeps the prompt; an unwritable file never reaches the caller', async () => {
    const { file, client } = setup({ includePrompt: true });
    await client.responses.create({ model: 'gpt-5.5', input: 'MY PROMPT' });
    await settle();
    expect(readFileSync(file, 'utf8')).toContain('MY PROMPT');

    const errors: unknown[] = [];
    const broken = withUsageLog(new OpenAI({ apiKey: 'sk-test-local', baseURL: server.url, maxRetries: 0 }), {
      file: join(tmpdir(), 'no-such-dir-tl', 'x', 'usage.jsonl'),
      onError: (e) => errors.push(e),
    });
    const r = await broken.responses.create({ model: 'gpt-5.5', input: 'hi' });
    expect(r.output_text).toBe('SECRET ANSWER');
    await settle();
    expect(errors).toHaveLength(1);
  });
});
