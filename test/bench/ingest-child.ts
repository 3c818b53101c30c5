/**
 * Runs tokenledger's ingest in its own process so the bench can report its peak RSS honestly:
 * `node ingest-child.js DB FILE` prints one JSON line {records, ms, cpu_ms (all threads), peak_rss_mb, inserted}.
 */
import { ingestFiles } from '../../src/ingest/run.js';
import { loadPriceBook } from '../../src/pricing/load.js';
import { openLedger } from '../../src/store/open-ledger.js';

const [db, file] = process.argv.slice(2);
if (!db || !file) throw new Error('usage: ingest-child.js DB FILE');
const book = loadPriceBook();
const ledger = await openLedger(db);
const started = performance.now();
const cpu = process.cpuUsage();
const summary = await ingestFiles(ledger, [file], { book });
// Closing is part of the job (the CLI waits for it; the naive loop's time includes its close): on
// SQLite it checkpoints the WAL into the database file.
await ledger.close();
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ records: summary.inserted + summary.duplicates, ms, cpu_ms: cpuMs, peak_rss_mb: peakRssMb, inserted: summary.inserted, rejected: summary.rejected })}\n`,
);
