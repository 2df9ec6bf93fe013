/**
 * Liquidation (circuits/statements/Liquidation.circom): a committed position is strictly below its
 * tiered maintenance margin at an oracle-signed price; the proof is bound to one liquidator.
 */
import { ZkliqError } from "../errors.js";
import { marginTable } from "../market/risk-params.js";
import * as model from "../model/index.js";
import { healthyMessage, positionStatus } from "../position/status.js";
import { type Position, positionTerms } from "../position/position.js";
import type { PriceAttestation } from "../price/attestation.js";
import type { ProofBundle } from "../proof/bundle.js";
import { type ProveOptions, prove } from "../proof/prove.js";
import type { Prover, SignalInput } from "../proof/prover.js";
import { type VerificationResult, type VerifyOptions, verifyStatement } from "../proof/verify.js";
import { toHex32 } from "../units.js";
import { checkPriceFor, liquidatorSignal, positionAtPriceInput } from "./common.js";
import type { Statement } from "./types.js";

export interface ProveLiquidationOptions {
  position: Position;
  price: PriceAttestation;
  /** Address allowed to use the proof (bound into it; a contract checks msg.sender). Default: zero address. */
  liquidator?: string;
  /** Reuse a loaded prover across proofs; otherwise one is loaded (and its workers stopped) per call. */
  prover?: Prover;
}

/**
 * The circuit input for a liquidation statement (exported for tests and tooling). The tier hint is
 * the notional's own tier, whose maintenance line is the requirement (any line is a lower bound).
 */
export function liquidationInput(position: Position, price: PriceAttestation, liquidator: bigint): SignalInput {
  const tier = model.tierOf(marginTable(position.market), model.notional(positionTerms(position), price));
  return { ...positionAtPriceInput(position, price), liquidator, tier: BigInt(tier) };
}

export const statement: Statement<ProveLiquidationOptions> = {
  id: "liquidation",
  title: "liquidation",
  async prepare({ position, price, liquidator }) {
    await checkPriceFor(position, price);
    const status = positionStatus(position, price);
    if (!status.liquidatable) throw new ZkliqError("statement-false", healthyMessage(status));
    return { market: position.market, price, input: liquidationInput(position, price, liquidatorSignal(liquidator)), extra: {} };
  },
  describe: ({ pub, market, price, signer }) => ({
    reason:
      `position ${toHex32(pub.positionCommitment!)} is below its maintenance margin (${market.symbol} tier table ` +
      `${toHex32(pub.riskParamsHash!).slice(0, 10)}...) at the price signed by ${signer} at ${price.timestamp}`,
  }),
};

/**
 * Prove that `position` is below maintenance margin at the attested price.
 * Throws bad-input for mismatched markets or a bad attestation, statement-false (with the margin
 * figures) for a healthy position: no proof of a false statement is attempted.
 */
export async function proveLiquidation(opts: ProveLiquidationOptions & ProveOptions): Promise<ProofBundle> {
  return (await prove(statement, opts, opts)).bundle;
}

/** Options of verifyLiquidation (every VerifyOptions field that applies to liquidation proofs). */
export type VerifyLiquidationOptions = Omit<VerifyOptions, "challenge" | "newCommitment">;

/**
 * Verify a liquidation proof bundle: trusted vkey hash, every public signal below the field order
 * and matching the named values, the price attestation (signature, oracle, age) and its commitment,
 * the market's risk-parameter hash (tier table, penalty, lot step), the optional expected
 * commitment / liquidator, and the Groth16 proof.
 * Never throws for a bad bundle: returns { valid: false, reason }.
 */
export const verifyLiquidation = (bundle: unknown, opts: VerifyLiquidationOptions = {}): Promise<VerificationResult> =>
  verifyStatement(statement, bundle, opts);
