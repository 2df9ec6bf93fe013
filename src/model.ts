/**
 * Reference model: the margin math in plain bigint arithmetic, independent of the circuit.
 * Tests compare the circuit against this, never against itself.
 *
 * Units (see markets.ts): size in size units, prices and funding indices in price units,
 * collateral / equity / notional in value units (size unit * price unit).
 */

export type Side = "long" | "short";

export interface PositionTerms {
  side: Side;
  size: bigint;
  entryPrice: bigint;
  collateral: bigint;
  /** Cumulative funding index at entry, signed, in price units. */
  entryFunding: bigint;
}

export interface PriceTerms {
  markPrice: bigint;
  /** Cumulative funding index now, signed, in price units. */
  fundingIndex: bigint;
}

export const BPS = 10_000n;

const sign = (side: Side): bigint => (side === "long" ? 1n : -1n);

/** Unrealised PnL = s * size * (mark - entry). */
export const unrealisedPnl = (p: PositionTerms, q: PriceTerms): bigint =>
  sign(p.side) * p.size * (q.markPrice - p.entryPrice);

/** Funding owed = s * size * (F_now - F_entry); longs pay when the index rises. */
export const fundingOwed = (p: PositionTerms, q: PriceTerms): bigint =>
  sign(p.side) * p.size * (q.fundingIndex - p.entryFunding);

/** Equity = collateral + PnL - funding owed. May be negative (bankrupt). */
export const equity = (p: PositionTerms, q: PriceTerms): bigint =>
  p.collateral + unrealisedPnl(p, q) - fundingOwed(p, q);

export const notional = (p: PositionTerms, q: PriceTerms): bigint => p.size * q.markPrice;

/** Maintenance requirement times 10000 (exact: requirement = this / 10000). */
export const requirementTimesBps = (p: PositionTerms, q: PriceTerms, mmrBps: bigint): bigint =>
  mmrBps * notional(p, q);

/** Liquidatable iff equity < mmrBps/10000 * notional; equality is not liquidatable. */
export const isLiquidatable = (p: PositionTerms, q: PriceTerms, mmrBps: bigint): boolean =>
  BPS * equity(p, q) < requirementTimesBps(p, q, mmrBps);

export const isBankrupt = (p: PositionTerms, q: PriceTerms): boolean => equity(p, q) < 0n;

/** An exact rational number n/d with d > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Margin ratio = equity / notional (null when notional is 0). */
export const marginRatio = (p: PositionTerms, q: PriceTerms): Ratio | null => {
  const n = notional(p, q);
  return n === 0n ? null : { num: equity(p, q), den: n };
};

/**
 * Liquidation price of one isolated position with a flat rate, as an exact ratio in price units.
 * Write equity(P) = K + s*size*P with K = collateral - s*size*entry - s*size*(F_now - F_entry).
 *   long:  liquidatable <=> 10000*(K + size*P) < mmr*size*P <=> P < -10000*K / (size*(10000 - mmr))
 *   short: liquidatable <=> 10000*(K - size*P) < mmr*size*P <=> P >  10000*K / (size*(10000 + mmr))
 * Returns null for a long that cannot be liquidated at any price >= 0 (K >= 0: fully collateralised).
 * The current funding index is held fixed.
 */
export function liquidationPrice(p: PositionTerms, q: Pick<PriceTerms, "fundingIndex">, mmrBps: bigint): Ratio | null {
  const s = sign(p.side);
  const k = p.collateral - s * p.size * p.entryPrice - s * p.size * (q.fundingIndex - p.entryFunding);
  if (p.side === "long") {
    if (k >= 0n) return null;
    return { num: -BPS * k, den: p.size * (BPS - mmrBps) };
  }
  return { num: BPS * k, den: p.size * (BPS + mmrBps) };
}

/** Is price P beyond the liquidation price (strictly below for a long, strictly above for a short)? */
export function beyondLiquidationPrice(side: Side, price: bigint, lp: Ratio | null): boolean {
  if (lp === null) return false;
  return side === "long" ? price * lp.den < lp.num : price * lp.den > lp.num;
}

/** Format a ratio (in units of 10^-decimals) as a decimal string with `digits` fraction digits, rounded toward zero. */
export function formatRatio(r: Ratio, decimals: number, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const scaled = (r.num * scale) / (r.den * 10n ** BigInt(decimals));
  const neg = scaled < 0n || (scaled === 0n && r.num < 0n);
  const abs = (scaled < 0n ? -scaled : scaled).toString().padStart(digits + 1, "0");
  const body = digits > 0 ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
  return (neg ? "-" : "") + body;
}
