/**
 * Reference model of a liquidation that closes part of a position: penalty, what the close leaves
 * behind, the partial-liquidation statement (circuits/statements/PartialLiquidation.circom) and its
 * minimal close size. Plain bigint arithmetic on top of margin.ts.
 */
import { BPS, type MarginTable, type PositionTerms, type PriceTerms, equity, isLiquidatable, requirementTimesBps, sign } from "./margin.js";

/** Penalty for closing `closeSize` at `markPrice`: floor(penaltyBps * closed notional / 10000). */
export const penaltyFor = (table: MarginTable, closeSize: bigint, markPrice: bigint): bigint =>
  (table.penaltyBps * closeSize * markPrice) / BPS;

/** What a liquidation that closes `closeSize` leaves behind (see closeOutcome). */
export interface CloseOutcome {
  closeSize: bigint;
  newSize: bigint;
  closedInFull: boolean;
  /** Penalty charged to the position, to the insurance fund. */
  penalty: bigint;
  /** PnL minus funding realised on the closed units. */
  realised: bigint;
  /** collateral + realised - penalty (+ shortfall); negative only for an impossible partial close. */
  newCollateral: bigint;
  /** On a full close: what the position could not pay of its losses and the penalty (else 0). */
  shortfall: bigint;
  /** Equity after the close = equity before - penalty (+ shortfall on a full close). */
  newEquity: bigint;
}

/**
 * Close `closeSize` units at the price: the closed part's PnL and funding are realised into the
 * collateral and the penalty is taken from it; entry price and entry funding stay, so the new
 * equity is the old equity minus the penalty. A full close leaves max(equity - penalty, 0) as
 * collateral and reports the rest as the insurance fund's shortfall.
 */
export function closeOutcome(p: PositionTerms, q: PriceTerms, table: MarginTable, closeSize: bigint): CloseOutcome {
  const s = sign(p.side);
  const realised = s * closeSize * (q.markPrice - p.entryPrice) - s * closeSize * (q.fundingIndex - p.entryFunding);
  const penalty = penaltyFor(table, closeSize, q.markPrice);
  const newSize = p.size - closeSize;
  const raw = p.collateral + realised - penalty;
  const closedInFull = newSize === 0n;
  const shortfall = closedInFull && raw < 0n ? -raw : 0n;
  const newCollateral = raw + shortfall;
  return {
    closeSize,
    newSize,
    closedInFull,
    penalty,
    realised,
    newCollateral,
    shortfall,
    newEquity: equity(p, q) - penalty + shortfall,
  };
}

/** Would the position be below maintenance after closing x (x may be 0: "liquidatable now")? */
export function belowMaintenanceAfter(p: PositionTerms, q: PriceTerms, table: MarginTable, x: bigint): boolean {
  const e = equity(p, q) - penaltyFor(table, x, q.markPrice);
  return BPS * e < requirementTimesBps(table, (p.size - x) * q.markPrice);
}

/** The close size one lot below `closeSize` that the no-over-liquidation rule looks at (0 if <= one lot). */
export const oneLotLess = (table: MarginTable, closeSize: bigint): bigint =>
  closeSize > table.lotSize ? closeSize - table.lotSize : 0n;

export type CloseCheck = { ok: true; outcome: CloseOutcome } | { ok: false; reason: string; outcome?: CloseOutcome };

/**
 * The partial-liquidation statement (circuits/statements/PartialLiquidation.circom) for close size d:
 *  - 1 <= d <= size;
 *  - closing one lot less (d - lot, or nothing if d <= lot) would leave the position below
 *    maintenance — so the position is liquidatable and d exceeds what is needed by at most a lot;
 *  - unless closed in full: the collateral stays >= 0 and the position is at or above maintenance.
 */
export function checkClose(p: PositionTerms, q: PriceTerms, table: MarginTable, d: bigint): CloseCheck {
  if (d < 1n || d > p.size) return { ok: false, reason: `close size must be between one unit and the position size` };
  const prev = oneLotLess(table, d);
  if (!belowMaintenanceAfter(p, q, table, prev)) {
    return {
      ok: false,
      reason: prev === 0n ? "the position is not below maintenance: nothing to liquidate" : "closing one lot less would already restore maintenance (over-liquidation)",
    };
  }
  const outcome = closeOutcome(p, q, table, d);
  if (!outcome.closedInFull) {
    if (outcome.newCollateral < 0n) return { ok: false, reason: "the remaining position would have negative collateral", outcome };
    if (BPS * outcome.newEquity < requirementTimesBps(table, outcome.newSize * q.markPrice)) {
      return { ok: false, reason: "the remaining position would still be below maintenance", outcome };
    }
  }
  return { ok: true, outcome };
}

/**
 * The smallest close size the statement accepts, in whole lots (or the whole position): null when
 * the position is not liquidatable or no close size is valid. Binary search on "healthy after
 * closing k lots" (monotone up to the penalty's rounding, because the penalty rate is at most the
 * lowest maintenance rate), then checked exactly and, in rounding corner cases, nudged by a lot.
 */
export function minimalClose(p: PositionTerms, q: PriceTerms, table: MarginTable): bigint | null {
  if (p.size === 0n || !isLiquidatable(p, q, table)) return null;
  const lot = table.lotSize;
  const partialLots = (p.size - 1n) / lot; // whole lots strictly below the size
  const healthyAfter = (k: bigint): boolean => {
    const o = closeOutcome(p, q, table, k * lot);
    return o.newCollateral >= 0n && BPS * o.newEquity >= requirementTimesBps(table, o.newSize * q.markPrice);
  };
  let lo = 1n;
  let hi = partialLots + 1n; // partialLots + 1 stands for "close in full"
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (healthyAfter(mid)) hi = mid;
    else lo = mid + 1n;
  }
  const sizeFor = (k: bigint): bigint => (k > partialLots ? p.size : k * lot);
  for (const k of [lo - 1n, lo, lo + 1n, lo + 2n, partialLots + 1n]) {
    if (k >= 1n && k <= partialLots + 1n && checkClose(p, q, table, sizeFor(k)).ok) return sizeFor(k);
  }
  return null;
}
