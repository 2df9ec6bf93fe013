/**
 * Privacy-preserving disclosure: prove facts about a committed position at an oracle-signed price
 * (margin ratio, leverage, liquidation price bound, notional range) and nothing else, for one
 * verifier (its challenge) until an expiry. Circuit: circuits/lib/Disclosure.circom.
 */
import * as snarkjs from "snarkjs";
import { DEFAULT_ARTIFACTS_DIR, loadVerificationKey } from "../proof/artifacts.js";
import { type PriceAttestation, attestationFromJson, attestationToJson, verifyPriceAttestation } from "../price/attestation.js";
import { BUNDLE_FORMAT, type BundleClaim, type ProofBundle, checkedPublicValues, parseBundle } from "../proof/bundle.js";
import { CIRCUITS } from "../proof/circuits.js";
import { positionSignals, priceSignals } from "../position/commitment.js";
import * as dm from "../model/index.js";
import type { DisclosureClaims } from "../model/index.js";
import { ZkliqError, badInput } from "../errors.js";
import type { VerificationResult } from "./liquidation.js";
import { type Market, BUILTIN_MARKETS, findMarket, valueDecimals } from "../market/markets.js";
import * as margin from "../model/index.js";
import { marginTable, riskParamsHash, riskParamsSignals } from "../market/risk-params.js";
import * as model from "../model/index.js";
import { type Position, commitPosition, positionTerms, randomFieldElement } from "../position/position.js";
import { Prover, type SignalInput } from "../proof/prover.js";
import { positionStatus } from "../position/status.js";
import { FIELD_ORDER, checkBits, formatDecimal, parseDecimal, parseField, toHex32 } from "../units.js";

export type { DisclosureClaims } from "../model/index.js";

const CIRCUIT = "disclosure";

function circuitParam(name: string): number {
  const v = CIRCUITS[CIRCUIT]?.params[name];
  if (v === undefined) throw new Error(`circuits.json: ${CIRCUIT}.params.${name} missing`);
  return v;
}

/** Widths of the disclosure circuit's own public inputs (the position widths are BITS in circuits.ts). */
export const DISCLOSURE_BITS = {
  minMarginBps: circuitParam("XB"),
  maxLeverageBps: circuitParam("LB"),
  price: circuitParam("PB"),
  notional: circuitParam("SB") + circuitParam("PB"),
  expiresAt: circuitParam("TB"),
} as const;

/** Claim ids and their bit in the circuit's `claimMask`. */
export const CLAIM_BITS = {
  minMarginRatio: 1,
  maxLeverage: 2,
  liquidationPriceBeyond: 4,
  notionalRange: 8,
} as const;
export type ClaimId = keyof typeof CLAIM_BITS;

/** Claims as people write them (CLI flags): "10%" or "1000bps", "5" or "5x", a price, "min:max" in quote. */
export interface ClaimsText {
  minMarginRatio?: string;
  maxLeverage?: string;
  liqPriceBeyond?: string;
  notionalRange?: string;
}

const quote = (m: Market): string => m.symbol.split("-")[1] ?? "";
const pct = (bps: bigint): string => `${formatDecimal(bps, 2)}%`;
const times = (levBps: bigint): string => `${formatDecimal(levBps, 4)}x`;
const priceText = (v: bigint, m: Market): string => `${formatDecimal(v, m.priceDecimals)} ${quote(m)}`;
const valueText = (v: bigint, m: Market): string => `${formatDecimal(v, valueDecimals(m))} ${quote(m)}`;

/** Parse claims written by people into market units (bad input on anything malformed). */
export function parseClaims(text: ClaimsText, market: Market): DisclosureClaims {
  const c: DisclosureClaims = {};
  if (text.minMarginRatio !== undefined) {
    const s = text.minMarginRatio.trim();
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(s);
    const bps = /^(\d+)\s*bps$/.exec(s);
    if (!percent && !bps) {
      throw badInput(`minimum margin ratio "${s}" must be a percentage such as "10%" or "12.5%", or basis points such as "1000bps"`);
    }
    c.minMarginBps = percent
      ? parseDecimal(percent[1], 2, "minimum margin ratio (in %)", { bits: DISCLOSURE_BITS.minMarginBps })
      : parseDecimal(bps![1], 0, "minimum margin ratio (in bps)", { bits: DISCLOSURE_BITS.minMarginBps });
  }
  if (text.maxLeverage !== undefined) {
    const s = text.maxLeverage.trim().replace(/x$/i, "");
    c.maxLeverageBps = parseDecimal(s, 4, "maximum leverage", { bits: DISCLOSURE_BITS.maxLeverageBps, positive: true });
  }
  if (text.liqPriceBeyond !== undefined) {
    c.liqPriceBound = parseDecimal(text.liqPriceBeyond, market.priceDecimals, "liquidation price bound", { bits: DISCLOSURE_BITS.price });
  }
  if (text.notionalRange !== undefined) {
    const parts = text.notionalRange.split(":");
    if (parts.length !== 2) throw badInput(`notional range "${text.notionalRange}" must be "min:max" in ${quote(market)}, e.g. "10000:50000"`);
    const opts = { bits: DISCLOSURE_BITS.notional };
    c.notionalMin = parseDecimal(parts[0], valueDecimals(market), "notional range minimum", opts);
    c.notionalMax = parseDecimal(parts[1], valueDecimals(market), "notional range maximum", opts);
  }
  checkClaims(c);
  return c;
}

/** Range and shape checks of claims in market units (bad input). */
export function checkClaims(c: DisclosureClaims): void {
  if (Object.values(c).every((v) => v === undefined)) {
    throw badInput("no claim to prove: give at least one of a minimum margin ratio, a maximum leverage, a liquidation price bound or a notional range");
  }
  if (c.minMarginBps !== undefined) checkBits(c.minMarginBps, "minimum margin ratio (bps)", DISCLOSURE_BITS.minMarginBps);
  if (c.maxLeverageBps !== undefined) {
    checkBits(c.maxLeverageBps, "maximum leverage (x 10000)", DISCLOSURE_BITS.maxLeverageBps);
    if (c.maxLeverageBps === 0n) throw badInput("maximum leverage must be greater than zero");
  }
  if (c.liqPriceBound !== undefined) checkBits(c.liqPriceBound, "liquidation price bound", DISCLOSURE_BITS.price);
  if ((c.notionalMin === undefined) !== (c.notionalMax === undefined)) {
    throw badInput("a notional range needs both a minimum and a maximum");
  }
  if (c.notionalMin !== undefined && c.notionalMax !== undefined) {
    checkBits(c.notionalMin, "notional range minimum", DISCLOSURE_BITS.notional);
    checkBits(c.notionalMax, "notional range maximum", DISCLOSURE_BITS.notional);
    if (c.notionalMin > c.notionalMax) throw badInput("notional range minimum is above its maximum");
  }
}

/**
 * The claims in words, in claim-bit order. `market` gives units and the tier table. A margin ratio
 * says "not liquidatable" only at or above the table's HIGHEST rate: every tier line is at most
 * that rate times the notional (cum >= 0), while the first tier's rate bounds only small notionals.
 */
export function describeClaims(c: DisclosureClaims, market: Market): BundleClaim[] {
  const out: BundleClaim[] = [];
  const top = BigInt(market.tiers[market.tiers.length - 1]!.mmrBps);
  if (c.minMarginBps !== undefined) {
    const safe =
      c.minMarginBps >= top
        ? ` (at or above ${market.symbol}'s highest maintenance rate ${pct(top)}: not liquidatable at this price, whatever the notional's tier)`
        : "";
    out.push({ claim: "minMarginRatio", text: `margin ratio (equity / notional) >= ${pct(c.minMarginBps)}${safe}` });
  }
  if (c.maxLeverageBps !== undefined) {
    out.push({ claim: "maxLeverage", text: `leverage (notional / equity) <= ${times(c.maxLeverageBps)}, with positive equity` });
  }
  if (c.liqPriceBound !== undefined) {
    const b = priceText(c.liqPriceBound, market);
    out.push({
      claim: "liquidationPriceBeyond",
      text:
        `liquidation price beyond ${b}: not liquidatable at a mark price of ${b} (funding index as attested), ` +
        `i.e. liquidation price <= ${b} if long, >= ${b} if short (the side stays hidden)`,
    });
  }
  if (c.notionalMin !== undefined && c.notionalMax !== undefined) {
    out.push({
      claim: "notionalRange",
      text: `notional (size x mark price) between ${valueText(c.notionalMin, market)} and ${valueText(c.notionalMax, market)}`,
    });
  }
  return out;
}

/** The claims that do NOT hold for this position at this price, in words (empty: all hold). */
export function claimViolations(position: Position, price: PriceAttestation, c: DisclosureClaims): string[] {
  const m = position.market;
  const p = positionTerms(position);
  const table = marginTable(m);
  const s = positionStatus(position, price);
  const out: string[] = [];
  if (c.minMarginBps !== undefined && !dm.marginRatioAtLeast(p, price, c.minMarginBps)) {
    out.push(`margin ratio ${s.text.marginRatio} is below the claimed ${pct(c.minMarginBps)}`);
  }
  if (c.maxLeverageBps !== undefined && !dm.leverageAtMost(p, price, c.maxLeverageBps)) {
    if (s.equity <= 0n) out.push(`equity ${s.text.equity} ${quote(m)} is not positive, so leverage is not at most ${times(c.maxLeverageBps)}`);
    else {
      // Round up so the figure shown is above the claim whenever the claim fails.
      const lev = (s.notional * 100n + s.equity - 1n) / s.equity;
      out.push(`leverage ${formatDecimal(lev, 2)}x is above the claimed ${times(c.maxLeverageBps)}`);
    }
  }
  if (c.liqPriceBound !== undefined && !dm.liquidationPriceBeyond(p, price, c.liqPriceBound, table)) {
    const at = { markPrice: c.liqPriceBound, fundingIndex: price.fundingIndex };
    const eq = model.equity(p, at);
    const req = margin.requirementTimesBps(table, model.notional(p, at));
    const dir = p.side === "long" ? "above" : "below";
    out.push(
      `liquidation price ${s.text.liquidationPrice} ${quote(m)} is ${dir} the claimed ${priceText(c.liqPriceBound, m)} (${p.side}): ` +
        `at that mark price equity ${valueText(eq, m)} < requirement ` +
        `${model.formatRatio({ num: req, den: model.BPS }, valueDecimals(m), valueDecimals(m) + 4).replace(/\.?0+$/, "")} ${quote(m)}`,
    );
  }
  if (c.notionalMin !== undefined && c.notionalMax !== undefined && !dm.notionalWithin(p, price, c.notionalMin, c.notionalMax)) {
    out.push(
      `notional ${valueText(s.notional, m)} is outside the claimed range ${valueText(c.notionalMin, m)} .. ${valueText(c.notionalMax, m)}`,
    );
  }
  return out;
}

/** The claim part of the public signals: mask + thresholds, 0 for claims not made. */
export function claimSignals(c: DisclosureClaims) {
  let mask = 0n;
  if (c.minMarginBps !== undefined) mask |= BigInt(CLAIM_BITS.minMarginRatio);
  if (c.maxLeverageBps !== undefined) mask |= BigInt(CLAIM_BITS.maxLeverage);
  if (c.liqPriceBound !== undefined) mask |= BigInt(CLAIM_BITS.liquidationPriceBeyond);
  if (c.notionalMin !== undefined) mask |= BigInt(CLAIM_BITS.notionalRange);
  return {
    claimMask: mask,
    minMarginBps: c.minMarginBps ?? 0n,
    maxLeverageBps: c.maxLeverageBps ?? 0n,
    liqPriceBound: c.liqPriceBound ?? 0n,
    notionalMin: c.notionalMin ?? 0n,
    notionalMax: c.notionalMax ?? 0n,
  };
}

/** Inverse of claimSignals (claims not in the mask are absent). */
export function claimsFromSignals(s: ReturnType<typeof claimSignals>): DisclosureClaims {
  const on = (bit: number): boolean => (s.claimMask & BigInt(bit)) !== 0n;
  const c: DisclosureClaims = {};
  if (on(CLAIM_BITS.minMarginRatio)) c.minMarginBps = s.minMarginBps;
  if (on(CLAIM_BITS.maxLeverage)) c.maxLeverageBps = s.maxLeverageBps;
  if (on(CLAIM_BITS.liquidationPriceBeyond)) c.liqPriceBound = s.liqPriceBound;
  if (on(CLAIM_BITS.notionalRange)) {
    c.notionalMin = s.notionalMin;
    c.notionalMax = s.notionalMax;
  }
  return c;
}

/** Is this parsed JSON a disclosure proof bundle (as opposed to a liquidation one)? */
export const isDisclosureBundle = (raw: unknown): boolean =>
  typeof raw === "object" && raw !== null && (raw as { circuit?: unknown }).circuit === CIRCUIT;

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
  const pos = positionSignals(position);
  const px = priceSignals(price);
  const { riskParamsHash, ...risk } = riskParamsSignals(position.market);
  // The tier hint of the liquidation-price claim: the tier of the notional at the bound (0 if no claim).
  const bound = claims.liqPriceBound;
  const tier = bound === undefined ? 0 : margin.tierOf(marginTable(position.market), position.size * bound);
  return {
    positionCommitment: commitPosition(position),
    priceCommitment: price.commitment,
    riskParamsHash,
    challenge,
    expiresAt: BigInt(expiresAt),
    ...claimSignals(claims),
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

/**
 * Prove that every claim holds for `position` at the attested price, bound to `challenge` and
 * `expiresAt`. Throws bad-input for malformed claims, mismatched markets, a bad attestation or a
 * past expiry; statement-false (naming each violated claim) when a claim is false: no proof of a
 * false claim is attempted.
 */
export async function proveDisclosure(opts: ProveDisclosureOptions): Promise<ProofBundle> {
  const { position, price, claims } = opts;
  if (price.marketId !== position.marketId) {
    throw badInput(`price is for ${price.market.symbol} but the position is on ${position.market.symbol}`);
  }
  checkClaims(claims);
  const challenge = parseChallenge(opts.challenge);
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const { expiresAt } = opts;
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0 || expiresAt >= 2 ** DISCLOSURE_BITS.expiresAt) {
    throw badInput(`expiry ${expiresAt} must be unix seconds in [0, 2^${DISCLOSURE_BITS.expiresAt})`);
  }
  if (expiresAt <= now) throw badInput(`expiry ${expiresAt} is not in the future (now ${now})`);
  const att = await verifyPriceAttestation(price, { now });
  if (!att.valid) throw badInput(`price file: ${att.reason}`);
  const violated = claimViolations(position, price, claims);
  if (violated.length > 0) {
    const head = violated.length === 1 ? "claim is false" : `${violated.length} claims are false`;
    throw new ZkliqError("statement-false", `${head}: ${violated.join("; ")}; no disclosure proof exists`);
  }

  const prover = opts.prover ?? (await Prover.load({ circuit: CIRCUIT }));
  if (prover.circuit !== CIRCUIT) throw badInput(`the prover is for circuit "${prover.circuit}", not "${CIRCUIT}"`);
  try {
    const { proof, publicSignals } = await prover.prove(disclosureInput(position, price, claims, challenge, expiresAt));
    return {
      format: BUNDLE_FORMAT,
      circuit: CIRCUIT,
      protocol: "groth16",
      curve: "bn128",
      vkeyHash: prover.vkeyHash,
      market: position.market.symbol,
      public: namedPublic(publicSignals),
      price: attestationToJson(price),
      claims: describeClaims(claims, position.market),
      proof,
      publicSignals,
    };
  } finally {
    if (!opts.prover) await prover.close();
  }
}

const HEX_SIGNALS = new Set(["positionCommitment", "priceCommitment", "riskParamsHash", "challenge"]);

/** Name the disclosure circuit's public signals (order from circuits.json). */
function namedPublic(signals: string[]): Record<string, string> {
  const names = CIRCUITS[CIRCUIT]!.public;
  return Object.fromEntries(
    names.map((name, i) => {
      const v = BigInt(signals[i] ?? "0");
      return [name, HEX_SIGNALS.has(name) ? toHex32(v) : v.toString()];
    }),
  );
}

export interface VerifyDisclosureOptions {
  /** The challenge this verifier issued (required: a disclosure answers one verifier). */
  challenge: bigint | string;
  /** Unix seconds; default the current time. The proof must not have expired by then. */
  now?: number;
  /** Require this position commitment (0x-hex or decimal). */
  commitment?: string | bigint;
  /** Require the price to be signed by this oracle. Without it any signer is accepted (a warning says so). */
  oracle?: string;
  /** Maximum age of the attested price, in seconds, relative to `now`. */
  maxAgeSeconds?: number;
  /** Market table (built-ins by default) giving each market's units and risk parameters (tier table, penalty, lot step). */
  markets?: readonly Market[];
  /** Trusted verification key hash; default the one in the package manifest. */
  trustedVkeyHash?: string;
  artifactsDir?: string;
}

export interface DisclosureVerification extends VerificationResult {
  /** The claims proven, in words (derived from the public signals), when the proof is valid. */
  claims: BundleClaim[];
  /** Unix seconds the proof is valid until (inclusive), when the bundle parsed. */
  expiresAt?: number;
}

/**
 * Verify a disclosure bundle: circuit and trusted vkey hash, public signals below the field order
 * and matching the named values, the verifier's challenge, the expiry, the expected commitment,
 * the price attestation (signature, oracle, age) and its commitment, the market's riskParamsHash,
 * the claims named in the bundle against the public signals, and the Groth16 proof.
 * Never throws for a bad bundle: returns { valid: false, reason }.
 */
export async function verifyDisclosure(bundleJson: unknown, opts: VerifyDisclosureOptions): Promise<DisclosureVerification> {
  const warnings: string[] = [];
  const fail = (reason: string, extra: Partial<DisclosureVerification> = {}): DisclosureVerification => ({
    valid: false,
    reason,
    warnings,
    claims: [],
    ...extra,
  });
  let bundle: ProofBundle;
  let challenge: bigint;
  try {
    bundle = parseBundle(bundleJson);
    challenge = parseChallenge(opts.challenge);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (bundle.circuit !== CIRCUIT) return fail(`bundle is for circuit "${bundle.circuit}", not "${CIRCUIT}"`);
  const checked = checkedPublicValues(bundle, CIRCUITS[CIRCUIT]!.public);
  if (!checked.ok) return fail(checked.reason);
  const pub = checked.values;
  const expiresAt = Number(pub.expiresAt);
  const result = { public: namedPublic(bundle.publicSignals), expiresAt };

  let trusted: { vkey: unknown; hash: string };
  try {
    trusted = loadVerificationKey(CIRCUIT, opts.artifactsDir ?? DEFAULT_ARTIFACTS_DIR);
  } catch (e) {
    return fail((e as Error).message, result);
  }
  const trustedHash = opts.trustedVkeyHash ?? trusted.hash;
  if (bundle.vkeyHash !== trustedHash) {
    return fail(`proof was made for verification key ${bundle.vkeyHash}, not the trusted ${trustedHash}`, result);
  }
  if (trusted.hash !== trustedHash) return fail(`the local verification key is not the trusted one ${trustedHash}`, result);

  if (pub.challenge !== challenge) {
    return fail(`proof answers challenge ${toHex32(pub.challenge!)}, not yours (${toHex32(challenge)}): it was made for another verifier`, result);
  }
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (now > expiresAt) return fail(`disclosure expired at ${isoTime(expiresAt)} (now ${isoTime(now)})`, result);
  if (opts.commitment !== undefined) {
    let expected: bigint;
    try {
      expected = typeof opts.commitment === "bigint" ? opts.commitment : parseField(opts.commitment, "expected commitment");
    } catch (e) {
      return fail((e as Error).message, result);
    }
    if (expected !== pub.positionCommitment) {
      return fail(`proof is about position ${toHex32(pub.positionCommitment!)}, not the expected ${toHex32(expected)}`, result);
    }
  }

  const markets = opts.markets ?? BUILTIN_MARKETS;
  let price: PriceAttestation;
  try {
    price = attestationFromJson(bundle.price, markets, "bundle price");
  } catch (e) {
    return fail((e as Error).message, result);
  }
  const att = await verifyPriceAttestation(price, { oracle: opts.oracle, maxAgeSeconds: opts.maxAgeSeconds, now });
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

  const claims = describeClaims(
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
  if (bundle.claims !== undefined && JSON.stringify(bundle.claims) !== JSON.stringify(claims)) {
    return fail("the bundle's claims in words do not match the claims in its public signals", result);
  }

  let ok = false;
  try {
    ok = await snarkjs.groth16.verify(trusted.vkey, bundle.publicSignals, bundle.proof);
  } catch {
    ok = false;
  }
  if (!ok) return fail("the Groth16 proof does not verify against the trusted verification key", { ...result, oracle: att.signer });
  const what = claims.length === 0 ? "no claims (only that the prover can open it)" : `${claims.length} claim${claims.length > 1 ? "s" : ""}`;
  return {
    valid: true,
    reason:
      `position ${toHex32(pub.positionCommitment!)} on ${market.symbol}: ${what} proven at the price signed by ${att.signer} ` +
      `at ${price.timestamp}, for challenge ${toHex32(challenge)}, valid until ${isoTime(expiresAt)}`,
    warnings,
    claims,
    ...result,
    oracle: att.signer,
  };
}

const isoTime = (unix: number): string => `${new Date(unix * 1000).toISOString().replace(".000Z", "Z")} (${unix})`;
