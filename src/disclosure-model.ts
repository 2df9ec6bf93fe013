/**
 * Reference model of the disclosure claims, in plain bigint arithmetic on top of model.ts.
 * Tests compare the disclosure circuit against these predicates, never against itself.
 *
 * Units as in model.ts; thresholds: basis points for the margin ratio (1000 = 10%), leverage
 * times 10000 (50000 = 5x), price units for the liquidation price bound, value units for notional.
 */
import * as model from "./model.js";

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

/** Liquidation price (model.liquidationPrice, funding index held) <= bound for a long, >= bound for a short. */
export function liquidationPriceBeyond(p: model.PositionTerms, q: Pick<model.PriceTerms, "fundingIndex">, bound: bigint, mmrBps: bigint): boolean {
  const lp = model.liquidationPrice(p, q, mmrBps);
  if (p.side === "long") return lp === null || lp.num <= bound * lp.den;
  return lp !== null && lp.num >= bound * lp.den;
}

export const notionalWithin = (p: model.PositionTerms, q: model.PriceTerms, min: bigint, max: bigint): boolean => {
  const n = model.notional(p, q);
  return min <= n && n <= max;
};

/** Does every claim made hold? (The reference for the whole disclosure statement.) */
export function claimsHold(p: model.PositionTerms, q: model.PriceTerms, c: DisclosureClaims, mmrBps: bigint): boolean {
  return (
    (c.minMarginBps === undefined || marginRatioAtLeast(p, q, c.minMarginBps)) &&
    (c.maxLeverageBps === undefined || leverageAtMost(p, q, c.maxLeverageBps)) &&
    (c.liqPriceBound === undefined || liquidationPriceBeyond(p, q, c.liqPriceBound, mmrBps)) &&
    (c.notionalMin === undefined || notionalWithin(p, q, c.notionalMin, c.notionalMax ?? -1n))
  );
}
