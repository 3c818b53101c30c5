/**
 * Exact money. Amounts are bigint atto-dollars (1e-18 USD): a rate of at most 6 decimals in
 * USD per 1M tokens is an integer number of atto-dollars per token (rate × 1e12), and up to two
 * further 3-decimal multipliers (Pro ×6, Priority ×2.5, region ×1.1) stay integral. Sums are plain
 * bigint additions: exact and order-independent. Rounding happens only when formatting.
 */
export type Money = bigint & { readonly __money: unique symbol };

export const ATTO_PER_USD = 10n ** 18n;
const ATTO_PER_NANO = 10n ** 9n;

export const ZERO = 0n as Money;

export function money(atto: bigint): Money {
  return atto as Money;
}

export function addMoney(...parts: readonly Money[]): Money {
  let sum = 0n;
  for (const p of parts) sum += p;
  return sum as Money;
}

/** An exact decimal: value = units / 10^scale. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal from a string or a JSON number without going through binary floating point
 * arithmetic. A JSON number is read from its shortest decimal representation, which is exact for
 * the short literals price data uses; exponent notation is refused.
 */
export function parseDecimal(value: string | number): Decimal | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL_RE.exec(text);
  if (!match) return undefined;
  const [, sign, whole, frac = ''] = match;
  const units = BigInt(`${whole}${frac}`) * (sign ? -1n : 1n);
  return { units, scale: frac.length };
}

/** Multiplies an integer by a decimal, rounding half-to-even to an integer if it is not exact. */
export function mulDecimal(value: bigint, factor: Decimal): bigint {
  return divRoundHalfEven(value * factor.units, 10n ** BigInt(factor.scale));
}

export function divRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  const r = numerator % denominator;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const away = numerator < 0n !== denominator < 0n ? -1n : 1n;
  if (twice > (denominator < 0n ? -denominator : denominator)) return q + away;
  if (twice === (denominator < 0n ? -denominator : denominator)) return q % 2n === 0n ? q : q + away;
  return q;
}

/** USD per 1M tokens (decimal) → atto-dollars per token. */
export function attoPerTokenFromUsdPer1M(rate: Decimal): bigint {
  // atto per token = rate × 1e18 / 1e6 = rate × 1e12
  return mulDecimal(10n ** 12n, rate);
}

/** Formats atto-dollars as a USD decimal string rounded half-even to `decimals` places (default 9). */
export function formatUsd(amount: Money | bigint, decimals = 9): string {
  const unit = 10n ** BigInt(18 - decimals);
  const rounded = divRoundHalfEven(amount, unit);
  const negative = rounded < 0n;
  const abs = negative ? -rounded : rounded;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(decimals, '0');
  const body = decimals > 0 ? `${whole}.${frac}` : `${whole}`;
  return negative ? `-${body}` : body;
}

/** The amount rounded to the nano-dollar, as a compact decimal string ("0.00315", "12"). */
export function usdString(amount: Money | bigint): string {
  const text = formatUsd(amount, 9);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Parses a USD amount given by a user ("12.5", "0.80") into atto-dollars; undefined when malformed. */
export function parseUsd(value: string | number): Money | undefined {
  const d = parseDecimal(value);
  if (!d || d.scale > 18) return undefined;
  return mulDecimal(ATTO_PER_USD, d) as Money;
}

/** Atto-dollars → integer nano-dollars (half-even), the unit stored in SQLite for reported costs. */
export function toNano(amount: Money | bigint): bigint {
  return divRoundHalfEven(amount, ATTO_PER_NANO);
}

export function fromNano(nano: bigint | number): Money {
  return (BigInt(nano) * ATTO_PER_NANO) as Money;
}

/** Rounds atto-dollars to whole cents, half away from zero (what a person does with "$3.045"). */
export function roundToCents(amount: Money | bigint): bigint {
  const perCent = ATTO_PER_USD / 100n;
  const abs = amount < 0n ? -amount : amount;
  const cents = (abs + perCent / 2n) / perCent;
  return amount < 0n ? -cents : cents;
}

/**
 * The one display format for money (tables, markdown, budget lines): "$1,234.57", "<$0.01" for
 * dust, "$0.00" for zero. Rounding is half-up to the cent so the figure agrees with the exact
 * total printed next to it ("exact total: $3.045" shows as "$3.05"); the ledger's sums stay exact.
 */
export function displayUsd(amount: Money | bigint): string {
  if (amount === 0n) return '$0.00';
  const negative = amount < 0n;
  const cents = roundToCents(negative ? -amount : amount);
  if (cents === 0n) return negative ? '-<$0.01' : '<$0.01';
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (cents % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}$${whole}.${frac}`;
}
