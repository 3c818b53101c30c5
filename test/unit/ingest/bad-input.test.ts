import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, readAll } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-ingest-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = (id: string) =>
  JSON.stringify({
    id,
    object: 'response',
    created_at: 1763000000,
    status: 'completed',
    model: 'gpt-5.5',
    usage: { input_tokens: 10, output_tokens: 5 },
  });

describe('bad-input corpus, line by line', () => {
  it('rejects each bad line with its line number and a precise reason; keeps the good lines', async () => {
    const path = join(FIXTURES, 'bad/corpus.jsonl');
    const r = await readAll(path);
    expect(r.events.map((e) => [e.key, e.sourceLine, e.sourceFile])).toEqual([
      ['resp:resp_good_1', 1, path],
      ['resp:resp_good_2', 15, path],
    ]);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [2, expect.stringMatching(/^malformed JSON: /)],
      [3, 'input_tokens must be a number, got string "ten"'],
      [4, 'input_tokens -5 is negative'],
      [5, 'input_tokens 10.5 is not a whole number'],
      [6, 'cached_tokens 500 > input_tokens 100'],
      [7, 'reasoning_tokens 9 > output_tokens 5'],
      [8, 'created_at 1000 is out of range (2020-01-01 .. now + 2 days)'],
      [9, 'created_at 4102444800 is out of range (2020-01-01 .. now + 2 days)'],
      [10, 'invalid UTF-8'],
      [11, 'expected a JSON object, got an array'],
      [12, 'unrecognized record (keys: hello)'],
      [13, 'model is missing'],
      [14, 'cached_tokens 60 + cache_write_tokens 50 > input_tokens 100'],
    ]);
    expect(r.rejects[1]!.raw).toContain('resp_bad_type');
    // Offsets are monotonic and point just after each line.
    const offsets = r.records.map((x) => x.offset);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });

  it('rejects wrong JSON types as the README says: "input_tokens": "12" is a string, not a count', async () => {
    const path = join(dir, 'types.jsonl');
    const line = (usage: object) =>
      JSON.stringify({
        id: 'resp_t',
        object: 'response',
        created_at: 1763000000,
        status: 'completed',
        model: 'gpt-5.5',
        usage,
      });
    writeFileSync(
      path,
      [
        line({ input_tokens: '12', output_tokens: 5 }),
        line({ input_tokens: 12, output_tokens: true }),
        line({ input_tokens: 12, output_tokens: [5] }),
        line({ input_tokens: 12, output_tokens: 5, input_tokens_details: { cached_tokens: '3' } }),
      ].join('\n'),
    );
    const r = await readAll(path);
    expect(r.events).toHaveLength(0);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [1, 'input_tokens must be a number, got string "12"'],
      [2, 'output_tokens must be a number, got boolean'],
      [3, 'output_tokens must be a number, got array'],
      [4, 'cached_tokens must be a number, got string "3"'],
    ]);
  });

  it('truncates the raw text kept with a reject to 2 KB', async () => {
    const path = join(dir, 'long-bad.jsonl');
    writeFileSync(path, `{"broken": "${'x'.repeat(10_000)}\n${GOOD('resp_after')}\n`);
    const r = await readAll(path);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]!.raw.length).toBe(2048);
    expect(r.events.map((e) => e.sourceLine)).toEqual([2]);
  });

  it('rejects a 100 MB line without buffering it whole; the lines around it are kept', async () => {
    const path = join(dir, 'huge.jsonl');
    const out = createWriteStream(path);
    out.write(`${GOOD('resp_before')}\n{"id":"huge","pad":"`);
    const block = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 100; i++) if (!out.write(block)) await once(out, 'drain');
    out.write(`"}\n${GOOD('resp_after')}\n`);
    out.end();
    await once(out, 'finish');
    const rssBefore = process.memoryUsage().rss;
    const r = await readAll(path);
    const grown = process.memoryUsage().rss - rssBefore;
    expect(r.events.map((e) => [e.key, e.sourceLine])).toEqual([
      ['resp:resp_before', 1],
      ['resp:resp_after', 3],
    ]);
    expect(r.rejects.map((x) => x.line)).toEqual([2]);
    expect(r.rejects[0]!.reason).toBe(
      `line of ${100 * (1 << 20) + 22} bytes exceeds the limit of 16777216 bytes`,
    );
    expect(r.rejects[0]!.raw.length).toBeLessThanOrEqual(2048);
    // Memory, not time: the 100 MB line must not be held (generous bound for GC noise).
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });

  it('maxLineBytes applies to lines that span chunks and to lines inside one chunk', async () => {
    const path = join(dir, 'small-limit.jsonl');
    writeFileSync(path, `${GOOD('resp_a')}\n{"pad":"${'y'.repeat(500)}"}\n${GOOD('resp_b')}`);
    const r = await readAll(path, { maxLineBytes: 300 });
    expect(r.events.map((e) => e.sourceLine)).toEqual([1, 3]);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [2, 'line of 510 bytes exceeds the limit of 300 bytes'],
    ]);
  });
});
