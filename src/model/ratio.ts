/** Exact rationals for the figures the model reports (margin ratio, liquidation price). */

/** An exact rational number n/d with d > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Exact comparison of two ratios with positive denominators: -1, 0 or 1. */
export const compareRatio = (a: Ratio, b: Ratio): number => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Format a ratio (in units of 10^-decimals) as a decimal string with `digits` fraction digits, rounded toward zero. */
export function formatRatio(r: Ratio, decimals: number, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const scaled = (r.num * scale) / (r.den * 10n ** BigInt(decimals));
  const neg = scaled < 0n || (scaled === 0n && r.num < 0n);
  const abs = (scaled < 0n ? -scaled : scaled).toString().padStart(digits + 1, "0");
  const body = digits > 0 ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
  return (neg ? "-" : "") + body;
}
