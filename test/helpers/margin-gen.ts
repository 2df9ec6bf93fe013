/**
 * fast-check generators for the circuit-vs-model tests: random well-formed markets (tier tables in
 * quote units, value units up to 10^18), positions and prices over the circuits' whole widths,
 * biased towards the liquidation boundary, and unsigned price points for circuit inputs; plus the
 * small hand-worked markets the circuit tests share.
 */
import fc from "fast-check";
import type { PriceAttestation } from "../../src/price/attestation.js";
import { BITS } from "../../src/proof/circuits.js";
import { priceCommitment } from "../../src/position/commitment.js";
import * as margin from "../../src/model/index.js";
import { checkRiskParams, deriveTiers, marginTable } from "../../src/market/risk-params.js";
import { BUILTIN_MARKETS, type Market } from "../../src/market/markets.js";
import * as model from "../../src/model/index.js";
import type { Position } from "../../src/position/position.js";
import { OFFCHAIN_DOMAIN } from "../../src/price/attestation.js";

const max = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const clamp = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);

/** A bigint in [lo, 2^bits), log-uniform-ish: random bit length, then a random value of that length. */
export const logBig = (bits: number, lo = 0n): fc.Arbitrary<bigint> =>
  fc
    .integer({ min: 0, max: bits })
    .chain((b) => (b === 0 ? fc.constant(0n) : fc.bigInt(1n << BigInt(b - 1), max(b))))
    .map((v) => (v < lo ? lo : v));

/** Random well-formed markets (rejecting the few the circuits' widths refuse). */
export const marketArb: fc.Arbitrary<Market> = fc
  .record({
    id: fc.integer({ min: 0, max: 2 ** BITS.marketId - 1 }),
    sizeDecimals: fc.integer({ min: 0, max: 10 }),
    priceDecimals: fc.integer({ min: 0, max: 8 }),
    r0: fc.integer({ min: 1, max: 2000 }),
    steps: fc.array(fc.tuple(logBig(30, 1n), fc.integer({ min: 1, max: 1500 })), { maxLength: 7 }),
    penaltyPct: fc.integer({ min: 0, max: 100 }),
    lot: logBig(40, 1n),
  })
  .map((r) => {
    const spec = [{ floor: 0n, mmrBps: r.r0 }];
    for (const [df, dr] of r.steps) {
      const last = spec[spec.length - 1]!;
      if (last.mmrBps + dr > 9999) break;
      spec.push({ floor: last.floor + df, mmrBps: last.mmrBps + dr });
    }
    const tiers = deriveTiers(spec);
    const m: Market = {
      id: r.id,
      symbol: `T${r.id}-USD`,
      sizeDecimals: r.sizeDecimals,
      priceDecimals: r.priceDecimals,
      mmrBps: r.r0,
      tiers,
      penaltyBps: Math.floor((r.r0 * r.penaltyPct) / 100),
      lotSize: clamp(r.lot % 10n ** BigInt(r.sizeDecimals + 1), 1n, max(BITS.size)),
    };
    return m;
  })
  .filter((m) => {
    try {
      checkRiskParams(m, "generated market");
      return true;
    } catch {
      return false;
    }
  });

/** A fixed pool of markets (hashing a table costs ~20 ms, so the properties draw from a pool). */
export function marketPool(n: number, seed = 3): Market[] {
  return [...BUILTIN_MARKETS, ...fc.sample(marketArb, { numRuns: n, seed })];
}

/** A price point with its commitment (unsigned: the circuits only see the commitment). */
export function pricePoint(market: Market, markPrice: bigint, fundingIndex: bigint, timestamp = 1_795_000_000): PriceAttestation {
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

export interface Scenario {
  position: Position;
  price: PriceAttestation;
}

const signedFunding = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0n) },
  { weight: 4, arbitrary: fc.bigInt(-(10n ** 6n), 10n ** 6n) },
  { weight: 1, arbitrary: fc.bigInt(-max(BITS.funding - 1), max(BITS.funding - 1)) },
);

/**
 * A position and a price on a market from `pool`, over the full widths; the collateral is chosen
 * near the requirement (within a few units or a few basis points of the notional) most of the
 * time, so both verdicts and the exact boundary are exercised.
 */
export function scenarioArb(pool: readonly Market[], opts: { belowMaintenance?: boolean } = {}): fc.Arbitrary<Scenario> {
  // below maintenance (mostly): for the partial-liquidation properties, which need liquidatable positions
  const [lo, hi] = opts.belowMaintenance ? [-300, 0] : [-300, 300];
  const [slackLo, slackHi] = opts.belowMaintenance ? [-3n, -1n] : [-3n, 3n];
  const randomWeight = opts.belowMaintenance ? 1 : 3;
  return fc
    .record({
      market: fc.constantFrom(...pool),
      side: fc.constantFrom<model.Side>("long", "short"),
      size: logBig(BITS.size, 1n),
      entryPrice: logBig(BITS.price, 1n),
      move: fc.oneof({ weight: randomWeight, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: fc.integer({ min: -2000, max: 2000 }) }),
      markPrice: logBig(BITS.price, 1n),
      entryFunding: signedFunding,
      fundingIndex: signedFunding,
      collateral: fc.oneof(
        { weight: 9, arbitrary: fc.record({ near: fc.constant(true), slack: fc.bigInt(slackLo, slackHi), bps: fc.integer({ min: lo, max: hi }) }) },
        { weight: randomWeight, arbitrary: fc.record({ near: fc.constant(false), raw: logBig(BITS.collateral) }) },
      ),
      nonce: fc.oneof({ weight: 29, arbitrary: fc.bigInt(0n, 1000n) }, { weight: 1, arbitrary: fc.constant(max(BITS.nonce)) }),
      owner: logBig(BITS.owner),
      salt: fc.bigInt(1n, 1n << 250n),
    })
    .map((r) => {
      // below maintenance: the price moves against the position (a profit larger than the requirement
      // would leave it healthy even with no collateral)
      const move = r.move === null ? null : opts.belowMaintenance ? (r.side === "long" ? -Math.abs(r.move) : Math.abs(r.move)) : r.move;
      const markPrice = move === null ? r.markPrice : clamp(r.entryPrice + (r.entryPrice * BigInt(move)) / 10_000n, 1n, max(BITS.price));
      // ... and so does funding (longs pay when the index rises, shorts when it falls)
      let [entryFunding, fundingIndex] = [r.entryFunding, r.fundingIndex];
      if (opts.belowMaintenance && (r.side === "long") === fundingIndex < entryFunding) [entryFunding, fundingIndex] = [fundingIndex, entryFunding];
      const terms = { side: r.side, size: r.size, entryPrice: r.entryPrice, collateral: 0n, entryFunding };
      const q = { markPrice, fundingIndex };
      let collateral: bigint;
      if (r.collateral.near) {
        // collateral at which equity equals the requirement, moved by a few units / basis points of notional
        const n = model.notional(terms, q);
        const req = margin.requirementTimesBps(marginTable(r.market), n) / model.BPS;
        const c = r.collateral as { slack: bigint; bps: number };
        collateral = req - model.equity(terms, q) + c.slack + (n * BigInt(c.bps)) / 1_000_000n;
      } else collateral = (r.collateral as { raw: bigint }).raw;
      const position: Position = {
        market: r.market,
        marketId: r.market.id,
        side: r.side,
        size: r.size,
        entryPrice: r.entryPrice,
        collateral: clamp(collateral, 0n, max(BITS.collateral)),
        entryFunding,
        owner: r.owner,
        nonce: r.nonce,
        salt: r.salt,
      };
      return { position, price: pricePoint(r.market, markPrice, fundingIndex) };
    });
}

// -- fixtures for the circuit tests ------------------------------------------------------------

/** A market with unit 1 (sizes, prices and quote amounts are plain integers). */
export const plainMarket = (id: number, floors: number[], rates: number[], penaltyBps: number, lotSize: bigint): Market => ({
  id,
  symbol: `P${id}-USD`,
  sizeDecimals: 0,
  priceDecimals: 0,
  mmrBps: rates[0]!,
  tiers: deriveTiers(floors.map((f, i) => ({ floor: BigInt(f), mmrBps: rates[i]! }))),
  penaltyBps,
  lotSize,
});
// the hand-worked table of test/model/margin-model.test.ts: 1% up to 10,000, then 2% (cum 100); penalty 0.50%
export const TWO = plainMarket(7, [0, 10_000], [100, 200], 50, 1n);
export const THREE = plainMarket(8, [0, 10_000, 20_000], [100, 200, 400], 50, 1n);

export const testPosition = (market: Market, side: "long" | "short", size: bigint, entryPrice: bigint, collateral: bigint, nonce = 0n): Position => ({
  market,
  marketId: market.id,
  side,
  size,
  entryPrice,
  collateral,
  entryFunding: 0n,
  owner: 0xabcn,
  nonce,
  salt: 12345n,
});
