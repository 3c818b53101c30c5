import { counterFor, type TokenCounter } from './encoder.js';
import { framingFor } from './framing.js';
import { imageRange, imageSizeOf } from './image-input.js';
import { imageRuleFor, imageTokens } from './image-tokens.js';
import type { PromptInput } from './messages.js';
import { renderResponseFormat } from './response-format.js';
import { renderTools } from './tools.js';
import { describeUnpredictable, type UncertainPart } from './unpredictable.js';

export { DEFAULT_IMAGE_SIZE } from './image-input.js';

export interface InputParts {
  text: number;
  framing: number;
  tools: number;
  schema: number;
  images: number;
}

export interface InputCount {
  /** The count as billed for everything the request itself shows. */
  tokens: number;
  parts: InputParts;
  /** What the API may bill: `max` null when a part has no known upper bound (server-side history). */
  range: { min: number; max: number | null };
  /** Parts that cannot be counted exactly from the request, each with its effect on the range. */
  uncertain: UncertainPart[];
  /** Which framing rule applied ("chat" or "reasoning"). */
  framingRule: string;
  warnings: string[];
}

export interface CountOptions {
  encoding: string;
  /** Canonical model id (or the raw id of a model the price book lacks): selects framing and image rules. */
  modelId: string;
  /** Folder that relative image paths are read from (the request file's folder). */
  baseDir?: string;
}

/**
 * Input tokens of a request as the API bills them: message framing (per model family), text,
 * tool definitions and structured-output schemas (rendered into the system message as the model
 * sees them), and images (per model rule). What the request cannot show (previous_response_id,
 * files, hosted tools, remote images of unknown size) is listed in `uncertain` with a range.
 */
export function countInput(prompt: PromptInput, options: CountOptions): InputCount {
  const counter = counterFor(options.encoding);
  const framingRule = framingFor(options.modelId);
  const warnings: string[] = [];
  const uncertain: UncertainPart[] = [];
  let text = 0;
  let framing = framingRule.replyPriming + framingRule.hiddenPreamble;
  let images = 0;
  let rangeLow = 0;
  let rangeHigh = 0;
  const { rule, known } = imageRuleFor(options.modelId);
  for (const m of prompt.messages) {
    framing += framingRule.perMessage + counter.count(m.role);
    if (m.name !== undefined) framing += framingRule.perName + counter.count(m.name);
    framing += m.overhead ?? 0;
    for (const t of m.texts) text += counter.count(t);
    for (const img of m.images) {
      const size = imageSizeOf(img, options.baseDir);
      if (size.exact) {
        images += imageTokens(rule, size.width, size.height, img.detail);
        continue;
      }
      const counted = imageTokens(rule, size.width, size.height, img.detail);
      const { min, max } = imageRange(rule, img.detail);
      images += counted;
      rangeLow += min - counted;
      rangeHigh += max - counted;
      uncertain.push({
        kind: 'image_size',
        origin: img.origin,
        note: `${size.why}; counted as ${size.width}×${size.height} px (${counted} tokens), ${min}–${max} by size — add "width" and "height" to the part for an exact count`,
        min: min - counted,
        max: max - counted,
      });
    }
  }
  if (!known && prompt.messages.some((m) => m.images.length > 0)) {
    warnings.push(`no image rule for ${options.modelId}; images counted with gpt-4o's 85 + 170/tile rule`);
  }
  const system = prompt.messages.find((m) => m.role === 'system' || m.role === 'developer');
  const systemText = system ? system.texts.join('') : undefined;
  const toolBlock = prompt.tools.length > 0 ? renderTools(prompt.tools) : undefined;
  const schemaBlock = prompt.responseFormat ? renderResponseFormat(prompt.responseFormat) : undefined;
  const tools = toolBlock
    ? addedToSystem(toolBlock, systemText, counter) + toolPreamble(options.modelId, prompt.api)
    : 0;
  const schema = schemaBlock
    ? addedToSystem([toolBlock, schemaBlock].filter(Boolean).join('\n\n'), systemText, counter) - tools
    : 0;
  for (const u of prompt.unpredictable ?? []) {
    const part = describeUnpredictable(u);
    uncertain.push(part);
    rangeLow += part.min;
    if (part.max === null) rangeHigh = Number.POSITIVE_INFINITY;
    else rangeHigh += part.max;
  }
  const tokens = text + framing + tools + schema + images;
  return {
    tokens,
    parts: { text, framing, tools, schema, images },
    range: {
      min: tokens + rangeLow,
      max: Number.isFinite(rangeHigh) ? tokens + rangeHigh : null,
    },
    uncertain,
    framingRule: framingRule.family,
    warnings,
  };
}

/**
 * GPT-5-family models get a fixed tool preamble with function tools. On Chat Completions: 81 tokens
 * beyond the namespace for the -mini models (every gpt-5-mini and gpt-5.4-mini tools recording),
 * 85 for the others (every gpt-5 and gpt-5-nano one). On the Responses API one token less than the
 * namespace (gpt-5, gpt-5-mini; gpt-5.2/5.4/5.6 recordings bill ~18 more, not modelled: README).
 */
function toolPreamble(modelId: string, api: 'chat' | 'responses'): number {
  if (!/^gpt-([5-9]|\d\d)/.test(modelId)) return 0;
  if (api === 'responses') return -1;
  return /-mini/.test(modelId) ? 81 : 85;
}

/**
 * Tokens a block adds to the system message: appended after a blank line to the first system or
 * developer message, or a system message of its own (3 framing tokens: the block's header replaces
 * the role token). Both forms are one token below the naive count; fitted on the corpus.
 */
function addedToSystem(block: string, systemText: string | undefined, counter: TokenCounter): number {
  if (systemText === undefined) return 3 + counter.count(block);
  return counter.count(`${systemText}\n\n${block}`) - counter.count(systemText) - 1;
}

export { imageTokens };
