/**
 * One captured call as a JSONL line `ingest` already reads: a Responses object, a Chat Completions
 * object or a Batch output line, stripped to what costs need (ids, model, time, served tier, usage,
 * effort) with the capture's tags merged into `metadata` (project/user tags become dimensions).
 * Output text is never kept; the prompt only when asked.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface RecordContext {
  tags: Readonly<Record<string, string>> | undefined;
  /** The parsed request body (for reasoning effort and, when asked, the prompt). */
  request: Obj | undefined;
  includePrompt: boolean;
}

const RESPONSE_KEYS = [
  'id',
  'object',
  'created_at',
  'completed_at',
  'status',
  'model',
  'service_tier',
  'usage',
  'user',
  'safety_identifier',
  'incomplete_details',
  'background',
];
const CHAT_KEYS = ['id', 'object', 'created', 'model', 'service_tier', 'usage', 'user'];

function pick(source: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

function metadataOf(source: Obj, ctx: RecordContext): Obj | undefined {
  const fromResponse = isObj(source.metadata)
    ? source.metadata
    : isObj(ctx.request?.metadata)
      ? ctx.request.metadata
      : undefined;
  if (!fromResponse && !ctx.tags) return undefined;
  return { ...fromResponse, ...ctx.tags };
}

function withPrompt(record: Obj, ctx: RecordContext): Obj {
  if (ctx.includePrompt && ctx.request) {
    const prompt = pick(ctx.request, ['instructions', 'input', 'messages']);
    if (Object.keys(prompt).length > 0) record.tokenledger_prompt = prompt;
  }
  return record;
}

/** A Responses object (non-streamed body, or the `response` of a terminal stream event). */
export function responseRecord(response: Obj, ctx: RecordContext): Obj | undefined {
  if (!isObj(response.usage)) return undefined;
  const record = pick(response, RESPONSE_KEYS);
  record.object = 'response';
  const effort = isObj(response.reasoning) ? response.reasoning.effort : undefined;
  const asked = isObj(ctx.request?.reasoning) ? ctx.request.reasoning.effort : undefined;
  if (effort ?? asked) record.reasoning = { effort: effort ?? asked };
  const metadata = metadataOf(response, ctx);
  if (metadata) record.metadata = metadata;
  return withPrompt(record, ctx);
}

/** A Chat Completions object (or the usage chunk of a stream, written as a completion). */
export function chatRecord(chat: Obj, ctx: RecordContext): Obj | undefined {
  if (!isObj(chat.usage)) return undefined;
  const record = pick(chat, CHAT_KEYS);
  record.object = 'chat.completion';
  const effort = chat.reasoning_effort ?? ctx.request?.reasoning_effort;
  if (typeof effort === 'string') record.reasoning_effort = effort;
  const metadata = metadataOf(chat, ctx);
  if (metadata) record.metadata = metadata;
  return withPrompt(record, ctx);
}

/** A Batch output line (from a downloaded output file): its body stripped like the above. */
export function batchRecord(line: Obj, ctx: RecordContext): Obj | undefined {
  if (typeof line.custom_id !== 'string') return undefined;
  const response = isObj(line.response) ? line.response : undefined;
  const body = isObj(response?.body) ? response.body : undefined;
  const lineCtx: RecordContext = { ...ctx, request: undefined, includePrompt: false };
  const stripped = body
    ? body.object === 'response'
      ? responseRecord(body, lineCtx)
      : chatRecord(body, lineCtx)
    : undefined;
  return {
    id: line.id,
    custom_id: line.custom_id,
    response: response
      ? {
          status_code: response.status_code,
          body: stripped ?? (body ? pick(body, ['id', 'object', 'created', 'created_at', 'model']) : null),
        }
      : null,
    error: line.error ?? null,
  };
}
