/**
 * The proof bundle format `zkliq.proof.v1`, the same for every statement: the snarkjs proof and
 * public signals verbatim, the signals again by name, the oracle's signed price, the market.
 */
import { badInput } from "../errors.js";
import type { Market } from "../market/markets.js";
import { type PriceAttestation, type PriceJson, attestationToJson } from "../price/attestation.js";
import { FIELD_ORDER, formatAddress, toHex32 } from "../units.js";
import type { Groth16Proof } from "./prover.js";

export const BUNDLE_FORMAT = "zkliq.proof.v1";

/**
 * A proof bundle: everything a verifier needs besides the trusted verification key.
 * `proof` and `publicSignals` are exactly what snarkjs writes (proof.json / public.json), so
 * `snarkjs groth16 verify vkey.json public.json proof.json` accepts them once extracted.
 * `public` names the same values; a verifier checks they agree with `publicSignals`.
 */
export interface ProofBundle {
  format: typeof BUNDLE_FORMAT;
  /** Circuit id from circuits/circuits.json, e.g. "liquidation": it names the statement. */
  circuit: string;
  protocol: "groth16";
  curve: "bn128";
  /** 0x sha256 of the canonical verification key JSON (see artifacts.ts vkeyHash). */
  vkeyHash: string;
  /** Market symbol the statement is about. */
  market: string;
  /** Named public values (decimal strings for numbers, 0x hex for commitments, hashes, challenges and addresses). */
  public: Record<string, string>;
  /** The oracle's signed price the proof was made against. */
  price: PriceJson;
  /** Disclosure bundles only: the claims proven, in words (verifiers re-derive them from publicSignals). */
  claims?: BundleClaim[];
  proof: Groth16Proof;
  publicSignals: string[];
}

/** One claim of a disclosure proof (circuit "disclosure", see src/statements/disclosure.ts). */
export interface BundleClaim {
  /** "minMarginRatio" | "maxLeverage" | "liquidationPriceBeyond" | "notionalRange". */
  claim: string;
  /** The claim in words, with its threshold in market units. */
  text: string;
}

/** Light shape check of a parsed bundle (deep checks happen in verification). */
export function parseBundle(raw: unknown, where = "proof bundle"): ProofBundle {
  if (typeof raw !== "object" || raw === null) throw badInput(`${where}: expected a JSON object`);
  const b = raw as Partial<ProofBundle>;
  if (b.format !== BUNDLE_FORMAT) throw badInput(`${where}: "format" must be "${BUNDLE_FORMAT}" (is this a zkliq proof?)`);
  if (typeof b.circuit !== "string") throw badInput(`${where}: "circuit" is missing`);
  if (b.protocol !== "groth16") throw badInput(`${where}: protocol "${String(b.protocol)}" is not supported (groth16 only)`);
  if (typeof b.vkeyHash !== "string") throw badInput(`${where}: "vkeyHash" is missing`);
  if (!Array.isArray(b.publicSignals) || !b.publicSignals.every((s) => typeof s === "string" && /^\d+$/.test(s))) {
    throw badInput(`${where}: "publicSignals" must be an array of decimal strings`);
  }
  if (typeof b.proof !== "object" || b.proof === null) throw badInput(`${where}: "proof" is missing`);
  if (typeof b.public !== "object" || b.public === null) throw badInput(`${where}: "public" is missing`);
  if (typeof b.price !== "object" || b.price === null) throw badInput(`${where}: "price" is missing`);
  return b as ProofBundle;
}

/** How a public signal is written in `public`: addresses and 32-byte values as hex, amounts in decimal. */
function formatSignal(name: string, v: bigint): string {
  if (name === "liquidator") return formatAddress(v);
  if (name.endsWith("Commitment") || name.endsWith("Hash") || name === "challenge") return toHex32(v);
  return v.toString();
}

/** Name a circuit's public signals (in circuits.json order). */
export function namedPublic(names: readonly string[], signals: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name, i) => [name, formatSignal(name, BigInt(signals[i] ?? "0"))]));
}

/** A bundle for a proof of circuit `circuit` whose public signals are named `names`. */
export function makeBundle(
  circuit: { id: string; public: readonly string[] },
  vkeyHash: string,
  market: Market,
  price: PriceAttestation,
  proof: Groth16Proof,
  publicSignals: string[],
  extra: Pick<ProofBundle, "claims"> = {},
): ProofBundle {
  return {
    format: BUNDLE_FORMAT,
    circuit: circuit.id,
    protocol: "groth16",
    curve: "bn128",
    vkeyHash,
    market: market.symbol,
    public: namedPublic(circuit.public, publicSignals),
    price: attestationToJson(price),
    ...extra,
    proof,
    publicSignals,
  };
}

/**
 * A bundle's public signals by name, after the checks every verifier needs: the count matches the
 * circuit, each signal is below the field order (so x and x + p cannot both pass), and each named
 * value in `public` equals its signal. Returns the reason on failure.
 */
export function checkedPublicValues(
  bundle: ProofBundle,
  names: readonly string[],
): { ok: true; values: Record<string, bigint> } | { ok: false; reason: string } {
  if (bundle.publicSignals.length !== names.length) {
    return { ok: false, reason: `expected ${names.length} public signals, found ${bundle.publicSignals.length}` };
  }
  const signals = bundle.publicSignals.map((s) => BigInt(s));
  const bad = signals.findIndex((s) => s >= FIELD_ORDER);
  if (bad >= 0) return { ok: false, reason: `public signal ${names[bad]} is not below the field order` };
  const values = Object.fromEntries(names.map((n, i) => [n, signals[i]!])) as Record<string, bigint>;
  for (const n of names) {
    const named = bundle.public[n];
    if (named === undefined || !/^(0x[0-9a-fA-F]+|\d+)$/.test(named) || BigInt(named) !== values[n]) {
      return { ok: false, reason: `named public value "${n}" does not match publicSignals` };
    }
  }
  return { ok: true, values };
}
