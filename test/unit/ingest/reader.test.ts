import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseContext } from '../../../src/ingest/context.js';
import { splitLines } from '../../../src/ingest/line-splitter.js';
import { openUsageFile } from '../../../src/ingest/read-usage-file.js';
import { linesBefore } from '../../../src/ingest/records.js';
import { EXAMPLES, FIXTURES, NOW, readAll, totals } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-ingest-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const resp = (n: number) =>
  JSON.stringify({
    id: `resp_${n}`,
    object: 'response',
    created_at: 1763000000 + n,
    status: 'completed',
    model: 'gpt-5.5',
    usage: { input_tokens: n, output_tokens: 1 },
  });

/** Runs the splitter over the given chunks and returns [line, offset, text] per line. */
async function split(chunks: Buffer[], max = 1 << 20, start = 0, startLine = 0) {
  const ctx = new ParseContext('mem', NOW, NOW);
  const seen: [number, number, string][] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const batch of splitLines(
    source(),
    ctx,
    { startOffset: start, startLine, maxLineBytes: max },
    (t) => seen.push([ctx.line, ctx.offset, t]),
  )) {
    for (const r of batch) if (r.type === 'reject') seen.push([r.line, r.offset, `REJECT ${r.reason}`]);
  }
  return seen.sort((a, b) => a[0] - b[0]);
}

describe('line splitter', () => {
  it('handles CRLF, a BOM, blank lines and a final line without newline', async () => {
    const text = Buffer.from('\uFEFFone\r\n\r\ntwo\nthree', 'utf8');
    expect(await split([text])).toEqual([
      [1, 8, 'one'], // BOM (3) + 'one' + CRLF
      [3, 14, 'two'],
      [4, 14, 'three'], // no newline: offset stays at the line's start so a resume re-reads it
    ]);
  });

  it.each([
    ['UTF-8', ['{"a":1}', 'héllo wörld ✓', '', 'x'.repeat(50), '{"b":"€"}']],
    ['ASCII with CRLF and an over-long line', ['{"a":1}\r', '', 'y'.repeat(120), 'x'.repeat(50), 'z\r']],
  ])('gives the same lines and offsets however %s bytes are chunked (property)', async (_name, lines) => {
    const whole = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const expected = await split([whole], 100);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 8 }),
        async (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let prev = 0;
          for (const p of points) {
            chunks.push(whole.subarray(prev, p));
            prev = p;
          }
          chunks.push(whole.subarray(prev));
          expect(await split(chunks, 100)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects an invalid UTF-8 line split across chunks, keeping its neighbours', async () => {
    const bytes = Buffer.concat([Buffer.from('ok\nbad'), Buffer.from([0xc3]), Buffer.from('\nfine\n')]);
    const out = await split([bytes.subarray(0, 5), bytes.subarray(5)]);
    expect(out.map(([l, , t]) => [l, t])).toEqual([
      [1, 'ok'],
      [2, 'REJECT invalid UTF-8'],
      [3, 'fine'],
    ]);
  });
});

describe('openUsageFile', () => {
  it('resumes from a byte offset with the right line numbers', async () => {
    const path = join(dir, 'resume.jsonl');
    writeFileSync(path, `${[1, 2, 3].map(resp).join('\n')}\n`);
    const first = await readAll(path);
    expect(first.resumable).toBe(true);
    const after1 = first.records[0]!.offset;
    const rest = await readAll(path, { startOffset: after1, startLine: 1 });
    expect(rest.events.map((e) => [e.key, e.sourceLine])).toEqual([
      ['resp:resp_2', 2],
      ['resp:resp_3', 3],
    ]);
    expect(rest.records.at(-1)!.offset).toBe(readFileSync(path).length);
    // Appending after a full read picks up only the new line.
    writeFileSync(path, `${resp(4)}\n`, { flag: 'a' });
    const appended = await readAll(path, { startOffset: first.records.at(-1)!.offset, startLine: 3 });
    expect(appended.events.map((e) => [e.key, e.sourceLine])).toEqual([['resp:resp_4', 4]]);
  });

  it('an unterminated last line (a logger mid-write) is pending, not rejected, and read once completed', async () => {
    const path = join(dir, 'partial.jsonl');
    const partial = resp(2).slice(0, 30);
    writeFileSync(path, `${resp(1)}\n${partial}`);
    const first = await readAll(path);
    expect(first.rejects).toEqual([]);
    expect(first.pending).toEqual([{ type: 'pending', line: 2, offset: resp(1).length + 1, tail: true }]);
    expect(linesBefore(first.records.at(-1)!)).toBe(1); // the checkpoint's line count: no shift
    const checkpoint = first.records.at(-1)!.offset;
    expect(checkpoint).toBe(resp(1).length + 1);
    writeFileSync(path, `${resp(2).slice(30)}\n`, { flag: 'a' });
    const next = await readAll(path, { startOffset: checkpoint, startLine: 1 });
    expect(next.rejects).toEqual([]);
    expect(next.events.map((e) => [e.key, e.sourceLine])).toEqual([['resp:resp_2', 2]]);
  });

  it('a complete but unterminated last line is read, marked tail so the next run reads it again', async () => {
    const path = join(dir, 'complete-tail.jsonl');
    writeFileSync(path, `${resp(1)}\n${resp(2)}`);
    const r = await readAll(path);
    expect(r.events.map((e) => e.sourceLine)).toEqual([1, 2]);
    expect(r.records.at(-1)).toMatchObject({ line: 2, offset: resp(1).length + 1, tail: true });
    expect(linesBefore(r.records.at(-1)!)).toBe(1);
  });

  it('a damaged .gz keeps the lines before the damage and rejects the rest with a reason', async () => {
    const body = Array.from({ length: 400 }, (_, i) => resp(i + 1)).join('\n');
    const whole = gzipSync(`${body}\n`);
    const path = join(dir, 'cut.jsonl.gz');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = await readAll(path);
    expect(r.events.length).toBeGreaterThan(10);
    expect(r.events.length).toBeLessThan(400);
    expect(r.events.map((e) => e.sourceLine)).toEqual(r.events.map((_, i) => i + 1));
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]!.line).toBe(r.events.length + 1);
    expect(r.rejects[0]!.reason).toMatch(
      /^compressed data damaged after line \d+ \(unexpected end of file\): the rest of the file is unreadable$/,
    );
    const corrupt = Buffer.from(whole);
    corrupt.fill(0x55, 200, 260);
    writeFileSync(path, corrupt);
    const c = await readAll(path);
    expect(c.rejects).toHaveLength(1);
    expect(c.rejects[0]!.reason).toMatch(/^compressed data damaged after line \d+/);
  });

  it('reads .gz transparently (JSONL and whole JSON), not resumable', async () => {
    const src = readFileSync(join(EXAMPLES, 'chat-stream-chunks.jsonl'));
    const gz = join(dir, 'chunks.jsonl.gz');
    writeFileSync(gz, gzipSync(src));
    const r = await readAll(gz, { startOffset: 100 });
    expect(r.resumable).toBe(false);
    expect(r.rejects).toEqual([]);
    expect(totals(r.events)).toMatchObject({ input: 16, output: 300 });
    const doc = join(dir, 'usage.json.gz');
    writeFileSync(doc, gzipSync(readFileSync(join(FIXTURES, 'usage-api/buckets.json'))));
    expect(totals((await readAll(doc)).events).requests).toBe(22);
  });

  it('reports progress in bytes of the file', async () => {
    const path = join(dir, 'progress.jsonl');
    writeFileSync(path, `${resp(1)}\n`);
    const seen: [number, number][] = [];
    const reader = await openUsageFile(path, { nowMs: NOW, onProgress: (a, b) => seen.push([a, b]) });
    for await (const _ of reader.batches) {
      // drain
    }
    const size = readFileSync(path).length;
    expect(seen.at(-1)).toEqual([size, size]);
  });

  it('--format forces a parser; an unknown format name or CSV header is an error', async () => {
    const forced = await readAll(join(FIXTURES, 'chat/objects.jsonl'), { format: 'responses' });
    expect(forced.events).toEqual([]);
    expect(forced.rejects[0]!.reason).toBe('input_tokens is missing');
    await expect(openUsageFile(join(FIXTURES, 'chat/objects.jsonl'), { format: 'nope' })).rejects.toThrow(
      /unknown format "nope"/,
    );
    const csv = join(dir, 'other.csv');
    writeFileSync(csv, 'a,b,c\n1,2,3\n');
    await expect(openUsageFile(csv)).rejects.toThrow(/unrecognized CSV header "a,b,c"/);
  });

  it('a JSONL file whose first line is a pretty-print lookalike falls back to line mode', async () => {
    const path = join(dir, 'broken-first.jsonl');
    writeFileSync(path, `{"id": \n${resp(7)}\n`);
    const r = await readAll(path);
    expect(r.rejects.map((x) => x.line)).toEqual([1]);
    expect(r.events.map((e) => [e.key, e.sourceLine])).toEqual([['resp:resp_7', 2]]);
  });

  it('an empty file yields nothing', async () => {
    const path = join(dir, 'empty.jsonl');
    writeFileSync(path, '');
    expect((await readAll(path)).records).toEqual([]);
  });
});
