// Positions and prices built directly from integers (BTC-USD units: size 1e-8 BTC, price 1e-2 USD,
// value 1e-10 USD), for circuit-level tests that need no signature.
import type { PriceAttestation } from "../../src/price/attestation.js";
import { deriveTiers } from "../../src/market/risk-params.js";
import { BUILTIN_MARKETS, type Market } from "../../src/market/markets.js";
import type { Side } from "../../src/model/index.js";
import type { Position } from "../../src/position/position.js";
import { pricePoint } from "./margin-gen.js";

export const BTC = 10n ** 8n; // size units per BTC
export const USD = 10n ** 2n; // price units per USD
export const VALUE_USD = 10n ** 10n; // value units per USD

/** The built-in BTC-USD market: tiers 0.40% to 50,000 USD, 0.50% (cum 50) to 250,000, 1% (cum 1,300) to 1M, 2.5% (cum 16,300), ... */
export const BTC_USD: Market = BUILTIN_MARKETS.find((m) => m.id === 1)!;
/** BTC-USD units with another tier table (floors in whole USD, rates in bps; one tier = a flat rate). */
export function btcMarket(floors: readonly bigint[] = [0n], rates: readonly number[] = [50]): Market {
  const tiers = deriveTiers(floors.map((floor, i) => ({ floor, mmrBps: rates[i]! })));
  return { ...BTC_USD, tiers, mmrBps: rates[0]!, penaltyBps: Math.min(BTC_USD.penaltyBps, rates[0]!) };
}

export function position(side: Side, size: bigint, entryPrice: bigint, collateral: bigint, entryFunding = 0n, market = BTC_USD): Position {
  return { market, marketId: market.id, side, size, entryPrice, collateral, entryFunding, owner: 0xabcn, nonce: 7n, salt: 123456789n };
}

/** An unsigned price point on BTC-USD by default (the circuit never sees the signature). */
export const price = (markPrice: bigint, fundingIndex = 0n, market = BTC_USD, timestamp = 1_790_000_000): PriceAttestation =>
  pricePoint(market, markPrice, fundingIndex, timestamp);

// Hand-worked positions (BTC-USD tiers):
/** long 1 BTC @ 50000, collateral 5000, mark 50000: equity 5000, notional 50000 -> margin ratio exactly 10%, leverage exactly 10x. */
export const TEN_PERCENT = () => ({ p: position("long", BTC, 50_000n * USD, 5_000n * VALUE_USD), q: price(50_000n * USD) });
/**
 * long 1 BTC @ 50000, collateral 10160, mark 50000: liquidation price exactly 40000
 * (at 40000, notional 40000 in tier 1: equity 10160 - 10000 = 160 = requirement 0.40% x 40000).
 */
export const LONG_LP_40000 = () => ({ p: position("long", BTC, 50_000n * USD, 10_160n * VALUE_USD), q: price(50_000n * USD) });
/**
 * short 1 BTC @ 50000, collateral 10250, mark 50000: liquidation price exactly 60000 (notional 60000
 * in tier 2: requirement 0.50% x 60000 - 50 = 250 = equity 10250 - 10000).
 */
export const SHORT_LP_60000 = () => ({ p: position("short", BTC, 50_000n * USD, 10_250n * VALUE_USD), q: price(50_000n * USD) });
/**
 * long 10 BTC @ 50000, collateral 102700, mark 50000: liquidation price exactly 40000, decided by
 * tier 3 (notional 400,000: requirement 1% x 400,000 - 1,300 = 2,700 = equity 102,700 - 100,000).
 * The first tier's line would ask only 1,600 there: with collateral 102,000 (equity 2,000 at 40000)
 * the position IS liquidatable at 40000, yet above tier 1's and tier 2's lines (1,600 and 1,950).
 */
export const BIG_LONG_LP_40000 = (collateralUsd = 102_700n) => ({
  p: position("long", 10n * BTC, 50_000n * USD, collateralUsd * VALUE_USD),
  q: price(50_000n * USD),
});
/** long 1 BTC @ 50000, collateral 1000, mark 40000: equity -9000 (bankrupt), notional 40000. */
export const BANKRUPT = () => ({ p: position("long", BTC, 50_000n * USD, 1_000n * VALUE_USD), q: price(40_000n * USD) });
