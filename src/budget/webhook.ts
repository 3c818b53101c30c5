import { invalidValue } from '../errors.js';
import { usd } from '../json.js';
import { displayUsd } from '../money.js';
import { type Announcement, FORECAST_KEY } from './alert-state.js';
import { thresholdPercent } from './budget.js';
import { percentOf } from './evaluate.js';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

export const URL_ACCEPTED = 'an http:// or https:// URL';

/** An absolute http(s) URL, or undefined. */
export function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a webhook URL (config or flag): an absolute http(s) URL. */
export function parseWebhookUrl(value: string, origin = '--webhook'): URL {
  const url = httpUrl(value);
  if (!url) throw invalidValue(origin, `"${value}" is not a URL`, URL_ACCEPTED);
  return url;
}

/** One line per new alert, e.g. "budget org-monthly (2026-08) reached 80%: $4,100.00 of $5,000.00". */
export function alertLine(a: Announcement, key: string): string {
  const r = a.result;
  const head = `budget ${r.budget.name} (${r.period.label})`;
  const money = `${displayUsd(r.spent)} of ${displayUsd(r.budget.limit)} (${percentOf(r.spent, r.budget.limit)}%)`;
  if (key === FORECAST_KEY)
    return `${head} is forecast to reach ${displayUsd(r.forecast)}, over its ${displayUsd(r.budget.limit)} limit`;
  return `${head} reached ${thresholdPercent(key)}: ${money}`;
}

/** The JSON body POSTed to --webhook: a Slack-compatible `text` plus structured alerts. */
export function webhookBody(announcements: readonly Announcement[], asOf: string): Record<string, unknown> {
  const lines = announcements.flatMap((a) => a.keys.map((k) => alertLine(a, k)));
  return {
    text: `tokenledger budget alert (as of ${asOf}):\n${lines.map((l) => `• ${l}`).join('\n')}`,
    as_of: asOf,
    alerts: announcements.map((a) => ({
      budget: a.result.budget.name,
      period: a.result.period.label,
      status: a.result.evaluation.status,
      new: a.keys,
      limit_usd: usd(a.result.budget.limit),
      spent_usd: usd(a.result.spent),
      forecast_usd: usd(a.result.forecast),
    })),
  };
}

/** The outcome of a POST: never throws, so a failing hook cannot change the check's exit code. */
export type WebhookResult = { ok: true; status: number } | { ok: false; error: string };

/** POSTs `json` (already serialized) to `url` with a timeout. */
export async function postWebhook(
  url: URL,
  json: string,
  timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS,
): Promise<WebhookResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) return { ok: false, error: `HTTP ${response.status} ${response.statusText}`.trim() };
    return { ok: true, status: response.status };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
    return { ok: false, error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}
