/**
 * tokenledger's library API. The CLI is a thin layer over these functions.
 * @example
 *   import { loadPriceBook, costOf } from 'tokenledger';
 *   const book = loadPriceBook();
 *   const c = costOf(book, { model: 'gpt-5.5', tokens: { input: 1200, cachedInput: 0, cacheWrite: 0, output: 400, reasoning: 250 } });
 */
export * from './errors.js';
export { stringifyJson, usd } from './json.js';
export {
  addMoney,
  displayUsd,
  formatUsd,
  type Money,
  parseUsd,
  usdString,
} from './money.js';
export { type CostBreakdown, type CostLines, type CostRequest, costOf, priceTokens } from './pricing/cost.js';
export { checkEffort } from './pricing/effort.js';
export { type FeeOptions, gatewayFee, resolveGateway } from './pricing/fees.js';
export { type LoadPriceBookOptions, loadPriceBook } from './pricing/load.js';
export type { GatewayEntry, ModelEntry, PriceBook, PriceVersion } from './pricing/price-book.js';
export {
  type Context,
  contextFor,
  longContextThreshold,
  offeredTiers,
  type Rates,
  ratesAt,
  tryRates,
  versionAt,
} from './pricing/rates.js';
export { findModel, nearestModelIds, resolveModel } from './pricing/resolve-model.js';
export { type TokenCounts, validateTokens } from './pricing/tokens.js';
export type { Effort, EventKind, Tier, UsageEvent } from './usage-event.js';
export { EFFORTS, TIERS } from './usage-event.js';
export {
  aggregateSpend,
  type Dimension,
  type PeriodUnit,
  type SpendCost,
  type SpendQuery,
  type SpendResult,
  type SpendRow,
} from './report/aggregate.js';
export {
  type IngestOptions,
  type IngestProgress,
  type IngestReject,
  type IngestSummary,
  ingestFiles,
} from './ingest/run.js';
export type {
  AlertRecord,
  ByokBucket,
  ByokQuery,
  CalibrationQuery,
  CalibrationSample,
  Ledger,
  LedgerStats,
  ModelSeen,
  OpenLedgerOptions,
  StoredInvoiceLine,
  StoredReject,
  TokenTotals,
  UsageFilters,
  UsageGroup,
  UsageQuery,
} from './store/ledger.js';
export { openLedger } from './store/open-ledger.js';
export type { Batch, BatchResult, Checkpoint, RejectRow } from './store/types.js';
export { COLUMN_DIMENSIONS, DIMENSIONS as LEDGER_DIMENSIONS, EVENT_COLUMNS } from './store/columns.js';
export {
  type Budget,
  type BudgetResult,
  type BudgetStatus,
  budgetCheckJson,
  checkBudgets,
  checkExitCode,
  configJsonSchema,
  type FailOn,
  forecastSpend,
  ledgerSpendSource,
  parseBudgets,
  pendingAnnouncements,
  type PlannedRun,
  recordAnnouncements,
  renderBudgetMarkdown,
  renderBudgetText,
  resolveAsOf,
} from './budget/index.js';
export {
  type BatchEstimate,
  type BatchEstimateOptions,
  type BatchLineRow,
  estimateBatchFile,
} from './estimate/batch.js';
export { type Calibration, type CalibrationSource, openCalibration } from './estimate/calibrate.js';
export {
  type EstimateOptions,
  type EstimateRequest,
  type EstimateResult,
  type EstimateRow,
  estimate,
} from './estimate/estimate.js';
export type { FigureSource, Projection, Range } from './estimate/projection.js';
export { type ParsedRequest, parseRequestBody } from './estimate/request.js';
export { type CountOptions, countInput, type InputCount } from './tokenize/count-input.js';
export { counterFor, freeEncoders, TokenCounter } from './tokenize/encoder.js';
export { encodingFor } from './tokenize/encoding-for.js';
export type { ImageInput, PromptInput, PromptMessage } from './tokenize/messages.js';
export {
  FORMATS,
  type FormatName,
  openUsageFile,
  type ReadOptions,
  type UsageFileReader,
} from './ingest/read-usage-file.js';
export type { IngestRecord, InvoiceLine } from './ingest/records.js';
export { captureFetch, type CaptureOptions, type FetchLike } from './capture/capture-fetch.js';
export { type OpenAIClientLike, type UsageLogOptions, withUsageLog } from './capture/with-usage-log.js';
