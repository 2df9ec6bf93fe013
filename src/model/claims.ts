/**
 * Reference model of the disclosure claims, in plain bigint arithmetic on top of margin.ts.
 * Tests compare the disclosure circuit against these predicates, never against itself.
 *
 * Units as in margin.ts; thresholds: basis points for the margin ratio (1000 = 10%), leverage
 * times 10000 (50000 = 5x), price units for the liquidation price bound, value units for notional.
 * The liquidation-price claim is the only one that needs the maintenance requirement: the tiered
 * one (a MarginTable in value units, from src/market/risk-params.ts marginTable).
 */
import * as margin from "./margin.js";
import * as model from "./margin.js";

/** The claims a disclosure can make, as integers in market units (absent = not claimed). */
export interface DisclosureClaims {
  /** Margin ratio (equity / notional) at least this, in basis points. */
  minMarginBps?: bigint;
  /** Leverage (notional / equity) at most this / 10000, with equity > 0. */
  maxLeverageBps?: bigint;
  /** Liquidation price at or beyond this price: <= for a long, >= for a short. */
  liqPriceBound?: bigint;
  /** notionalMin <= notional <= notionalMax (both or neither). */
  notionalMin?: bigint;
  notionalMax?: bigint;
}

/** margin ratio >= bps / 10000  <=>  10000 * equity >= bps * notional. */
export const marginRatioAtLeast = (p: model.PositionTerms, q: model.PriceTerms, bps: bigint): boolean =>
  model.BPS * model.equity(p, q) >= bps * model.notional(p, q);

/** leverage <= levBps / 10000  <=>  equity > 0 and 10000 * notional <= levBps * equity. */
export function leverageAtMost(p: model.PositionTerms, q: model.PriceTerms, levBps: bigint): boolean {
  const e = model.equity(p, q);
  return e > 0n && model.BPS * model.notional(p, q) <= levBps * e;
}

/**
 * Tiered liquidation price (margin.liquidationPrice, funding index held) <= bound for a long,
 * >= bound for a short. Equivalent to notLiquidatableAt(bound): the circuit checks that form.
 */
export function liquidationPriceBeyond(
  p: model.PositionTerms,
  q: Pick<model.PriceTerms, "fundingIndex">,
  bound: bigint,
  table: margin.MarginTable,
): boolean {
  // Size 0: no liquidation price; equity = collateral >= 0 = MM(0), never liquidatable (as the circuit says).
  if (p.size === 0n) return notLiquidatableAt(p, q, bound, table);
  const lp = margin.liquidationPrice(p, q, table)?.price ?? null;
  if (p.side === "long") return lp === null || lp.num <= bound * lp.den;
  return lp !== null && lp.num >= bound * lp.den;
}

/** Not liquidatable at mark price `bound` (funding as given): 10000 * equity >= 10000 * MM(size * bound), tiered. */
export function notLiquidatableAt(p: model.PositionTerms, q: Pick<model.PriceTerms, "fundingIndex">, bound: bigint, table: margin.MarginTable): boolean {
  return !margin.isLiquidatable(p, { markPrice: bound, fundingIndex: q.fundingIndex }, table);
}

export const notionalWithin = (p: model.PositionTerms, q: model.PriceTerms, min: bigint, max: bigint): boolean => {
  const n = model.notional(p, q);
  return min <= n && n <= max;
};

/** Does every claim made hold? (The reference for the whole disclosure statement.) */
export function claimsHold(p: model.PositionTerms, q: model.PriceTerms, c: DisclosureClaims, table: margin.MarginTable): boolean {
  return (
    (c.minMarginBps === undefined || marginRatioAtLeast(p, q, c.minMarginBps)) &&
    (c.maxLeverageBps === undefined || leverageAtMost(p, q, c.maxLeverageBps)) &&
    (c.liqPriceBound === undefined || liquidationPriceBeyond(p, q, c.liqPriceBound, table)) &&
    (c.notionalMin === undefined || notionalWithin(p, q, c.notionalMin, c.notionalMax ?? -1n))
  );
}
