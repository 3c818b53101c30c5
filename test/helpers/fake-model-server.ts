import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the model endpoints, shaped like the reference examples: Responses and Chat
 * Completions, streamed (SSE) or not, and a Batch output file download. Records request bodies.
 */
export interface FakeModelServer {
  url: string;
  bodies: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

const CREATED = 1_764_547_200;
const chatUsage = {
  prompt_tokens: 16,
  completion_tokens: 30,
  total_tokens: 46,
  prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 10, audio_tokens: 0 },
};
const respUsage = {
  input_tokens: 81,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 1035,
  output_tokens_details: { reasoning_tokens: 832 },
  total_tokens: 1116,
};

export function chatCompletion(id: string) {
  return {
    id,
    object: 'chat.completion',
    created: CREATED,
    model: 'gpt-5.5-2026-04-23',
    service_tier: 'default',
    choices: [{ index: 0, message: { role: 'assistant', content: 'SECRET ANSWER' }, finish_reason: 'stop' }],
    usage: chatUsage,
  };
}

export function response(id: string, metadata: Record<string, string> = {}) {
  return {
    id,
    object: 'response',
    created_at: CREATED,
    status: 'completed',
    model: 'gpt-5.5',
    service_tier: 'flex',
    reasoning: { effort: 'high', summary: null },
    output: [{ type: 'message', content: [{ type: 'output_text', text: 'SECRET ANSWER' }] }],
    usage: respUsage,
    metadata,
  };
}

export async function startFakeModelServer(): Promise<FakeModelServer> {
  const bodies: Array<Record<string, unknown>> = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    req.on('end', () => {
      const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      bodies.push(body);
      const path = (req.url ?? '').replace(/\?.*$/, '');
      n++;
      if (path === '/v1/chat/completions' && body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const include =
          (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
        const base = {
          id: `chatcmpl-s${n}`,
          object: 'chat.completion.chunk',
          created: CREATED,
          model: 'gpt-5.5-2026-04-23',
          service_tier: 'default',
        };
        const extra = include ? { usage: null } : {};
        for (const word of ['Hel', 'lo'])
          res.write(
            `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: word }, finish_reason: null }], ...extra })}\n\n`,
          );
        res.write(
          `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...extra })}\n\n`,
        );
        if (include) res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: chatUsage })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      if (path === '/v1/chat/completions') return json(res, chatCompletion(`chatcmpl-${n}`));
      if (path === '/v1/responses' && body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const r = {
          ...response(`resp_s${n}`, (body.metadata as Record<string, string>) ?? {}),
          status: 'in_progress',
          usage: null,
          output: [],
        };
        res.write(
          `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response: r })}\n\n`,
        );
        res.write(
          `event: response.output_text.delta\ndata: ${JSON.stringify({ type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi' })}\n\n`,
        );
        const done = response(`resp_s${n}`, (body.metadata as Record<string, string>) ?? {});
        res.end(
          `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', sequence_number: 2, response: done })}\n\n`,
        );
        return;
      }
      if (path === '/v1/responses')
        return json(res, response(`resp_${n}`, (body.metadata as Record<string, string>) ?? {}));
      if (/^\/v1\/files\/[^/]+\/content$/.test(path)) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const lines = [
          {
            id: 'batch_req_1',
            custom_id: 'req-1',
            response: { status_code: 200, request_id: 'r1', body: chatCompletion('chatcmpl-b1') },
            error: null,
          },
          {
            id: 'batch_req_2',
            custom_id: 'req-2',
            response: { status_code: 200, request_id: 'r2', body: response('resp_b2') },
            error: null,
          },
        ];
        res.end(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
        return;
      }
      if (path === '/v1/fail') return json(res, { error: { message: 'nope' } }, 400);
      json(res, { error: { message: `no route ${path}` } }, 404);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(res: import('node:http').ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
