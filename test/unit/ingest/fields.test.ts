import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, isoTs, optCount, secondsTs, servedTier, withTextCells } from '../../../src/ingest/fields.js';
import { hashKey } from '../../../src/ingest/keys.js';
import { usdNano } from '../../../src/ingest/money-field.js';
import { redact, tagsOf } from '../../../src/ingest/redact.js';
import { NOW } from './helpers.js';

describe('field checks', () => {
  it('counts: whole numbers, float-looking integers, numeric strings only in CSV cells; precise rejects', () => {
    expect(count(10, 'n')).toBe(10);
    expect(count(10.0, 'n')).toBe(10);
    expect(withTextCells(() => count('10.0', 'n'))).toBe(10);
    expect(withTextCells(() => count(' 42 ', 'n'))).toBe(42);
    expect(() => count('12', 'input_tokens')).toThrow('input_tokens must be a number, got string "12"');
    expect(() => count(-1, 'input_tokens')).toThrow('input_tokens -1 is negative');
    expect(() => count(1.5, 'input_tokens')).toThrow('input_tokens 1.5 is not a whole number');
    expect(() => withTextCells(() => count('1.5', 'n'))).toThrow('n "1.5" is not a whole number');
    expect(() => count(true, 'n')).toThrow('n must be a number, got boolean');
    expect(() => count(undefined, 'n')).toThrow('n is missing');
    expect(optCount(null, 'n')).toBe(0);
    expect(optCount('', 'n')).toBe(0);
  });

  it('timestamps: unix seconds (int, float, string) and ISO forms, range-checked', () => {
    expect(secondsTs(1763000000, 't', NOW)).toBe(1763000000000);
    expect(secondsTs(1756918602.0, 't', NOW)).toBe(1756918602000);
    expect(isoTs('2025-02-16T22:34:30.374882+00:00', 't', NOW)).toBe(Date.UTC(2025, 1, 16, 22, 34, 30, 374));
    expect(isoTs('2025-02-16 22:34:30', 't', NOW)).toBe(Date.UTC(2025, 1, 16, 22, 34, 30));
    expect(() => isoTs('yesterday', 't', NOW)).toThrow('t "yesterday" is not a timestamp');
    expect(() => secondsTs(NOW / 1000 + 3 * 86400, 't', NOW)).toThrow(/out of range/);
    expect(secondsTs(NOW / 1000 + 86400, 't', NOW)).toBe(NOW + 86_400_000);
  });

  it('served tier mapping', () => {
    expect(['auto', 'default', null, undefined, 'scale', 'flex', 'priority', 'fast'].map(servedTier)).toEqual(
      ['standard', 'standard', 'standard', 'standard', 'standard', 'flex', 'priority', 'priority'],
    );
  });

  it('USD amounts to exact nano-dollars', () => {
    expect(usdNano(0.06, 'a')).toBe(60_000_000n);
    expect(usdNano('0.0600000000000000', 'a')).toBe(60_000_000n);
    expect(usdNano(1e-7, 'a')).toBe(100n);
    expect(usdNano(null, 'a')).toBeUndefined();
    expect(() => usdNano('12 USD', 'spend')).toThrow('spend "12 USD" is not a decimal amount');
  });

  it('hash keys ignore key order', () => {
    expect(hashKey({ a: 1, b: { c: 2, d: 3 } })).toBe(hashKey({ b: { d: 3, c: 2 }, a: 1 }));
    expect(hashKey({ a: 1 })).not.toBe(hashKey({ a: 2 }));
  });
});

describe('secret redaction', () => {
  it('redacts sk-, sk-proj- and Bearer values, leaves the rest', () => {
    expect(redact('sk-proj-abcDEF123456789')).toBe('[redacted]');
    expect(redact('key=sk-abcdefgh1234 end')).toBe('key=[redacted] end');
    expect(redact('Authorization: Bearer eyJhbGciOi.xyz')).toBe('Authorization: [redacted]');
    expect(redact('task-force')).toBe('task-force');
    expect(tagsOf({ a: 'sk-live1234567890', n: 3, nested: { x: 1 } })).toEqual({ a: '[redacted]', n: '3' });
    expect(tagsOf({})).toBeUndefined();
  });

  it('never lets an sk- key through (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
        fc.string(),
        (pre, secret, post) => {
          expect(redact(`${pre} sk-${secret} ${post}`)).not.toContain(`sk-${secret}`);
        },
      ),
    );
  });
});
