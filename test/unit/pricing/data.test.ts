import { describe, expect, it } from 'vitest';
import { findModel } from '../../../src/pricing/resolve-model.js';
import { book, NOW, per1M } from './helpers.js';

/** Checks on the bundled price book (data/pricing/openai.json) against shared/reference/pricing.md. */

const REQUIRED_MODELS = [
  'gpt-5.5',
  'gpt-5.5-pro',
  'chat-latest',
  'gpt-5.6-sol',
  'gpt-5.6-terra',
  'gpt-5.6-luna',
  'gpt-6-astra',
  'gpt-5.4',
  'gpt-5.4-pro',
  'gpt-5.4-mini',
  'gpt-5.4-nano',
  'gpt-5.2',
  'gpt-5.2-pro',
  'gpt-5.2-chat-latest',
  'gpt-5.2-codex',
  'gpt-5.3-codex',
  'gpt-5.3-chat-latest',
  'gpt-5.1',
  'gpt-5.1-chat-latest',
  'gpt-5.1-codex',
  'gpt-5.1-codex-mini',
  'gpt-5',
  'gpt-5-chat-latest',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-5-pro',
  'gpt-5-codex',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-4o',
  'gpt-4o-2024-05-13',
  'gpt-4o-mini',
  'o1',
  'o1-pro',
  'o3',
  'o3-pro',
  'o3-mini',
  'o4-mini',
];

describe('bundled price book: completeness', () => {
  it('has every model of pricing.md as a canonical id', () => {
    const missing = REQUIRED_MODELS.filter((id) => !book.models.has(id));
    expect(missing).toEqual([]);
  });

  it.each([...book.models.keys()])(
    '%s: every version has sources (URLs) and standard input/output rates',
    (id) => {
      const model = book.models.get(id)!;
      expect(model.versions.length).toBeGreaterThan(0);
      for (const v of model.versions) {
        expect(v.sources.length).toBeGreaterThan(0);
        for (const s of v.sources) expect(s).toMatch(/^https:\/\//);
        const rates = per1M(id, v.effectiveFrom);
        expect(rates, `${id} @ ${v.effectiveFrom}`).toBeDefined();
        expect(Number(rates!.input)).toBeGreaterThan(0);
        // Embeddings bill input only.
        if (model.family !== 'embeddings') expect(Number(rates!.output)).toBeGreaterThan(0);
      }
      expect(model.contextWindow).toBeGreaterThan(model.maxOutputTokens - 1);
      if (model.defaultEffort) expect(model.efforts).toContain(model.defaultEffort);
    },
  );

  it('every alias (and its openai/ gateway form) resolves to its own model', () => {
    for (const model of book.models.values()) {
      for (const alias of model.aliases) {
        expect(findModel(book, alias)?.id, alias).toBe(model.id);
        expect(findModel(book, `openai/${alias}`)?.id, `openai/${alias}`).toBe(model.id);
      }
    }
  });

  it('resolves dated snapshots by stripping the date, but keeps gpt-4o-2024-05-13 its own model', () => {
    expect(findModel(book, 'gpt-5-mini-2025-08-07')?.id).toBe('gpt-5-mini');
    expect(findModel(book, 'openai/gpt-5.5-pro-2026-04-23')?.id).toBe('gpt-5.5-pro');
    expect(findModel(book, 'gpt-4.1-nano-2025-04-14')?.id).toBe('gpt-4.1-nano');
    expect(findModel(book, 'o3-mini-2025-01-31')?.id).toBe('o3-mini');
    expect(findModel(book, 'gpt-4o-2024-05-13')?.id).toBe('gpt-4o-2024-05-13');
    expect(findModel(book, 'gpt-4o-2024-11-20')?.id).toBe('gpt-4o');
    expect(findModel(book, 'gpt-5.6')?.id).toBe('gpt-5.6-sol');
    expect(findModel(book, 'gpt-5.5-mini')).toBeUndefined();
  });

  it('marks the +10% data-residency uplift exactly on gpt-5.4*, 5.5*, 5.6* and gpt-6*', () => {
    for (const model of book.models.values()) {
      const expected = /^gpt-(5\.4|5\.5|5\.6|6)/.test(model.id);
      expect(model.raw.data_residency_uplift === '0.10', model.id).toBe(expected);
    }
  });

  it('has a price for every model today', () => {
    for (const id of book.models.keys()) expect(per1M(id, '2026-11-22'), id).toBeDefined();
    expect(NOW).toBeGreaterThan(0);
  });
});

describe('bundled price book: spot checks against pricing.md', () => {
  const cases: [
    string,
    string,
    string,
    'short' | 'long',
    Partial<Record<'input' | 'cached' | 'write' | 'output', string>>,
  ][] = [
    ['gpt-5.5', '2026-05-01', 'standard', 'short', { input: '5', cached: '0.5', output: '30' }],
    ['gpt-5.5', '2026-05-01', 'priority', 'short', { input: '12.5', cached: '1.25', output: '75' }],
    ['gpt-5.5', '2026-05-01', 'batch', 'long', { input: '5', cached: '0.5', output: '22.5' }],
    ['gpt-5.5', '2026-05-01', 'standard', 'long', { input: '10', cached: '1', output: '45' }],
    ['gpt-5.5-pro', '2026-05-01', 'standard', 'long', { input: '60', cached: '60', output: '270' }],
    ['gpt-5.4', '2026-04-01', 'priority', 'short', { input: '5', cached: '0.5', output: '30' }],
    ['gpt-5.4', '2026-04-01', 'batch', 'long', { input: '2.5', cached: '0.25', output: '11.25' }],
    ['gpt-5.4-pro', '2026-04-01', 'batch', 'long', { input: '30', cached: '30', output: '135' }],
    ['gpt-5.4-mini', '2026-04-01', 'batch', 'short', { input: '0.375', cached: '0.0375', output: '2.25' }],
    ['gpt-5.4-nano', '2026-04-01', 'flex', 'short', { input: '0.1', cached: '0.01', output: '0.625' }],
    ['gpt-5.2', '2026-01-01', 'priority', 'short', { input: '3.5', cached: '0.35', output: '28' }],
    ['gpt-5.2-pro', '2026-01-01', 'batch', 'short', { input: '10.5', output: '84' }],
    ['gpt-5-mini', '2025-09-01', 'priority', 'short', { input: '0.45', cached: '0.045', output: '3.6' }],
    ['gpt-5-nano', '2025-09-01', 'batch', 'short', { input: '0.025', cached: '0.0025', output: '0.2' }],
    [
      'gpt-5.1-codex-mini',
      '2025-12-01',
      'standard',
      'short',
      { input: '0.25', cached: '0.025', output: '2' },
    ],
    ['gpt-4.1', '2025-05-01', 'batch', 'short', { input: '1', cached: '1', output: '4' }],
    ['gpt-4.1-nano', '2025-05-01', 'priority', 'short', { input: '0.2', cached: '0.05', output: '0.8' }],
    ['gpt-4o', '2025-01-01', 'priority', 'short', { input: '4.25', cached: '2.125', output: '17' }],
    [
      'gpt-4o-2024-05-13',
      '2025-01-01',
      'priority',
      'short',
      { input: '8.75', cached: '8.75', output: '26.25' },
    ],
    ['gpt-4o-mini', '2025-01-01', 'priority', 'short', { input: '0.25', cached: '0.125', output: '1' }],
    ['o1-pro', '2025-05-01', 'batch', 'short', { input: '75', output: '300' }],
    ['o3', '2025-06-09', 'standard', 'short', { input: '10', cached: '2.5', output: '40' }],
    ['o3', '2025-06-10', 'standard', 'short', { input: '2', cached: '0.5', output: '8' }],
    ['o3', '2025-06-10', 'flex', 'short', { input: '1', cached: '0.25', output: '4' }],
    ['o4-mini', '2025-05-01', 'priority', 'short', { input: '2', cached: '0.5', output: '8' }],
    ['o4-mini', '2025-05-01', 'flex', 'short', { input: '0.55', cached: '0.1375', output: '2.2' }],
    ['o3-mini', '2025-05-01', 'standard', 'short', { input: '1.1', cached: '0.55', output: '4.4' }],
    [
      'gpt-5.6-terra',
      '2026-07-29',
      'standard',
      'short',
      { input: '2.5', cached: '0.25', write: '3.125', output: '15' },
    ],
    [
      'gpt-5.6-terra',
      '2026-07-30',
      'standard',
      'short',
      { input: '2', cached: '0.2', write: '2.5', output: '12' },
    ],
    [
      'gpt-5.6-terra',
      '2026-08-01',
      'priority',
      'short',
      { input: '4', cached: '0.4', write: '5', output: '24' },
    ],
    [
      'gpt-5.6-luna',
      '2026-07-30',
      'batch',
      'short',
      { input: '0.1', cached: '0.01', write: '0.125', output: '0.6' },
    ],
    [
      'gpt-5.6-luna',
      '2026-08-01',
      'standard',
      'long',
      { input: '0.4', cached: '0.04', write: '0.5', output: '1.8' },
    ],
    [
      'gpt-5.6-sol',
      '2026-07-01',
      'standard',
      'short',
      { input: '5', cached: '0.5', write: '6.25', output: '30' },
    ],
    [
      'gpt-5.6-sol',
      '2026-09-01',
      'standard',
      'short',
      { input: '4', cached: '0.4', write: '5', output: '20' },
    ],
    [
      'gpt-5.6-sol',
      '2026-09-01',
      'standard',
      'long',
      { input: '8', cached: '0.8', write: '10', output: '30' },
    ],
    ['gpt-5.6-sol', '2026-09-01', 'flex', 'short', { input: '2', cached: '0.2', write: '2.5', output: '10' }],
    [
      'gpt-5.6-sol',
      '2026-09-01',
      'priority',
      'short',
      { input: '8', cached: '0.8', write: '10', output: '40' },
    ],
    [
      'gpt-5.6-sol',
      '2026-11-22',
      'standard',
      'short',
      { input: '5', cached: '0.5', write: '6.25', output: '30' },
    ],
    [
      'gpt-6-astra',
      '2026-10-01',
      'standard',
      'short',
      { input: '10', cached: '1', write: '12.5', output: '50' },
    ],
    [
      'gpt-6-astra',
      '2026-10-01',
      'standard',
      'long',
      { input: '20', cached: '2', write: '25', output: '75' },
    ],
    [
      'gpt-6-astra',
      '2026-10-01',
      'batch',
      'short',
      { input: '5', cached: '0.5', write: '6.25', output: '25' },
    ],
    [
      'gpt-6-astra',
      '2026-10-01',
      'priority',
      'short',
      { input: '20', cached: '2', write: '25', output: '100' },
    ],
  ];
  it.each(cases)('%s @ %s %s/%s', (id, day, tier, context, expected) => {
    const rates = per1M(id, day, tier as 'standard', context);
    expect(rates).toBeDefined();
    expect(rates).toMatchObject(expected);
  });

  it('gpt-5.5-pro is exactly 6x gpt-5.5 with no cached discount, in every tier it offers', () => {
    for (const [tier, context] of [
      ['standard', 'short'],
      ['batch', 'short'],
      ['flex', 'short'],
      ['standard', 'long'],
    ] as const) {
      const base = per1M('gpt-5.5', '2026-05-01', tier, context)!;
      const pro = per1M('gpt-5.5-pro', '2026-05-01', tier, context)!;
      expect(Number(pro.input)).toBe(Number(base.input) * 6);
      expect(Number(pro.output)).toBe(Number(base.output) * 6);
      expect(pro.cached).toBe(pro.input);
    }
  });

  it('does not offer priority above 272K for gpt-5.5, nor priority at all for pro models, gpt-5-nano and gpt-5.4-nano', () => {
    expect(per1M('gpt-5.5', '2026-05-01', 'priority', 'long')).toBeUndefined();
    expect(per1M('gpt-6-astra', '2026-10-01', 'priority', 'long')).toBeUndefined();
    for (const id of [
      'gpt-5.5-pro',
      'gpt-5.4-pro',
      'gpt-5.2-pro',
      'gpt-5-pro',
      'o1-pro',
      'o3-pro',
      'gpt-5-nano',
      'gpt-5.4-nano',
    ]) {
      expect(per1M(id, '2026-11-01', 'priority'), id).toBeUndefined();
    }
    for (const id of ['gpt-4.1', 'gpt-4o', 'gpt-4o-mini', 'gpt-5.2-pro', 'gpt-5-pro', 'o1', 'o3-mini']) {
      expect(per1M(id, '2026-11-01', 'flex'), id).toBeUndefined();
    }
  });

  it('bills cache writes at the input rate before GPT-5.6 (free writes)', () => {
    const r = per1M('gpt-5.5', '2026-05-01')!;
    expect(r.write).toBe(r.input);
  });

  it('uses 272,000 as the long-context threshold where one exists, and none on gpt-5.2 and older', () => {
    for (const model of book.models.values()) {
      const lc = model.versions.at(-1)!.data.long_context?.threshold;
      if (/^gpt-(5\.4$|5\.4-pro|5\.5$|5\.6|6)/.test(model.id)) expect(lc, model.id).toBe(272000);
      else if (!model.versions.at(-1)!.data.derive) expect(lc, model.id).toBeUndefined();
    }
  });
});
