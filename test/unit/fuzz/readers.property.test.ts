import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenledgerError } from '../../../src/errors.js';
import { type IngestRecord, linesBefore } from '../../../src/ingest/records.js';
import { openUsageFile } from '../../../src/ingest/read-usage-file.js';

/**
 * Issue #14's fuzz suite over the readers and parsers. Invariants: reading never throws anything
 * but a TokenledgerError (a file-level exit-2/reject, never exit 1), always finishes, and every
 * input line is accounted for — each line with content yields records (event, skip, reject or
 * pending) and no record names a line that is not there. Bounded runs keep it fast in CI.
 */

const NOW = Date.UTC(2026, 10, 22);
const dir = mkdtempSync(join(tmpdir(), 'tl-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function readFile(bytes: Buffer, name = 'f.jsonl', maxLineBytes = 512): Promise<IngestRecord[]> {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, bytes);
  const reader = await openUsageFile(path, { nowMs: NOW, maxLineBytes });
  const out: IngestRecord[] = [];
  for await (const batch of reader.batches) out.push(...batch);
  return out;
}

/** Reads, allowing only typed (file-level) errors: anything else would be exit 1. */
async function readSafely(bytes: Buffer, name?: string): Promise<IngestRecord[] | 'refused'> {
  try {
    return await readFile(bytes, name);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenledgerError);
    return 'refused';
  }
}

const response = (i: number, usage: object = { input_tokens: 10 + i, output_tokens: 5 }) =>
  JSON.stringify({
    id: `resp_f${i}`,
    object: 'response',
    created_at: 1763000000 + i,
    status: 'completed',
    model: 'gpt-5.5',
    usage,
  });

/** One line of a messy log: valid, truncated, wrong types, random text, other encodings, huge. */
const noEol = (b: Buffer) => Buffer.from(b.filter((x) => x !== 10 && x !== 13));
const line = fc
  .oneof(
    fc.nat(1000).map((i) => Buffer.from(response(i))),
    fc.tuple(fc.nat(1000), fc.nat(200)).map(([i, cut]) => Buffer.from(response(i).slice(0, cut))),
    fc.nat(1000).map((i) => Buffer.from(response(i, { input_tokens: String(i), output_tokens: -1 }))),
    fc.string({ maxLength: 80 }).map((s) => Buffer.from(s.replace(/[\r\n]/g, ' '))),
    fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .map((s) => Buffer.from(s.replace(/[\r\n]/g, ' '), 'latin1')),
    fc.string({ maxLength: 40 }).map((s) => Buffer.from(s.replace(/[\r\n]/g, ' '), 'utf16le')),
    fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b)),
    fc.nat(2000).map((k) => Buffer.from(`{"pad": "${'x'.repeat(600 + k)}"}`)),
  )
  .map(noEol);

/** Lines whose content the reader must account for (not blank, not SSE framing). */
function contentLines(lines: readonly Buffer[]): number[] {
  const out: number[] = [];
  lines.forEach((b, i) => {
    if (!isUtf8(b)) {
      out.push(i + 1); // rejected as invalid UTF-8, whatever it looks like
      return;
    }
    let text = b.toString('utf8');
    if (i === 0) text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') return;
    if (/^(event:|id:|retry:|:)/.test(text)) return;
    out.push(i + 1);
  });
  return out;
}

describe('fuzz: readers and parsers', () => {
  it('random bytes: never an untyped error, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), async (bytes, gz) => {
        const data = Buffer.from(bytes);
        await readSafely(gz ? gzipSync(data) : data, gz ? 'f.jsonl.gz' : 'f.jsonl');
        if (gz) await readSafely(gzipSync(data).subarray(0, Math.max(1, bytes.length >> 1)), 'cut.jsonl.gz');
      }),
      { numRuns: 120 },
    );
  });

  it('messy line logs: every line with content is accounted for exactly where it is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 25 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (rest, eol, finalNewline) => {
          // A valid first line keeps the layout JSONL (a first "[" would make it a JSON document).
          const lines = [Buffer.from(response(9999)), ...rest];
          const bytes = Buffer.concat(
            lines.flatMap((l, i) => (i < lines.length - 1 || finalNewline ? [l, Buffer.from(eol)] : [l])),
          );
          const records = await readFile(bytes);
          const seen = [...new Set(records.map((r) => r.line))].sort((a, b) => a - b);
          expect(seen).toEqual(
            contentLines(lines.map((l) => Buffer.from(l.toString('latin1').replace(/\r$/, ''), 'latin1'))),
          );
          // Offsets never go backwards, and a checkpoint never passes an unterminated last line.
          const offsets = records.map((r) => r.offset);
          expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
          const last = records.at(-1);
          if (last && !finalNewline)
            expect(last.offset).toBeLessThanOrEqual(bytes.length - lines.at(-1)!.length);
          if (last && finalNewline) expect(linesBefore(last)).toBe(last.line);
          for (const r of records)
            if (r.type === 'pending') expect(r).toMatchObject({ line: lines.length, tail: true });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('truncation at every offset: the lines before the cut are read, the cut line is pending', async () => {
    const text = [response(1), response(2, { input_tokens: 7, output_tokens: 3 }), response(3)].join('\n');
    const full = Buffer.from(`${text}\n`);
    for (let cut = 1; cut < full.length; cut++) {
      const records = await readFile(full.subarray(0, cut));
      const complete = full.subarray(0, cut).toString().split('\n').length - 1; // lines ended by "\n"
      expect(records.filter((r) => r.type === 'event' && !r.tail).length).toBe(complete);
      expect(records.filter((r) => r.type === 'reject')).toEqual([]);
      const last = records.at(-1)!;
      if (full[cut - 1] !== 10) expect(last.tail).toBe(true);
    }
  });

  it('truncated .gz at any point: the lines before the damage are kept, the rest is one reject', async () => {
    const text = Array.from({ length: 60 }, (_, i) => response(i)).join('\n');
    const gz = gzipSync(`${text}\n`);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: gz.length - 1 }), async (cut) => {
        const records = await readFile(gz.subarray(0, cut), 'cut.jsonl.gz');
        const events = records.filter((r) => r.type === 'event');
        expect(events.map((r) => r.line)).toEqual(events.map((_, i) => i + 1));
        const rejects = records.filter((r) => r.type === 'reject');
        expect(rejects.length).toBeLessThanOrEqual(1);
        if (events.length < 60) expect(rejects).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });
});
