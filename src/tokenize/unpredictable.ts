import type { Unpredictable } from './messages.js';

/** A part of a request the estimate cannot count exactly, and how far it may move the count. */
export interface UncertainPart {
  kind: Unpredictable['kind'] | 'image_size';
  origin: string;
  note: string;
  /** Tokens it may add at least (relative to the counted figure; may be negative for images). */
  min: number;
  /** Tokens it may add at most; null = no upper bound known from the request. */
  max: number | null;
}

/**
 * What each kind of unpredictable input means for the count. Observed in the corpus: a
 * previous_response_id request bills the whole stored conversation; PDFs and files bill their
 * extracted text plus page images; hosted tools (web_search, file_search, code_interpreter, MCP,
 * tool_search…) add server-side instructions and results; encrypted reasoning items may or may
 * not be re-billed depending on where they sit in the conversation.
 */
const NOTES: Record<Unpredictable['kind'], string> = {
  previous_response:
    'previous_response_id: the stored conversation is billed again and is not in the request',
  conversation: 'conversation: the stored conversation is billed again and is not in the request',
  file: 'file input: its extracted text and page images are billed, the request holds only a reference or the bytes',
  hosted_tool: 'hosted tool: server-side instructions and tool results are billed but not in the request',
  encrypted_reasoning:
    'encrypted reasoning item: billed as the hidden reasoning it carries when the API keeps it in context (size not visible)',
  item_reference: 'item_reference: a stored item is billed but not in the request',
  audio: 'audio input: billed by duration, not counted here',
  hidden_prompt:
    'instructions is an empty string: the API adds a default system prompt of its own (gpt-4o: 216 tokens, o3-mini: 59); its size for this model is not known',
};

export function describeUnpredictable(u: Unpredictable): UncertainPart {
  return { kind: u.kind, origin: u.origin, note: NOTES[u.kind], min: 0, max: null };
}
