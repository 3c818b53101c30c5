/**
 * Message framing per model family, each constant with the recordings it was checked against
 * (test/fixtures/recorded, table in README). A message costs perMessage + tokens(role) +
 * tokens(content) (+ perName + tokens(name) when named), and every request adds replyPriming.
 */
export interface Framing {
  /** `<|start|>`, `<|message|>`, `<|end|>` around each message. */
  perMessage: number;
  /** A Chat `name` field: one token plus the name's own tokens. */
  perName: number;
  /** The open assistant turn the model answers in. */
  replyPriming: number;
  /** A system preamble the API adds that the request does not show (o1). */
  hiddenPreamble: number;
  /** Which rule applied, for --explain. */
  family: 'chat' | 'reasoning' | 'o1';
}

/**
 * gpt-4o / 4o-mini / 4.1 / 4.5 and o1-mini: 3 per message, 1 per name, +3 reply priming
 * ("<|start|>assistant<|message|>"). Source: OpenAI cookbook How_to_count_tokens_with_tiktoken
 * (3 / 1 / 3), checked exactly on every text-only gpt-4o, 4o-mini, 4.1, 4.1-mini and o1-mini
 * recording of the corpus.
 */
const CHAT: Framing = { perMessage: 3, perName: 1, replyPriming: 3, hiddenPreamble: 0, family: 'chat' };

/**
 * The GPT-5 family, o3, o3-mini, o4-mini, codex and computer-use models answer one token lower:
 * their reply priming is 2 (the model writes its own channel header). Every text-only gpt-5,
 * 5-mini, 5-nano, 5-pro, 5.2, 5.4, 5.5, 5.6 and o3-mini recording of the corpus is one token
 * below the chat rule and exact with this one.
 */
const REASONING: Framing = {
  perMessage: 3,
  perName: 1,
  replyPriming: 2,
  hiddenPreamble: 0,
  family: 'reasoning',
};

/**
 * o1 and o1-pro bill a hidden system preamble: the openai-openapi Responses "Reasoning" example
 * (o1-2024-12-17, one 10-token user input) reports 81 input tokens, 65 above the reasoning framing.
 * One public data point (test/fixtures/estimate/SOURCES.md); o1-mini does not have it (corpus).
 */
const O1: Framing = { ...REASONING, hiddenPreamble: 65, family: 'o1' };

const REASONING_IDS = /^(gpt-[5-9]|o3|o4|codex|computer-use)/i;

/** The framing rule of a model id (canonical or raw; unknown ids get the chat rule). */
export function framingFor(modelId: string): Framing {
  const id = modelId.replace(/^(openai|azure)\//i, '');
  if (/^o1(-pro)?(-\d{4}-\d{2}-\d{2})?$/i.test(id)) return O1;
  return REASONING_IDS.test(id) ? REASONING : CHAT;
}

/** Role used for Responses `instructions`: the API inserts them as a leading developer message. */
export const INSTRUCTIONS_ROLE = 'developer';
