import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../src/pricing/load.js';
import { aggregateSpend } from '../../src/report/aggregate.js';
import { renderReport } from '../../src/report/render.js';
import { inputBand } from '../../src/store/columns.js';
import { pushEventValues } from '../../src/store/event-rows.js';
import type { Ledger, UsageGroup, UsageQuery } from '../../src/store/ledger.js';
import type { UsageEvent } from '../../src/usage-event.js';
import { FIXTURE_DIR, MIDMONTH_PRICING, octoberRows } from '../unit/report/helpers/fixture.js';
import { rowEvents } from '../unit/report/helpers/ledger.js';

/** Opens a fresh, empty ledger of one backend (each call a new one). */
export type LedgerFactory = () => Promise<Ledger>;

const T0 = Date.UTC(2026, 7, 3, 10, 7);
const FAR = Date.UTC(2100, 0, 1);

/** A billed gpt-5.5 request; `over` changes any field. */
export function usageEvent(over: Partial<UsageEvent> = {}): UsageEvent {
  return {
    key: 'resp:resp_1',
    kind: 'request',
    tsMs: T0,
    model: 'gpt-5.5',
    tier: 'standard',
    requests: 1,
    inputTokens: 1000,
    cachedInputTokens: 200,
    cacheWriteTokens: 0,
    outputTokens: 300,
    reasoningTokens: 100,
    billed: true,
    format: 'responses',
    ...over,
  };
}

const ALL: UsageQuery['groupBy'] = [
  'tier',
  'effort',
  'project',
  'user',
  'api_key',
  'gateway',
  'source',
  'tags',
];

/** Every group of [from, to) of a kind, grouped by every column, as sorted comparable text. */
async function snapshot(
  ledger: Ledger,
  kind: 'request' | 'bucket',
  fromMs = 0,
  toMs = FAR,
): Promise<string[]> {
  const groups = await ledger.sumUsage({ fromMs, toMs, kind, groupBy: ALL, filters: {} });
  return groups
    .filter((g) => g.requests !== 0 || g.input !== 0 || g.output !== 0 || g.reported_nano !== 0n)
    .map((g) => JSON.stringify(g, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)))
    .sort();
}

/**
 * The Ledger contract, one test body for every backend: append (exactly once, unbilled → billed),
 * checkpoints, rejects, invoices, alert state, calibration samples, sums and the report goldens.
 * @example describeLedgerSuite('SQLite', () => openLedger(':memory:'));
 */
export function describeLedgerSuite(name: string, open: LedgerFactory): void {
  describe(`Ledger contract: ${name}`, () => {
    const opened: Ledger[] = [];
    const fresh = async () => {
      const l = await open();
      opened.push(l);
      return l;
    };
    afterEach(async () => {
      for (const l of opened.splice(0)) await l.close();
    });

    it('appends exactly once: the same key again (in one batch or later) is a duplicate', async () => {
      const ledger = await fresh();
      const e = usageEvent();
      expect(await ledger.append({ events: [e] })).toMatchObject({ inserted: 1, duplicates: 0 });
      const before = await snapshot(ledger, 'request');
      expect(await ledger.append({ events: [e, e] })).toMatchObject({ inserted: 0, duplicates: 2 });
      expect(await snapshot(ledger, 'request')).toEqual(before);
      const st = await ledger.stats();
      expect(st.events.request).toMatchObject({ rows: 1, inputTokens: 1000, outputTokens: 300 });
      expect(st.rollup.request).toMatchObject({ requests: 1, inputTokens: 1000, reasoningTokens: 100 });
    });

    it('sums by 15 UTC minutes and keeps request and bucket kinds apart', async () => {
      const ledger = await fresh();
      const t = Date.UTC(2026, 7, 3, 10, 14, 59);
      await ledger.append({
        events: [
          usageEvent({ key: 'a', tsMs: t }),
          usageEvent({ key: 'b', tsMs: t + 1000 }),
          usageEvent({ key: 'c', kind: 'bucket', requests: 7, tsMs: t }),
        ],
      });
      const sum = async (kind: 'request' | 'bucket', from: number, to: number) =>
        (await ledger.sumUsage({ fromMs: from, toMs: to, kind, groupBy: [], filters: {} })).reduce(
          (n, g) => n + g.requests,
          0,
        );
      const q10 = Date.UTC(2026, 7, 3, 10, 0);
      const q15 = Date.UTC(2026, 7, 3, 10, 15);
      expect(await sum('request', q10, q15)).toBe(1);
      expect(await sum('request', q15, q15 + 900_000)).toBe(1);
      expect(await sum('bucket', q10, q15)).toBe(7);
      expect(await ledger.usageSpan()).toEqual({ minMs: q10, maxMs: q15 });
      expect(await ledger.hasUsage('bucket', q15, FAR)).toBe(false);
      expect(await ledger.hasUsage('request', q15, FAR)).toBe(true);
    });

    it('replaces an unbilled snapshot by the billed event, never the reverse', async () => {
      const ledger = await fresh();
      const failed = usageEvent({
        billed: false,
        inputTokens: 10,
        cachedInputTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
      });
      await ledger.append({ events: [failed] });
      expect(await ledger.append({ events: [usageEvent()] })).toMatchObject({ inserted: 0, updated: 1 });
      expect(await ledger.append({ events: [failed] })).toMatchObject({ duplicates: 1, updated: 0 });
      const groups = await ledger.sumUsage({
        fromMs: 0,
        toMs: FAR,
        kind: 'request',
        groupBy: [],
        filters: {},
      });
      expect(groups.filter((g) => g.requests > 0).map((g) => [g.billed, g.requests, g.input])).toEqual([
        [1, 1, 1000],
      ]);
      expect((await ledger.stats()).events.request).toMatchObject({ rows: 1, inputTokens: 1000 });
    });

    it('sync mode: a changed bucket replaces the stored one (rollups moved), the same facts are duplicates; cursor and names', async () => {
      const ledger = await fresh();
      const bucket = (over: Partial<UsageEvent> = {}) =>
        usageEvent({ key: 'bucket:usage-api:1', kind: 'bucket', requests: 5, format: 'usage-api', ...over });
      const sync = (
        events: UsageEvent[],
        invoices: Parameters<Ledger['append']>[0]['invoices'] = [],
        last = T0,
      ) =>
        ledger.append({
          events,
          invoices,
          replace: true,
          syncCursor: { source: 'openai:completions', lastBucketMs: last },
        });
      const line = {
        key: 'inv:1',
        startMs: T0,
        amountNano: 100n,
        currency: 'usd',
        format: 'costs-api',
        sourceFile: 's',
        sourceLine: 1,
      };
      expect(await sync([bucket()], [line])).toMatchObject({ inserted: 1, replaced: 0, invoicesInserted: 1 });
      // same facts, another page number: unchanged
      expect(await sync([bucket({ sourceLine: 9 })], [line])).toMatchObject({
        inserted: 0,
        replaced: 0,
        duplicates: 1,
        invoicesInserted: 0,
        invoicesReplaced: 0,
      });
      expect(
        await sync([bucket({ requests: 7, inputTokens: 1400 })], [{ ...line, amountNano: 140n }], T0 - 1),
      ).toMatchObject({
        replaced: 1,
        invoicesReplaced: 1,
      });
      const st = await ledger.stats();
      expect(st.events.bucket).toMatchObject({ rows: 1, inputTokens: 1400 });
      expect(st.rollup.bucket).toMatchObject({ requests: 7, inputTokens: 1400 });
      expect((await ledger.invoiceLines()).map((l) => l.amountNano)).toEqual([140n]);
      // without `replace` (ingest), a changed row with a stored key stays a duplicate
      expect(await ledger.append({ events: [bucket({ requests: 9 })] })).toMatchObject({
        duplicates: 1,
        replaced: 0,
      });
      // the cursor only moves forward
      expect(await ledger.syncCursor('openai:completions')).toBe(T0);
      expect(await ledger.syncCursor('openai:costs')).toBeUndefined();
      await ledger.putNames([{ kind: 'project', id: 'proj_a', name: 'Search' }]);
      await ledger.putNames([
        { kind: 'project', id: 'proj_a', name: 'Search v2' },
        { kind: 'user', id: 'user_1', name: 'Ada' },
      ]);
      expect(await ledger.entityNames()).toEqual([
        { kind: 'project', id: 'proj_a', name: 'Search v2' },
        { kind: 'user', id: 'user_1', name: 'Ada' },
      ]);
    });

    it('sums the non-text classes (audio, image, tool calls, storage) and a replaced bucket moves them', async () => {
      const ledger = await fresh();
      await ledger.append({
        events: [
          usageEvent({ key: 'a', audioInputTokens: 400, cachedAudioInputTokens: 100, audioOutputTokens: 50 }),
          usageEvent({ key: 'b', imageInputTokens: 300, webSearchCallsHigh: 2, fileSearchCalls: 3 }),
        ],
      });
      const [g] = await ledger.sumUsage({ fromMs: 0, toMs: FAR, kind: 'request', groupBy: [], filters: {} });
      expect(g).toMatchObject({
        requests: 2,
        audio_input_tokens: 400,
        cached_audio_input_tokens: 100,
        audio_output_tokens: 50,
        image_input_tokens: 300,
        web_search_calls_high: 2,
        web_search_calls_medium: 0,
        file_search_calls: 3,
        vector_store_byte_hours: 0,
      });
      // A vector-store bucket has no requests, only storage: its rollup row must survive a replacement.
      const store = (bytes: number) =>
        usageEvent({
          key: 'bucket:vs:1',
          kind: 'bucket',
          model: '',
          requests: 0,
          inputTokens: 0,
          cachedInputTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
          vectorStoreByteHours: bytes,
          format: 'usage-api',
        });
      await ledger.append({ events: [store(24_000)], replace: true });
      expect(await ledger.append({ events: [store(48_000)], replace: true })).toMatchObject({ replaced: 1 });
      const buckets = await ledger.sumUsage({
        fromMs: 0,
        toMs: FAR,
        kind: 'bucket',
        groupBy: [],
        filters: {},
      });
      expect(buckets.map((b) => [b.requests, b.vector_store_byte_hours])).toEqual([[0, 48_000]]);
    });

    it('stores the model as logged and reports billed events per model', async () => {
      const ledger = await fresh();
      const r = await ledger.append({
        events: [
          usageEvent({ key: 'a', model: 'gpt-5.5-turbo-preview' }),
          usageEvent({ key: 'b', model: 'openai/gpt-5.5' }),
          usageEvent({ key: 'c', model: 'unknown', billed: false }),
        ],
      });
      expect(r.billedByModel).toEqual({ 'gpt-5.5-turbo-preview': 1, 'openai/gpt-5.5': 1 });
      expect((await ledger.modelsSeen()).map((m) => [m.model, m.requests])).toEqual([
        ['gpt-5.5-turbo-preview', 1],
        ['openai/gpt-5.5', 1],
        ['unknown', 1],
      ]);
    });

    it('keeps rejects once per (file, line, reason), raw truncated and secrets masked; checkpoints round-trip', async () => {
      const ledger = await fresh();
      const raw = `{"user":"sk-proj-abcdefghijklmnop", "x": "${'y'.repeat(5000)}"`;
      const checkpoint = {
        file: '/f.jsonl',
        size: 10,
        mtimeMs: 1.7,
        offset: 10,
        line: 3,
        headHash: 'h',
        format: 'responses',
      };
      const batch = {
        events: [],
        rejects: [{ file: '/f.jsonl', line: 3, reason: 'malformed JSON', raw }],
        checkpoint,
      };
      await ledger.append(batch);
      await ledger.append(batch);
      const rejects = await ledger.listRejects();
      expect(rejects).toHaveLength(1);
      expect(rejects[0]).toMatchObject({ file: '/f.jsonl', line: 3, reason: 'malformed JSON' });
      expect(rejects[0]!.raw!.length).toBeLessThanOrEqual(2048);
      expect(rejects[0]!.raw).not.toContain('sk-proj-abc');
      expect(await ledger.readCheckpoint('/f.jsonl')).toEqual({ ...checkpoint, mtimeMs: 1 });
      expect(await ledger.readCheckpoint('/other')).toBeUndefined();
      await ledger.append({ events: [], checkpoint: { ...checkpoint, offset: 20, size: 20 } });
      expect(await ledger.readCheckpoint('/f.jsonl')).toMatchObject({ offset: 20, size: 20 });
    });

    it("clearRejectsOf drops one file's old rejects in the same transaction (a re-read from the start)", async () => {
      const ledger = await fresh();
      await ledger.append({
        events: [],
        rejects: [
          { file: '/a.jsonl', line: 2, reason: 'stale' },
          { file: '/b.jsonl', line: 1, reason: 'other file' },
        ],
      });
      await ledger.append({
        events: [],
        clearRejectsOf: '/a.jsonl',
        rejects: [{ file: '/a.jsonl', line: 5, reason: 'still bad' }],
      });
      const left = (await ledger.listRejects()).map((r) => [r.file, r.line, r.reason]);
      expect(left.sort()).toEqual([
        ['/a.jsonl', 5, 'still bad'],
        ['/b.jsonl', 1, 'other file'],
      ]);
    });

    it('keeps reported costs and invoice amounts exactly (nano-dollars beyond 2^53)', async () => {
      const ledger = await fresh();
      await ledger.append({
        events: [
          usageEvent({ key: 'a', reportedCostNano: 1_234_567_891n, gateway: 'openrouter' }),
          usageEvent({ key: 'b', reportedCostNano: 2n ** 60n, gateway: 'openrouter' }),
        ],
      });
      expect((await ledger.stats()).rollup.request?.reportedCostNano).toBe(1_234_567_891n + 2n ** 60n);
      const line = {
        key: 'inv:1',
        startMs: T0,
        amountNano: 2n ** 62n + 5n,
        currency: 'usd',
        format: 'costs-api',
        sourceFile: '/c.json',
        sourceLine: 1,
      };
      expect(await ledger.append({ events: [], invoices: [line, line] })).toMatchObject({
        invoicesInserted: 1,
      });
      expect(await ledger.invoiceLines()).toEqual([{ ...line, endMs: null, lineItem: null, project: null }]);
      expect(await ledger.invoiceLines({ fromMs: T0 + 1 })).toEqual([]);
    });

    it('records alert state once and reads it back per budget and period', async () => {
      const ledger = await fresh();
      expect(await ledger.alertKeys('team', '2026-08')).toEqual([]);
      const alerts = [
        { budget: 'team', period: '2026-08', key: '0.8', atMs: T0 },
        { budget: 'team', period: '2026-08', key: 'forecast', atMs: T0 },
        { budget: 'other', period: '2026-08', key: '0.5', atMs: T0 },
      ];
      expect(await ledger.recordAlerts(alerts)).toBe(true);
      expect(await ledger.recordAlerts(alerts)).toBe(true);
      expect(await ledger.alertKeys('team', '2026-08')).toEqual(['0.8', 'forecast']);
      expect(await ledger.alertKeys('team', '2026-09')).toEqual([]);
    });

    it('gives calibration samples: billed requests with output, of the given ids and effort, newest first', async () => {
      const ledger = await fresh();
      await ledger.append({
        events: [
          usageEvent({ key: 'a', effort: 'high', outputTokens: 100, reasoningTokens: 60, tsMs: T0 }),
          usageEvent({
            key: 'b',
            effort: 'high',
            outputTokens: 200,
            reasoningTokens: 50,
            tsMs: T0 + 1,
            model: 'openai/gpt-5.5',
          }),
          usageEvent({ key: 'c', effort: 'high', outputTokens: 300, billed: false, tsMs: T0 + 2 }),
          usageEvent({ key: 'd', effort: 'low', outputTokens: 400, tsMs: T0 + 3 }),
          usageEvent({ key: 'e', outputTokens: 500, tsMs: T0 + 4 }),
          usageEvent({ key: 'f', effort: 'high', outputTokens: 0, reasoningTokens: 0, tsMs: T0 + 5 }),
        ],
      });
      const q = { models: ['gpt-5.5', 'openai/gpt-5.5'], effort: 'high', limit: 10 };
      expect(await ledger.calibrationSamples(q)).toEqual([
        { output: 200, reasoning: 50 },
        { output: 100, reasoning: 60 },
      ]);
      // The limit keeps the newest across all the ids, not the first id's.
      expect(await ledger.calibrationSamples({ ...q, limit: 1 })).toEqual([{ output: 200, reasoning: 50 }]);
      expect(await ledger.calibrationSamples({ ...q, effort: undefined })).toEqual([
        { output: 500, reasoning: 100 },
      ]);
      expect(await ledger.calibrationSamples({ ...q, models: [] })).toEqual([]);
    });

    it('filters and groups sums by columns and tags, and keeps the input-size band', async () => {
      const ledger = await fresh();
      await ledger.append({
        events: [
          usageEvent({ key: 'a', project: 'p1', tags: { team: 'x', env: 'prod' } }),
          usageEvent({ key: 'b', project: 'p2', tags: { env: 'prod', team: 'y' }, inputTokens: 300_000 }),
          usageEvent({ key: 'c', user: 'ana', gateway: 'openrouter', byok: true }),
        ],
      });
      const q = { fromMs: 0, toMs: FAR, kind: 'request' as const, groupBy: [], filters: {} };
      const total = (gs: UsageGroup[]) => gs.reduce((n, g) => n + g.requests, 0);
      expect(total(await ledger.sumUsage({ ...q, filters: { project: ['p1', 'p2'] } }))).toBe(2);
      expect(total(await ledger.sumUsage({ ...q, filters: { project: [''] } }))).toBe(1);
      expect(total(await ledger.sumUsage({ ...q, tagFilters: [{ key: 'team', values: ['y'] }] }))).toBe(1);
      expect(total(await ledger.sumUsage({ ...q, tagFilters: [{ key: 'team', values: [''] }] }))).toBe(1);
      const byProject = await ledger.sumUsage({ ...q, groupBy: ['project', 'tags'] });
      const p2 = byProject.find((g) => g.project === 'p2')!;
      expect(p2.input_band).toBe(inputBand('request', 300_000));
      expect(p2.input_band).toBeGreaterThanOrEqual(272_000);
      expect(p2.tags).toBe('{"env":"prod","team":"y"}');
      expect(byProject.find((g) => g.project === 'p1')!.input_band).toBe(0);
      const byok = await ledger.byokRequests({
        fromMs: 0,
        toMs: FAR,
        kind: 'request',
        gateways: ['openrouter'],
      });
      expect(byok).toEqual([
        { bucketMs: Math.floor(T0 / 900_000) * 900_000, gateway: 'openrouter', requests: 1 },
      ]);
    });

    it('matches the report goldens (October 2026, Europe/Berlin, mid-month price cut)', async () => {
      const ledger = await fresh();
      await ledger.append({ events: octoberRows().flatMap(rowEvents) });
      const book = loadPriceBook({ overrides: MIDMONTH_PRICING });
      const berlin = {
        periodUnit: 'month' as const,
        tz: 'Europe/Berlin',
        groupBy: ['model' as const],
        filters: {},
      };
      const golden = (file: string) => readFileSync(join(FIXTURE_DIR, 'golden', file), 'utf8');
      expect(renderReport(await aggregateSpend(ledger, book, { ...berlin, asTier: 'flex' }), 'json')).toBe(
        golden('month-model-flex-whatif-berlin.json'),
      );
    });

    it('matches the non-text golden: audio, image, 12-hour writes, tool calls, storage, unpriced units', async () => {
      const ledger = await fresh();
      const at = Date.UTC(2026, 10, 6, 12);
      const day = Date.UTC(2026, 10, 6);
      const bucket = (over: Partial<UsageEvent>) =>
        usageEvent({
          kind: 'bucket',
          tsMs: day,
          endMs: day + 86_400_000,
          requests: 0,
          inputTokens: 0,
          cachedInputTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
          format: 'usage-api',
          ...over,
        });
      await ledger.append({
        events: [
          usageEvent({
            key: 'resp:tools',
            tsMs: at,
            inputTokens: 10_000,
            cachedInputTokens: 2_000,
            cacheWriteTokens: 3_000,
            cacheWrite12hTokens: 3_000,
            imageInputTokens: 1_500,
            outputTokens: 1_000,
            reasoningTokens: 400,
            webSearchCallsHigh: 2,
            fileSearchCalls: 1,
            codeInterpreterSessions: 1,
          }),
          usageEvent({
            key: 'chat:audio',
            tsMs: at,
            model: 'gpt-4o-audio-preview',
            inputTokens: 1_200,
            cachedInputTokens: 0,
            audioInputTokens: 1_000,
            outputTokens: 900,
            reasoningTokens: 0,
            audioOutputTokens: 800,
            format: 'chat',
          }),
          // gpt-5.5 has no audio rates: the request is unpriced (its text still counts), never $0
          usageEvent({
            key: 'resp:audio',
            tsMs: at + 2 * 86_400_000,
            audioInputTokens: 100,
            format: 'responses',
          }),
          // storage is no request's usage: added to the logs-basis day (2 GB-days × $0.10)
          bucket({ key: 'b:vs', model: 'vector-store', vectorStoreByteHours: 48_000_000_000 }),
          // a day with aggregates only; per-image prices are not in the book
          bucket({
            key: 'b:img',
            tsMs: day + 86_400_000,
            endMs: day + 2 * 86_400_000,
            model: 'gpt-image-1',
            requests: 2,
            images: 3,
          }),
        ],
      });
      const query = { periodUnit: 'month' as const, tz: 'UTC', groupBy: ['model' as const], filters: {} };
      const result = await aggregateSpend(ledger, loadPriceBook(), query);
      for (const [format, file] of [
        ['json', 'nontext-model.json'],
        ['csv', 'nontext-model.csv'],
      ] as const) {
        const path = join(FIXTURE_DIR, 'golden', file);
        const text = renderReport(result, format);
        if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
        expect(text).toBe(readFileSync(path, 'utf8'));
      }
    });

    it('law: any order, duplicates, snapshots and batch sizes give the sums of the distinct set', async () => {
      const arbEvent = fc.record({
        minute: fc.integer({ min: 0, max: 60 * 24 * 3 }),
        model: fc.constantFrom('gpt-5.5', 'gpt-5.5-pro', 'mystery-model'),
        input: fc.integer({ min: 0, max: 400_000 }),
        output: fc.integer({ min: 0, max: 50_000 }),
        bucket: fc.boolean(),
        billed: fc.boolean(),
        snapshot: fc.boolean(),
        cost: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n })),
        team: fc.option(fc.constantFrom('a', 'b')),
      });
      type Arb = typeof arbEvent extends fc.Arbitrary<infer T> ? T : never;
      const toEvent = (a: Arb, id: number, billed = a.billed): UsageEvent => {
        const input = billed ? a.input : Math.floor(a.input / 2);
        return usageEvent({
          key: `k${id}`,
          kind: a.bucket ? 'bucket' : 'request',
          tsMs: Date.UTC(2026, 7, 1) + a.minute * 60_000,
          model: a.model,
          inputTokens: input,
          cachedInputTokens: Math.floor(input / 3),
          outputTokens: a.output,
          reasoningTokens: Math.floor(a.output / 2),
          billed,
          ...(a.cost === null ? {} : { reportedCostNano: a.cost }),
          ...(a.team === null ? {} : { tags: { team: a.team } }),
        });
      };
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbEvent, { minLength: 0, maxLength: 300 }),
          fc.integer({ min: 1, max: 200 }),
          fc.boolean(),
          fc.integer(),
          async (arbs, size, flat, seed) => {
            const finals = arbs.map((a, i) => toEvent(a, i));
            const noise = arbs.flatMap((a, i) => (a.snapshot && a.billed ? [toEvent(a, i, false)] : []));
            const stream = [...finals, ...noise, ...finals.slice(0, 10)]
              .map((e, i) => ({ e, order: hash(`${seed}:${i}`) }))
              .sort((x, y) => x.order - y.order)
              .map((x) => x.e);
            const a = await fresh();
            for (let i = 0; i < stream.length; i += size) {
              const part = stream.slice(i, i + size);
              if (flat) {
                const rows: unknown[] = [];
                for (const e of part) pushEventValues(e, rows);
                await a.append({ events: [], rows });
              } else await a.append({ events: part });
            }
            const b = await fresh();
            await b.append({ events: finals });
            const st = await a.stats();
            for (const kind of Object.keys(st.events)) {
              expect({ ...st.rollup[kind], rows: 0 }).toEqual({ ...st.events[kind], rows: 0 });
            }
            expect(st.events).toEqual((await b.stats()).events);
            // Whole UTC days and ranges that cut days at 6-hour marks read both rollups.
            const start = Date.UTC(2026, 7, 1);
            for (const kind of ['request', 'bucket'] as const) {
              expect(await snapshot(a, kind)).toEqual(await snapshot(b, kind));
              for (let from = start - 6 * 3_600_000; from < start + 4 * 86_400_000; from += 30 * 3_600_000) {
                const to = from + 30 * 3_600_000;
                expect(await snapshot(a, kind, from, to)).toEqual(await snapshot(b, kind, from, to));
              }
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
