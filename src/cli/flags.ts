import { InvalidInputError } from '../errors.js';
import { EFFORTS, type Effort, TIERS, type Tier } from '../usage-event.js';
import { countValue, dateValue, effortValue, tierValue, usdValue } from './flag-values.js';
import { type FlagValue, parseFlags } from './options.js';

/**
 * Single-flag parsers for code that reads one value at a time. Each one goes through the shared
 * value kinds (flag-values.ts), so its error names the flag, the value and what is accepted exactly
 * as a command's zod flag schema would.
 */
export function parseValue<T>(kind: FlagValue<T>, value: string, flag: string): T {
  return parseFlags({ v: { flags: flag, help: '', value: kind, required: true } }, { v: value }).v;
}

export function parseCount(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : parseValue(countValue, value, flag);
}

export function requireCount(value: string | undefined, flag: string): number {
  const n = parseCount(value, flag);
  if (n === undefined) throw new InvalidInputError('is required (a whole number ≥ 0)', flag);
  return n;
}

export function parseTier(value: string, flag = '--tier'): Tier {
  return parseValue(tierValue, value, flag);
}

export function parseTierList(value: string, flag = '--tier'): Tier[] {
  if (value.trim() === 'all') return [...TIERS];
  return [...new Set(splitList(value).map((v) => parseTier(v, flag)))];
}

export function parseEffortName(value: string, flag = '--effort'): Effort {
  return parseValue({ ...effortValue, accepted: `${EFFORTS.join(', ')}, all` }, value, flag);
}

export function parseDateFlag(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : parseValue(dateValue, value, flag);
}

export function parseUsdFlag(value: string, flag: string): bigint {
  return parseValue(usdValue, value, flag);
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
