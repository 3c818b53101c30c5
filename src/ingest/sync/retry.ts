/** How the admin client retries; every delay source is injectable so tests run without waiting. */
export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  /** First backoff delay; doubles per retry. */
  baseDelayMs: number;
  /** Cap of one backoff delay. */
  maxDelayMs: number;
  /** A 429 asking to wait longer than this fails at once (exit 5) instead of hanging a CI job. */
  maxRetryAfterMs: number;
  /** One request (headers and body) must finish within this. */
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  random: () => number;
}

/**
 * Capped exponential backoff with "equal jitter": half the capped delay fixed, half random, so
 * many clients that failed together do not retry together.
 */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(capped / 2 + (capped / 2) * policy.random());
}

/** `Retry-After` as delay-seconds or an HTTP date → milliseconds (undefined when absent or unreadable). */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
