/**
 * Privacy-preserving disclosure (circuits/statements/Disclosure.circom): prove facts about a
 * committed position at an oracle-signed price (margin ratio, leverage, liquidation price bound,
 * notional range) and nothing else, for one verifier (its challenge) until an expiry.
 */
import { ZkliqError, badInput } from "../errors.js";
import { marginTable } from "../market/risk-params.js";
import * as model from "../model/index.js";
import type { DisclosureClaims } from "../model/index.js";
import { type Position, randomFieldElement } from "../position/position.js";
import type { PriceAttestation } from "../price/attestation.js";
import type { BundleClaim, ProofBundle } from "../proof/bundle.js";
import { type ProveOptions, prove } from "../proof/prove.js";
import type { Prover, SignalInput } from "../proof/prover.js";
import { type VerificationResult, type VerifyOptions, isoTime, verifyStatement } from "../proof/verify.js";
import { FIELD_ORDER, parseField, toHex32 } from "../units.js";
import { DISCLOSURE_BITS, checkClaims, claimSignals, claimViolations, claimsFromSignals, describeClaims } from "./claims.js";
import { checkPriceFor, positionAtPriceInput } from "./common.js";
import type { Statement, VerifiedContext } from "./types.js";

export * from "./claims.js";

/** Is this parsed JSON a disclosure proof bundle (as opposed to a liquidation one)? */
export const isDisclosureBundle = (raw: unknown): boolean =>
  typeof raw === "object" && raw !== null && (raw as { circuit?: unknown }).circuit === "disclosure";

/** A fresh random verifier challenge (a field element), as 0x-hex. */
export const newChallenge = (): string => toHex32(randomFieldElement());

function parseChallenge(challenge: bigint | string): bigint {
  if (typeof challenge === "bigint") {
    if (challenge < 0n || challenge >= FIELD_ORDER) throw badInput("challenge must be a field element (0 <= c < the BN254 field order)");
    return challenge;
  }
  return parseField(challenge, "challenge");
}

/** The circuit input of a disclosure (exported for tests and tooling). */
export function disclosureInput(
  position: Position,
  price: PriceAttestation,
  claims: DisclosureClaims,
  challenge: bigint,
  expiresAt: number,
): SignalInput {
  // The tier hint of the liquidation-price claim: the tier of the notional at the bound (0 if no claim).
  const bound = claims.liqPriceBound;
  const tier = bound === undefined ? 0 : model.tierOf(marginTable(position.market), position.size * bound);
  return {
    ...positionAtPriceInput(position, price),
    challenge,
    expiresAt: BigInt(expiresAt),
    ...claimSignals(claims),
    tier: BigInt(tier),
  };
}

export interface ProveDisclosureOptions {
  position: Position;
  price: PriceAttestation;
  claims: DisclosureClaims;
  /** The verifier's nonce (field element; 0x-hex or decimal string, or bigint). */
  challenge: bigint | string;
  /** Unix seconds after which verifiers refuse the proof. */
  expiresAt: number;
  /** Reuse a loaded disclosure prover; otherwise one is loaded (and its workers stopped) per call. */
  prover?: Prover;
  /** Unix seconds; default the current time (the expiry must be after it). */
  now?: number;
}

/** The claims a valid disclosure bundle proves, in words, from its public signals. */
const provenClaims = ({ pub, market }: Pick<VerifiedContext, "pub" | "market">): BundleClaim[] =>
  describeClaims(
    claimsFromSignals({
      claimMask: pub.claimMask!,
      minMarginBps: pub.minMarginBps!,
      maxLeverageBps: pub.maxLeverageBps!,
      liqPriceBound: pub.liqPriceBound!,
      notionalMin: pub.notionalMin!,
      notionalMax: pub.notionalMax!,
    }),
    market,
  );

export const statement: Statement<ProveDisclosureOptions> = {
  id: "disclosure",
  title: "disclosure",
  requiredOptions: { challenge: "a disclosure proof answers one verifier: pass the challenge you gave the prover" },
  async prepare({ position, price, claims, expiresAt, ...opts }) {
    const now = opts.now ?? Math.floor(Date.now() / 1000);
    await checkPriceFor(position, price, { now });
    checkClaims(claims);
    const challenge = parseChallenge(opts.challenge);
    if (!Number.isSafeInteger(expiresAt) || expiresAt < 0 || expiresAt >= 2 ** DISCLOSURE_BITS.expiresAt) {
      throw badInput(`expiry ${expiresAt} must be unix seconds in [0, 2^${DISCLOSURE_BITS.expiresAt})`);
    }
    if (expiresAt <= now) throw badInput(`expiry ${expiresAt} is not in the future (now ${now})`);
    const violated = claimViolations(position, price, claims);
    if (violated.length > 0) {
      const head = violated.length === 1 ? "claim is false" : `${violated.length} claims are false`;
      throw new ZkliqError("statement-false", `${head}: ${violated.join("; ")}; no disclosure proof exists`);
    }
    const input = disclosureInput(position, price, claims, challenge, expiresAt);
    return { market: position.market, price, input, bundleFields: { claims: describeClaims(claims, position.market) }, extra: {} };
  },
  check(ctx) {
    const { claims } = ctx.bundle;
    if (claims !== undefined && JSON.stringify(claims) !== JSON.stringify(provenClaims(ctx))) {
      return "the bundle's claims in words do not match the claims in its public signals";
    }
    return null;
  },
  describe(ctx) {
    const { pub, market, price, signer } = ctx;
    const claims = provenClaims(ctx);
    const what = claims.length === 0 ? "no claims (only that the prover can open it)" : `${claims.length} claim${claims.length > 1 ? "s" : ""}`;
    return {
      reason:
        `position ${toHex32(pub.positionCommitment!)} on ${market.symbol}: ${what} proven at the price signed by ${signer} ` +
        `at ${price.timestamp}, for challenge ${toHex32(pub.challenge!)}, valid until ${isoTime(Number(pub.expiresAt))}`,
      details: claims.map((c) => `claim: ${c.text}`),
      claims,
    };
  },
};

/**
 * Prove that every claim holds for `position` at the attested price, bound to `challenge` and
 * `expiresAt`. Throws bad-input for malformed claims, mismatched markets, a bad attestation or a
 * past expiry; statement-false (naming each violated claim) when a claim is false: no proof of a
 * false claim is attempted.
 */
export async function proveDisclosure(opts: ProveDisclosureOptions & ProveOptions): Promise<ProofBundle> {
  return (await prove(statement, opts, opts)).bundle;
}

/** Options of verifyDisclosure: the challenge is required (a disclosure answers one verifier). */
export type VerifyDisclosureOptions = Omit<VerifyOptions, "liquidator" | "newCommitment" | "challenge"> & { challenge: bigint | string };

export interface DisclosureVerification extends VerificationResult {
  /** The claims proven, in words (derived from the public signals), when the proof is valid. */
  claims: BundleClaim[];
}

/**
 * Verify a disclosure bundle: circuit and trusted vkey hash, public signals below the field order
 * and matching the named values, the verifier's challenge, the expiry, the expected commitment,
 * the price attestation (signature, oracle, age) and its commitment, the market's riskParamsHash,
 * the claims named in the bundle against the public signals, and the Groth16 proof.
 * Never throws for a bad bundle: returns { valid: false, reason }.
 */
export async function verifyDisclosure(bundle: unknown, opts: VerifyDisclosureOptions): Promise<DisclosureVerification> {
  const r = await verifyStatement(statement, bundle, opts);
  return { ...r, claims: r.claims ?? [] };
}
