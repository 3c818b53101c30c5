import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTO_PER_USD, displayUsd, parseUsd } from '../../../src/money.js';

const usd = (text: string) => parseUsd(text)!;

describe('displayUsd', () => {
  it('rounds half-up to the cent, agreeing with the exact total ("$3.045" → "$3.05")', () => {
    expect(displayUsd(usd('3.045'))).toBe('$3.05');
    expect(displayUsd(usd('3.035'))).toBe('$3.04');
    expect(displayUsd(usd('0.125'))).toBe('$0.13');
    expect(displayUsd(usd('3.0449999'))).toBe('$3.04');
    expect(displayUsd(usd('1234567.005'))).toBe('$1,234,567.01');
  });

  it('keeps dust and zero readable, and mirrors negatives', () => {
    expect(displayUsd(0n)).toBe('$0.00');
    expect(displayUsd(usd('0.004999'))).toBe('<$0.01');
    expect(displayUsd(usd('0.005'))).toBe('$0.01');
    expect(displayUsd(-usd('3.045'))).toBe('-$3.05');
  });

  it('is the exact amount rounded half-up to the cent (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: ATTO_PER_USD / 100n, max: 10n ** 27n }), (atto) => {
        const shown = displayUsd(atto).replace(/[$,]/g, '');
        const diff = usd(shown) - atto;
        // |shown - exact| <= half a cent, and an exact half always goes up.
        expect(diff <= ATTO_PER_USD / 200n && diff > -ATTO_PER_USD / 200n).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
