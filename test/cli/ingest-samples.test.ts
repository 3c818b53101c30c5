import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { query, ROOT, tempDir, tl } from './ingest-helpers.js';

const SAMPLES = join(ROOT, 'data', 'samples');

describe('bundled samples', () => {
  it('ingest with exactly the three planted rejects; the dashboard export reconciles with the direct calls', () => {
    const db = join(tempDir(), 'demo.db');
    const r = tl(['ingest', join(SAMPLES, 'logs'), join(SAMPLES, 'dashboard'), '--db', db, '--json']);
    expect(r.code).toBe(4);
    const out = JSON.parse(r.stdout);
    expect(out.rejected).toBe(3);
    expect(out.rejects.map((x: { reason: string }) => x.reason)).toEqual([
      expect.stringMatching(/reasoning/),
      expect.stringMatching(/malformed JSON/),
      expect.stringMatching(/cached/),
    ]);
    expect(out.unpriced_models).toEqual(['gpt-5.5-turbo-preview']);
    const kinds = query<{ kind: string; tiers: string }>(
      db,
      'SELECT kind, GROUP_CONCAT(DISTINCT tier) AS tiers FROM (SELECT kind, tier FROM events ORDER BY tier) GROUP BY kind',
    );
    expect(kinds.find((k) => k.kind === 'request')?.tiers).toBe('batch,flex,priority,standard');
    // The dashboard holds the billed direct (non-gateway) calls, aggregated per day: totals agree.
    const [direct] = query<{ n: number; i: number; o: number }>(
      db,
      "SELECT SUM(requests) AS n, SUM(input_tokens) AS i, SUM(output_tokens) AS o FROM events WHERE kind = 'request' AND billed = 1 AND format <> 'openrouter'",
    );
    const [buckets] = query<{ n: number; i: number; o: number }>(
      db,
      "SELECT SUM(requests) AS n, SUM(input_tokens) AS i, SUM(output_tokens) AS o FROM events WHERE kind = 'bucket'",
    );
    expect(buckets).toEqual(direct);
    const [byok] = query<{ n: number }>(
      db,
      "SELECT COUNT(*) AS n FROM events WHERE gateway = 'openrouter' AND byok = 1",
    );
    expect(byok!.n).toBe(1);
    const again = JSON.parse(tl(['ingest', join(SAMPLES, 'logs'), '--db', db, '--json']).stdout);
    expect(again).toMatchObject({ inserted: 0, unchanged_files: 5 });
  });
});
