import { createReadStream, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { InvalidInputError, invalidValue, TokenledgerError } from '../errors.js';
import type { Money } from '../money.js';
import type { PriceBook } from '../pricing/price-book.js';
import { findModel } from '../pricing/resolve-model.js';
import { encodingFor } from '../tokenize/encoding-for.js';
import { countInput } from '../tokenize/count-input.js';
import type { Tier } from '../usage-event.js';
import { type CalibrationSource, openCalibration } from './calibrate.js';
import {
  type EstimateOptions,
  type EstimateRow,
  effortsFor,
  estimateRow,
  sumRows,
  unknownModelId,
  unpricedRow,
} from './estimate.js';
import { loadReasoningDefaults } from './reasoning-defaults.js';
import { parseRequestBody } from './request.js';

export interface BatchEstimateOptions {
  book: PriceBook;
  /** Default: batch (the Batch API's tier). */
  tier?: Tier;
  /** Overrides every line's reasoning effort. */
  effort?: string;
  /** Overrides every line's model. */
  model?: string;
  outputTokens?: number;
  maxOutputTokens?: number;
  atMs?: number;
  /** A ledger file to calibrate reasoning from (used only when it exists). */
  db?: string;
  calibration?: CalibrationSource;
  /** Bytes read so far and the file size. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
}

export interface BatchLineRow extends EstimateRow {
  line: number;
  customId: string | null;
}

export interface BatchEstimate {
  file: string;
  rows: BatchLineRow[];
  total: ReturnType<typeof sumRows>;
  /** Convenience: the total's p50/p90/max cost. */
  cost: { p50: Money; p90: Money; max: Money };
  warnings: string[];
}

const URLS = ['/v1/responses', '/v1/chat/completions'];

/**
 * Estimates every line of a Batch API input file ({custom_id, method, url, body} per line) and
 * their total, at the batch tier unless told otherwise. Lines are streamed; shared texts (system
 * prompts) are tokenized once.
 * @example const { cost } = await estimateBatchFile('jobs.jsonl', { book }); // cost.p90 is Money
 */
export async function estimateBatchFile(path: string, options: BatchEstimateOptions): Promise<BatchEstimate> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (cause) {
    throw new InvalidInputError(`cannot read batch file: ${(cause as Error).message}`, path, { cause });
  }
  const defaults = loadReasoningDefaults();
  const ownCalibration = options.calibration
    ? undefined
    : options.db
      ? await openCalibration(options.db, options.book, defaults.min_ledger_samples)
      : undefined;
  const calibration = options.calibration ?? ownCalibration;
  const rowOptions: EstimateOptions = {
    book: options.book,
    defaults,
    ...(calibration ? { calibration } : {}),
    ...(options.outputTokens === undefined ? {} : { outputTokens: options.outputTokens }),
    ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
    ...(options.atMs === undefined ? {} : { atMs: options.atMs }),
  };
  const rows: BatchLineRow[] = [];
  const warnings: string[] = [];
  const baseDir = dirname(path);
  let lineNo = 0;
  let bytes = 0;
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  try {
    for await (const text of lines) {
      lineNo++;
      bytes += Buffer.byteLength(text) + 1;
      if (text.trim() === '') continue;
      const origin = `${path}:${lineNo}`;
      try {
        rows.push(await estimateLine(text, origin, lineNo, baseDir, options, rowOptions, warnings));
      } catch (error) {
        if (error instanceof TokenledgerError && !error.message.startsWith(origin))
          error.message = `${origin}: ${error.message}`;
        throw error;
      }
      if ((lineNo & 1023) === 0) options.onProgress?.(bytes, size);
    }
  } finally {
    await ownCalibration?.close();
  }
  if (rows.length === 0) throw new InvalidInputError('batch file has no request lines', path);
  options.onProgress?.(size, size);
  const total = sumRows(rows);
  return { file: path, rows, total, cost: total.cost!, warnings };
}

async function estimateLine(
  text: string,
  origin: string,
  line: number,
  baseDir: string,
  options: BatchEstimateOptions,
  rowOptions: EstimateOptions,
  warnings: string[],
): Promise<BatchLineRow> {
  let obj: { custom_id?: unknown; url?: unknown; body?: unknown };
  try {
    obj = JSON.parse(text) as typeof obj;
  } catch {
    throw new InvalidInputError(
      'not valid JSON (expected {"custom_id", "method", "url", "body"} per line)',
      origin,
    );
  }
  if (typeof obj.url !== 'string' || !URLS.includes(obj.url)) {
    throw invalidValue(origin, `url ${JSON.stringify(obj.url)} is not estimable`, URLS.join(', '));
  }
  const parsed = parseRequestBody(obj.body, origin);
  const rawModel = options.model ?? parsed.model;
  if (rawModel === undefined) throw new InvalidInputError('no "model" in the body (or give --model)', origin);
  const model = findModel(options.book, rawModel);
  const encoding = model?.encoding ?? encodingFor(options.book, rawModel, origin).encoding;
  const modelId = model?.id ?? unknownModelId(rawModel);
  const counted = countInput(parsed.prompt, { encoding, modelId, baseDir });
  for (const w of counted.warnings) if (warnings.length < 20 && !warnings.includes(w)) warnings.push(w);
  if (!model) {
    const w = `${rawModel} is not in the price book: input counted with ${encoding}, not priced`;
    if (warnings.length < 20 && !warnings.includes(w)) warnings.push(w);
    const row = unpricedRow(modelId, options.tier ?? 'batch', counted, parsed, rowOptions);
    return { ...row, line, customId: typeof obj.custom_id === 'string' ? obj.custom_id : null };
  }
  const [effort] = effortsFor(model, options.effort ?? parsed.effort, options.effort !== undefined);
  await rowOptions.calibration?.prepare(model.id, effort);
  const row = estimateRow(model, options.tier ?? 'batch', effort, counted.tokens, parsed, rowOptions, true);
  // Kept for --explain (the per-line breakdown); counting made it already, keeping it is free.
  row.input = counted;
  return { ...row, line, customId: typeof obj.custom_id === 'string' ? obj.custom_id : null };
}
