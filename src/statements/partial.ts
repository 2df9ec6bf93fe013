/**
 * Partial liquidation as a state transition (circuits/statements/PartialLiquidation.circom): a
 * liquidatable position under commitment C is reduced by a close size d into a new committed
 * position C' (same market, side, entry price, entry funding and owner; nonce + 1; fresh salt),
 * with the closed part's PnL and funding realised into the collateral and the penalty paid to the
 * insurance fund.
 */
import { ZkliqError, badInput } from "../errors.js";
import { valueDecimals } from "../market/markets.js";
import { marginTable } from "../market/risk-params.js";
import * as margin from "../model/index.js";
import { type Position, commitPosition, positionTerms, randomFieldElement } from "../position/position.js";
import { healthyMessage, positionStatus } from "../position/status.js";
import type { PriceAttestation } from "../price/attestation.js";
import type { ProofBundle } from "../proof/bundle.js";
import { BITS } from "../proof/circuits.js";
import { type ProveOptions, prove } from "../proof/prove.js";
import type { Prover, SignalInput } from "../proof/prover.js";
import { type VerificationResult, type VerifyOptions, verifyStatement } from "../proof/verify.js";
import { formatDecimal, toHex32 } from "../units.js";
import { checkPriceFor, liquidatorSignal, positionAtPriceInput } from "./common.js";
import type { Statement, VerifiedContext } from "./types.js";

/** The partial-liquidation circuit id (the bundle's `circuit`). */
export const PARTIAL_CIRCUIT = "partial";

/** A planned close: the size, what it leaves behind, and the smallest valid size for comparison. */
export interface ClosePlan {
  closeSize: bigint;
  /** The smallest valid size in whole lots (or the whole position); null if none is. */
  minimalCloseSize: bigint | null;
  outcome: margin.CloseOutcome;
}

const fmtSize = (p: Position, v: bigint): string => formatDecimal(v, p.market.sizeDecimals);
const fmtValue = (p: Position, v: bigint): string => formatDecimal(v, valueDecimals(p.market));

/**
 * Check that closing `closeSize` (default: the minimal size, in whole lots or the whole position)
 * is a valid partial liquidation at the price, and that every value fits the circuit. Throws
 * statement-false with the figures when it is not (healthy position, over-liquidation, still below
 * maintenance...), bad-input for mismatched markets or out-of-range values.
 */
export function planPartialLiquidation(position: Position, price: PriceAttestation, closeSize?: bigint): ClosePlan {
  if (price.marketId !== position.marketId) {
    throw badInput(`price is for ${price.market.symbol} but the position is on ${position.market.symbol}`);
  }
  const p = positionTerms(position);
  const table = marginTable(position.market);
  const status = positionStatus(position, price);
  if (!status.liquidatable) throw new ZkliqError("statement-false", healthyMessage(status));
  const minimal = margin.minimalClose(p, price, table);
  if (minimal === null && closeSize === undefined) {
    throw new ZkliqError(
      "statement-false",
      "no close size in whole lots satisfies the partial-liquidation rule here (a sufficient close would leave negative collateral); use the full liquidation proof (zkliq prove without --partial)",
    );
  }
  const d = closeSize ?? minimal!;
  if (d < 1n || d > p.size) {
    throw badInput(`close size ${fmtSize(position, d)} must be between ${fmtSize(position, 1n)} and the position size ${fmtSize(position, p.size)}`);
  }
  const check = margin.checkClose(p, price, table, d);
  if (!check.ok) {
    const hint = minimal === null ? "" : ` (the minimal close size is ${fmtSize(position, minimal)})`;
    throw new ZkliqError("statement-false", `closing ${fmtSize(position, d)} is not a valid partial liquidation: ${check.reason}${hint}`);
  }
  const o = check.outcome;
  const limit = 1n << BigInt(BITS.collateral);
  for (const [what, v] of [["penalty", o.penalty], ["new collateral", o.newCollateral], ["shortfall", o.shortfall]] as const) {
    if (v >= limit) throw badInput(`${what} ${fmtValue(position, v)} is beyond the circuit's ${BITS.collateral}-bit collateral width`);
  }
  if (position.nonce + 1n >= 1n << BigInt(BITS.nonce)) throw badInput(`nonce ${position.nonce} cannot be increased within ${BITS.nonce} bits`);
  return { closeSize: d, minimalCloseSize: minimal, outcome: o };
}

/** The position a close leaves: same terms, new size and collateral, nonce + 1, a fresh salt. */
export function positionAfterClose(position: Position, outcome: margin.CloseOutcome, newSalt: bigint = randomFieldElement()): Position {
  return { ...position, size: outcome.newSize, collateral: outcome.newCollateral, nonce: position.nonce + 1n, salt: newSalt };
}

/** Tier hints: any line works for "below maintenance" (the largest is used); the new notional's own tier after. */
export function partialTierHints(position: Position, price: PriceAttestation, closeSize: bigint): { tierPrev: number; tierAfter: number } {
  const table = marginTable(position.market);
  const prev = margin.oneLotLess(table, closeSize);
  return {
    tierPrev: margin.tierOf(table, (position.size - prev) * price.markPrice),
    tierAfter: margin.tierOf(table, (position.size - closeSize) * price.markPrice),
  };
}

/**
 * The circuit input of a partial liquidation (exported for tests and tooling). Values are computed
 * by the reference model unless given (`outcome`, `hints`: tests use them to forge); nothing here
 * checks the statement (planPartialLiquidation does).
 */
export function partialInput(
  position: Position,
  price: PriceAttestation,
  liquidator: bigint,
  closeSize: bigint,
  newSalt: bigint,
  given: { outcome?: margin.CloseOutcome; hints?: { tierPrev: number; tierAfter: number } } = {},
): SignalInput {
  const o = given.outcome ?? margin.closeOutcome(positionTerms(position), price, marginTable(position.market), closeSize);
  const hints = given.hints ?? partialTierHints(position, price, closeSize);
  const next = positionAfterClose(position, o, newSalt);
  return {
    ...positionAtPriceInput(position, price),
    liquidator,
    newPositionCommitment: commitPosition(next),
    penalty: o.penalty,
    shortfall: o.shortfall,
    closeSize,
    newCollateral: o.newCollateral,
    newSalt,
    tierPrev: BigInt(hints.tierPrev),
    tierAfter: BigInt(hints.tierAfter),
  };
}

export interface ProvePartialOptions {
  position: Position;
  price: PriceAttestation;
  /** Address allowed to use the proof (bound into it). Default: zero address. */
  liquidator?: string;
  /** Close size in size units; default the minimal valid one. */
  closeSize?: bigint;
  /** Salt of the new position (for reproducible tests); fresh random by default. */
  newSalt?: bigint;
  prover?: Prover;
}

export interface PartialLiquidationResult {
  bundle: ProofBundle;
  /** The new position's opening: keep it (it opens newPositionCommitment). */
  newPosition: Position;
  plan: ClosePlan;
}

export const statement: Statement<ProvePartialOptions, Omit<PartialLiquidationResult, "bundle">> = {
  id: PARTIAL_CIRCUIT,
  title: "partial-liquidation",
  async prepare(opts) {
    const { position, price } = opts;
    await checkPriceFor(position, price);
    const plan = planPartialLiquidation(position, price, opts.closeSize);
    const newSalt = opts.newSalt ?? randomFieldElement();
    const input = partialInput(position, price, liquidatorSignal(opts.liquidator), plan.closeSize, newSalt);
    return { market: position.market, price, input, extra: { newPosition: positionAfterClose(position, plan.outcome, newSalt), plan } };
  },
  describe: (ctx) => ({
    reason: `partial liquidation of ${toHex32(ctx.pub.positionCommitment!)} into ${toHex32(ctx.pub.newPositionCommitment!)}`,
    details: describeVerified(ctx),
  }),
};

/** Plan (default: the minimal close size) and prove a partial liquidation. */
export const provePartialLiquidation = (opts: ProvePartialOptions & ProveOptions): Promise<PartialLiquidationResult> =>
  prove(statement, opts, opts);

/** The transition in words, for a plan the prover knows (all figures) ... */
export function describePlan(position: Position, price: PriceAttestation, plan: ClosePlan): string[] {
  const o = plan.outcome;
  const q = position.market.symbol.split("-")[1] ?? "";
  const e = margin.equity(positionTerms(position), price);
  return [
    `close ${fmtSize(position, plan.closeSize)} of ${fmtSize(position, position.size)} ${position.market.symbol} ${position.side} at ${formatDecimal(price.markPrice, position.market.priceDecimals)}` +
      (plan.closeSize === plan.minimalCloseSize
        ? " (the minimal close size)"
        : plan.minimalCloseSize === null
          ? ""
          : ` (minimal: ${fmtSize(position, plan.minimalCloseSize)})`),
    `realised ${fmtValue(position, o.realised)} ${q}, penalty ${fmtValue(position, o.penalty)} ${q} to the insurance fund` +
      (o.shortfall > 0n ? `, shortfall ${fmtValue(position, o.shortfall)} ${q} for the insurance fund` : ""),
    o.closedInFull
      ? `closed in full: ${fmtValue(position, o.newCollateral)} ${q} collateral left to the owner`
      : `remaining ${fmtSize(position, o.newSize)} with collateral ${fmtValue(position, o.newCollateral)} ${q}: equity ${fmtValue(position, e)} -> ${fmtValue(position, o.newEquity)} ${q}, back at or above maintenance`,
  ];
}

/** ... and what a verifier learns from a valid proof, which is less: the closed size stays private. */
function describeVerified(c: VerifiedContext): string[] {
  const { pub, market, price, signer } = c;
  const vd = valueDecimals(market);
  const q = market.symbol.split("-")[1] ?? "";
  const penalty = formatDecimal(pub.penalty!, vd);
  const shortfall = pub.shortfall!;
  const lot = formatDecimal(market.lotSize, market.sizeDecimals);
  return [
    `position ${toHex32(pub.positionCommitment!)} on ${market.symbol} was below maintenance at mark ${formatDecimal(price.markPrice, market.priceDecimals)} (signed by ${signer} at ${price.timestamp})`,
    `it is replaced by position ${toHex32(pub.newPositionCommitment!)}: same market, side, entry and owner, nonce + 1, a private reduced size`,
    `the closed size is at most one lot (${lot}) more than needed to restore maintenance`,
    `penalty ${penalty} ${q} goes to the insurance fund` +
      (shortfall > 0n ? `; the position was closed in full with a shortfall of ${formatDecimal(shortfall, vd)} ${q} for the insurance fund` : "; no shortfall"),
    shortfall > 0n ? "nothing is left of the position" : "the remaining position is at or above maintenance, or was closed in full",
  ];
}

/** Options of verifyPartialLiquidation (every VerifyOptions field that applies to partial-liquidation proofs). */
export type VerifyPartialOptions = Omit<VerifyOptions, "challenge">;

/**
 * Verify a partial-liquidation bundle: every check of verifyLiquidation (vkey, signals, oracle
 * attestation, risk-parameter hash, Groth16), the optional expected new commitment, and a summary
 * of the transition in words (`details`). Never throws for a bad bundle.
 */
export const verifyPartialLiquidation = (bundle: unknown, opts: VerifyPartialOptions = {}): Promise<VerificationResult> =>
  verifyStatement(statement, bundle, opts);
