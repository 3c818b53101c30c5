export { builtDays, DAY_MS, refreshDayRollup } from './day-rollup.js';
export { fingerprint, planResume, readCheckpoint, type ResumePlan } from './checkpoints.js';
export { BUSY_TIMEOUT_MS, type Ledger, type OpenLedgerOptions, openLedger } from './ledger.js';
export { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';
export { ROLLUP_BUCKET_MS, rollupBucket } from './rollup.js';
export { type LedgerStats, ledgerStats, listRejects, type StoredReject, type TokenTotals } from './stats.js';
export { canonicalTags } from './tags.js';
export type { Batch, BatchResult, Checkpoint, RejectRow, StoredEvent, StoredInvoice } from './types.js';
export { createWriter, type LedgerWriter } from './writer.js';
