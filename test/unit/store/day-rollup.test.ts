import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ingestFiles } from '../../../src/ingest/run.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { refreshDayRollup } from '../../../src/store/day-rollup.js';
import { openSqliteFile } from '../../../src/store/sqlite-file.js';
import { createWriter } from '../../../src/store/writer.js';
import { event, stored, tempDir } from './helpers.js';

const SUMS = `SUM(requests), SUM(input_tokens), SUM(cached_input_tokens), SUM(cache_write_tokens),
  SUM(output_tokens), SUM(reasoning_tokens), SUM(reported_cost_nano)`;
const KEYS = `kind, model, tier, long_context, regional, billed, reported, effort, project, user, api_key,
  gateway, byok, source, tags`;

it('after an ingest, rollup_day is the 15-minute rollup summed per UTC day, and every day is trusted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-day-rollup-'));
  const ledger = openSqliteFile(join(dir, 'l.db'));
  try {
    await ingestFiles(ledger, ['data/samples/logs'], { book: loadPriceBook(), allowRejects: true });
    const fromQuarterHours = ledger.db
      .prepare(
        `SELECT bucket_ms / 86400000 * 86400000 AS d, ${KEYS}, ${SUMS} FROM rollup GROUP BY d, ${KEYS} ORDER BY 1, ${KEYS}`,
      )
      .raw()
      .all();
    const fromDays = ledger.db
      .prepare(`SELECT day_ms, ${KEYS}, ${SUMS} FROM rollup_day GROUP BY day_ms, ${KEYS} ORDER BY 1, ${KEYS}`)
      .raw()
      .all();
    expect(fromDays.length).toBeGreaterThan(20);
    expect(fromDays).toEqual(fromQuarterHours);
    const days = ledger.db
      .prepare('SELECT DISTINCT bucket_ms / 86400000 * 86400000 FROM rollup ORDER BY 1')
      .pluck()
      .all();
    expect(ledger.db.prepare('SELECT day_ms FROM rollup_day_built ORDER BY 1').pluck().all()).toEqual(days);
  } finally {
    ledger.close();
  }
});

it('the writer keeps rollup_day exact as it writes; refresh rebuilds days written outside it', () => {
  const ledger = openSqliteFile(join(tempDir(), 'l.db'));
  try {
    const writer = createWriter(ledger);
    const aug3 = Date.UTC(2026, 7, 3);
    const requests = () => ledger.db.prepare('SELECT day_ms, requests FROM rollup_day').raw().all();
    writer.write({ events: [stored(event({ key: 'resp:a', tsMs: aug3 + 1000 }))] });
    expect(ledger.db.prepare('SELECT day_ms FROM rollup_day_built').pluck().all()).toEqual([aug3]);
    writer.write({ events: [stored(event({ key: 'resp:b', tsMs: aug3 + 2000 }))] });
    expect(requests()).toEqual([[aug3, 2]]);
    // Rows from an older build: in rollup, not in rollup_day, not trusted until rebuilt.
    ledger.db.exec('DELETE FROM rollup_day; DELETE FROM rollup_day_built');
    expect(refreshDayRollup(ledger.db)).toBe(1);
    expect(requests()).toEqual([[aug3, 2]]);
    expect(refreshDayRollup(ledger.db)).toBe(0);
  } finally {
    ledger.close();
  }
});
