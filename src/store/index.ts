/** The store's public face: the Ledger interface, its factory, and the declared columns. */
export { fingerprint, planResume, type ResumePlan } from './checkpoints.js';
export * from './columns.js';
export type * from './ledger.js';
export { openLedger } from './open-ledger.js';
export { isPostgresUrl, maskUrl } from './postgres/pg-url.js';
export { canonicalTags } from './tags.js';
export type { Batch, BatchResult, Checkpoint, EntityName, RejectRow, StoredInvoice } from './types.js';
