import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for OpenAI's organization admin API, as documented (openai-openapi spec; pages
 * shaped like ../shared/reference/examples/usage-api-completions-spec-example.json and costs-api.json):
 * buckets filtered by start_time/end_time, `limit` buckets per page, `next_page`/`has_more` paging,
 * the admin list endpoints, and injectable faults.
 */
export type Fault = '429' | '500' | 'slow' | 'truncated' | 'html';

export interface FakeBucket {
  start_time: number;
  end_time?: number;
  results: Array<Record<string, unknown>>;
}

export interface FakeOpenAI {
  url: string;
  key: string;
  /** Bucket data per endpoint path ("organization/usage/completions", "organization/costs", …). */
  data: Map<string, FakeBucket[]>;
  /** Faults served, in order, to the next requests of a path (before the real page). */
  faults: Map<string, Fault[]>;
  /** Every request: path and query. */
  requests: Array<{ path: string; query: URLSearchParams; authorization: string | undefined }>;
  /** Delay of a 'slow' fault (ms). */
  slowMs: number;
  /** Seconds sent in Retry-After with a 429. */
  retryAfter: string;
  close(): Promise<void>;
}

const DAY = 86_400;

export async function startFakeOpenAI(key = 'sk-admin-test-0123456789abcdef'): Promise<FakeOpenAI> {
  const fake: Omit<FakeOpenAI, 'url' | 'close'> = {
    key,
    data: new Map(),
    faults: new Map(),
    requests: [],
    slowMs: 2000,
    retryAfter: '1',
  };
  const server: Server = createServer((req, res) => handle(fake, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function handle(fake: Omit<FakeOpenAI, 'url' | 'close'>, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname.replace(/^\/v1\//, '');
  fake.requests.push({ path, query: url.searchParams, authorization: req.headers.authorization });
  if (req.headers.authorization !== `Bearer ${fake.key}`) {
    const shown = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    send(res, 401, {
      error: {
        message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });
    return;
  }
  const fault = fake.faults.get(path)?.shift();
  if (fault === '429') {
    send(res, 429, { error: { message: 'Rate limit reached' } }, { 'retry-after': fake.retryAfter });
    return;
  }
  if (fault === '500') {
    send(res, 500, { error: { message: 'The server had an error' } });
    return;
  }
  if (fault === 'html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>502 Bad Gateway</body></html>');
    return;
  }
  const page = pageFor(fake, path, url.searchParams);
  if (!page) {
    send(res, 404, { error: { message: `Invalid URL (GET /v1/${path})` } });
    return;
  }
  if (fault === 'truncated') {
    const text = JSON.stringify(page);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  if (fault === 'slow') {
    setTimeout(() => send(res, 200, page), fake.slowMs).unref();
    return;
  }
  send(res, 200, page);
}

function pageFor(fake: Omit<FakeOpenAI, 'url' | 'close'>, path: string, q: URLSearchParams): unknown {
  if (path === 'organization/projects') return list(fake.data.get(path), q);
  if (path === 'organization/users') return list(fake.data.get(path), q);
  if (/^organization\/projects\/[^/]+\/api_keys$/.test(path)) return list(fake.data.get(path) ?? [], q);
  const buckets = fake.data.get(path);
  if (!buckets && !path.startsWith('organization/usage/') && path !== 'organization/costs') return undefined;
  const start = Number(q.get('start_time'));
  const end = q.has('end_time') ? Number(q.get('end_time')) : Number.POSITIVE_INFINITY;
  const width = q.get('bucket_width') === '1h' ? 3600 : DAY;
  const limit = Number(q.get('limit') ?? 7);
  const inRange = (buckets ?? []).filter((b) => b.start_time >= start && b.start_time < end);
  const offset = q.has('page')
    ? Number(Buffer.from(q.get('page')!, 'base64').toString().replace('page_', ''))
    : 0;
  const slice = inRange.slice(offset, offset + limit);
  const more = offset + limit < inRange.length;
  return {
    object: 'page',
    data: slice.map((b) => ({
      object: 'bucket',
      start_time: b.start_time,
      end_time: b.end_time ?? b.start_time + width,
      results: b.results,
    })),
    has_more: more,
    next_page: more ? Buffer.from(`page_${offset + limit}`).toString('base64') : null,
  };
}

function list(items: unknown, q: URLSearchParams): unknown {
  const all = (Array.isArray(items) ? items : []) as Array<{ id: string }>;
  const after = q.get('after');
  const from = after ? all.findIndex((i) => i.id === after) + 1 : 0;
  const limit = Number(q.get('limit') ?? 20);
  const data = all.slice(from, from + limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: from + limit < all.length,
  };
}

/** A completions result as the spec example shapes it, grouped by every dimension. */
export function completionsResult(fields: Partial<Record<string, unknown>>): Record<string, unknown> {
  return {
    object: 'organization.usage.completions.result',
    input_tokens: 0,
    input_cached_tokens: 0,
    input_cache_write_tokens: 0,
    output_tokens: 0,
    num_model_requests: 0,
    project_id: null,
    user_id: null,
    api_key_id: null,
    model: null,
    batch: false,
    service_tier: 'default',
    ...fields,
  };
}

/** A costs result as costs-api.json shapes it. */
export function costsResult(
  value: number | string,
  lineItem: string | null,
  projectId: string | null = null,
): Record<string, unknown> {
  return {
    object: 'organization.costs.result',
    amount: { value, currency: 'usd' },
    line_item: lineItem,
    project_id: projectId,
    api_key_id: null,
    quantity: null,
    quantity_unit: null,
  };
}
