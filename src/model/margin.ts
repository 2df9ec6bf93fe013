/**
 * The reference model of the margin math, in plain bigint arithmetic, independent of the circuits:
 * equity, notional, tiered maintenance margin and the liquidation price under tiers. Tests compare
 * the circuits against this (and this against hand-worked venue tables), never against themselves.
 * A flat maintenance rate is a one-tier table (`flatTable`).
 *
 * Units (see src/market/markets.ts): size in size units, prices and funding indices in price units,
 * collateral / equity / notional in value units (size unit x price unit). A MarginTable is in value
 * units; src/market/risk-params.ts converts a market's quote-unit table with its value unit.
 */
import { type Ratio, compareRatio } from "./ratio.js";

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

export const sign = (side: Side): bigint => (side === "long" ? 1n : -1n);

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

export const isBankrupt = (p: PositionTerms, q: PriceTerms): boolean => equity(p, q) < 0n;

/** Margin ratio = equity / notional (null when notional is 0). */
export const marginRatio = (p: PositionTerms, q: PriceTerms): Ratio | null => {
  const n = notional(p, q);
  return n === 0n ? null : { num: equity(p, q), den: n };
};

/** One tier in value units. cumBps = 10000 * cum, so every line is an integer. */
export interface MarginTier {
  floor: bigint;
  mmrBps: bigint;
  cumBps: bigint;
}

export interface MarginTable {
  /** Floors and rates strictly increasing, cum derived (see table.ts checkRiskParams). */
  tiers: readonly MarginTier[];
  penaltyBps: bigint;
  /** Lot step in size units. */
  lotSize: bigint;
}

/** 10000 x (tier t's requirement at notional n) = mmr_t * n - cumBps_t. */
export const lineAt = (t: MarginTier, n: bigint): bigint => t.mmrBps * n - t.cumBps;

/**
 * The tier a notional falls in: floor_t < n <= floor_{t+1} (Binance writes "50,000 < Position <=
 * 250,000"); n = 0 is tier 0. At an edge both tiers give the same requirement (cum makes it
 * continuous), so the convention only decides which tier is reported.
 */
export function tierOf(table: MarginTable, n: bigint): number {
  let t = 0;
  while (t + 1 < table.tiers.length && table.tiers[t + 1]!.floor < n) t++;
  return t;
}

/**
 * 10000 x maintenance requirement at notional n: the line of n's tier, which is also the maximum
 * of all tiers' lines (rates rise by tier, so the requirement is convex and piecewise linear).
 */
export const requirementTimesBps = (table: MarginTable, n: bigint): bigint => lineAt(table.tiers[tierOf(table, n)]!, n);

/** Liquidatable iff equity < requirement (equality is not liquidatable; bankrupt positions are). */
export const isLiquidatable = (p: PositionTerms, q: PriceTerms, table: MarginTable): boolean =>
  BPS * equity(p, q) < requirementTimesBps(table, notional(p, q));

/**
 * Liquidation price of one isolated position under tiers (funding index held at its current value):
 * the price beyond which (strictly below for a long, strictly above for a short) the position is
 * liquidatable, and the tier whose line decides it. With equity(P) = K + s*size*P:
 *   liquidatable at P  <=>  some tier t has 10000*(K + s*size*P) < mmr_t*size*P - cumBps_t
 *   long:  P < LP_t = -(10000*K + cumBps_t) / (size*(10000 - mmr_t)),  LP = max_t LP_t
 *   short: P > LP_t =  (10000*K + cumBps_t) / (size*(10000 + mmr_t)),  LP = min_t LP_t
 * This is Binance's "recompute with the tier's rate and cum if the price lands in another tier",
 * done for every tier at once. Null for a long that no price >= 0 liquidates, and for size 0.
 */
export function liquidationPrice(
  p: PositionTerms,
  q: Pick<PriceTerms, "fundingIndex">,
  table: MarginTable,
): { price: Ratio; tier: number } | null {
  if (p.size === 0n) return null;
  const s = sign(p.side);
  const k = p.collateral - s * p.size * p.entryPrice - s * p.size * (q.fundingIndex - p.entryFunding);
  let best: { price: Ratio; tier: number } | null = null;
  table.tiers.forEach((t, i) => {
    const price: Ratio =
      p.side === "long"
        ? { num: -(BPS * k + t.cumBps), den: p.size * (BPS - t.mmrBps) }
        : { num: BPS * k + t.cumBps, den: p.size * (BPS + t.mmrBps) };
    if (p.side === "long" && price.num <= 0n) return;
    if (!best || (p.side === "long" ? compareRatio(price, best.price) > 0 : compareRatio(price, best.price) < 0)) best = { price, tier: i };
  });
  return best;
}


/** A one-tier table: the flat maintenance rate `mmrBps` (no penalty, lot 1). */
export const flatTable = (mmrBps: bigint): MarginTable => ({
  tiers: [{ floor: 0n, mmrBps, cumBps: 0n }],
  penaltyBps: 0n,
  lotSize: 1n,
});

/** Is price P beyond the liquidation price (strictly below for a long, strictly above for a short)? */
export function beyondLiquidationPrice(side: Side, price: bigint, lp: Ratio | null): boolean {
  if (lp === null) return false;
  return side === "long" ? price * lp.den < lp.num : price * lp.den > lp.num;
}
