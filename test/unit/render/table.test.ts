import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayUsd, money } from '../../../src/money.js';
import { percentChange } from '../../../src/report/period-change.js';
import { escapeControl, fitWidth, formatTable } from '../../../src/render/table.js';

const CENT = 10n ** 16n;

describe('formatTable', () => {
  it('pads by display width, so CJK and emoji columns line up', () => {
    const t = formatTable(
      [{ header: 'name' }, { header: 'n', align: 'right' }],
      [
        ['検索', '1'],
        ['🚀x', '22'],
        ['ascii', '333'],
      ],
    );
    const widths = t.split('\n').map((l) => stringWidth(l));
    expect(new Set(widths).size).toBe(1);
  });

  it('fits maxWidth by shortening text columns only', () => {
    const t = formatTable(
      [{ header: 'name' }, { header: 'amount', align: 'right' }],
      [['a-very-long-project-name-indeed', '1,234,567']],
      undefined,
      { maxWidth: 20 },
    );
    for (const l of t.split('\n')) expect(stringWidth(l)).toBeLessThanOrEqual(20);
    expect(t).toContain('1,234,567');
    expect(fitWidth('検索チーム', 5)).toBe('検索…');
  });

  it('makes control characters and bidi overrides visible', () => {
    expect(escapeControl('a\u001b[2Jb\nc\u202ed')).toBe('a\\x1b[2Jb\\nc\\u202ed');
  });
});

describe('display rounding', () => {
  it('rounds half-up to the cent and shows dust', () => {
    expect(displayUsd(money(3n * 10n ** 18n + 4n * CENT + CENT / 2n))).toBe('$3.05');
    expect(displayUsd(money(3n * 10n ** 18n + 4n * CENT + CENT / 2n - 1n))).toBe('$3.04');
    expect(displayUsd(money(-(2n * CENT + CENT / 2n)))).toBe('-$0.03');
    expect(displayUsd(money(CENT / 2n - 1n))).toBe('<$0.01');
    expect(displayUsd(money(123_456n * CENT))).toBe('$1,234.56');
  });

  it('percent change has one decimal and a sign', () => {
    expect(percentChange(money(105n), money(100n))).toBe('+5.0%');
    expect(percentChange(money(2n), money(3n))).toBe('−33.3%');
    expect(percentChange(money(5n), money(0n))).toBe('new');
  });
});
