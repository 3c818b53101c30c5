import type { TopLevelSpec } from 'vega-lite';
import { type Money, usdString } from '../../money.js';
import { periodLabel, periodStarts } from '../periods.js';
import type { SpendResult } from '../types.js';

/** One budget's burn-down: cumulative spend per day of its period, the limit and the forecast. */
export interface BurnDown {
  name: string;
  period: string;
  limit: Money;
  spent: Money;
  forecast: Money;
  status: 'ok' | 'warn' | 'over';
  /** Day starts (epoch ms) with the cumulative spend at the end of that day. */
  days: { dayMs: number; cumulative: Money }[];
  asOfMs: number;
  periodEndMs: number;
}

/** Dollars as a JS number: for chart geometry only, never for a figure shown as text. */
const plot = (m: Money | bigint) => Number(usdString(m));

const WIDTH = 860;

/** Spend per day, one stacked bar segment per model; days without usage keep their (empty) place. */
export function dailyByModelSpec(daily: SpendResult): TopLevelSpec {
  const values = daily.rows.map((r) => ({
    day: r.period,
    model: r.keys.model ?? '',
    usd: plot(r.cost.total),
  }));
  const tz = daily.query.tz;
  const days = periodStarts(daily.sinceMs, daily.untilMs, 'day', tz).map((d) => periodLabel(d, 'day', tz));
  return {
    width: WIDTH,
    height: 240,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: null, axis: { labelAngle: -45 }, scale: { domain: days } },
      y: { field: 'usd', type: 'quantitative', aggregate: 'sum', title: 'USD', axis: { format: '$,.2f' } },
      color: { field: 'model', type: 'nominal', title: 'model' },
      order: { field: 'model' },
    },
  };
}

/** Spend per group over the whole range, largest first. */
export function byGroupSpec(byGroup: SpendResult, dimension: string): TopLevelSpec {
  const values = byGroup.rows.map((r) => ({ group: r.keys[dimension] ?? '', usd: plot(r.cost.total) }));
  return {
    width: WIDTH,
    height: { step: 22 },
    data: { values },
    mark: { type: 'bar', color: '#4e79a7' },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null, sort: '-x' },
      x: { field: 'usd', type: 'quantitative', title: 'USD', axis: { format: '$,.2f' } },
    },
  } as TopLevelSpec;
}

/** Cumulative spend against the limit, with the forecast as a dashed line to the period end. */
export function burnDownSpec(b: BurnDown): TopLevelSpec {
  const actual = b.days.map((d) => ({ t: d.dayMs, usd: plot(d.cumulative), series: 'spent' }));
  const last = actual.at(-1);
  const forecast = [
    { t: last?.t ?? b.asOfMs, usd: last?.usd ?? 0, series: 'forecast' },
    { t: b.periodEndMs, usd: plot(b.forecast), series: 'forecast' },
  ];
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: ['spent', 'forecast', 'limit'], range: ['#4e79a7', '#f28e2b', '#e15759'] },
  } as const;
  const x = { field: 't', type: 'temporal', title: null } as const;
  const y = { field: 'usd', type: 'quantitative', title: 'USD', axis: { format: '$,.2f' } } as const;
  return {
    width: WIDTH,
    height: 200,
    layer: [
      { data: { values: actual }, mark: { type: 'line', point: true }, encoding: { x, y, color } },
      { data: { values: forecast }, mark: { type: 'line', strokeDash: [6, 4] }, encoding: { x, y, color } },
      {
        data: { values: [{ usd: plot(b.limit), series: 'limit' }] },
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { y: { field: 'usd', type: 'quantitative' }, color },
      },
    ],
  } as TopLevelSpec;
}
