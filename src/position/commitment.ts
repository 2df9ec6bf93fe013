import { poseidon2 } from "poseidon-lite/poseidon2";
import { poseidon5 } from "poseidon-lite/poseidon5";
import { BITS } from "../proof/circuits.js";
import { FUNDING_OFFSET, asciiTag as tag, checkBits } from "../units.js";
import type { Side } from "../model/index.js";

export const POSITION_TAG = tag("zkliq.position.v1");
export const PRICE_TAG = tag("zkliq.price.v1");

/** The integers a position commitment opens to (signed funding index; the offset is applied here). */
export interface PositionFields {
  marketId: number;
  side: Side;
  size: bigint;
  entryPrice: bigint;
  collateral: bigint;
  entryFunding: bigint;
  owner: bigint;
  nonce: bigint;
  salt: bigint;
}

export interface PriceFields {
  marketId: number;
  markPrice: bigint;
  fundingIndex: bigint;
  timestamp: number;
}

const sh = (bits: number): bigint => 1n << BigInt(bits);

/** Range-check position fields against the circuit widths (throws bad-input). */
export function checkPositionFields(f: PositionFields): void {
  checkBits(BigInt(f.marketId), "market id", BITS.marketId);
  checkBits(f.size, "size", BITS.size);
  checkBits(f.entryPrice, "entry price", BITS.price);
  checkBits(f.collateral, "collateral", BITS.collateral);
  checkBits(f.entryFunding, "entry funding index", BITS.funding, true);
  checkBits(f.owner, "owner", BITS.owner);
  checkBits(f.nonce, "nonce", BITS.nonce);
}

export function checkPriceFields(f: PriceFields): void {
  checkBits(BigInt(f.marketId), "market id", BITS.marketId);
  checkBits(f.markPrice, "mark price", BITS.price);
  checkBits(f.fundingIndex, "funding index", BITS.funding, true);
  checkBits(BigInt(f.timestamp), "timestamp", BITS.timestamp);
}

/** Circuit-side values of a position (side as 0/1, funding offset applied), keyed by signal name. */
export function positionSignals(f: PositionFields) {
  return {
    marketId: BigInt(f.marketId),
    side: f.side === "long" ? 0n : 1n,
    size: f.size,
    entryPrice: f.entryPrice,
    collateral: f.collateral,
    entryFunding: f.entryFunding + FUNDING_OFFSET,
    owner: f.owner,
    nonce: f.nonce,
    salt: f.salt,
  };
}

export function priceSignals(f: PriceFields) {
  return {
    marketId: BigInt(f.marketId),
    markPrice: f.markPrice,
    fundingIndex: f.fundingIndex + FUNDING_OFFSET,
    timestamp: BigInt(f.timestamp),
  };
}

/** Position commitment, exactly as circuits/gadgets/PositionCommitment.circom computes it. */
export function positionCommitment(f: PositionFields): bigint {
  checkPositionFields(f);
  const s = positionSignals(f);
  const w1 = s.size + s.entryPrice * sh(BITS.size) + s.collateral * sh(BITS.size + BITS.price);
  const w2 =
    s.entryFunding +
    s.nonce * sh(BITS.funding) +
    s.marketId * sh(BITS.funding + BITS.nonce) +
    s.side * sh(BITS.funding + BITS.nonce + BITS.marketId);
  return poseidon5([POSITION_TAG, w1, w2, s.owner, s.salt]);
}

/** Price commitment, exactly as circuits/gadgets/PriceCommitment.circom computes it. */
export function priceCommitment(f: PriceFields): bigint {
  checkPriceFields(f);
  const s = priceSignals(f);
  const w =
    s.markPrice +
    s.fundingIndex * sh(BITS.price) +
    s.timestamp * sh(BITS.price + BITS.funding) +
    s.marketId * sh(BITS.price + BITS.funding + BITS.timestamp);
  return poseidon2([PRICE_TAG, w]);
}
