import { z } from 'zod';
import { parseDecimal } from '../money.js';

/**
 * The price book's file format (data/pricing/openai.json and user overrides given by --pricing).
 * Rates are USD per 1M tokens, as strings or JSON numbers with at most 6 decimals.
 */
const rate = z.union([z.string(), z.number()]).refine(
  (v) => {
    const d = parseDecimal(v);
    return d !== undefined && d.units >= 0n && d.scale <= 6;
  },
  { message: 'expected a non-negative decimal with at most 6 decimals, e.g. "2.50"' },
);

const multiplier = z.union([z.string(), z.number()]).refine(
  (v) => {
    const d = parseDecimal(v);
    return d !== undefined && d.units > 0n && d.scale <= 3;
  },
  { message: 'expected a positive decimal with at most 3 decimals, e.g. "0.5" or "2.5"' },
);

/**
 * Explicit rates. A missing cached_input means no cache discount (cached tokens at the input rate);
 * a missing cache_write means writes cost nothing extra (written tokens at the input rate); a missing
 * cache_write_12h means 12-hour writes cost what 30-minute writes cost. Non-text classes: a missing
 * image_input / cached_image_input bills image tokens as text input (the chat models' rule); a
 * missing audio_input, audio_output or image_output means the model has no price for that class.
 */
export const rateSetSchema = z.strictObject({
  input: rate,
  cached_input: rate.optional(),
  cache_write: rate.optional(),
  cache_write_12h: rate.optional(),
  output: rate,
  audio_input: rate.optional(),
  cached_audio_input: rate.optional(),
  audio_output: rate.optional(),
  image_input: rate.optional(),
  cached_image_input: rate.optional(),
  image_output: rate.optional(),
});

/** A tier's prices: explicit rates, or a multiple of the same context's standard rates. */
export const tierPriceSchema = z.union([
  rateSetSchema,
  z.strictObject({ multiplier, note: z.string().optional() }),
]);

const tierPrices = {
  standard: rateSetSchema,
  batch: tierPriceSchema.optional(),
  flex: tierPriceSchema.optional(),
  priority: tierPriceSchema.optional(),
};

export const longContextSchema = z.strictObject({
  /** Whole-request rule: a request whose input tokens EXCEED this is priced entirely at these rates. */
  threshold: z.number().int().positive(),
  ...tierPrices,
  note: z.string().optional(),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'expected YYYY-MM-DD (UTC midnight) or an ISO 8601 instant',
  })
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)), {
    message: 'not a real date',
  });

const tierName = z.enum(['standard', 'batch', 'flex', 'priority']);

/** A model priced as a multiple of another model's rates at the same instant (Pro = 6× base). */
export const deriveSchema = z.strictObject({
  from: z.string().min(1),
  multiplier,
  /** false: the derived model has no cached-input discount (cached tokens at its input rate). */
  cached_input: z.boolean().default(true),
});

export const priceVersionSchema = z
  .strictObject({
    effective_from: isoDate,
    /** Exclusive end (a retired model's shutdown, or the day the next version takes over). */
    effective_until: isoDate.optional(),
    sources: z.array(z.url()).min(1),
    note: z.string().optional(),
    standard: rateSetSchema.optional(),
    batch: tierPriceSchema.optional(),
    flex: tierPriceSchema.optional(),
    priority: tierPriceSchema.optional(),
    long_context: longContextSchema.optional(),
    derive: deriveSchema.optional(),
    /** With derive: which tiers this model offers (default: all the base offers). */
    tiers: z.array(tierName).optional(),
    /** With derive: which tiers are offered above the long-context threshold. */
    long_context_tiers: z.array(tierName).optional(),
  })
  .refine((v) => (v.standard === undefined) !== (v.derive === undefined), {
    message: 'a version needs either "standard" rates or "derive", not both',
  });

const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

export const modelSchema = z.strictObject({
  id: z.string().min(1),
  family: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  /** tiktoken encoding name. */
  encoding: z.string().default('o200k_base'),
  context_window: z.number().int().positive(),
  max_output_tokens: z.number().int().positive(),
  /** Reasoning efforts the model accepts; empty for non-reasoning models. */
  efforts: z.array(effort).default([]),
  default_effort: effort.optional(),
  /** Data-residency (regional endpoint) uplift as a fraction, e.g. "0.10" for +10%. */
  data_residency_uplift: multiplier.optional(),
  notes: z.array(z.string()).default([]),
  versions: z.array(priceVersionSchema).min(1),
});

/** A USD amount per unit (a call, a session, a GB-day, 1M characters, a minute, an image), at most 6 decimals. */
const usdPerUnit = rate;

export const TOOL_FEE_IDS = [
  'web_search',
  'file_search',
  'code_interpreter',
  'vector_store_storage',
  'speech',
  'transcription',
  'image_generation',
] as const;
export type ToolFeeId = (typeof TOOL_FEE_IDS)[number];
export const SEARCH_CONTEXT_SIZES = ['low', 'medium', 'high'] as const;
export type SearchContextSize = (typeof SEARCH_CONTEXT_SIZES)[number];
export const IMAGE_QUALITIES = ['standard', 'hd'] as const;
export type ImageQuality = (typeof IMAGE_QUALITIES)[number];

/**
 * The unit each fee is priced in, as the sources write it. Per-unit model prices (#12): speech
 * per 1M input characters (tts-1), transcription per minute of audio (whisper-1, billed to the
 * second), image generation per image (DALL·E, by size and quality).
 */
export const TOOL_FEE_UNITS = {
  web_search: 'call',
  file_search: 'call',
  code_interpreter: 'session',
  vector_store_storage: 'gb_day',
  speech: 'million_characters',
  transcription: 'minute',
  image_generation: 'image',
} as const satisfies Record<ToolFeeId, string>;

/** Fees that are a model's own price per unit, so an entry must name its models. */
const PER_UNIT_MODEL_PRICES: readonly ToolFeeId[] = ['speech', 'transcription', 'image_generation'];

/** A per-call, per-session, per-GB-day or per-unit fee (built-in tools, storage, per-unit models), effective-dated. */
export const toolFeeSchema = z
  .strictObject({
    id: z.enum(TOOL_FEE_IDS),
    unit: z.enum(['call', 'session', 'gb_day', 'million_characters', 'minute', 'image']),
    /** Web search priced by search context size (the search-preview models). */
    context_size: z.enum(SEARCH_CONTEXT_SIZES).optional(),
    /** Image generation only: the image size the price is for ("1024x1024"). */
    size: z
      .string()
      .regex(/^\d+x\d+$/, { message: 'expected WIDTHxHEIGHT, e.g. "1024x1024"' })
      .optional(),
    /** Image generation only: the quality the price is for. */
    quality: z.enum(IMAGE_QUALITIES).optional(),
    /** Only these models (ids or aliases); absent: every model without a more specific entry. */
    models: z.array(z.string().min(1)).optional(),
    notes: z.array(z.string()).default([]),
    versions: z
      .array(
        z.strictObject({
          effective_from: isoDate,
          sources: z.array(z.url()).min(1),
          note: z.string().optional(),
          usd_per_unit: usdPerUnit,
        }),
      )
      .min(1),
  })
  .superRefine((t, ctx) => {
    if (t.unit !== TOOL_FEE_UNITS[t.id]) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `${t.id} is priced per ${TOOL_FEE_UNITS[t.id]}, not per ${t.unit}`,
      });
    }
    if (PER_UNIT_MODEL_PRICES.includes(t.id) && (t.models === undefined || t.models.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['models'],
        message: `a ${t.id} price is a model's own: list the models it is for`,
      });
    }
    if (t.id !== 'image_generation' && (t.size !== undefined || t.quality !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['size'],
        message: 'size and quality apply to image_generation prices only',
      });
    }
    if (t.id !== 'web_search' && t.context_size !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['context_size'],
        message: 'context_size applies to web_search fees only',
      });
    }
  });

export const priceBookFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  /** The day the book's facts were last checked against its sources. */
  as_of: isoDate.optional(),
  models: z.array(modelSchema),
  tool_fees: z.array(toolFeeSchema).default([]),
});

/** A user override file: for a model already in the book, family and limits may be left out. */
export const overrideModelSchema = modelSchema.partial({
  family: true,
  context_window: true,
  max_output_tokens: true,
});

export const overrideFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  as_of: isoDate.optional(),
  models: z.array(overrideModelSchema).optional(),
  tool_fees: z.array(toolFeeSchema).optional(),
});

export type RateSetData = z.infer<typeof rateSetSchema>;
export type TierPriceData = z.infer<typeof tierPriceSchema>;
export type PriceVersionData = z.infer<typeof priceVersionSchema>;
export type ModelData = z.infer<typeof modelSchema>;
export type OverrideModelData = z.infer<typeof overrideModelSchema>;
export type PriceBookFile = z.infer<typeof priceBookFileSchema>;
export type ToolFeeData = z.infer<typeof toolFeeSchema>;

const payment = z.strictObject({
  percent: rate,
  /** Minimum fee per top-up, USD. */
  min_usd: rate.optional(),
});

export const gatewaySchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  sources: z.array(z.url()).min(1),
  note: z.string().optional(),
  /** How a top-up percentage is charged: on top of the credits bought ($105 for $100 of credits),
   *  or out of the amount paid ($95.24 of credits for $100). */
  fee_applied: z.enum(['on_top', 'out_of_payment']).default('on_top'),
  /** Fee per payment method at credit top-up; an empty object means no fee. */
  topup_fees: z.record(z.string(), payment).default({}),
  default_payment: z.string().optional(),
  /** Fee on calls made with the user's own provider key. */
  byok: z
    .strictObject({
      percent: rate,
      free_requests_per_month: z.number().int().nonnegative().default(0),
    })
    .optional(),
});

export const gatewayFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  gateways: z.array(gatewaySchema),
});

export type GatewayData = z.infer<typeof gatewaySchema>;
