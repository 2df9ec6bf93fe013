/**
 * What a proof kind (a statement) declares; src/proof/prove.ts and src/proof/verify.ts do the rest.
 * See docs/adding-a-statement.md.
 */
import type { Market } from "../market/markets.js";
import type { PriceAttestation } from "../price/attestation.js";
import type { BundleClaim, ProofBundle } from "../proof/bundle.js";
import type { SignalInput } from "../proof/prover.js";

/** A true statement, checked at prove time, ready for the prover. */
export interface Prepared<Extra> {
  market: Market;
  price: PriceAttestation;
  /** The circuit's witness input. */
  input: SignalInput;
  /** Fields the bundle carries besides the generic ones (a disclosure's claims in words). */
  bundleFields?: Pick<ProofBundle, "claims">;
  /** What proving returns besides the bundle (e.g. the new position of a partial liquidation). */
  extra: Extra;
}

/** A bundle that passed every generic check (not yet the Groth16 proof): what statements judge and describe. */
export interface VerifiedContext {
  bundle: ProofBundle;
  /** Public signals by name (circuits.json order), below the field order. */
  pub: Record<string, bigint>;
  market: Market;
  price: PriceAttestation;
  /** The oracle that signed the price. */
  signer: `0x${string}`;
  /** Unix seconds the verification is made at. */
  now: number;
}

/** The proven fact in words. */
export interface Description {
  /** One line: what the proof shows. */
  reason: string;
  /** Further lines (the transition, each claim...). */
  details?: string[];
  /** A disclosure's claims, re-derived from the public signals. */
  claims?: BundleClaim[];
}

export interface Statement<Args = unknown, Extra extends object = object> {
  /** The circuit id in circuits/circuits.json, and the bundle's `circuit` field. */
  readonly id: string;
  /** Its name in messages ("liquidation proofs", "disclosure proofs"). */
  readonly title: string;
  /** Verify options a caller must give, with why (a disclosure answers one verifier's challenge). */
  readonly requiredOptions?: Readonly<Record<string, string>>;
  /**
   * Prove time: validate `args`, check the statement is true (else throw ZkliqError
   * "statement-false" saying why no proof exists; "bad-input" for malformed input) and build the
   * witness input. Nothing is proven when this throws.
   */
  prepare(args: Args): Promise<Prepared<Extra>>;
  /** Verify time, after the generic checks and before Groth16: a reason the bundle is invalid, or null. */
  check?(ctx: VerifiedContext): string | null;
  /** Verify time, for a valid proof: what it shows, in words (only what the proof guarantees). */
  describe(ctx: VerifiedContext): Description;
}
