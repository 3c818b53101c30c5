import { randomBytes } from 'node:crypto';
import { openPgLedger } from '../../../../src/store/postgres/pg-ledger.js';
import { describeLedgerSuite } from '../../../shared/ledger-suite.js';
import { describePg } from '../../../support/pg-database.js';

/** The shared Ledger contract on a real server: each fresh ledger is its own schema of the file's database. */
describePg('PostgreSQL driver', (dbs) => {
  describeLedgerSuite('PostgreSQL', () =>
    openPgLedger(dbs.url, { schema: `ledger_${randomBytes(5).toString('hex')}` }),
  );
});
