import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";
import { badInput } from "./errors.js";
import { BITS } from "./proof/circuits.js";

/** BN254 scalar field order: every circuit value and public signal must be below it. */
export const FIELD_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/**
 * Funding indices are signed; circuits take them offset by 2^(FB-1) so they are unsigned.
 * The offset cancels in F_now - F_entry, so it never changes a result.
 */
export const FUNDING_OFFSET = 1n << BigInt(BITS.funding - 1);

/** Largest absolute signed funding index (in price units) that fits the circuit. */
export const MAX_FUNDING_ABS = FUNDING_OFFSET - 1n;

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parse a decimal string into an integer number of `10^-decimals` units, exactly.
 * Rejects exponents, too many decimals, negatives (unless `signed`), and values that do not fit
 * `bits` (unsigned) or |value| < 2^(bits-1) (signed).
 */
export function parseDecimal(
  text: unknown,
  decimals: number,
  what: string,
  opts: { bits: number; signed?: boolean; positive?: boolean },
): bigint {
  const s = typeof text === "number" ? String(text) : text;
  if (typeof s !== "string" || s.trim() === "") throw badInput(`${what} is missing: give a decimal number such as "1.5"`);
  const m = DECIMAL.exec(s.trim());
  if (!m) throw badInput(`${what} "${s}" is not a decimal number (digits, optional "." and fraction, no exponent)`);
  const [, sign, whole, frac = ""] = m;
  if (sign && !opts.signed) throw badInput(`${what} "${s}" is negative: it must be >= 0`);
  if (frac.length > decimals) {
    throw badInput(`${what} "${s}" has ${frac.length} decimals; this market allows at most ${decimals}`);
  }
  const magnitude = BigInt(whole! + frac.padEnd(decimals, "0"));
  const value = sign ? -magnitude : magnitude;
  if (opts.positive && value <= 0n) throw badInput(`${what} must be greater than zero`);
  checkBits(value, what, opts.bits, opts.signed ?? false, decimals);
  return value;
}

/** Throw a bad-input error if `value` does not fit the circuit width. */
export function checkBits(value: bigint, what: string, bits: number, signed = false, decimals = 0): void {
  const limit = signed ? 1n << BigInt(bits - 1) : 1n << BigInt(bits);
  const ok = signed ? value > -limit && value < limit : value >= 0n && value < limit;
  if (!ok) {
    const max = formatDecimal(limit - 1n, decimals);
    throw badInput(`${what} is out of range: the circuit accepts ${signed ? "|value| <= " : "0 .. "}${max}`);
  }
}

/** Format an integer number of 10^-decimals units as a decimal string (no trailing zeros). */
export function formatDecimal(units: bigint, decimals: number): string {
  const neg = units < 0n;
  const abs = (neg ? -units : units).toString().padStart(decimals + 1, "0");
  const whole = abs.slice(0, abs.length - decimals);
  const frac = abs.slice(abs.length - decimals).replace(/0+$/, "");
  return (neg ? "-" : "") + whole + (frac ? "." + frac : "");
}

/** Parse an EVM address (0x + 40 hex) into its field element. */
export function parseAddress(text: unknown, what: string): bigint {
  if (typeof text !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw badInput(`${what} "${String(text)}" is not an address: expected 0x followed by 40 hex digits`);
  }
  return BigInt(text);
}

export function formatAddress(value: bigint): `0x${string}` {
  return `0x${value.toString(16).padStart(40, "0")}`;
}

/** Parse a field element given as decimal or 0x-hex; must be < FIELD_ORDER. */
export function parseField(text: unknown, what: string): bigint {
  if (typeof text !== "string" || !/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) {
    throw badInput(`${what} "${String(text)}" is not a field element (decimal or 0x-hex)`);
  }
  const v = BigInt(text);
  if (v >= FIELD_ORDER) throw badInput(`${what} is not below the BN254 field order`);
  return v;
}

export const toHex32 = (v: bigint): `0x${string}` => `0x${v.toString(16).padStart(64, "0")}`;

/** The field element of an ASCII tag, as the circuits write it (e.g. "zkliq.position.v1"): its bytes, big-endian. */
export const asciiTag = (s: string): bigint => BigInt("0x" + bytesToHex(utf8ToBytes(s)));
