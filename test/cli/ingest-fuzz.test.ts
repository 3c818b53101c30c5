import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responsesLines, tempDir, tl } from './ingest-helpers.js';

/**
 * The fuzz invariant end to end (issue #14): whatever a folder of files holds, `ingest` never
 * exits 1, always prints its summary, and accounts for every line (ingested, duplicate, skipped,
 * pending or rejected). Few runs: each one is a process.
 */
describe('fuzz: ingest through the built CLI', () => {
  it('random files never exit 1; the summary always comes; --allow-rejects turns 4 into 0', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 2000 }), { minLength: 1, maxLength: 4 }),
        fc.nat(20),
        async (blobs, good) => {
          const dir = tempDir();
          const logs = join(dir, 'logs');
          mkdirSync(logs);
          blobs.forEach((b, i) => {
            const data = Buffer.from(b);
            writeFileSync(
              join(logs, i % 2 ? `f${i}.jsonl.gz` : `f${i}.jsonl`),
              i % 2 ? gzipSync(data).subarray(0, data.length) : data,
            );
          });
          writeFileSync(join(logs, 'zz-good.jsonl'), responsesLines(0, good + 1));
          const r = tl(['ingest', logs, '--db', join(dir, 'l.db'), '--json']);
          expect([0, 4], r.stderr).toContain(r.code);
          const out = JSON.parse(r.stdout);
          expect(out.files).toBe(blobs.length + 1);
          expect(out.inserted).toBeGreaterThanOrEqual(good + 1);
          expect(out.rejected > 0).toBe(r.code === 4);
          const allowed = tl(['ingest', logs, '--db', join(dir, 'm.db'), '--allow-rejects']);
          expect(allowed.code).toBe(0);
        },
      ),
      { numRuns: 5 },
    );
  });
});
