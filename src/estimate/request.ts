import { InvalidInputError, invalidValue } from '../errors.js';
import type { ImageDetail } from '../tokenize/image-tokens.js';
import type { ImageInput, PromptInput, PromptMessage, Unpredictable } from '../tokenize/messages.js';
import type { ResponseFormat } from '../tokenize/response-format.js';
import type { ToolDefinition } from '../tokenize/tools.js';
import { INSTRUCTIONS_ROLE } from '../tokenize/framing.js';

/** What the estimator needs from a Responses or Chat Completions request body. */
export interface ParsedRequest {
  prompt: PromptInput;
  model?: string;
  effort?: string;
  /** max_output_tokens (Responses) or max_completion_tokens / max_tokens (Chat). */
  maxOutputTokens?: number;
  serviceTier?: string;
  /** Folder that relative image paths are read from (the request file's folder). */
  baseDir?: string;
}

type Json = Record<string, unknown>;

/** A plain prompt is one user message. */
export function promptFromText(text: string): PromptInput {
  return { api: 'responses', messages: [{ role: 'user', texts: [text], images: [] }], tools: [] };
}

/**
 * Reads a request body: Chat Completions when it has `messages`, Responses when it has `input`.
 * `origin` (file or file:line) prefixes every error.
 */
export function parseRequestBody(body: unknown, origin: string): ParsedRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidInputError(
      'expected a JSON object (a Responses or Chat Completions request body)',
      origin,
    );
  }
  const b = body as Json;
  const common = {
    ...(typeof b.model === 'string' ? { model: b.model } : {}),
    ...(typeof b.service_tier === 'string' ? { serviceTier: b.service_tier } : {}),
  };
  const unpredictable: Unpredictable[] = [];
  if (Array.isArray(b.messages)) {
    serverSide(b, origin, unpredictable);
    const cap = firstCount(b, ['max_completion_tokens', 'max_tokens'], origin);
    const names = new Map<string, string>();
    const messages = b.messages.flatMap((m, i) =>
      chatMessage(m, `${origin}: messages[${i}]`, unpredictable, names),
    );
    const format = responseFormat(b.response_format);
    return {
      prompt: {
        api: 'chat',
        messages,
        tools: tools(b.tools ?? b.functions, unpredictable),
        ...(format ? { responseFormat: format } : {}),
        unpredictable,
      },
      ...common,
      ...(typeof b.reasoning_effort === 'string' ? { effort: b.reasoning_effort } : {}),
      ...(cap === undefined ? {} : { maxOutputTokens: cap }),
    };
  }
  if (b.input !== undefined || typeof b.previous_response_id === 'string') {
    const messages: PromptMessage[] = [];
    const extraTools: unknown[] = [];
    const names = new Map<string, string>();
    serverSide(b, origin, unpredictable);
    if (typeof b.instructions === 'string' && b.instructions.length > 0) {
      messages.push({ role: INSTRUCTIONS_ROLE, texts: [b.instructions], images: [] });
    }
    if (typeof b.input === 'string') messages.push({ role: 'user', texts: [b.input], images: [] });
    else if (Array.isArray(b.input))
      b.input.forEach((item, i) => {
        messages.push(...responsesItem(item, `${origin}: input[${i}]`, unpredictable, extraTools, names));
      });
    else if (b.input !== undefined)
      throw new InvalidInputError('"input" must be a string or an array of items', origin);
    const effort = (b.reasoning as Json | undefined)?.effort;
    const cap = firstCount(b, ['max_output_tokens'], origin);
    const format = responseFormat((b.text as Json | undefined)?.format);
    return {
      prompt: {
        api: 'responses',
        messages,
        tools: tools([...((b.tools as unknown[] | undefined) ?? []), ...extraTools], unpredictable),
        ...(format ? { responseFormat: format } : {}),
        ...(b.instructions === '' ? { emptyInstructions: true } : {}),
        ...(additionalItems(b.input) > 0 ? { additionalToolItems: additionalItems(b.input) } : {}),
        unpredictable,
      },
      ...common,
      ...(typeof effort === 'string' ? { effort } : {}),
      ...(cap === undefined ? {} : { maxOutputTokens: cap }),
    };
  }
  throw new InvalidInputError(
    'no "messages" (Chat Completions) or "input" (Responses) in the request body',
    origin,
  );
}

/**
 * Request options that make the server add input the body does not show: stored conversations,
 * server-side compaction, pro reasoning mode, web search (search-preview models, web_search_options).
 */
function serverSide(b: Json, origin: string, unpredictable: Unpredictable[]): void {
  if (typeof b.previous_response_id === 'string')
    unpredictable.push({ kind: 'previous_response', origin: `${origin}: previous_response_id` });
  if (b.conversation !== undefined && b.conversation !== null)
    unpredictable.push({ kind: 'conversation', origin: `${origin}: conversation` });
  if (Array.isArray(b.context_management) && b.context_management.length > 0)
    unpredictable.push({
      kind: 'conversation',
      origin: `${origin}: context_management (server-side compaction)`,
    });
  const mode = (b.reasoning as Json | undefined)?.mode;
  if (typeof mode === 'string' && mode !== 'default')
    unpredictable.push({ kind: 'hosted_tool', origin: `${origin}: reasoning.mode ${mode}` });
  if (
    b.web_search_options !== undefined ||
    (typeof b.model === 'string' && /search-(preview|api)/.test(b.model))
  )
    unpredictable.push({ kind: 'hosted_tool', origin: `${origin}: web search (${String(b.model)})` });
  if (b.prompt !== undefined && typeof b.prompt === 'object' && b.prompt !== null)
    unpredictable.push({ kind: 'item_reference', origin: `${origin}: prompt (stored prompt template)` });
}

function firstCount(b: Json, keys: string[], origin: string): number | undefined {
  for (const key of keys) {
    const v = b[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
      throw new InvalidInputError(`"${key}" must be a whole number > 0, got ${JSON.stringify(v)}`, origin);
    }
    return v;
  }
  return undefined;
}

/**
 * How a tool call and its result reach the model (fitted on the corpus, exact on most gpt-4o /
 * 4.1 recordings with tool calls): each call is an assistant message addressed to the function,
 * `assistant to=functions.NAME`, holding the arguments, plus 2 tokens; the result is a message whose
 * role is `functions.NAME`. The call id links a result to its function's name.
 */
const CALL_OVERHEAD = 2;

function callMessage(name: string, args: string, verbatim = false): PromptMessage {
  return {
    role: `assistant to=functions.${name}`,
    texts: [verbatim ? args : compactJson(args)],
    images: [],
    overhead: CALL_OVERHEAD,
    call: true,
  };
}

/**
 * Arguments as the model sees them: the API parses the JSON and writes it back compact (every
 * recording whose client sent `{"value": "one"}` with spaces bills one token less per call than
 * the text as sent; compact arguments match exactly). Text that is not JSON stays as it is.
 * Parallel calls (several in one Chat assistant message) keep their text: the gpt-4o recordings
 * with spaced arguments in parallel calls are exact only that way.
 */
function compactJson(args: string): string {
  if (!/[:,]\s/.test(args)) return args;
  try {
    return JSON.stringify(JSON.parse(args));
  } catch {
    return args;
  }
}

function resultRole(names: Map<string, string>, id: unknown): string {
  const name = typeof id === 'string' ? names.get(id) : undefined;
  return name === undefined ? 'tool' : `functions.${name}`;
}

function chatMessage(
  raw: unknown,
  origin: string,
  unpredictable: Unpredictable[],
  names: Map<string, string>,
): PromptMessage[] {
  const m = (raw ?? {}) as Json;
  if (typeof m.role !== 'string') throw new InvalidInputError('message has no "role"', origin);
  const role = m.role === 'tool' ? resultRole(names, m.tool_call_id) : m.role;
  const msg: PromptMessage = { role, texts: [], images: [] };
  // A tool result's `name` is not billed: its role already names the function.
  if (typeof m.name === 'string' && m.role !== 'tool') msg.name = m.name;
  addContent(msg, m.content, origin, unpredictable);
  if (typeof m.refusal === 'string') msg.texts.push(m.refusal);
  const calls: PromptMessage[] = [];
  if (Array.isArray(m.tool_calls)) {
    const parallel = m.tool_calls.length > 1;
    for (const call of m.tool_calls as Json[]) {
      const fn = (call?.function ?? call?.custom ?? {}) as Json;
      const name = String(fn.name ?? '');
      const args = String(fn.arguments ?? fn.input ?? '');
      if (typeof call?.id === 'string') names.set(call.id, name);
      const msg = callMessage(name, args, parallel);
      if (parallel) msg.parallel = { turn: origin, name, args };
      calls.push(msg);
    }
  }
  const legacy = m.function_call as Json | undefined;
  if (legacy && typeof legacy.name === 'string')
    calls.push(callMessage(legacy.name, String(legacy.arguments ?? '')));
  // An assistant turn that only calls tools has no text message of its own.
  const empty = msg.texts.length === 0 && msg.images.length === 0 && msg.texts.join('') === '';
  return calls.length > 0 && empty ? calls : [msg, ...calls];
}

/** Responses item types run by OpenAI's servers: their calls and results are not in the request. */
const HOSTED_ITEMS =
  /^(web_search|file_search|computer|code_interpreter|image_generation|mcp|local_shell|shell|apply_patch|tool_search)/;

function responsesItem(
  raw: unknown,
  origin: string,
  unpredictable: Unpredictable[],
  extraTools: unknown[],
  names: Map<string, string>,
): PromptMessage[] {
  const item = (raw ?? {}) as Json;
  const type = typeof item.type === 'string' ? item.type : 'message';
  if (type === 'message') {
    if (typeof item.role !== 'string') throw new InvalidInputError('message item has no "role"', origin);
    const msg: PromptMessage = { role: item.role, texts: [], images: [] };
    addContent(msg, item.content, origin, unpredictable);
    return [msg];
  }
  if (type === 'function_call' || type === 'custom_tool_call') {
    const name = String(item.name ?? '');
    if (typeof item.call_id === 'string') names.set(item.call_id, name);
    return [callMessage(name, String(item.arguments ?? item.input ?? ''))];
  }
  if (type === 'function_call_output' || type === 'custom_tool_call_output') {
    const msg: PromptMessage = { role: resultRole(names, item.call_id), texts: [], images: [] };
    addContent(msg, item.output, origin, unpredictable);
    return [msg];
  }
  if (typeof item.encrypted_content === 'string') {
    // Reasoning and compaction items carry their content encrypted: billed, but not visible.
    unpredictable.push({ kind: 'encrypted_reasoning', origin: `${origin} ${type}` });
    return [];
  }
  if (type === 'additional_tools' && Array.isArray(item.tools)) {
    extraTools.push(...(item.tools as unknown[]));
    return [];
  }
  if (type === 'item_reference') unpredictable.push({ kind: 'item_reference', origin });
  else if (HOSTED_ITEMS.test(type)) unpredictable.push({ kind: 'hosted_tool', origin: `${origin} ${type}` });
  return [];
}

function addContent(
  msg: PromptMessage,
  content: unknown,
  origin: string,
  unpredictable: Unpredictable[],
): void {
  if (content === undefined || content === null) return;
  if (typeof content === 'string') {
    msg.texts.push(content);
    return;
  }
  if (!Array.isArray(content))
    throw new InvalidInputError('"content" must be a string or an array of parts', origin);
  content.forEach((raw, i) => {
    const part = (raw ?? {}) as Json;
    const where = `${origin}.content[${i}]`;
    if (typeof part.text === 'string') msg.texts.push(part.text);
    else if (part.type === 'image_url' || part.type === 'input_image') {
      if (part.file_id !== undefined && part.image_url === undefined)
        unpredictable.push({ kind: 'file', origin: where });
      else msg.images.push(imagePart(part, where));
    } else if (typeof part.refusal === 'string') msg.texts.push(part.refusal);
    else if (part.type === 'input_file' || part.type === 'file')
      unpredictable.push({ kind: 'file', origin: where });
    else if (part.type === 'input_audio') unpredictable.push({ kind: 'audio', origin: where });
  });
}

function imagePart(part: Json, origin: string): ImageInput {
  // Chat: {type: image_url, image_url: {url, detail}}; Responses: {type: input_image, image_url, detail}.
  const nested =
    typeof part.image_url === 'object' && part.image_url !== null ? (part.image_url as Json) : undefined;
  const url = nested ? nested.url : part.image_url;
  const detailRaw = (nested?.detail ?? part.detail ?? 'auto') as string;
  const details: ImageDetail[] = ['low', 'high', 'auto', 'original'];
  if (!details.includes(detailRaw as ImageDetail)) {
    throw invalidValue(origin, `unknown image detail "${detailRaw}"`, details.join(', '));
  }
  const width = nested?.width ?? part.width;
  const height = nested?.height ?? part.height;
  return {
    ...(typeof url === 'string' ? { url } : {}),
    detail: detailRaw as ImageDetail,
    ...(typeof width === 'number' && typeof height === 'number' ? { width, height } : {}),
    origin,
  };
}

function tools(raw: unknown, unpredictable: Unpredictable[]): ToolDefinition[] {
  if (!Array.isArray(raw)) return [];
  const out: ToolDefinition[] = [];
  (raw as Json[]).forEach((t, i) => {
    const type = typeof t?.type === 'string' ? t.type : 'function';
    const fn = (
      type === 'function' && typeof t.function === 'object'
        ? t.function
        : type === 'custom' && typeof t.custom === 'object'
          ? t.custom
          : t
    ) as Json;
    if ((type === 'function' || type === 'custom') && typeof fn?.name === 'string') {
      out.push({
        name: fn.name,
        ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
        ...(fn.parameters === undefined ? {} : { parameters: fn.parameters }),
        ...(type === 'custom' ? { kind: 'custom' as const } : {}),
      });
    } else unpredictable.push({ kind: 'hosted_tool', origin: `tools[${i}] ${type}` });
  });
  return out;
}

function additionalItems(input: unknown): number {
  return Array.isArray(input) ? input.filter((i) => (i as Json)?.type === 'additional_tools').length : 0;
}

/** Chat `response_format` or Responses `text.format` of type json_schema. */
function responseFormat(raw: unknown): ResponseFormat | undefined {
  const f = (raw ?? {}) as Json;
  if (f.type !== 'json_schema') return undefined;
  const js = (typeof f.json_schema === 'object' && f.json_schema !== null ? f.json_schema : f) as Json;
  if (js.schema === undefined) return undefined;
  return {
    name: typeof js.name === 'string' ? js.name : 'response',
    ...(typeof js.description === 'string' ? { description: js.description } : {}),
    schema: js.schema,
    ...(js.strict === true ? { strict: true } : {}),
  };
}
