import * as snarkjs from "snarkjs";
import { getAddress } from "viem";
import { DEFAULT_ARTIFACTS_DIR, loadVerificationKey } from "../proof/artifacts.js";
import {
  type PriceAttestation,
  attestationFromJson,
  attestationToJson,
  verifyPriceAttestation,
} from "../price/attestation.js";
import { BUNDLE_FORMAT, type ProofBundle, checkedPublicValues, parseBundle } from "../proof/bundle.js";
import { CIRCUITS } from "../proof/circuits.js";
import { positionSignals, priceSignals } from "../position/commitment.js";
import { ZkliqError, badInput } from "../errors.js";
import * as margin from "../model/index.js";
import { marginTable, riskParamsHash, riskParamsSignals } from "../market/risk-params.js";
import { type Market, BUILTIN_MARKETS, findMarket } from "../market/markets.js";
import { notional } from "../model/index.js";
import { type Position, commitPosition, positionTerms } from "../position/position.js";
import { Prover, type SignalInput } from "../proof/prover.js";
import { healthyMessage, positionStatus } from "../position/status.js";
import { formatAddress, parseAddress, toHex32 } from "../units.js";

const CIRCUIT = "liquidation";
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

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
  const pos = positionSignals(position);
  const px = priceSignals(price);
  const { riskParamsHash, ...risk } = riskParamsSignals(position.market);
  const tier = margin.tierOf(marginTable(position.market), notional(positionTerms(position), price));
  return {
    positionCommitment: commitPosition(position),
    priceCommitment: price.commitment,
    riskParamsHash,
    liquidator,
    marketId: pos.marketId,
    side: pos.side,
    size: pos.size,
    entryPrice: pos.entryPrice,
    collateral: pos.collateral,
    entryFunding: pos.entryFunding,
    owner: pos.owner,
    nonce: pos.nonce,
    salt: pos.salt,
    markPrice: px.markPrice,
    fundingIndex: px.fundingIndex,
    timestamp: px.timestamp,
    ...risk,
    tier: BigInt(tier),
  };
}

/**
 * Prove that `position` is below maintenance margin at the attested price.
 * Throws bad-input for mismatched markets or a bad attestation, statement-false (with the margin
 * figures) for a healthy position: no proof of a false statement is attempted.
 */
export async function proveLiquidation(opts: ProveLiquidationOptions): Promise<ProofBundle> {
  const { position, price } = opts;
  if (price.marketId !== position.marketId) {
    throw badInput(`price is for ${price.market.symbol} but the position is on ${position.market.symbol}`);
  }
  const att = await verifyPriceAttestation(price);
  if (!att.valid) throw badInput(`price file: ${att.reason}`);
  const status = positionStatus(position, price);
  if (!status.liquidatable) throw new ZkliqError("statement-false", healthyMessage(status));
  const liquidator = parseAddress(opts.liquidator ?? ZERO_ADDRESS, "liquidator");

  const prover = opts.prover ?? (await Prover.load({ circuit: CIRCUIT }));
  try {
    const { proof, publicSignals } = await prover.prove(liquidationInput(position, price, liquidator));
    return makeBundle(CIRCUIT, prover.vkeyHash, position.market, price, proof, publicSignals);
  } finally {
    if (!opts.prover) await prover.close();
  }
}

/** A proof bundle for a circuit's proof (exported for the other statements). */
export function makeBundle(
  circuit: string,
  vkeyHash: string,
  market: Market,
  price: PriceAttestation,
  proof: ProofBundle["proof"],
  publicSignals: string[],
): ProofBundle {
  return {
    format: BUNDLE_FORMAT,
    circuit,
    protocol: "groth16",
    curve: "bn128",
    vkeyHash,
    market: market.symbol,
    public: namedPublic(circuit, publicSignals),
    price: attestationToJson(price),
    proof,
    publicSignals,
  };
}

/** Name a circuit's public signals (order from circuits.json): hashes as 0x-hex, addresses as 0x-hex, amounts in decimal. */
function namedPublic(circuit: string, signals: string[]): Record<string, string> {
  const names = CIRCUITS[circuit]!.public;
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const v = BigInt(signals[i] ?? "0");
    out[name] =
      name === "liquidator" ? formatAddress(v) : name.endsWith("Commitment") || name.endsWith("Hash") ? toHex32(v) : v.toString();
  });
  return out;
}

export interface VerifyLiquidationOptions {
  /** Require this position commitment (0x-hex or decimal). */
  commitment?: string | bigint;
  /** Require the price to be signed by this oracle address. Without it any signer is accepted (a warning says so). */
  oracle?: string;
  /** Maximum age of the attested price, in seconds, relative to `now`. */
  maxAgeSeconds?: number;
  /** Require this liquidator address to be bound in the proof. */
  liquidator?: string;
  /** Unix seconds; default the current time. */
  now?: number;
  /** Market table (built-ins by default) giving each market's risk parameters (tier table, penalty, lot step). */
  markets?: readonly Market[];
  /** Trusted verification key hash; default the one in the package manifest. */
  trustedVkeyHash?: string;
  artifactsDir?: string;
}

export interface VerificationResult {
  valid: boolean;
  /** Why it is invalid, or a one-line summary of what was proven. */
  reason: string;
  warnings: string[];
  /** Named public values, when the bundle parsed. */
  public?: Record<string, string>;
  /** The recovered oracle address, when the signature parsed. */
  oracle?: string;
  /** What a valid proof shows, in words, one line each (partial liquidation). */
  details?: string[];
}

/**
 * Verify a liquidation proof bundle: trusted vkey hash, every public signal below the field order
 * and matching the named values, the price attestation (signature, oracle, age) and its commitment,
 * the market's risk-parameter hash (tier table, penalty, lot step), the optional expected
 * commitment / liquidator, and the Groth16 proof.
 * Never throws for a bad bundle: returns { valid: false, reason }.
 */
export async function verifyLiquidation(bundleJson: unknown, opts: VerifyLiquidationOptions = {}): Promise<VerificationResult> {
  const c = await checkStatementBundle(bundleJson, CIRCUIT, opts);
  if (!c.ok) return c.result;
  const { pub, market, price, signer } = c;
  return {
    ...c.result,
    reason:
      `position ${toHex32(pub.positionCommitment!)} is below its maintenance margin (${market.symbol} tier table ` +
      `${toHex32(pub.riskParamsHash!).slice(0, 10)}...) at the price signed by ${signer} at ${price.timestamp}`,
  };
}

/** What checkStatementBundle found in a bundle whose proof verified. */
export interface CheckedStatement {
  ok: true;
  /** valid: true, with warnings, named public values and the oracle; the caller sets the reason. */
  result: VerificationResult;
  pub: Record<string, bigint>;
  market: Market;
  price: PriceAttestation;
  signer: string;
}

/**
 * The checks every statement bundle needs (exported for the partial-liquidation verifier): shape,
 * circuit, public signals < field order and equal to the named values, trusted vkey hash, expected
 * commitment / liquidator, price attestation and its commitment, the market's riskParamsHash, and
 * the Groth16 proof itself. Never throws for a bad bundle.
 */
export async function checkStatementBundle(
  bundleJson: unknown,
  circuit: string,
  opts: VerifyLiquidationOptions,
): Promise<CheckedStatement | { ok: false; result: VerificationResult }> {
  const warnings: string[] = [];
  const fail = (reason: string, extra: Partial<VerificationResult> = {}) => ({
    ok: false as const,
    result: { valid: false, reason, warnings, ...extra },
  });
  let bundle: ProofBundle;
  try {
    bundle = parseBundle(bundleJson);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (bundle.circuit !== circuit) return fail(`bundle is for circuit "${bundle.circuit}", not "${circuit}"`);
  const checked = checkedPublicValues(bundle, CIRCUITS[circuit]!.public);
  if (!checked.ok) return fail(checked.reason);
  const pub = checked.values;
  const result = { public: namedPublic(circuit, bundle.publicSignals) };

  let trusted: { vkey: unknown; hash: string };
  try {
    trusted = loadVerificationKey(circuit, opts.artifactsDir ?? DEFAULT_ARTIFACTS_DIR);
  } catch (e) {
    return fail((e as Error).message, result);
  }
  const trustedHash = opts.trustedVkeyHash ?? trusted.hash;
  if (bundle.vkeyHash !== trustedHash) {
    return fail(`proof was made for verification key ${bundle.vkeyHash}, not the trusted ${trustedHash}`, result);
  }
  if (trusted.hash !== trustedHash) return fail(`the local verification key is not the trusted one ${trustedHash}`, result);

  if (opts.commitment !== undefined && BigInt(opts.commitment) !== pub.positionCommitment) {
    return fail(`proof is about position ${toHex32(pub.positionCommitment!)}, not the expected ${toHex32(BigInt(opts.commitment))}`, result);
  }
  if (opts.liquidator !== undefined && parseAddress(opts.liquidator, "liquidator") !== pub.liquidator) {
    return fail(`proof is bound to liquidator ${formatAddress(pub.liquidator!)}, not ${getAddress(opts.liquidator)}`, result);
  }

  const markets = opts.markets ?? BUILTIN_MARKETS;
  let price: PriceAttestation;
  try {
    price = attestationFromJson(bundle.price, markets, "bundle price");
  } catch (e) {
    return fail((e as Error).message, result);
  }
  const att = await verifyPriceAttestation(price, { oracle: opts.oracle, maxAgeSeconds: opts.maxAgeSeconds, now: opts.now });
  if (!att.valid) return fail(att.reason, { ...result, oracle: att.signer });
  if (opts.oracle === undefined) warnings.push(`price signer ${att.signer} was not checked against a trusted oracle (pass an oracle address)`);
  if (opts.maxAgeSeconds === undefined) warnings.push("price age was not checked (pass a maximum age)");
  if (price.commitment !== pub.priceCommitment) return fail("proof's price commitment is not the attested price's", result);
  const market = findMarket(price.marketId, markets);
  if (bundle.market !== market.symbol) return fail(`bundle names market ${bundle.market} but the price is for ${market.symbol}`, result);
  if (riskParamsHash(market) !== pub.riskParamsHash) {
    return fail(
      `proof uses risk parameters ${toHex32(pub.riskParamsHash!)} but ${market.symbol}'s tier table, penalty and lot step hash to ` +
        `${toHex32(riskParamsHash(market))} (another table or market file?)`,
      result,
    );
  }

  let ok = false;
  try {
    ok = await snarkjs.groth16.verify(trusted.vkey, bundle.publicSignals, bundle.proof);
  } catch {
    ok = false;
  }
  if (!ok) return fail("the Groth16 proof does not verify against the trusted verification key", { ...result, oracle: att.signer });
  return {
    ok: true,
    result: { valid: true, reason: "", warnings, ...result, oracle: att.signer },
    pub,
    market,
    price,
    signer: att.signer!,
  };
}
