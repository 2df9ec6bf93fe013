/** Pieces every statement about one committed position at one signed price shares. */
import { badInput } from "../errors.js";
import { riskParamsSignals } from "../market/risk-params.js";
import { positionSignals, priceSignals } from "../position/commitment.js";
import { type Position, commitPosition } from "../position/position.js";
import { type PriceAttestation, verifyPriceAttestation } from "../price/attestation.js";
import { parseAddress } from "../units.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * Refuse (bad input) a price for another market or with a bad signature, before any statement
 * check (and before `zkliq status` shows figures). `what` names the price in the message.
 */
export async function checkPriceFor(position: Position, price: PriceAttestation, opts: { now?: number; what?: string } = {}): Promise<void> {
  if (price.marketId !== position.marketId) {
    throw badInput(`price is for ${price.market.symbol} but the position is on ${position.market.symbol}`);
  }
  const att = await verifyPriceAttestation(price, opts.now === undefined ? {} : { now: opts.now });
  if (!att.valid) throw badInput(`${opts.what ?? "price file"}: ${att.reason}`);
}

/** The liquidator address bound into a proof, as a field element (default: the zero address). */
export const liquidatorSignal = (liquidator: string | undefined): bigint => parseAddress(liquidator ?? ZERO_ADDRESS, "liquidator");

/**
 * The witness signals of the position opening, the price point and the market's risk parameters,
 * with the public commitments and risk-parameter hash they open: every statement's common input.
 */
export function positionAtPriceInput(position: Position, price: PriceAttestation) {
  const px = priceSignals(price);
  return {
    positionCommitment: commitPosition(position),
    priceCommitment: price.commitment,
    ...riskParamsSignals(position.market),
    ...positionSignals(position),
    markPrice: px.markPrice,
    fundingIndex: px.fundingIndex,
    timestamp: px.timestamp,
  };
}
