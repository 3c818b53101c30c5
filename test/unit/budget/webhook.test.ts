import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingAnnouncements } from '../../../src/budget/alert-state.js';
import { parseBudgets } from '../../../src/budget/budget.js';
import { checkBudgets, type DaySpend } from '../../../src/budget/check.js';
import { resolveAsOf } from '../../../src/budget/period.js';
import { parseWebhookUrl, postWebhook, webhookBody } from '../../../src/budget/webhook.js';
import { stringifyJson } from '../../../src/json.js';
import { parseUsd } from '../../../src/money.js';
import { openLedger } from '../../../src/store/open-ledger.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A local hook on 127.0.0.1; returns its URL and the bodies it received. */
async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: URL; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      bodies.push(body);
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/hook`), bodies };
}

async function announcements() {
  const budgets = parseBudgets([{ name: 'org', period: 'month', limit_usd: 1000 }]);
  const spend = (q: { sinceMs: number; untilMs: number }) => {
    const m = new Map<number, DaySpend>();
    for (let d = q.sinceMs; d < q.untilMs; d += 86_400_000)
      m.set(d, { amount: parseUsd('40')!, unpricedRequests: 0 });
    return m;
  };
  const results = await checkBudgets({
    budgets,
    asOf: resolveAsOf('2026-08-21', 'UTC', 0),
    zone: 'UTC',
    spend,
  });
  const ledger = await openLedger(':memory:');
  const a = await pendingAnnouncements(ledger, results);
  await ledger.close();
  return a;
}

describe('webhook', () => {
  it('POSTs JSON with a Slack-compatible text and the new alerts', async () => {
    const { url, bodies } = await listen((_req, res) => res.writeHead(200).end('ok'));
    const result = await postWebhook(url, stringifyJson(webhookBody(await announcements(), '2026-08-21')));
    expect(result).toEqual({ ok: true, status: 200 });
    const body = JSON.parse(bodies[0]!) as {
      text: string;
      alerts: { budget: string; new: string[]; spent_usd: number }[];
    };
    expect(body.text).toBe(
      'tokenledger budget alert (as of 2026-08-21):\n' +
        '• budget org (2026-08) reached 50%: $840.00 of $1,000.00 (84.0%)\n' +
        '• budget org (2026-08) reached 80%: $840.00 of $1,000.00 (84.0%)\n' +
        '• budget org (2026-08) is forecast to reach $1,240.00, over its $1,000.00 limit',
    );
    expect(body.alerts).toMatchObject([{ budget: 'org', new: ['0.5', '0.8', 'forecast'], spent_usd: 840 }]);
  });

  it('reports an HTTP 500 without throwing', async () => {
    const { url } = await listen((_req, res) => res.writeHead(500, 'Internal Server Error').end());
    expect(await postWebhook(url, '{}')).toEqual({ ok: false, error: 'HTTP 500 Internal Server Error' });
  });

  it('gives up after the timeout', async () => {
    const { url } = await listen(() => {
      /* never answers */
    });
    expect(await postWebhook(url, '{}', 200)).toEqual({ ok: false, error: 'no answer within 0.2 s' });
  });

  it('reports a refused connection', async () => {
    const { url } = await listen((_req, res) => res.end());
    server!.close();
    server = undefined;
    const result = await postWebhook(url, '{}');
    expect(result.ok).toBe(false);
  });

  it('accepts only http(s) URLs', () => {
    expect(parseWebhookUrl('https://hooks.example.com/x').protocol).toBe('https:');
    expect(() => parseWebhookUrl('ftp://x')).toThrow(
      '--webhook: "ftp://x" is not a URL (accepted: an http:// or https:// URL)',
    );
    expect(() => parseWebhookUrl('hooks')).toThrow(/is not a URL/);
  });
});
