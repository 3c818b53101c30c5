import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../../src/ingest/run.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { fingerprint, READ_HASH_PREFIX } from '../../../src/store/checkpoints.js';
import { openLedger } from '../../../src/store/open-ledger.js';
import { tempDir } from '../store/helpers.js';

/** A first ingest fingerprints the file in the read that parses it; re-runs still notice any change. */
const book = loadPriceBook();
const line = (i: number) =>
  JSON.stringify({
    id: `resp_h${i}`,
    object: 'response',
    created_at: 1785571200 + i,
    status: 'completed',
    model: 'gpt-5.5',
    usage: { input_tokens: 10 + i, output_tokens: 5 },
  });

describe('checkpoint fingerprints taken while reading', () => {
  it('stores the read fingerprint; an unchanged re-run skips, a same-length fix mid-file re-reads', async () => {
    const file = join(tempDir(), 'a.jsonl');
    writeFileSync(file, `${[1, 2, 3].map(line).join('\n')}\n`);
    const ledger = await openLedger(':memory:');
    expect((await ingestFiles(ledger, [file], { book })).inserted).toBe(3);
    const cp = await ledger.readCheckpoint(file);
    expect(cp?.headHash.startsWith(READ_HASH_PREFIX)).toBe(true);
    expect(cp).toMatchObject({ size: statSync(file).size, headHash: fingerprint(file, statSync(file).size) });
    expect((await ingestFiles(ledger, [file], { book })).unchangedFiles).toBe(1);
    writeFileSync(
      file,
      `${[1, 2, 3].map(line).join('\n').replace('"input_tokens":12', '"input_tokens":92')}\n`,
    );
    const again = await ingestFiles(ledger, [file], { book });
    expect(again).toMatchObject({ rereadFiles: 1, duplicates: 3 });
    appendFileSync(file, `${line(4)}\n`);
    expect(await ingestFiles(ledger, [file], { book })).toMatchObject({ resumedFiles: 1, inserted: 1 });
    await ledger.close();
  });

  it('a checkpoint in the older format (written before) is still verified: unchanged skips, appended resumes', async () => {
    const file = join(tempDir(), 'b.jsonl');
    writeFileSync(file, `${[1, 2].map(line).join('\n')}\n`);
    const ledger = await openLedger(':memory:');
    await ingestFiles(ledger, [file], { book });
    const { size, mtimeMs } = statSync(file);
    const old = { file, size, mtimeMs: Math.trunc(mtimeMs), offset: size, line: 2, format: 'auto' };
    await ledger.append({ events: [], checkpoint: { ...old, headHash: fingerprint(file, size, true) } });
    expect((await ingestFiles(ledger, [file], { book })).unchangedFiles).toBe(1);
    appendFileSync(file, `${line(3)}\n`);
    expect(await ingestFiles(ledger, [file], { book })).toMatchObject({ resumedFiles: 1, inserted: 1 });
    await ledger.close();
  });
});
