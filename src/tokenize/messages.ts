import type { ImageDetail } from './image-tokens.js';
import type { ResponseFormat } from './response-format.js';
import type { ToolDefinition } from './tools.js';

/** An image part: where it comes from and, when known, its size in pixels. */
export interface ImageInput {
  /** http(s) URL, data: URL, file:// URL or a local path; undefined for a file_id reference. */
  url?: string;
  detail: ImageDetail;
  width?: number;
  height?: number;
  /** Where it was found, for warnings ("messages[1].content[2]"). */
  origin: string;
}

/** One message (or Responses input item) reduced to what is billed: role, name, texts, images. */
export interface PromptMessage {
  role: string;
  name?: string;
  texts: string[];
  images: ImageInput[];
  /** Framing tokens beyond the role's (a tool call's header, see estimate/request.ts). */
  overhead?: number;
  /** A function or custom tool call (framed per model family, see api-overheads.ts). */
  call?: boolean;
  /** One of several calls made in one Chat assistant turn (`turn` names the message). */
  parallel?: { turn: string; name: string; args: string };
}

/** Something in the request whose tokens the request alone cannot tell (server-side or unread input). */
export interface Unpredictable {
  kind:
    | 'previous_response'
    | 'conversation'
    | 'file'
    | 'hosted_tool'
    | 'encrypted_reasoning'
    | 'item_reference'
    | 'audio'
    | 'hidden_prompt';
  /** Where it was found ("input[3]", "tools[1] web_search"). */
  origin: string;
}

/** A request reduced to its billed input, whatever API shape it came in. */
export interface PromptInput {
  api: 'chat' | 'responses';
  messages: PromptMessage[];
  tools: ToolDefinition[];
  /** Structured-output schema (response_format / text.format json_schema). */
  responseFormat?: ResponseFormat;
  /** Responses `additional_tools` input items (tools added mid-conversation): framed apart. */
  additionalToolItems?: number;
  /** Responses `instructions: ""`: the API adds a default system prompt of its own. */
  emptyInstructions?: boolean;
  /** Parts the request alone cannot count (listed, never silently counted as 0). */
  unpredictable?: Unpredictable[];
}
