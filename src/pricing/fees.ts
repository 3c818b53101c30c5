import { invalidValue } from '../errors.js';
import { divRoundHalfEven, type Money, money, parseDecimal, parseUsd, ZERO } from '../money.js';
import type { GatewayEntry, PriceBook } from './price-book.js';

export interface FeeOptions {
  /** The call used the user's own provider key. */
  byok?: boolean;
  /** How credits were bought ("card", "crypto"); the gateway's default when absent. */
  payment?: string;
  /** Size of the credit top-up, USD, so a per-top-up minimum can be spread over it. */
  topupUsd?: Money;
  /** BYOK requests already made this month before this one (fees start past the free allowance). */
  byokRequestsThisMonth?: number;
}

export function resolveGateway(book: PriceBook, name: string, origin = '--gateway'): GatewayEntry {
  const g = book.gateways.get(name.toLowerCase());
  if (g) return g;
  const ids = [...new Set([...book.gateways.values()].map((x) => x.id))];
  throw invalidValue(origin, `unknown gateway "${name}"`, ids.join(', '));
}

/**
 * The gateway fee share of a request costing `cost`. A top-up fee is spread over the credits it
 * bought: on top ($105 for $100) the share is cost × p; out of the payment ($95.24 for $100) it is
 * cost × p / (1 − p). A minimum fee per top-up only applies when the top-up size is known.
 * BYOK calls pay the gateway's BYOK percentage past its free monthly allowance.
 */
export function gatewayFee(gateway: GatewayEntry, cost: Money, options: FeeOptions = {}): Money {
  const g = gateway.data;
  if (options.byok) {
    if (!g.byok) return ZERO;
    const used = options.byokRequestsThisMonth ?? 0;
    if (used < g.byok.free_requests_per_month) return ZERO;
    return percentOf(cost, g.byok.percent);
  }
  const method = options.payment ?? g.default_payment ?? Object.keys(g.topup_fees)[0];
  if (method === undefined) return ZERO;
  const fee = g.topup_fees[method];
  if (!fee) {
    const accepted = Object.keys(g.topup_fees);
    throw invalidValue(
      '--payment',
      `gateway ${g.id} has no payment method "${method}"`,
      accepted.join(', ') || 'none',
    );
  }
  const p = parseDecimal(fee.percent)!;
  const scale = 10n ** BigInt(p.scale) * 100n; // percent → fraction denominator
  if (options.topupUsd !== undefined && options.topupUsd > 0n) {
    let topupFee = divRoundHalfEven(options.topupUsd * p.units, scale);
    const min = fee.min_usd === undefined ? undefined : parseUsd(fee.min_usd);
    if (min !== undefined && topupFee < min) topupFee = min;
    const paidForCredits = g.fee_applied === 'on_top' ? options.topupUsd : options.topupUsd - topupFee;
    return money(divRoundHalfEven(cost * topupFee, paidForCredits));
  }
  if (g.fee_applied === 'out_of_payment') return money(divRoundHalfEven(cost * p.units, scale - p.units));
  return money(divRoundHalfEven(cost * p.units, scale));
}

function percentOf(cost: Money, percent: string | number): Money {
  const p = parseDecimal(percent)!;
  return money(divRoundHalfEven(cost * p.units, 10n ** BigInt(p.scale) * 100n));
}
