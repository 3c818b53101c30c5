import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../../errors.js';
import { divRoundHalfEven } from '../../money.js';
import type { RateSetData } from '../schema.js';

/**
 * LiteLLM's model_prices_and_context_window.json, read for its OpenAI entries: per-token USD rates
 * (floats) become per-1M decimal strings, and its key suffixes (_batches, _flex, _priority,
 * _above_272k_tokens) become the book's tiers and long-context block.
 */
export interface LitellmEntry {
  readonly key: string;
  readonly mode: string;
  readonly maxInputTokens: number | undefined;
  readonly maxOutputTokens: number | undefined;
  readonly standard: RateSetData;
  readonly batch: RateSetData | undefined;
  readonly flex: RateSetData | undefined;
  readonly priority: RateSetData | undefined;
  readonly longContext:
    | {
        threshold: number;
        standard: RateSetData;
        flex?: RateSetData;
        priority?: RateSetData;
        batch?: RateSetData;
      }
    | undefined;
  /** Regional-processing uplift as a fraction ("0.1" for ×1.1). */
  readonly regionalUplift: string | undefined;
  readonly efforts: string[];
  /** Why something in the entry was left out (rounded rates, half a tier). */
  readonly warnings: string[];
}

export interface LitellmFile {
  readonly entries: LitellmEntry[];
  /** Keys skipped, with the reason (other providers are not listed). */
  readonly skipped: { key: string; reason: string }[];
}

type Raw = Record<string, unknown>;
const MODES = new Set([
  'chat',
  'responses',
  'completion',
  'embedding',
  'realtime',
  'audio_transcription',
  'audio_speech',
  'image_generation',
]);

/** Reads and converts the OpenAI entries of a LiteLLM price file. */
export function readLitellmFile(path: string): LitellmFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new InvalidInputError(
      `cannot read ${path} as LiteLLM's model_prices_and_context_window.json (${(cause as Error).message})`,
      'FILE',
      { cause },
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidInputError(`${path} is not a JSON object keyed by model (LiteLLM's price map)`, 'FILE');
  }
  const entries: LitellmEntry[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const [key, value] of Object.entries(raw as Raw)) {
    if (typeof value !== 'object' || value === null) continue;
    const e = value as Raw;
    if (e.litellm_provider !== 'openai' && e.litellm_provider !== 'text-completion-openai') continue;
    if (key.includes('/') || key.startsWith('ft:')) {
      skipped.push({
        key,
        reason: key.startsWith('ft:') ? 'fine-tuned model' : 'priced per image, size or session',
      });
      continue;
    }
    if (!MODES.has(String(e.mode)) || typeof e.input_cost_per_token !== 'number') {
      skipped.push({ key, reason: `not priced per token (mode ${String(e.mode)})` });
      continue;
    }
    entries.push(convertEntry(key, e));
  }
  return { entries, skipped };
}

function convertEntry(key: string, entry: Raw): LitellmEntry {
  let e = entry;
  const warnings: string[] = [];
  const rate = (field: string): string | undefined => {
    const v = e[field];
    if (typeof v !== 'number') return undefined;
    const { text, rounded } = per1MFromPerToken(v);
    if (rounded) warnings.push(`${field} ${v} rounded to ${text} per 1M (the book keeps 6 decimals)`);
    return text;
  };
  const set = (suffix: string, required = true): RateSetData | undefined => {
    const input = rate(`input_cost_per_token${suffix}`);
    const output = rate(`output_cost_per_token${suffix}`);
    if (input === undefined && output === undefined) return undefined;
    if (required && (input === undefined || output === undefined)) {
      warnings.push(
        `${suffix.slice(1) || 'standard'} has only ${input === undefined ? 'output' : 'input'} keys: tier left out`,
      );
      return undefined;
    }
    const out: RateSetData = { input: input ?? '0', output: output ?? '0' };
    const extra: [keyof RateSetData, string][] = [
      ['cached_input', `cache_read_input_token_cost${suffix}`],
      ['cache_write', `cache_creation_input_token_cost${suffix}`],
    ];
    if (suffix === '') {
      extra.push(
        ['audio_input', 'input_cost_per_audio_token'],
        ['cached_audio_input', 'cache_read_input_audio_token_cost'],
        ['audio_output', 'output_cost_per_audio_token'],
        ['image_input', 'input_cost_per_image_token'],
        ['image_output', 'output_cost_per_image_token'],
      );
    }
    for (const [name, field] of extra) {
      const v = rate(field);
      if (v !== undefined) (out as Record<string, string>)[name] = v;
    }
    return out;
  };
  // Image and speech models list no text output rate: their output is all image (or audio) tokens.
  if (typeof e.output_cost_per_token !== 'number') {
    const mediaOutput = e.output_cost_per_image_token ?? e.output_cost_per_audio_token ?? 0;
    e = { ...e, output_cost_per_token: mediaOutput };
    if (mediaOutput === 0) warnings.push('no output rate: output priced at 0');
  }
  const standard = set('')!;
  const threshold = Object.keys(e)
    .map((k) => /^input_cost_per_token_above_(\d+)k_tokens$/.exec(k)?.[1])
    .find((x) => x !== undefined);
  let longContext: LitellmEntry['longContext'];
  if (threshold !== undefined) {
    const above = `_above_${threshold}k_tokens`;
    const longStandard = set(above);
    if (longStandard) {
      longContext = { threshold: Number(threshold) * 1000, standard: longStandard };
      const longFlex = set(`${above}_flex`);
      const longPriority = set(`${above}_priority`);
      if (longFlex) longContext.flex = longFlex;
      if (longPriority) longContext.priority = longPriority;
    }
  }
  const uplift = e.regional_processing_uplift_multiplier_us ?? e.regional_processing_uplift_multiplier_eu;
  return {
    key,
    mode: String(e.mode),
    maxInputTokens: typeof e.max_input_tokens === 'number' ? e.max_input_tokens : undefined,
    maxOutputTokens: typeof e.max_output_tokens === 'number' ? e.max_output_tokens : undefined,
    standard,
    batch: set('_batches'),
    flex: set('_flex'),
    priority: set('_priority'),
    longContext,
    regionalUplift:
      typeof uplift === 'number' && uplift > 1 ? decimalText(exactDecimal(uplift), -1n) : undefined,
    efforts: effortsOf(e),
    warnings,
  };
}

function effortsOf(e: Raw): string[] {
  if (e.supports_reasoning !== true) return [];
  const out: string[] = [];
  if (e.supports_none_reasoning_effort === true) out.push('none');
  if (e.supports_minimal_reasoning_effort === true) out.push('minimal');
  out.push('low', 'medium', 'high');
  if (e.supports_xhigh_reasoning_effort === true) out.push('xhigh');
  return out;
}

/** A JS number's shortest decimal form as an exact decimal (1.25e-6 → 125 × 10^-8). */
function exactDecimal(n: number): { units: bigint; scale: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(n));
  if (!m) throw new InvalidInputError(`not a non-negative rate: ${n}`, 'FILE');
  const frac = m[2] ?? '';
  const scale = frac.length - Number(m[3] ?? 0);
  const units = BigInt(`${m[1]}${frac}`);
  return scale >= 0 ? { units, scale } : { units: units * 10n ** BigInt(-scale), scale: 0 };
}

/** USD per token (a float as LiteLLM stores it) → USD per 1M tokens, at most 6 decimals. */
export function per1MFromPerToken(perToken: number): { text: string; rounded: boolean } {
  const d = exactDecimal(perToken);
  // × 1e6: six places fewer.
  let scale = d.scale - 6;
  let units = d.units;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  let rounded = false;
  if (scale > 6) {
    units = divRoundHalfEven(units, 10n ** BigInt(scale - 6));
    scale = 6;
    rounded = true;
  }
  return { text: decimalText({ units, scale }, 0n), rounded };
}

/** Decimal → plain text without trailing zeros, after adding `offset` whole units (uplift 1.1 → 0.1). */
function decimalText(d: { units: bigint; scale: number }, offset: bigint): string {
  const units = d.units + offset * 10n ** BigInt(d.scale);
  const s = units.toString().padStart(d.scale + 1, '0');
  const text = d.scale === 0 ? s : `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
