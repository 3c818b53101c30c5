import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../store/helpers.js';
import { EXAMPLES, FIXTURES, readAll } from './helpers.js';

/** Non-text usage (audio, image, 12-hour cache writes, hosted tools, units) mapped by each parser. */
const fixture = (name: string) => join(FIXTURES, 'nontext', name);
const write = (name: string, value: unknown) => {
  const path = join(tempDir(), name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe('non-text usage classes from every format that carries them', () => {
  it('Chat: prompt/completion_tokens_details.audio_tokens are audio parts of input and output', async () => {
    const r = await readAll(fixture('chat-audio.json'));
    expect(r.rejects).toEqual([]);
    expect(r.events[0]).toMatchObject({
      inputTokens: 1200,
      outputTokens: 900,
      audioInputTokens: 1000,
      audioOutputTokens: 800,
    });
    expect(r.events[0]!.cachedAudioInputTokens).toBeUndefined();
  });

  it('Chat: audio the uncached input cannot hold was served from the cache (cached audio)', async () => {
    const path = write('cached-audio.json', {
      id: 'chatcmpl-c',
      object: 'chat.completion',
      created: 1764547200,
      model: 'gpt-4o-audio-preview',
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 10,
        prompt_tokens_details: { cached_tokens: 900, audio_tokens: 700 },
      },
    });
    const r = await readAll(path);
    // uncached input 100 holds 100 audio tokens; the other 600 were cached
    expect(r.events[0]).toMatchObject({ audioInputTokens: 700, cachedAudioInputTokens: 600 });
  });

  it('Chat: an audio breakdown above its total rejects the line naming the field', async () => {
    const path = write('bad-audio.json', {
      id: 'chatcmpl-b',
      object: 'chat.completion',
      created: 1764547200,
      model: 'gpt-4o-audio-preview',
      usage: { prompt_tokens: 10, completion_tokens: 5, completion_tokens_details: { audio_tokens: 6 } },
    });
    const r = await readAll(path);
    expect(r.events).toEqual([]);
    expect(r.rejects[0]!.reason).toMatch(/completion_tokens_details\.audio_tokens 6 .* > output 5/);
  });

  it('Responses: image tokens, 12-hour cache writes, web search by context size, file search, container sessions', async () => {
    const r = await readAll(fixture('responses-tools.json'));
    expect(r.rejects).toEqual([]);
    expect(r.events[0]).toMatchObject({
      inputTokens: 10000,
      cachedInputTokens: 2000,
      cacheWriteTokens: 3000,
      imageInputTokens: 1500,
      cacheWrite12hTokens: 3000, // prompt_cache_retention "24h": extended retention
      webSearchCallsHigh: 2,
      fileSearchCalls: 1,
      codeInterpreterSessions: 1, // two calls in one container
    });
    expect(r.events[0]!.webSearchCallsMedium).toBeUndefined();
  });

  it('Responses: tool_usage.web_search.num_requests wins; no tools config means medium context', async () => {
    const path = write('tool-usage.json', {
      id: 'resp_tu',
      object: 'response',
      created_at: 1764547200,
      status: 'completed',
      model: 'gpt-5.6-sol',
      output: [{ type: 'web_search_call', id: 'ws_1' }],
      tool_usage: { web_search: { num_requests: 3 } },
      usage: { input_tokens: 10, output_tokens: 5 },
    });
    const r = await readAll(path);
    expect(r.events[0]).toMatchObject({ webSearchCallsMedium: 3 });
  });

  it('Usage API completions (OpenAI example): uncached audio/image breakdowns plus their cached shares', async () => {
    const r = await readAll(join(EXAMPLES, 'usage-api-completions-spec-example.json'));
    expect(r.rejects).toEqual([]);
    expect(r.events[0]).toMatchObject({
      inputTokens: 1000,
      audioInputTokens: 100,
      cachedAudioInputTokens: 50,
      imageInputTokens: 100,
      cachedImageInputTokens: 50,
      audioOutputTokens: 50,
      imageOutputTokens: 50,
    });
  });

  it('Usage API completions, older shape (no input_uncached_tokens): input_audio_tokens includes cached', async () => {
    const path = write('old-shape.json', {
      object: 'page',
      data: [
        {
          object: 'bucket',
          start_time: 1764547200,
          end_time: 1764633600,
          results: [
            {
              object: 'organization.usage.completions.result',
              input_tokens: 500,
              input_cached_tokens: 100,
              input_audio_tokens: 300,
              input_cached_audio_tokens: 100,
              output_tokens: 50,
              output_audio_tokens: 40,
              num_model_requests: 2,
              model: 'gpt-4o-realtime-preview',
            },
          ],
        },
      ],
    });
    const r = await readAll(path);
    expect(r.events[0]).toMatchObject({
      audioInputTokens: 300,
      cachedAudioInputTokens: 100,
      audioOutputTokens: 40,
    });
  });

  it('Usage API images, speeches, transcriptions, vector stores and code-interpreter sessions', async () => {
    const r = await readAll(fixture('usage-api-units.json'));
    expect(r.rejects).toEqual([]);
    expect(r.format).toBe('usage-api');
    const by = (key: string) => r.events.find((e) => e.key.startsWith(key));
    expect(r.events.map((e) => e.key)).toEqual([
      'bucket:usage-api:images:1764547200:proj_a:::dall-e-3:1024x1024:image.generation',
      'bucket:usage-api:images:1764547200:proj_a:::dall-e-3:1024x1792:image.generation',
      'bucket:usage-api:audio_speeches:1764547200::::tts-1',
      'bucket:usage-api:audio_transcriptions:1764547200::::whisper-1',
      'bucket:usage-api:vector_stores:1764547200:proj_a:::',
      'bucket:usage-api:code_interpreter_sessions:1764547200:proj_a:::',
    ]);
    expect(by('bucket:usage-api:images')).toMatchObject({
      kind: 'bucket',
      model: 'dall-e-3',
      requests: 2,
      images: 4,
    });
    expect(by('bucket:usage-api:audio_speeches')).toMatchObject({ requests: 3, speechCharacters: 5000 });
    expect(by('bucket:usage-api:audio_transcriptions')).toMatchObject({
      requests: 2,
      transcriptionSeconds: 600,
    });
    // 2 GB stored over a 24-hour bucket
    expect(by('bucket:usage-api:vector_stores')).toMatchObject({
      model: 'vector-store',
      requests: 0,
      project: 'proj_a',
      vectorStoreByteHours: 48_000_000_000,
    });
    expect(by('bucket:usage-api:code_interpreter')).toMatchObject({
      model: 'code-interpreter',
      codeInterpreterSessions: 7,
    });
  });
});
