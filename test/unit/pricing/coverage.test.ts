import { describe, expect, it } from 'vitest';
import { usdString } from '../../../src/money.js';
import { tryRates } from '../../../src/pricing/rates.js';
import { findModel, resolveModel } from '../../../src/pricing/resolve-model.js';
import { toolFeeAt } from '../../../src/pricing/tool-fees.js';
import { book, ms, per1M } from './helpers.js';

/** Spot checks of the retired, non-text and newest models against the sources each version cites. */

const RETIRED = [
  'gpt-3.5-turbo',
  'gpt-3.5-turbo-0301',
  'gpt-3.5-turbo-0613',
  'gpt-3.5-turbo-16k',
  'gpt-3.5-turbo-1106',
  'gpt-3.5-turbo-0125',
  'gpt-3.5-turbo-instruct',
  'gpt-4',
  'gpt-4-32k',
  'gpt-4-turbo',
  'gpt-4.5-preview',
  'o1-preview',
  'o1-mini',
  'codex-mini-latest',
  'chatgpt-4o-latest',
];
const NON_TEXT = [
  'text-embedding-3-small',
  'text-embedding-3-large',
  'text-embedding-ada-002',
  'gpt-4o-realtime-preview',
  'gpt-4o-mini-realtime-preview',
  'gpt-4o-audio-preview',
  'gpt-4o-mini-audio-preview',
  'gpt-realtime',
  'gpt-realtime-mini',
  'gpt-audio',
  'gpt-audio-mini',
  'gpt-4o-transcribe',
  'gpt-4o-mini-transcribe',
  'gpt-4o-mini-tts',
  'gpt-image-1',
  'gpt-image-1-mini',
  'gpt-image-1.5',
  'gpt-image-2',
];
const NEWEST = ['gpt-6-sol', 'gpt-6-luna', 'gpt-6.1-sol', 'gpt-6.1-terra'];

const f = (r: bigint | undefined) => (r === undefined ? undefined : usdString(r * 10n ** 6n));
const rates = (id: string, day: string) =>
  tryRates(book, resolveModel(book, id), ms(day), 'standard', 'short')!;

describe('price book coverage', () => {
  it('carries retired, non-text and the newest models', () => {
    const missing = [...RETIRED, ...NON_TEXT, ...NEWEST].filter((id) => !book.models.has(id));
    expect(missing).toEqual([]);
  });

  it('states the day it was checked against its sources', () => {
    expect(book.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each([
    ['gpt-3.5-turbo', '2023-03-01', '2', '2'],
    ['gpt-3.5-turbo', '2023-07-01', '1.5', '2'],
    ['gpt-3.5-turbo', '2024-01-01', '1', '2'],
    ['gpt-3.5-turbo', '2024-06-01', '0.5', '1.5'],
    ['gpt-3.5-turbo-0613', '2024-06-01', '1.5', '2'],
    ['gpt-3.5-turbo-16k-0613', '2024-06-01', '3', '4'],
    ['gpt-4-0613', '2024-06-01', '30', '60'],
    ['gpt-4-32k-0314', '2023-05-01', '60', '120'],
    ['gpt-4-1106-preview', '2024-01-01', '10', '30'],
    ['gpt-4-turbo-2024-04-09', '2024-06-01', '10', '30'],
    ['gpt-4.5-preview-2025-02-27', '2025-03-01', '75', '150'],
    ['o1-preview-2024-09-12', '2024-11-01', '15', '60'],
    ['o1-mini', '2024-11-01', '3', '12'],
    ['o1-mini', '2025-03-01', '1.1', '4.4'],
    ['text-embedding-3-large', '2024-06-01', '0.13', '0'],
    ['gpt-6.1-terra', '2026-11-01', '1', '5'],
    ['gpt-6-luna', '2026-11-01', '0.1', '0.5'],
  ])('%s at %s: input %s, output %s', (id, day, input, output) => {
    const r = per1M(id, day)!;
    expect([r.input, r.output]).toEqual([input, output]);
  });

  it('resolves dated and four-digit snapshots to the right entry', () => {
    expect(findModel(book, 'gpt-3.5-turbo-0125')?.id).toBe('gpt-3.5-turbo-0125');
    expect(findModel(book, 'gpt-4-0125-preview')?.id).toBe('gpt-4-turbo');
    expect(findModel(book, 'gpt-4o-realtime-preview-2024-10-01')?.id).toBe(
      'gpt-4o-realtime-preview-2024-10-01',
    );
    expect(findModel(book, 'gpt-4o-realtime-preview-2024-12-17')?.id).toBe('gpt-4o-realtime-preview');
  });

  it('prices Codex Priority per the priority-processing page (2.50 / 0.25 / 20)', () => {
    for (const id of ['gpt-5-codex', 'gpt-5.1-codex']) {
      expect(per1M(id, '2026-01-01', 'priority')).toEqual({
        input: '2.5',
        cached: '0.25',
        write: '2.5',
        output: '20',
      });
    }
    expect(per1M('gpt-5.3-codex', '2026-03-01', 'priority')?.output).toBe('28');
  });

  it('takes chat-latest limits 400,000 / 128,000 and gpt-6-astra efforts low..xhigh', () => {
    const chat = resolveModel(book, 'chat-latest');
    expect([chat.contextWindow, chat.maxOutputTokens]).toEqual([400_000, 128_000]);
    expect(resolveModel(book, 'gpt-6-astra').efforts).toEqual(['low', 'medium', 'high', 'xhigh']);
  });

  it('prices audio by snapshot: realtime audio 100/200 at launch, 40/80 from 2024-12-17', () => {
    const launch = rates('gpt-4o-realtime-preview', '2024-11-01');
    const dec = rates('gpt-4o-realtime-preview', '2025-01-01');
    expect([f(launch.audioInput), f(launch.audioOutput)]).toEqual(['100', '200']);
    expect([f(dec.audioInput), f(dec.cachedAudioInput), f(dec.audioOutput)]).toEqual(['40', '2.5', '80']);
    expect(f(rates('gpt-4o-realtime-preview-2024-10-01', '2025-06-01').audioInput)).toBe('100');
    expect(rates('gpt-5.5', '2026-06-01').audioInput).toBeUndefined();
  });

  it('prices image tokens: own rates on image models, text input rates elsewhere', () => {
    const img = rates('gpt-image-1', '2025-06-01');
    expect([f(img.imageInput), f(img.cachedImageInput), f(img.imageOutput)]).toEqual(['10', '2.5', '40']);
    const chat = rates('gpt-5.5', '2026-06-01');
    expect([f(chat.imageInput), f(chat.cachedImageInput), chat.imageOutput]).toEqual(['5', '0.5', undefined]);
  });

  it('prices 12-hour cache writes apart where the book has them (gpt-6.1-terra 2.50), else as 30-minute', () => {
    const terra = rates('gpt-6.1-terra', '2026-11-01');
    expect([f(terra.cacheWrite), f(terra.cacheWrite12h)]).toEqual(['1.25', '2.5']);
    const sol = rates('gpt-5.6-sol', '2026-11-25');
    expect(f(sol.cacheWrite12h)).toBe(f(sol.cacheWrite));
  });

  it('resolves tool fees: web search by context size on search-preview models, $10/1K elsewhere', () => {
    const at = ms('2026-01-01');
    const fee = (id: 'web_search' | 'file_search', model: string, size?: 'low' | 'high') =>
      toolFeeAt(book, id, resolveModel(book, model), at, size)?.version.usd_per_unit;
    expect(fee('web_search', 'gpt-4o-search-preview', 'high')).toBe('0.05');
    expect(fee('web_search', 'gpt-4o-mini-search-preview', 'low')).toBe('0.025');
    expect(fee('web_search', 'gpt-5.5')).toBe('0.01');
    expect(fee('file_search', 'gpt-5.5')).toBe('0.0025');
    expect(toolFeeAt(book, 'web_search', resolveModel(book, 'gpt-5.5'), ms('2024-01-01'))).toBeUndefined();
  });
});
