import { batchRecord, chatRecord, type RecordContext, responseRecord } from './usage-record.js';
import { SseLines, usagePayload } from './sse-lines.js';

type Obj = Record<string, unknown>;
/** The fetch signature the openai client calls. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface CaptureOptions {
  tags?: Readonly<Record<string, string>>;
  includePrompt?: boolean;
  /** Receives one record per call with usage. Must not throw (errors go to `onError`). */
  write: (record: Obj) => void;
  onError: (error: unknown) => void;
}

type Kind = 'responses' | 'chat' | 'file';

function kindOf(url: string, method: string): Kind | undefined {
  const path = url.replace(/[?#].*$/, '');
  if (method === 'POST' && path.endsWith('/responses')) return 'responses';
  if (method === 'GET' && /\/responses\/[^/]+$/.test(path)) return 'responses';
  if (method === 'POST' && path.endsWith('/chat/completions')) return 'chat';
  if (method === 'GET' && /\/files\/[^/]+\/content$/.test(path)) return 'file';
  return undefined;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Wraps a fetch so every Responses, Chat Completions and Batch-output download that carries usage
 * is written as one record. The caller's response is the same bytes (a Chat stream whose request
 * lacked `stream_options.include_usage` gets it added, and the usage-only chunk it brings is taken
 * out again, with the `"usage":null` it adds to other chunks). Capture never throws to the caller.
 */
export function captureFetch(inner: FetchLike, options: CaptureOptions): FetchLike {
  return async (input, init) => {
    let kind: Kind | undefined;
    let ctx: RecordContext | undefined;
    let stream = false;
    let strip = false;
    try {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      kind = kindOf(url, (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase());
      if (kind) {
        const request = typeof init?.body === 'string' ? (JSON.parse(init.body) as Obj) : undefined;
        ctx = { tags: options.tags, request, includePrompt: options.includePrompt ?? false };
        stream = request?.stream === true;
        const so = request?.stream_options as Obj | undefined;
        if (kind === 'chat' && stream && request && so?.include_usage !== true) {
          strip = true;
          const body = JSON.stringify({ ...request, stream_options: { ...so, include_usage: true } });
          init = { ...init, body, headers: withoutLength(init?.headers) };
        }
      }
    } catch (error) {
      options.onError(error);
      kind = undefined;
    }
    const response = await inner(input, init);
    if (!kind || !ctx || !response.ok || !response.body) return response;
    if (stream) {
      try {
        return observeStream(response, kind, ctx, strip, options);
      } catch (error) {
        options.onError(error);
        return response;
      }
    }
    // Read the body once and hand the caller a response over the same text (cheaper than clone(),
    // which tees the stream); looking for usage waits until the caller has its answer. A body that
    // fails to read fails the same way for the caller as without capture.
    const text = await response.text();
    const c = ctx;
    const k = kind;
    setImmediate(() => {
      try {
        recordBody(text, k, c, options);
      } catch (error) {
        options.onError(error);
      }
    });
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function withoutLength(headers: RequestInit['headers']): Headers {
  const h = new Headers(headers);
  h.delete('content-length');
  return h;
}

function recordBody(text: string, kind: Kind, ctx: RecordContext, options: CaptureOptions): void {
  if (kind === 'file') {
    for (const line of text.split('\n')) {
      if (!line.includes('"custom_id"')) continue;
      const record = batchRecord(JSON.parse(line) as Obj, ctx);
      if (record) options.write(record);
    }
    return;
  }
  const body = JSON.parse(text) as Obj;
  const record = kind === 'responses' ? responseRecord(body, ctx) : chatRecord(body, ctx);
  if (record) options.write(record);
}

function fromEvent(event: Obj, kind: Kind, ctx: RecordContext): Obj | undefined {
  if (kind === 'chat') return chatRecord(event, ctx);
  if (typeof event.type === 'string' && TERMINAL.has(event.type) && typeof event.response === 'object')
    return responseRecord(event.response as Obj, ctx);
  return undefined;
}

/** Passes the stream through, scanning complete lines for usage; rewrites lines only when `strip`. */
function observeStream(
  response: Response,
  kind: Kind,
  ctx: RecordContext,
  strip: boolean,
  options: CaptureOptions,
): Response {
  const lines = new SseLines();
  const encoder = new TextEncoder();
  const scan = (line: string, out: string[] | undefined) => {
    try {
      const event = usagePayload(line);
      const record = event && fromEvent(event, kind, ctx);
      if (record) options.write(record);
      // The usage-only chunk exists because we asked for it: the caller never sees it.
      if (out && record && Array.isArray(event?.choices) && event.choices.length === 0) return;
    } catch (error) {
      options.onError(error);
    }
    out?.push(strip && line.startsWith('data:') ? line.replace(/,"usage":null|"usage":null,?/, '') : line);
  };
  // A pull source over the original reader: one hop per chunk (pipeThrough costs two queues).
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Loop until something is enqueued: a pull that enqueues nothing would not be called again.
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          const out: string[] = [];
          for (const line of lines.end()) scan(line, strip ? out : undefined);
          if (out.length > 0) controller.enqueue(encoder.encode(out.join('\n')));
          controller.close();
          return;
        }
        if (!strip) {
          controller.enqueue(value);
          for (const line of lines.push(value)) scan(line, undefined);
          return;
        }
        const out: string[] = [];
        for (const line of lines.push(value)) scan(line, out);
        if (out.length > 0) {
          controller.enqueue(encoder.encode(`${out.join('\n')}\n`));
          return;
        }
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const headers = new Headers(response.headers);
  if (strip) headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
