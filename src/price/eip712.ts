/**
 * EIP-712 for the oracle's price attestation, on @noble/curves and @noble/hashes alone.
 *
 * Why not viem: importing viem costs ~0.3-0.5 s and ~27 MB, and the verify path (`zkliq/verify`,
 * `zkliq verify`) needs only a keccak and one secp256k1 recovery. These are the same noble
 * libraries viem signs with (pinned to the versions viem pulls in), so signatures are
 * byte-identical: test/sdk/eip712.test.ts checks digest, signature and recovered address against
 * viem on random keys and messages.
 *
 * Only the one type zkliq signs is encoded; this is not a general EIP-712 encoder:
 *   EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
 *   PriceAttestation(uint32 marketId,uint64 timestamp,uint256 priceCommitment)
 * (both strings are also in contracts/ZkliqLiquidation.sol: DOMAIN_TYPEHASH, PRICE_TYPEHASH).
 *
 * Import by subpath only: the package roots load every curve and hash.
 * NB @noble/curves 2.x changes `sign`'s default to prehash the message: re-check on upgrade.
 */
import { invert, mod } from "@noble/curves/abstract/modular";
import { secp256k1 } from "@noble/curves/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils";

export type Hex = `0x${string}`;
export type Address = `0x${string}`;

/**
 * The EIP-712 domain fields zkliq uses. Structurally assignable to viem's `TypedDataDomain`, so
 * callers may still pass it to viem (the settlement tests do).
 */
export interface TypedDataDomain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
}

/** The signed message: what the contract's `PriceAttestation` struct holds. */
export interface PriceMessage {
  marketId: number;
  /** Unix seconds. */
  timestamp: number | bigint;
  priceCommitment: bigint;
}

/** secp256k1 group order n. */
export const SECP256K1_N = secp256k1.CURVE.n;
const Point = secp256k1.ProjectivePoint;
const G_PLAIN = Point.fromAffine(Point.BASE.toAffine());
const HALF_N = SECP256K1_N >> 1n;

const keccak = (...parts: Uint8Array[]): Uint8Array => keccak_256(concatBytes(...parts));
const keccakText = (s: string): Uint8Array => keccak_256(utf8ToBytes(s));

export const DOMAIN_TYPEHASH = keccakText(
  "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
);
export const PRICE_TYPEHASH = keccakText("PriceAttestation(uint32 marketId,uint64 timestamp,uint256 priceCommitment)");

/** One ABI word: an unsigned integer of `bits` bits, big-endian, left-padded to 32 bytes. */
function uintWord(value: number | bigint, bits: number, what: string): Uint8Array {
  if (typeof value === "number" && !Number.isSafeInteger(value)) throw new Error(`${what} ${value} is not an integer`);
  const v = BigInt(value);
  if (v < 0n || v >= 1n << BigInt(bits)) throw new Error(`${what} ${v} does not fit in uint${bits}`);
  return hexToBytes(v.toString(16).padStart(64, "0"));
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** EIP-55 mixed-case checksum of an address given in any case. Throws if it is not 20 hex bytes. */
export function checksumAddress(address: string): Address {
  if (!ADDRESS_RE.test(address)) throw new Error(`"${address}" is not an address (0x followed by 40 hex digits)`);
  const lower = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccakText(lower));
  let out = "0x";
  for (let i = 0; i < 40; i++) out += parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  return out as Address;
}

/**
 * Is this an address whose case is meaningful? All-lowercase is accepted; any other case must be
 * the EIP-55 checksum (viem's `isAddress`, strict, which its typed-data encoder applies).
 */
export function isAddress(address: string): address is Address {
  if (!ADDRESS_RE.test(address)) return false;
  return address === address.toLowerCase() || checksumAddress(address) === address;
}

function addressWord(address: string, what: string): Uint8Array {
  if (!isAddress(address)) throw new Error(`${what} "${address}" is not an address or fails its EIP-55 checksum`);
  return hexToBytes(address.slice(2).toLowerCase().padStart(64, "0"));
}

/** keccak256(abi.encode(DOMAIN_TYPEHASH, keccak(name), keccak(version), chainId, verifyingContract)). */
export function domainSeparator(domain: TypedDataDomain): Uint8Array {
  return keccak(
    DOMAIN_TYPEHASH,
    keccakText(domain.name),
    keccakText(domain.version),
    uintWord(domain.chainId, 256, "chainId"),
    addressWord(domain.verifyingContract, "verifyingContract"),
  );
}

/** keccak256(abi.encode(PRICE_TYPEHASH, marketId, timestamp, priceCommitment)). */
export function priceStructHash(m: PriceMessage): Uint8Array {
  return keccak(
    PRICE_TYPEHASH,
    uintWord(m.marketId, 32, "marketId"),
    uintWord(m.timestamp, 64, "timestamp"),
    uintWord(m.priceCommitment, 256, "priceCommitment"),
  );
}

/** The 32-byte digest the oracle signs: keccak256("\x19\x01" || domainSeparator || structHash). */
export function priceDigest(domain: TypedDataDomain, m: PriceMessage): Uint8Array {
  return keccak(new Uint8Array([0x19, 0x01]), domainSeparator(domain), priceStructHash(m));
}

export const toHex = (b: Uint8Array): Hex => `0x${bytesToHex(b)}`;

/** Parse a private key: 0x and 64 hex digits, in [1, n). Throws with the reason. */
function privateKeyBytes(privateKey: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) throw new Error("private key must be 0x followed by 64 hex digits");
  const k = BigInt(privateKey);
  if (k === 0n || k >= SECP256K1_N) throw new Error("private key must be in [1, n) of secp256k1");
  return hexToBytes(privateKey.slice(2));
}

/** The address of an uncompressed public key (65 bytes, 0x04 prefix): last 20 bytes of its keccak. */
function publicKeyAddress(uncompressed: Uint8Array): Address {
  return checksumAddress(toHex(keccak_256(uncompressed.subarray(1)).subarray(12)));
}

/** The checksummed address of a private key. */
export function addressOf(privateKey: string): Address {
  return publicKeyAddress(secp256k1.getPublicKey(privateKeyBytes(privateKey), false));
}

/**
 * Sign a 32-byte digest: RFC 6979 deterministic nonce, low s, 65 bytes r || s || v with v = 27 or 28.
 * This is viem's `sign` (without its optional extra entropy, which zkliq never sets).
 */
export function signDigest(digest: Uint8Array, privateKey: string): Hex {
  const sig = secp256k1.sign(digest, privateKeyBytes(privateKey), { lowS: true, extraEntropy: false });
  return `0x${sig.toCompactHex()}${sig.recovery === 1 ? "1c" : "1b"}`;
}

/**
 * Recover the signer of `digest` from a 65-byte hex signature r || s || v, or throw with the reason.
 *
 * Refused, as viem refused them: not hex, not 65 bytes, v other than 27/28 (v = 0/1, the bare
 * recovery bit, is accepted as viem accepted it), r or s zero or >= n, an r that is not the
 * x-coordinate of a curve point, a recovered point at infinity.
 *
 * Also refused, unlike viem: an odd number of hex digits (viem rounds 129 digits up to 65 bytes
 * and reads the last nibble as v), and high s (s > n/2). ZkliqLiquidation._recover refuses it
 * (InvalidSignature), so a high-s attestation could never settle; and for every high-s signature
 * its low-s twin (n - s, v flipped) is also valid, so refusing it removes the malleability and
 * costs an honest signer nothing (every RFC 6979 signer here emits low s).
 * NB the contract also refuses v = 0/1; those pass here only because viem passed them.
 */
export function recoverDigestSigner(digest: Uint8Array, signature: string): Address {
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]*$/.test(signature)) {
    throw new Error("signature is not a 0x-prefixed hex string");
  }
  if (signature.length !== 132) {
    const digits = signature.length - 2;
    throw new Error(`signature must be 65 bytes (r, s, v), got ${digits % 2 ? `${digits} hex digits` : digits / 2}`);
  }
  const v = parseInt(signature.slice(130), 16);
  const recovery = v === 27 || v === 0 ? 0 : v === 28 || v === 1 ? 1 : undefined;
  if (recovery === undefined) throw new Error(`signature v must be 27 or 28, got ${v}`);
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  if (r === 0n || r >= SECP256K1_N) throw new Error("signature r must be in [1, n) of secp256k1");
  if (s === 0n || s >= SECP256K1_N) throw new Error("signature s must be in [1, n) of secp256k1");
  if (s > HALF_N) throw new Error("signature s is above n/2 (a malleable high-s signature; the contract refuses it)");
  // Q = r^-1 (s R - h G), R the curve point with x = r and y's parity = recovery (noble's
  // Signature.recoverPublicKey, ecrecover). Computed here with variable-time multiplications on
  // public values only: noble multiplies G with its constant-time windowed method, whose
  // 4096-point table costs ~60-80 ms on first use (a one-shot `zkliq verify` pays it every time).
  // Not Point.BASE.multiplyUnsafe: in @noble/curves 1.9.1 its table path returned a wrong point
  // for every random scalar tried (2.4.0 is right; noble's own sign/verify never take that path),
  // so G_PLAIN, a copy of G without a table, takes the endomorphism path.
  let R;
  try {
    R = Point.fromHex(`${recovery ? "03" : "02"}${signature.slice(2, 66)}`);
  } catch (e) {
    throw new Error(`signature recovers no public key (r is not the x-coordinate of a curve point: ${(e as Error).message})`);
  }
  const h = mod(BigInt(toHex(digest)), SECP256K1_N);
  const rInv = invert(r, SECP256K1_N);
  const u1 = mod(-h * rInv, SECP256K1_N);
  const u2 = mod(s * rInv, SECP256K1_N);
  const Q = G_PLAIN.multiplyUnsafe(u1).add(R.multiplyUnsafe(u2));
  if (Q.equals(Point.ZERO)) throw new Error("signature recovers no public key (the point at infinity)");
  Q.assertValidity();
  return publicKeyAddress(Q.toRawBytes(false));
}
