import type { z } from 'zod';
import { ConfigError, withAccepted } from '../errors.js';
import { type Decimal, type Money, parseDecimal, parseUsd } from '../money.js';
import { type BudgetPeriod, budgetsSchema, type ScopeKey } from './schema.js';

/** A threshold as written ("0.8") and as an exact decimal, so comparisons never use floats. */
export interface Threshold {
  readonly text: string;
  readonly value: Decimal;
}

/** A validated budget, ready to evaluate. */
export interface Budget {
  readonly name: string;
  readonly period: BudgetPeriod;
  readonly limit: Money;
  /** Scope filters (all must match); empty for everything. */
  readonly scope: Partial<Record<ScopeKey, string[]>>;
  readonly includeFees: boolean;
  /** Ascending, without duplicates. */
  readonly thresholds: readonly Threshold[];
}

/**
 * Validates the config's `budgets` section. Errors name the key path (`budgets[1].limit_usd`),
 * the bad value and what is accepted.
 * @example parseBudgets(config.budgets, 'tokenledger.config.json')
 */
export function parseBudgets(raw: unknown, file = 'config'): Budget[] {
  if (raw === undefined) return [];
  const parsed = budgetsSchema.safeParse(raw);
  if (!parsed.success) throw configError(parsed.error, raw, file);
  return parsed.data.map((b) => {
    const scope: Partial<Record<ScopeKey, string[]>> = {};
    for (const [key, value] of Object.entries(b.scope ?? {})) {
      scope[key as ScopeKey] = typeof value === 'string' ? [value] : [...new Set(value)];
    }
    const thresholds = [...new Set(b.thresholds.map((t) => String(t)))]
      .map((text) => ({ text, value: parseDecimal(text)! }))
      .sort((x, y) => compareDecimal(x.value, y.value));
    return {
      name: b.name,
      period: b.period,
      limit: parseUsd(b.limit_usd)!,
      scope,
      includeFees: b.include_fees,
      thresholds,
    };
  });
}

function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `budgets[1].scope["tag:team"]` */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = 'budgets';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_][\w]*$/.test(String(p))) out += `.${String(p)}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

function configError(error: z.ZodError, raw: unknown, file: string): ConfigError {
  const issue = error.issues[0]!;
  const path = issue.path;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = withAccepted(
      `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      'name, period, limit_usd, scope, include_fees, thresholds',
    );
  } else if (issue.code !== 'invalid_key') {
    const value = valueAt(raw, path);
    if (value !== undefined) message += `, got ${JSON.stringify(value)}`;
    else message = `is required: ${message}`;
  }
  return new ConfigError(`${file}: ${keyPath(path)}: ${message}`);
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** "0.8" → "80%", "1.25" → "125%", exact (no float). */
export function thresholdPercent(text: string): string {
  const [whole = '0', frac = ''] = text.split('.');
  const padded = `${frac}00`;
  const pct = BigInt(whole) * 100n + BigInt(padded.slice(0, 2));
  const rest = padded.slice(2).replace(/0+$/, '');
  return rest ? `${pct}.${rest}%` : `${pct}%`;
}
