/**
 * Tokens the API adds around tools, tool calls and empty instructions, per API and model family.
 * These are not published: each rule is fitted on the training split of the recorded corpus
 * (test/fixtures/recorded, README "How input is counted") and names the recordings behind it.
 */
import type { PromptMessage } from './messages.js';

type Api = 'chat' | 'responses';

const GPT5 = /^gpt-([5-9]|\d\d)/;
/** GPT-5.2 and later point releases (5.2, 5.4, 5.6…), not 5.5 (its recordings match gpt-5). */
const GPT5_LATE = /^gpt-5\.(2|4|6)/;

/**
 * Tokens beyond the rendered `namespace functions` block. GPT-5 family on Chat Completions: a fixed
 * tool preamble, 81 for the -mini models (every gpt-5-mini and gpt-5.4-mini tools recording), 85
 * for the others (gpt-5, gpt-5-nano). On the Responses API: gpt-5, 5-mini and 5.5 one token less
 * than the block; gpt-5.2/5.4/5.6 17 more (the deferred-capability recordings). gpt-4o/4.1 on the
 * Responses API bill 6 less than on Chat when there is no instructions or system message (the
 * block is not a system message of its own there) and 2 less when there is (every gpt-4o / 4.1
 * Responses tools recording exact, with bare-property objects written on one line, tools.ts).
 */
export function toolOverhead(modelId: string, api: Api, hasSystem: boolean): number {
  if (GPT5.test(modelId)) {
    if (api === 'chat') return /-mini/.test(modelId) ? 81 : 85;
    return GPT5_LATE.test(modelId) ? 17 : -1;
  }
  if (api === 'responses' && !/^o\d/.test(modelId)) return hasSystem ? -2 : -6;
  return 0;
}

/**
 * Extra framing of function calls beyond the chat rule (`assistant to=functions.NAME` + 2).
 * Reasoning models render calls in harmony style (openai/harmony docs/format.md: a `commentary`
 * channel and a `<|constrain|>json` content type on the call, the result addressed back `to=assistant`),
 * but the API bills less than that full framing: a call after the last user message (the turn the
 * model is in) costs 5 more than the chat rule (gpt-5-mini, gpt-5.4-mini, gpt-5.2 recordings), an
 * earlier call, or one of several parallel calls, 1 more (gpt-5, gpt-5-nano). gpt-4o/4.1 on the
 * Responses API: a lone call 1 more, each of several consecutive calls 2 less (training split: 25
 * of 33 gpt-4o/4.1 Responses recordings with calls exact, against 10 with 2 less for every call;
 * the pydantic-ai recordings of March 2025 fit the older reading, the Mirascope ones of 2026 this).
 */
export function callOverheads(
  messages: readonly PromptMessage[],
  modelId: string,
  api: Api,
  reasoning: boolean,
): number {
  let lastUser = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  let extra = 0;
  messages.forEach((m, i) => {
    if (!m.call) return;
    // Parallel calls (one assistant turn holding several) cost 1 more each, like earlier calls.
    const parallel = messages[i - 1]?.call === true || messages[i + 1]?.call === true;
    if (reasoning) extra += i > lastUser && !parallel ? 5 : 1;
    else if (api === 'responses' && !/^o\d/.test(modelId)) extra += parallel ? -2 : 1;
  });
  return extra;
}

/**
 * `instructions: ""` on the Responses API: the API then puts a default system prompt of its own in
 * front (the request does not show it). Observed: gpt-4o 216 tokens (two training recordings, one
 * with a tool, one with a tool call), o3-mini 59; the GPT-5 family and computer-use none. Other
 * models: unknown (null), counted as 0 and flagged.
 */
export function emptyInstructionsPrompt(modelId: string): number | null {
  if (/^gpt-4o(-\d|$)/.test(modelId)) return 216;
  if (/^o3-mini/.test(modelId)) return 59;
  if (GPT5.test(modelId) || /^computer-use/.test(modelId)) return 0;
  return null;
}

/**
 * An `additional_tools` input item (tools a Responses conversation adds mid-way) costs about 100
 * tokens beyond its functions rendered in the namespace: every training recording with one (gpt-5
 * tool-availability matrix, gpt-5.4 capability replay) is 100–103 below the merged count.
 */
export const ADDITIONAL_TOOLS_ITEM = 100;
