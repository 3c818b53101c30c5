import { InvalidInputError, invalidValue, RemoteServiceError, TokenledgerError } from '../../errors.js';
import { redact } from '../redact.js';
import { backoffDelayMs, type RetryPolicy, retryAfterMs } from './retry.js';

/** A JSON object as the admin API returns it. */
export type JsonObject = Record<string, unknown>;

/** Query parameters in order; a key may repeat (`group_by=model&group_by=project_id`). */
export type Query = ReadonlyArray<readonly [string, string | number]>;

export interface AdminClientOptions {
  /** e.g. https://api.openai.com/v1 (a trailing slash is fine). */
  baseUrl: string;
  /** The admin key: sent in the Authorization header only, never printed. */
  key: string;
  retry?: Partial<RetryPolicy>;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Called with one masked line per request attempt (`--debug`). */
  onDebug?: (line: string) => void;
}

/** GET JSON from the OpenAI admin API with retries. */
export interface AdminClient {
  getJson(path: string, query?: Query): Promise<JsonObject>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Builds the request URL; the key is never part of it, so URLs are safe to print. */
export function adminUrl(baseUrl: string, path: string, query: Query = []): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [k, v] of query) url.searchParams.append(k, String(v));
  return url.toString();
}

/** A failed attempt that may succeed when tried again (429, 5xx, timeout, network, cut-off body). */
class Transient extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * An admin API client: 429 waits for `Retry-After`, 5xx / timeouts / network errors / bodies that
 * are not JSON retry with capped exponential backoff and jitter; after `attempts` tries a
 * RemoteServiceError (exit 5). 401/403 is "the admin key was refused" (exit 2).
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const doFetch = options.fetch ?? fetch;
  try {
    new URL(options.baseUrl);
  } catch {
    throw invalidValue('--base-url', `"${options.baseUrl}" is not a URL`, 'e.g. https://api.openai.com/v1');
  }

  async function attempt(url: string): Promise<JsonObject> {
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { authorization: `Bearer ${options.key}`, accept: 'application/json' },
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (error) {
      throw new Transient(describeFailure(error, policy.timeoutMs));
    }
    if (response.status === 401 || response.status === 403) {
      const detail = await errorDetail(response);
      throw new TokenledgerError(
        'invalid_input',
        `the admin key was refused (HTTP ${response.status} from ${url}${detail})`,
        { suggestion: 'set OPENAI_ADMIN_KEY to an organization admin key (sk-admin-…)' },
      );
    }
    if (response.status === 429 || response.status >= 500) {
      const detail = await errorDetail(response);
      const wait = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
      throw new Transient(`HTTP ${response.status}${detail}`, wait);
    }
    if (!response.ok) {
      const detail = await errorDetail(response);
      throw new InvalidInputError(`HTTP ${response.status} from ${url}${detail}`, '--base-url');
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new Transient(describeFailure(error, policy.timeoutMs));
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as JsonObject;
      throw new Error('not a JSON object');
    } catch (error) {
      // A page cut off mid-body is usually a dropped connection: worth another try.
      throw new Transient(`the response is not JSON (${(error as Error).message}, ${text.length} bytes)`);
    }
  }

  return {
    async getJson(path, query = []) {
      const url = adminUrl(options.baseUrl, path, query);
      let last = '';
      for (let n = 0; n < policy.attempts; n++) {
        options.onDebug?.(`GET ${url} (attempt ${n + 1}, authorization: ${redact(`Bearer ${options.key}`)})`);
        try {
          return await attempt(url);
        } catch (error) {
          if (!(error instanceof Transient)) throw error;
          last = error.message;
          if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
            throw new RemoteServiceError(
              `GET ${url}: ${last}; the server asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s`,
              { suggestion: 'run sync again later: what was synced so far is kept' },
            );
          }
          if (n + 1 >= policy.attempts) break;
          const wait = error.retryAfterMs ?? backoffDelayMs(n, policy);
          options.onDebug?.(`  ${last}: retrying in ${wait} ms`);
          await policy.sleep(wait);
        }
      }
      throw new RemoteServiceError(`GET ${url} failed after ${policy.attempts} attempts: ${last}`, {
        suggestion: 'run sync again later: what was synced so far is kept',
      });
    },
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no response within ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `network error: ${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}

/** The API's `error.message` (masked, shortened) for an error status, or ''. */
async function errorDetail(response: Response): Promise<string> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return '';
  }
  let message = text;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // not JSON: show the start of the text
  }
  message = redact(message.replace(/\s+/g, ' ').trim()).slice(0, 200);
  return message === '' ? '' : `: ${message}`;
}
