import {
  ADDITIONAL_TOOLS_ITEM,
  callOverheads,
  emptyInstructionsPrompt,
  toolOverhead,
} from './api-overheads.js';
import { counterFor, type TokenCounter } from './encoder.js';
import { framingFor } from './framing.js';
import { imageRange, imageSizeOf } from './image-input.js';
import { imageRuleFor, imageTokens } from './image-tokens.js';
import type { PromptInput } from './messages.js';
import { asParallelWrapper } from './parallel-calls.js';
import { renderResponseFormat, responseFormatOverhead } from './response-format.js';
import { CHAT_TOOLS, HARMONY, renderTools } from './tools.js';
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
  const messages =
    framingRule.family === 'chat' && prompt.api === 'chat'
      ? asParallelWrapper(prompt.messages)
      : prompt.messages;
  for (const m of messages) {
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
  const toolStyle = framingRule.family === 'chat' ? CHAT_TOOLS : HARMONY;
  const toolBlock = prompt.tools.length > 0 ? renderTools(prompt.tools, toolStyle) : undefined;
  const schemaBlock = prompt.responseFormat ? renderResponseFormat(prompt.responseFormat) : undefined;
  let tools = toolBlock
    ? addedToSystem(toolBlock, systemText, counter) +
      toolOverhead(options.modelId, prompt.api, systemText !== undefined)
    : 0;
  if (toolBlock) tools += ADDITIONAL_TOOLS_ITEM * (prompt.additionalToolItems ?? 0);
  framing += callOverheads(prompt.messages, options.modelId, prompt.api, framingRule.family !== 'chat');
  if (prompt.emptyInstructions) {
    const hidden = emptyInstructionsPrompt(options.modelId);
    if (hidden === null) {
      const part = describeUnpredictable({ kind: 'hidden_prompt', origin: 'instructions ""' });
      uncertain.push({ ...part, max: 250 });
      rangeHigh += 250;
    } else {
      framing += hidden;
      if (hidden > 0)
        warnings.push(
          `instructions is "": counted the ${hidden}-token default prompt the API adds for ${options.modelId} (observed in recordings, not documented)`,
        );
    }
  }
  // On Chat without tools the section joins the system message (or is one of its own), like tools.
  const schemaPlaced = schemaBlock
    ? prompt.api === 'chat' && !toolBlock
      ? addedToSystem(schemaBlock, systemText, counter)
      : counter.count(schemaBlock)
    : 0;
  const schema = schemaBlock
    ? schemaPlaced +
      responseFormatOverhead(prompt.api, framingRule.family !== 'chat', toolBlock !== undefined)
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
 * Tokens a block adds to the system message: appended after a blank line to the first system or
 * developer message, or a system message of its own (3 framing tokens: the block's header replaces
 * the role token). Both forms are one token below the naive count; fitted on the corpus.
 */
function addedToSystem(block: string, systemText: string | undefined, counter: TokenCounter): number {
  if (systemText === undefined) return 3 + counter.count(block);
  return counter.count(`${systemText}\n\n${block}`) - counter.count(systemText) - 1;
}

export { imageTokens };
