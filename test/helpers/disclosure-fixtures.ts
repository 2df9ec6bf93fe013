// Positions and prices built directly from integers (BTC-USD units: size 1e-8 BTC, price 1e-2 USD,
// value 1e-10 USD), for circuit-level tests that need no signature.
import { OFFCHAIN_DOMAIN, type PriceAttestation } from "../../src/attestation.js";
import { priceCommitment } from "../../src/commitment.js";
import type { Market } from "../../src/markets.js";
import type { Side } from "../../src/model.js";
import type { Position } from "../../src/position.js";

export const BTC = 10n ** 8n; // size units per BTC
export const USD = 10n ** 2n; // price units per USD
export const VALUE_USD = 10n ** 10n; // value units per USD

export const btcMarket = (mmrBps = 50): Market => ({ id: 1, symbol: "BTC-USD", sizeDecimals: 8, priceDecimals: 2, mmrBps });

export function position(side: Side, size: bigint, entryPrice: bigint, collateral: bigint, entryFunding = 0n, market = btcMarket()): Position {
  return { market, marketId: market.id, side, size, entryPrice, collateral, entryFunding, owner: 0xabcn, nonce: 7n, salt: 123456789n };
}

/** An unsigned price point (the circuit never sees the signature). */
export function price(markPrice: bigint, fundingIndex = 0n, market = btcMarket(), timestamp = 1_790_000_000): PriceAttestation {
  const fields = { marketId: market.id, markPrice, fundingIndex, timestamp };
  return {
    ...fields,
    market,
    commitment: priceCommitment(fields),
    domain: OFFCHAIN_DOMAIN,
    oracle: "0x0000000000000000000000000000000000000000",
    signature: "0x",
  };
}

// Hand-worked positions (mmr 0.5%):
/** long 1 BTC @ 50000, collateral 5000, mark 50000: equity 5000, notional 50000 -> margin ratio exactly 10%, leverage exactly 10x. */
export const TEN_PERCENT = () => ({ p: position("long", BTC, 50_000n * USD, 5_000n * VALUE_USD), q: price(50_000n * USD) });
/**
 * long 1 BTC @ 50000, collateral 10200, mark 50000: liquidation price exactly 40000
 * (at 40000 equity 10200 - 10000 = 200 = requirement 0.5% x 40000).
 */
export const LONG_LP_40000 = () => ({ p: position("long", BTC, 50_000n * USD, 10_200n * VALUE_USD), q: price(50_000n * USD) });
/** short 1 BTC @ 50000, collateral 10300, mark 50000: liquidation price exactly 60000 (equity 300 = requirement 300). */
export const SHORT_LP_60000 = () => ({ p: position("short", BTC, 50_000n * USD, 10_300n * VALUE_USD), q: price(50_000n * USD) });
/** long 1 BTC @ 50000, collateral 1000, mark 40000: equity -9000 (bankrupt), notional 40000. */
export const BANKRUPT = () => ({ p: position("long", BTC, 50_000n * USD, 1_000n * VALUE_USD), q: price(40_000n * USD) });
