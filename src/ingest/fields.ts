import { EFFORTS, type Effort, type Tier } from '../usage-event.js';

/** Thrown by parsers for a bad record; the message is the reject reason. Caught per line. */
export class RejectError extends Error {}

/** Rejects the current record with `reason`. */
export function reject(reason: string): never {
  throw new RejectError(reason);
}

export type Json = Record<string, unknown>;

/** The value as a plain JSON object, or undefined. */
export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const WHOLE_RE = /^\d+(?:\.0*)?$/;

/** True while a CSV row is parsed: every cell is text there, so numeric strings are counts. */
let textCells = false;

/** Runs `parse` on a row whose values are all text (CSV cells), where "12" is the number 12. */
export function withTextCells<T>(parse: () => T): T {
  const before = textCells;
  textCells = true;
  try {
    return parse();
  } finally {
    textCells = before;
  }
}

/**
 * A token count: a non-negative whole number. Floats with no fraction (`10.0`) are accepted; a
 * numeric string only in CSV cells (`withTextCells`) — in JSON `"input_tokens": "12"` is a wrong
 * type and rejects the record naming the field, as the README says.
 */
export function count(value: unknown, name: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER) return value;
    if (value < 0) reject(`${name} ${value} is negative`);
    reject(`${name} ${value} is not a whole number`);
  }
  if (typeof value === 'string' && !textCells) {
    reject(`${name} must be a number, got string ${JSON.stringify(value.slice(0, 40))}`);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (WHOLE_RE.test(text)) {
      const n = Number(text);
      if (n <= Number.MAX_SAFE_INTEGER) return n;
    }
    if (text.startsWith('-')) reject(`${name} ${text} is negative`);
    reject(`${name} "${text.slice(0, 40)}" is not a whole number`);
  }
  if (value === undefined || value === null) reject(`${name} is missing`);
  reject(`${name} must be a number, got ${Array.isArray(value) ? 'array' : typeof value}`);
}

/** Like `count`, but missing, null and empty values are 0 (detail counts default to 0). */
export function optCount(value: unknown, name: string): number {
  if (value === undefined || value === null || value === '') return 0;
  return count(value, name);
}

const MIN_TS_MS = Date.UTC(2020, 0, 1);
const FUTURE_SLACK_MS = 2 * 86_400_000;

/** Checks an epoch-ms timestamp is within 2020-01-01 .. now + 2 days. */
export function checkTs(ms: number, name: string, raw: unknown, nowMs: number): number {
  if (!Number.isFinite(ms)) reject(`${name} ${JSON.stringify(raw)} is not a timestamp`);
  if (ms < MIN_TS_MS || ms > nowMs + FUTURE_SLACK_MS) {
    reject(`${name} ${JSON.stringify(raw)} is out of range (2020-01-01 .. now + 2 days)`);
  }
  return ms;
}

/** Unix seconds (int, float or numeric string) → epoch ms, range-checked. */
export function secondsTs(value: unknown, name: string, nowMs: number): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
    n = Number(value);
  else if (value === undefined || value === null) reject(`${name} is missing`);
  else reject(`${name} must be unix seconds, got ${JSON.stringify(value).slice(0, 40)}`);
  return checkTs(Math.round(n * 1000), name, value, nowMs);
}

const ZONE_RE = /(?:Z|[+-]\d\d:?\d\d)$/i;

/** An ISO-8601 string (zone-less means UTC; a space instead of T is fine) or unix seconds → epoch ms. */
export function isoTs(value: unknown, name: string, nowMs: number): number {
  if (typeof value === 'number') return secondsTs(value, name, nowMs);
  if (typeof value !== 'string' || value.trim() === '') {
    if (value === undefined || value === null || value === '') reject(`${name} is missing`);
    reject(`${name} must be an ISO timestamp, got ${typeof value}`);
  }
  let text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return secondsTs(text, name, nowMs);
  text = text.replace(' ', 'T');
  if (!ZONE_RE.test(text)) text += 'Z';
  return checkTs(Date.parse(text), name, value, nowMs);
}

/**
 * The served tier from a response's `service_tier`: auto/default/scale/null → standard,
 * flex → flex, priority/fast/ultrafast → priority.
 */
export function servedTier(value: unknown): Tier {
  switch (value) {
    case 'flex':
      return 'flex';
    case 'priority':
    case 'fast':
    case 'ultrafast':
      return 'priority';
    case 'batch':
      return 'batch';
    default:
      return 'standard';
  }
}

/** A known effort name, or undefined (null, absent, or a name outside EFFORTS such as "max"). */
export function effortOf(value: unknown): Effort | undefined {
  return typeof value === 'string' && (EFFORTS as readonly string[]).includes(value)
    ? (value as Effort)
    : undefined;
}
