import { describe, expect, it } from 'vitest';
import { resolveAsOf } from '../../src/budget/period.js';
import { parseDateText } from '../../src/dates.js';
import { parseInstant } from '../../src/pricing/dates.js';
import { resolveRange } from '../../src/report/range.js';

describe('one date parser', () => {
  it('reads dates that exist and ISO instants with an offset; nothing else', () => {
    expect(parseDateText('2026-02-28')).toEqual({ date: [2026, 2, 28] });
    expect(parseDateText(' 2026-05-01T12:00:00Z ')).toEqual({ instantMs: Date.UTC(2026, 4, 1, 12) });
    for (const bad of ['2026-02-30', '2026-13-01', '2026-5-1', '2026-05-01T12:00', 'yesterday', ''])
      expect(parseDateText(bad)).toBeUndefined();
  });

  it('pricing --at, report --since and budget --as-of agree on what exists', () => {
    expect(() => parseInstant('2026-02-30', '--at')).toThrow('--at: invalid date "2026-02-30"');
    expect(() => resolveRange({ since: '2026-02-30' }, 'day', 'UTC', 0)).toThrow(
      /--since: invalid date "2026-02-30"/,
    );
    expect(() => resolveAsOf('2026-02-30', 'UTC', 0)).toThrow('--as-of: invalid date "2026-02-30"');
    const berlinDay = resolveRange({ since: '2026-07-01', until: '2026-07-01' }, 'day', 'Europe/Berlin', 0);
    expect(berlinDay).toEqual({ sinceMs: Date.UTC(2026, 5, 30, 22), untilMs: Date.UTC(2026, 6, 1, 22) });
    expect(resolveAsOf('2026-07-01', 'Europe/Berlin', 0)).toMatchObject({
      anchorMs: Date.UTC(2026, 5, 30, 22),
    });
  });
});
