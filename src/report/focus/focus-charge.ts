import type { Money } from '../../money.js';

/** The token meters a model is priced by (the cost engine's lines), each its own SKU price in FOCUS. */
export const METERS = {
  input: { id: 'input-tokens', name: 'Input Tokens', what: 'uncached input tokens' },
  cachedInput: { id: 'cached-input-tokens', name: 'Cached Input Tokens', what: 'cached input tokens' },
  cacheWrite: { id: 'cache-write-tokens', name: 'Cache Write Tokens', what: 'cache write tokens' },
  output: { id: 'output-tokens', name: 'Output Tokens', what: 'output tokens (reasoning included)' },
  cacheWrite12h: {
    id: 'cache-write-12h-tokens',
    name: 'Cache Write Tokens (12-hour)',
    what: 'cache write tokens with 12-hour retention',
  },
  audioInput: { id: 'audio-input-tokens', name: 'Audio Input Tokens', what: 'uncached audio input tokens' },
  cachedAudioInput: {
    id: 'cached-audio-input-tokens',
    name: 'Cached Audio Input Tokens',
    what: 'cached audio input tokens',
  },
  audioOutput: { id: 'audio-output-tokens', name: 'Audio Output Tokens', what: 'audio output tokens' },
  imageInput: { id: 'image-input-tokens', name: 'Image Input Tokens', what: 'uncached image input tokens' },
  cachedImageInput: {
    id: 'cached-image-input-tokens',
    name: 'Cached Image Input Tokens',
    what: 'cached image input tokens',
  },
  imageOutput: { id: 'image-output-tokens', name: 'Image Output Tokens', what: 'image output tokens' },
} as const;
export type TokenMeter = keyof typeof METERS;

/** Who sells the usage: OpenAI directly, or a gateway that bills for it. */
export interface Issuer {
  id: string;
  name: string;
}

/**
 * One FOCUS charge: the usage of one SKU price (a model's token meter at one tier, context size,
 * region and price version, or a gateway fee rate) in one charge period, for one sub-account,
 * tag set and set of report dimensions. Amounts are exact (atto-dollars); quantities are tokens,
 * or atto-dollars for a fee's base amount.
 */
export interface FocusCharge {
  chargeStartMs: number;
  chargeEndMs: number;
  billingStartMs: number;
  billingEndMs: number;
  issuer: Issuer;
  project: string;
  /** The canonical tag JSON as stored (user tags, unchanged), '' for none. */
  tags: string;
  /** Report dimension values for the x_ columns, by dimension name. */
  dims: Record<string, string>;
  skuId: string;
  skuPriceId: string;
  skuMeter: string;
  description: string;
  /**
   * Tokens; units (tool calls, container sessions, storage GB-days); a top-up fee is a Purchase, a
   * BYOK fee a Usage charge, both over an amount of USD.
   */
  kind: 'tokens' | 'units' | 'topup-fee' | 'byok-fee';
  /** Tokens, units as quantity / 10^quantityScale, or the fee's base amount in atto-dollars. */
  quantity: bigint;
  /** Units only: the decimal scale of `quantity` (0 for calls, 9 or 12 for GB-days). */
  quantityScale?: number;
  /** Units only: the PricingUnit/ConsumedUnit ("Calls", "Sessions", "GB-Days"). */
  unitName?: string;
  /** Atto-dollars per token, or the fee rate as units / 10^unitScale. */
  listUnit: bigint;
  contractedUnit: bigint;
  unitScale: number;
  /** Costs as units / 10^costScale USD: 18 for tokens (atto-dollars); 18 + unitScale for fees, exact. */
  listCost: bigint;
  contractedCost: bigint;
  /** What is billed: the contracted cost, or a gateway-reported cost spread over the meters. */
  billedCost: bigint;
  costScale: number;
}

export type { Money };
