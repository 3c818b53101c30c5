import { describe, expect, it } from 'vitest';
import { isPostgresUrl, maskUrl, parsePgUrl } from '../../../../src/store/postgres/pg-url.js';

describe('PostgreSQL URLs', () => {
  it('recognises postgres:// and postgresql:// only', () => {
    expect(isPostgresUrl('postgres://h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://h/db')).toBe(true);
    expect(isPostgresUrl('POSTGRES://h/db')).toBe(true);
    expect(isPostgresUrl('./postgres.db')).toBe(false);
    expect(isPostgresUrl('mysql://h/db')).toBe(false);
  });

  it('masks the password in user info and in the query', () => {
    expect(maskUrl('postgres://me:s3cret@db:5432/ledger')).toBe('postgres://me:***@db:5432/ledger');
    expect(maskUrl('postgresql://me:p%40ss@db/ledger?sslmode=require&password=x2')).toBe(
      'postgresql://me:***@db/ledger?sslmode=require&password=***',
    );
    expect(maskUrl('postgres://me@db/ledger')).toBe('postgres://me@db/ledger');
    expect(maskUrl('postgres://db/ledger')).toBe('postgres://db/ledger');
  });

  it('reads host, port, database and user with libpq defaults', () => {
    expect(parsePgUrl('postgres://me:pw@db.example:6543/ledger')).toEqual({
      host: 'db.example',
      port: 6543,
      database: 'ledger',
      user: 'me',
    });
    expect(parsePgUrl('postgres://me@db/')).toMatchObject({ host: 'db', port: 5432, database: 'me' });
  });

  it('refuses a malformed URL without printing its password', () => {
    expect(() => parsePgUrl('postgres://me:s3cret@[bad')).toThrow(/--db: not a valid PostgreSQL URL/);
    expect(() => parsePgUrl('postgres://me:s3cret@[bad')).not.toThrow(/s3cret/);
  });
});
