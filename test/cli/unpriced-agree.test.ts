import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tl } from './ingest-helpers.js';

/**
 * Issue #14: one definition of "unpriced request" (pricing/unpriced-reason.ts). The ingest summary,
 * the report (table, JSON, CSV, HTML), the budget check and `pricing check` give the same count on
 * the same data. Before, ingest counted unknown models only (3 here) and the report 9.
 */
const AUG = 1785571200; // 2026-08-01T00:00:00Z

function response(i: number, model: string, tier: string, input: number, status = 'completed'): string {
  return JSON.stringify({
    id: `resp_u${String(i).padStart(6, '0')}`,
    object: 'response',
    created_at: AUG + 3600 * i,
    status,
    model,
    service_tier: tier,
    usage: {
      input_tokens: input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 100,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + 100,
    },
  });
}

function ledgerWithUnpriced(): { dir: string; db: string } {
  const dir = tempDir();
  const lines = [
    ...[0, 1, 2, 3, 4].map((i) => response(i, 'gpt-5.5', 'default', 1000)), // priced
    ...[5, 6, 7].map((i) => response(i, 'gpt-9-ultra', 'default', 1000)), // unknown model
    response(8, 'gpt-9-ultra', 'default', 1000, 'failed'), // failed: costs nothing, not unpriced
    ...[9, 10].map((i) => response(i, 'gpt-5.5', 'priority', 300_000)), // long context not offered at priority
    ...[11, 12, 13, 14].map((i) => response(i, 'gpt-5.5-pro', 'priority', 1000)), // tier not offered
    response(15, 'gpt-5.5', 'priority', 1000), // priority, short context: priced
  ];
  writeFileSync(join(dir, 'responses.jsonl'), `${lines.join('\n')}\n`);
  // A Batch line that expired: no model, no usage; kept as a failed request, never unpriced.
  // It takes its time from the line before it (a priced Batch line).
  const done = {
    id: 'batch_req_x0',
    custom_id: 'job-0',
    response: { status_code: 200, body: JSON.parse(response(20, 'gpt-5.5', 'default', 1000)) },
    error: null,
  };
  const expired = {
    id: 'batch_req_x1',
    custom_id: 'job-1',
    response: null,
    error: { code: 'batch_expired', message: 'expired' },
  };
  writeFileSync(join(dir, 'batch.jsonl'), `${JSON.stringify(done)}\n${JSON.stringify(expired)}\n`);
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ budgets: [{ name: 'all', period: 'month', limit_usd: 1000 }] }),
  );
  return { dir, db: join(dir, 'l.db') };
}

describe('one definition of "unpriced request"', () => {
  it('ingest summary = report (table, JSON, CSV, HTML) = budget check = pricing check', () => {
    const { dir, db } = ledgerWithUnpriced();
    const ingest = tl([
      '--db',
      db,
      'ingest',
      join(dir, 'responses.jsonl'),
      join(dir, 'batch.jsonl'),
      '--json',
    ]);
    expect(ingest.code).toBe(0);
    const summary = JSON.parse(ingest.stdout);
    expect(summary.unpriced).toBe(9);
    expect(summary.unpriced_by_basis).toEqual({ logs: 9, aggregates: 0 });
    expect(summary.unpriced_models).toEqual(['gpt-9-ultra']); // the models the book does not know

    const range = ['--since', '2026-08-01', '--until', '2026-08-31'];
    const json = tl(['--db', db, 'report', ...range, '--json']);
    expect(JSON.parse(json.stdout).total.unpriced_requests).toBe(9);

    // The expired Batch line (no model) is shown as what it is, not as a model named "unknown".
    const byModel = JSON.parse(tl(['--db', db, 'report', ...range, '--group-by', 'model', '--json']).stdout);
    const models = byModel.rows.map((r: { model: string; requests: number; unpriced_requests: number }) => [
      r.model,
      r.requests,
      r.unpriced_requests,
    ]);
    expect(models).toContainEqual(['(no model: failed request)', 1, 0]);
    expect(models.map((m: unknown[]) => m[0])).not.toContain('unknown');

    const table = tl(['--db', db, 'report', ...range]);
    // (the table wraps its notes at COLUMNS)
    expect(table.stdout.replace(/\s+/g, ' ')).toContain('* incomplete: 9 request(s) could not be priced');

    const csvFile = join(dir, 'r.csv');
    tl(['--db', db, 'report', ...range, '--format', 'csv', '--out', csvFile]);
    const [header, ...rows] = readFileSync(csvFile, 'utf8').trim().split('\n');
    const col = header!.split(',').indexOf('unpriced_requests');
    expect(rows.reduce((n, r) => n + Number(r.split(',')[col]), 0)).toBe(9);

    const htmlFile = join(dir, 'r.html');
    tl(['--db', db, 'report', ...range, '--format', 'html', '--out', htmlFile]);
    expect(readFileSync(htmlFile, 'utf8')).toContain('9 unpriced');

    const budget = tl([
      '--db',
      db,
      '--config',
      join(dir, 'config.json'),
      'budget',
      'check',
      '--as-of',
      '2026-08-31',
      '--json',
    ]);
    expect(JSON.parse(budget.stdout).budgets[0].unpriced_requests).toBe(9);

    const check = tl(['--db', db, 'pricing', 'check', '--json']);
    const listed = JSON.parse(check.stdout);
    expect(listed.unpriced_requests).toBe(9);
    expect(
      listed.unpriced.map((u: { model: string; problem: string; requests: number }) => [
        u.model,
        u.problem,
        u.requests,
      ]),
    ).toEqual([
      ['gpt-5.5-pro', 'tier priority not offered (offered: standard, batch, flex)', 4],
      ['gpt-9-ultra', 'not in the price book', 3],
      [
        'gpt-5.5',
        'tier priority above the long-context threshold not offered (offered: standard, batch, flex)',
        2,
      ],
    ]);
  });

  it('a re-ingest adds no unpriced requests; an overlapping file counts only the new ones', () => {
    const { dir, db } = ledgerWithUnpriced();
    const file = join(dir, 'responses.jsonl');
    tl(['--db', db, 'ingest', file, '--json']);
    expect(JSON.parse(tl(['--db', db, 'ingest', file, '--rescan', '--json']).stdout).unpriced).toBe(0);
    // A second file repeating two unpriced lines and one priced, plus one new unpriced line.
    const again = readFileSync(file, 'utf8').split('\n');
    const extra = [again[5], again[11], again[0], response(99, 'gpt-5.5-pro', 'priority', 1000)];
    writeFileSync(join(dir, 'more.jsonl'), `${extra.join('\n')}\n`);
    const more = JSON.parse(tl(['--db', db, 'ingest', join(dir, 'more.jsonl'), '--json']).stdout);
    expect(more).toMatchObject({ inserted: 1, duplicates: 3, unpriced: 1 });
  });

  it('usage of no requests (vector-store storage before its fee) adds 0 requests but makes every total incomplete, with its reason', () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    const MAR = 1709251200; // 2024-03-01T00:00:00Z, before the book's vector-store fee (2024-04-17)
    // Storage only: the Usage API bucket counts no request.
    writeFileSync(
      join(dir, 'usage.json'),
      JSON.stringify({
        object: 'page',
        has_more: false,
        next_page: null,
        data: [
          {
            object: 'bucket',
            start_time: MAR,
            end_time: MAR + 86_400,
            results: [
              {
                object: 'organization.usage.vector_stores.result',
                usage_bytes: 2_000_000_000,
                project_id: 'p',
              },
            ],
          },
        ],
      }),
    );
    const unknown = (i: number) =>
      response(i, 'gpt-9-ultra', 'default', 1000).replace(
        `"created_at":${AUG + 3600 * i}`,
        `"created_at":${MAR + 3600 * i}`,
      );
    writeFileSync(join(dir, 'logs.jsonl'), `${[unknown(1), unknown(2)].join('\n')}\n`);
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ budgets: [{ name: 'all', period: 'month', limit_usd: 1000 }] }),
    );
    const ingest = tl(['--db', db, 'ingest', join(dir, 'logs.jsonl'), join(dir, 'usage.json'), '--json']);
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout).unpriced).toBe(2); // the bucket adds 0

    const range = ['--since', '2024-03-01', '--until', '2024-03-31'];
    const report = JSON.parse(tl(['--db', db, 'report', ...range, '--json']).stdout);
    expect(report.incomplete).toBe(true);
    // Before: the storage bucket counted as 1 unpriced request (3 here).
    expect(report.total.unpriced_requests).toBe(2);
    expect(report.total.unpriced_reasons).toEqual([
      { kind: 'unknown-model', reason: 'unknown model', requests: 2 },
      {
        kind: 'class-not-priced',
        class: 'vector_store_byte_hours',
        reason: 'vector-store storage the book has no price for',
        requests: 0,
      },
    ]);

    // A day of storage only: unpriced 0, yet the row and the total are incomplete.
    const storageOnly = ['--since', '2024-03-01', '--until', '2024-03-01', '--basis', 'aggregates'];
    const day = tl(['--db', db, 'report', ...storageOnly, '--json']);
    const dayJson = JSON.parse(day.stdout);
    expect(dayJson).toMatchObject({ incomplete: true, total: { requests: 0, unpriced_requests: 0 } });
    expect(dayJson.rows[0].unpriced_reasons).toHaveLength(1);
    expect(tl(['--db', db, 'report', ...storageOnly, '--strict']).code).toBe(2);

    const table = tl(['--db', db, 'report', ...range]);
    // (the table wraps its notes at COLUMNS)
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(
      '* incomplete: 2 request(s) could not be priced (2 unknown model, vector-store storage the book has no price for (usage of no requests)); totals are a lower bound.',
    );
    expect(table.stderr).toContain(
      'report is incomplete: 2 request(s) could not be priced (2 unknown model,',
    );
    expect(table.stdout).not.toContain('unknown model or tier not offered');

    const csvFile = join(dir, 'r.csv');
    tl(['--db', db, 'report', ...range, '--period', 'day', '--format', 'csv', '--out', csvFile]);
    const [header, ...rows] = readFileSync(csvFile, 'utf8').trim().split('\n');
    const col = header!.split(',').indexOf('unpriced_requests');
    expect(rows.reduce((n, r) => n + Number(r.split(',')[col]), 0)).toBe(2);
    // CSV's last column says why, also for the storage day whose unpriced_requests is 0.
    expect(header!.split(',').at(-1)).toBe('unpriced_reasons');
    expect(readFileSync(csvFile, 'utf8')).toContain(
      '"2 unknown model, vector-store storage the book has no price for (usage of no requests)"',
    );

    const htmlFile = join(dir, 'r.html');
    tl(['--db', db, 'report', ...range, '--format', 'html', '--out', htmlFile]);
    const html = readFileSync(htmlFile, 'utf8');
    expect(html).toContain('2 unpriced');
    expect(html).toContain('vector-store storage the book has no price for (usage of no requests)');

    const budget = tl([
      '--db',
      db,
      '--config',
      join(dir, 'config.json'),
      'budget',
      'check',
      '--as-of',
      '2024-03-31',
    ]);
    expect(budget.stdout).toContain(
      'all (2024-03, 2024-03-01 → 2024-03-31): 2 request(s) could not be priced (2 unknown model, vector-store storage the book has no price for (usage of no requests))',
    );
    const budgetJson = tl([
      '--db',
      db,
      '--config',
      join(dir, 'config.json'),
      'budget',
      'check',
      '--as-of',
      '2024-03-31',
      '--json',
    ]);
    expect(JSON.parse(budgetJson.stdout).budgets[0]).toMatchObject({
      unpriced_requests: 2,
      incomplete: true,
    });

    const check = JSON.parse(tl(['--db', db, 'pricing', 'check', '--json']).stdout);
    expect(check.unpriced_requests).toBe(2);
    expect(check.unpriced.map((u: { model: string; requests: number }) => [u.model, u.requests])).toEqual([
      ['gpt-9-ultra', 2],
      ['vector-store', 0],
    ]);
  });
});
