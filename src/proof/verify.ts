/**
 * Verification shared by every statement: bundle shape, trusted verification key, public signals
 * (count, field range, named values), the values the caller expects (commitment, liquidator,
 * challenge...), the expiry, the oracle's signed price and its commitment, the market's risk
 * parameters, the statement's own checks, and the Groth16 proof. Never throws for a bad bundle or
 * bad options: returns { valid: false, reason }.
 */
import type { Market } from "../market/markets.js";
import { BUILTIN_MARKETS, findMarket } from "../market/markets.js";
import { riskParamsHash } from "../market/risk-params.js";
import { type PriceAttestation, attestationFromJson, verifyPriceAttestation } from "../price/attestation.js";
import type { Statement, VerifiedContext } from "../statements/types.js";
import { formatAddress, parseAddress, parseField, toHex32 } from "../units.js";
import { DEFAULT_ARTIFACTS_DIR, loadVerificationKey } from "./artifacts.js";
import { type BundleClaim, type ProofBundle, checkedPublicValues, namedPublic, parseBundle } from "./bundle.js";
import { CIRCUITS } from "./circuits.js";
import { verifyGroth16 } from "./groth16.js";

export interface VerifyOptions {
  /** Require this position commitment (0x-hex or decimal). */
  commitment?: string | bigint;
  /** Require the price to be signed by this oracle address. Without it any signer is accepted (a warning says so). */
  oracle?: string;
  /** Maximum age of the attested price, in seconds, relative to `now`. */
  maxAgeSeconds?: number;
  /** Liquidation and partial-liquidation proofs: require this liquidator address to be bound in the proof. */
  liquidator?: string;
  /** Partial liquidation: require this new position commitment. */
  newCommitment?: string | bigint;
  /** Disclosure (required there): the challenge this verifier gave the prover. */
  challenge?: string | bigint;
  /** Unix seconds; default the current time. */
  now?: number;
  /** Market table (built-ins by default) giving each market's units and risk parameters (tier table, penalty, lot step). */
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
  /** The statement (circuit id) the bundle claims to prove, when it parsed. */
  statement?: string;
  /** Named public values, when the bundle parsed. */
  public?: Record<string, string>;
  /** The recovered oracle address, when the signature parsed. */
  oracle?: string;
  /** What a valid proof shows, in words, one line each. */
  details?: string[];
  /** Disclosure: the claims proven, in words (derived from the public signals), when valid. */
  claims?: BundleClaim[];
  /** Unix seconds the proof is valid until (inclusive), for statements with an expiry. */
  expiresAt?: number;
}

/** A caller's expectation about a public signal: the option, how it is parsed and how a mismatch reads. */
interface Expectation {
  option: "challenge" | "commitment" | "liquidator" | "newCommitment";
  signal: string;
  parse(v: string | bigint, what: string): bigint;
  mismatch(got: bigint, want: bigint): string;
}

const field = (v: string | bigint, what: string): bigint => parseField(typeof v === "bigint" ? v.toString() : v, what);
const address = (v: string | bigint, what: string): bigint => parseAddress(v, what);

/** In check order: a disclosure's challenge first (as before the statement layer), then the commitments. */
export const EXPECTATIONS: readonly Expectation[] = [
  {
    option: "challenge",
    signal: "challenge",
    parse: field,
    mismatch: (got, want) => `proof answers challenge ${toHex32(got)}, not yours (${toHex32(want)}): it was made for another verifier`,
  },
  {
    option: "commitment",
    signal: "positionCommitment",
    parse: field,
    mismatch: (got, want) => `proof is about position ${toHex32(got)}, not the expected ${toHex32(want)}`,
  },
  {
    option: "liquidator",
    signal: "liquidator",
    parse: address,
    mismatch: (got, want) => `proof is bound to liquidator ${formatAddress(got)}, not ${formatAddress(want)}`,
  },
  {
    option: "newCommitment",
    signal: "newPositionCommitment",
    parse: field,
    mismatch: (got, want) => `proof creates position ${toHex32(got)}, not the expected ${toHex32(want)}`,
  },
];

/** How an option is named in messages: the SDK says `option "maxAgeSeconds"`, the CLI `--max-age`. */
export type OptionNamer = (option: keyof VerifyOptions) => string;
export const sdkOptionName: OptionNamer = (o) => `option "${o}"`;

/** The public signal names of a statement's circuit. */
export const publicSignalsOf = (s: Pick<Statement, "id">): readonly string[] => CIRCUITS[s.id]?.public ?? [];

/** A malformed option value (an address or field element that is not one, a negative time...), or null. */
export function optionFormatProblem(opts: VerifyOptions, name: OptionNamer = sdkOptionName): string | null {
  try {
    for (const e of EXPECTATIONS) {
      const v = opts[e.option];
      if (v !== undefined) e.parse(v, name(e.option));
    }
    if (opts.oracle !== undefined) parseAddress(opts.oracle, name("oracle"));
  } catch (err) {
    return (err as Error).message;
  }
  for (const [k, v] of [["maxAgeSeconds", opts.maxAgeSeconds], ["now", opts.now]] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) return `${name(k)} must be a whole number of seconds >= 0`;
  }
  return null;
}

/**
 * What is wrong with `opts` for a bundle of `statement`, or null: a malformed value, an
 * expectation about a public signal this statement does not have, a required option missing.
 * `appliesTo(option)` may name the statements an option does apply to (the registry does).
 */
export function optionProblem(
  statement: Statement,
  opts: VerifyOptions,
  name: OptionNamer = sdkOptionName,
  appliesTo?: (option: string) => string | undefined,
): string | null {
  const malformed = optionFormatProblem(opts, name);
  if (malformed) return malformed;
  const signals = publicSignalsOf(statement);
  for (const e of EXPECTATIONS) {
    if (opts[e.option] !== undefined && !signals.includes(e.signal)) {
      return `${name(e.option)} applies to ${appliesTo?.(e.option) ?? "other"} proofs, not ${statement.title} proofs`;
    }
  }
  for (const [option, why] of Object.entries(statement.requiredOptions ?? {})) {
    if (opts[option as keyof VerifyOptions] === undefined) return `${why} (${name(option as keyof VerifyOptions)})`;
  }
  return null;
}

/** Verify a bundle as a proof of `statement` (see the file header). Never throws for a bad bundle or bad options. */
export async function verifyStatement(statement: Statement, bundleJson: unknown, opts: VerifyOptions = {}): Promise<VerificationResult> {
  const warnings: string[] = [];
  let result: Partial<VerificationResult> = {};
  const fail = (reason: string, extra: Partial<VerificationResult> = {}): VerificationResult => ({
    valid: false,
    reason,
    warnings,
    ...result,
    ...extra,
  });
  let bundle: ProofBundle;
  try {
    bundle = parseBundle(bundleJson);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (bundle.circuit !== statement.id) return fail(`bundle is for circuit "${bundle.circuit}", not "${statement.id}"`);
  result.statement = statement.id;
  const problem = optionProblem(statement, opts);
  if (problem) return fail(problem);
  const names = publicSignalsOf(statement);
  const checked = checkedPublicValues(bundle, names);
  if (!checked.ok) return fail(checked.reason);
  const pub = checked.values;
  result.public = namedPublic(names, bundle.publicSignals);
  if (pub.expiresAt !== undefined) result.expiresAt = Number(pub.expiresAt);

  let trusted: { vkey: unknown; hash: string };
  try {
    trusted = loadVerificationKey(statement.id, opts.artifactsDir ?? DEFAULT_ARTIFACTS_DIR);
  } catch (e) {
    return fail((e as Error).message);
  }
  const trustedHash = opts.trustedVkeyHash ?? trusted.hash;
  if (bundle.vkeyHash !== trustedHash) {
    return fail(`proof was made for verification key ${bundle.vkeyHash}, not the trusted ${trustedHash}`);
  }
  if (trusted.hash !== trustedHash) return fail(`the local verification key is not the trusted one ${trustedHash}`);

  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const mismatch = (e: Expectation): string | null => {
    const want = opts[e.option];
    if (want === undefined) return null;
    const w = e.parse(want, e.option);
    return w === pub[e.signal] ? null : e.mismatch(pub[e.signal]!, w);
  };
  const [challenge, ...others] = EXPECTATIONS;
  const wrongChallenge = mismatch(challenge!);
  if (wrongChallenge) return fail(wrongChallenge);
  if (result.expiresAt !== undefined && now > result.expiresAt) {
    return fail(`${statement.title} expired at ${isoTime(result.expiresAt)} (now ${isoTime(now)})`);
  }
  for (const e of others) {
    const wrong = mismatch(e);
    if (wrong) return fail(wrong);
  }

  const markets = opts.markets ?? BUILTIN_MARKETS;
  let price: PriceAttestation;
  try {
    price = attestationFromJson(bundle.price, markets, "bundle price");
  } catch (e) {
    return fail((e as Error).message);
  }
  const att = await verifyPriceAttestation(price, { oracle: opts.oracle, maxAgeSeconds: opts.maxAgeSeconds, now });
  if (!att.valid) return fail(att.reason, { oracle: att.signer });
  result.oracle = att.signer;
  if (opts.oracle === undefined) warnings.push(`price signer ${att.signer} was not checked against a trusted oracle (pass an oracle address)`);
  if (opts.maxAgeSeconds === undefined) warnings.push("price age was not checked (pass a maximum age)");
  if (price.commitment !== pub.priceCommitment) return fail("proof's price commitment is not the attested price's");
  const market = findMarket(price.marketId, markets);
  if (bundle.market !== market.symbol) return fail(`bundle names market ${bundle.market} but the price is for ${market.symbol}`);
  if (riskParamsHash(market) !== pub.riskParamsHash) {
    return fail(
      `proof uses risk parameters ${toHex32(pub.riskParamsHash!)} but ${market.symbol}'s tier table, penalty and lot step hash to ` +
        `${toHex32(riskParamsHash(market))} (another table or market file?)`,
    );
  }

  const ctx: VerifiedContext = { bundle, pub, market, price, signer: att.signer!, now };
  const own = statement.check?.(ctx);
  if (own) return fail(own);
  if (!(await verifyGroth16(trusted.vkey, bundle.publicSignals, bundle.proof))) {
    return fail("the Groth16 proof does not verify against the trusted verification key");
  }
  return { valid: true, warnings, ...result, ...statement.describe(ctx) };
}

export const isoTime = (unix: number): string => `${new Date(unix * 1000).toISOString().replace(".000Z", "Z")} (${unix})`;
