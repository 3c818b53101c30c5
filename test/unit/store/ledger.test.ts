import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../../src/store/sqlite-file.js';
import { SCHEMA_VERSION } from '../../../src/store/migrations.js';
import { tempDir } from './helpers.js';

describe('openSqliteFile', () => {
  it('creates the schema with WAL, NORMAL sync and a 10 s busy timeout', () => {
    const ledger = openSqliteFile(join(tempDir(), 'sub', 'l.db'));
    const db = ledger.db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10_000);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'alert_state',
      'checkpoints',
      'events',
      'invoices',
      'meta',
      'rejects',
      'rollup',
      'rollup_day',
      'rollup_day_built',
    ]);
    expect(db.prepare("SELECT value FROM meta WHERE key='schema_version'").pluck().get()).toBe(
      String(SCHEMA_VERSION),
    );
    ledger.close();
  });

  it('is idempotent: reopening keeps data and the version', () => {
    const path = join(tempDir(), 'l.db');
    const a = openSqliteFile(path);
    a.db.prepare("INSERT INTO meta (key, value) VALUES ('x', '1')").run();
    a.close();
    const b = openSqliteFile(path);
    expect(b.db.prepare("SELECT value FROM meta WHERE key='x'").pluck().get()).toBe('1');
    expect(b.db.prepare('SELECT COUNT(*) FROM meta').pluck().get()).toBe(2);
    b.close();
  });

  it('refuses a database from a newer tokenledger', () => {
    const path = join(tempDir(), 'l.db');
    const a = openSqliteFile(path);
    a.db.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    a.close();
    expect(() => openSqliteFile(path)).toThrow(/schema version 999/);
  });

  it('read-only and mustExist fail on a missing file with exit 2', () => {
    const path = join(tempDir(), 'none.db');
    expect(() => openSqliteFile(path, { readonly: true })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => openSqliteFile(path, { mustExist: true })).toThrow(/not found/);
  });

  it('rejects a file that is not a database', async () => {
    const { writeFileSync } = await import('node:fs');
    const path = join(tempDir(), 'bad.db');
    writeFileSync(
      path,
      'this is not sqlite at all, just some text that is long enough to look like a header',
    );
    expect(() => openSqliteFile(path)).toThrow(/not a usable tokenledger database|cannot open/);
  });
});
