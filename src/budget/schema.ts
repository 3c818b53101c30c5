import { withAccepted } from '../errors.js';
import { z } from 'zod';
import { configSchema } from '../config.js';
import { DIMENSIONS } from '../report/types.js';
import { parseDecimal, parseUsd } from '../money.js';
import { EFFORTS, TIERS } from '../usage-event.js';

/** Scope keys are the report's group-by names; `tag:KEY` filters on one tag. */
export const SCOPE_KEYS = DIMENSIONS;
export type ScopeKey = (typeof SCOPE_KEYS)[number] | `tag:${string}`;

export const BUDGET_PERIODS = ['month', 'week', 'day'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const DEFAULT_THRESHOLDS = [0.5, 0.8, 1] as const;

/** Scope keys whose values are a closed list, checked so a typo does not silently match nothing. */
const CLOSED_SCOPE_VALUES: Record<string, readonly string[]> = { tier: TIERS, effort: EFFORTS };

const SCOPE_KEYS_TEXT = `${SCOPE_KEYS.join(', ')}, tag:KEY`;
const USD_TEXT = 'a number > 0 in USD, e.g. 500 or "499.99"';

const scopeKey = z.union([z.enum(SCOPE_KEYS), z.string().regex(/^tag:[^\s]+$/)], {
  error: withAccepted('unknown scope key', SCOPE_KEYS_TEXT),
});
const SCOPE_VALUE_TEXT = 'expected a non-empty string or a non-empty list of strings';
const scopeValue = z
  .union(
    [
      z.string().min(1, SCOPE_VALUE_TEXT),
      z.array(z.string().min(1, SCOPE_VALUE_TEXT)).min(1, SCOPE_VALUE_TEXT),
    ],
    {
      error: SCOPE_VALUE_TEXT,
    },
  )
  .describe('One value, or a list of accepted values.');

/** A USD amount as a JSON number or a decimal string; read exactly (never through a float). */
const usdAmount = z
  .union(
    [z.number().positive(`expected ${USD_TEXT}`), z.string().regex(/^\d+(\.\d+)?$/, `expected ${USD_TEXT}`)],
    {
      error: `expected ${USD_TEXT}`,
    },
  )
  .refine((v) => {
    const m = parseUsd(v);
    return m !== undefined && m > 0n;
  }, `expected ${USD_TEXT}`);

const threshold = z
  .number({ error: 'expected a fraction of the limit > 0 and ≤ 10, e.g. 0.8 for 80%' })
  .gt(0, 'expected a fraction of the limit > 0 and ≤ 10, e.g. 0.8 for 80%')
  .lte(10, 'expected a fraction of the limit > 0 and ≤ 10, e.g. 0.8 for 80%')
  .refine((v) => parseDecimal(v) !== undefined, 'expected a plain decimal fraction such as 0.8');

export const budgetSchema = z
  .strictObject(
    {
      name: z
        .string({ error: 'expected a non-empty name, e.g. "org-monthly"' })
        .min(1, 'expected a non-empty name, e.g. "org-monthly"')
        .describe('Unique name; alert state is kept per name.'),
      period: z
        .enum(BUDGET_PERIODS, { error: `expected one of ${BUDGET_PERIODS.join(', ')}` })
        .describe('Calendar period in the config/--tz zone; weeks start on Monday (ISO).'),
      limit_usd: usdAmount.describe('The budget for one period, in USD.'),
      scope: z
        .record(scopeKey, scopeValue, {
          error: (issue) =>
            issue.code === 'invalid_key'
              ? withAccepted('unknown scope key', SCOPE_KEYS_TEXT)
              : `expected an object of filters (keys: ${SCOPE_KEYS_TEXT})`,
        })
        .optional()
        .describe('Filters (all must match); omit for everything in the ledger.'),
      include_fees: z
        .boolean({ error: 'expected true or false' })
        .default(true)
        .describe('Whether gateway fees count against the limit.'),
      thresholds: z
        .array(threshold, { error: 'expected a list of fractions, e.g. [0.5, 0.8, 1.0]' })
        .min(1, 'expected at least one threshold, e.g. [0.5, 0.8, 1.0]')
        .default([...DEFAULT_THRESHOLDS])
        .describe('Alert thresholds as fractions of the limit; each is announced once per period.'),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'expected a budget object') },
  )
  .describe('One budget.');

export const budgetsSchema = z
  .array(budgetSchema, { error: 'expected a list of budgets' })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((b, i) => {
      for (const [key, accepted] of Object.entries(CLOSED_SCOPE_VALUES)) {
        const value = b.scope?.[key];
        const bad = (typeof value === 'string' ? [value] : (value ?? [])).find((v) => !accepted.includes(v));
        if (bad !== undefined) {
          const path = typeof value === 'string' ? [i, 'scope', key] : [i, 'scope', key, value!.indexOf(bad)];
          ctx.addIssue({
            code: 'custom',
            path,
            message: withAccepted(`unknown ${key} "${bad}"`, accepted.join(', ')),
          });
        }
      }
      if (seen.has(b.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `duplicate budget name "${b.name}" (names must be unique)`,
        });
      }
      seen.add(b.name);
    });
  });

export type BudgetConfig = z.infer<typeof budgetSchema>;

/** The whole config file as the JSON Schema describes it: config.ts's keys plus typed budgets. */
export const configFileSchema = configSchema.extend({ budgets: budgetsSchema.optional() });

/** The JSON Schema for tokenledger.config.json, generated from the zod schemas (committed under schema/). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'tokenledger.config.json' };
}

/** The committed file's exact text: 2-space JSON and a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
