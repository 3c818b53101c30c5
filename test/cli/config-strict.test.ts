import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daily, seedLedger } from '../fixtures/budget/seed-ledger.js';
import { tempDir, tl } from './ingest-helpers.js';

/** Issue #14: config mistakes are not silent. */
describe('strict config', () => {
  it('an unknown config key exits 2 naming it and what is accepted', () => {
    const dir = tempDir();
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify({ time_zone: 'Europe/Berlin', budgets: [] }));
    const r = tl(['--config', config, 'pricing', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `tokenledger: ${config}: unknown config key "time_zone" (accepted: $schema, pricing, tz, budgets)\n`,
    );
  });

  it('a budget scope value that matches nothing warns (exit unchanged); --strict makes it exit 2', async () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    await seedLedger(
      db,
      daily('2026-07-20', '2026-08-10', () => 10, { project: 'search' }),
    );
    const config = join(dir, 'c.json');
    writeFileSync(
      config,
      JSON.stringify({
        budgets: [
          { name: 'typo', period: 'month', limit_usd: 100, scope: { project: 'serach' } },
          { name: 'future', period: 'month', limit_usd: 100, scope: { model: 'gpt-9000' } },
          { name: 'fine', period: 'month', limit_usd: 1000, scope: { project: 'search', model: 'gpt-4o' } },
        ],
      }),
    );
    const args = ['--db', db, '--config', config, 'budget', 'check', '--as-of', '2026-08-10'];
    const r = tl(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: budget "typo": scope project "serach" matches nothing in the ledger (seen: search)\n' +
        'warning: budget "future": scope model "gpt-9000" matches no known model and nothing in the ledger (seen: gpt-4o)\n',
    );
    const strict = tl([...args, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toBe(
      `tokenledger: ${config}: budget "typo": scope project "serach" matches nothing in the ledger (seen: search)\n`,
    );
  });
});
