import {
  type Hex,
  type TypedDataDomain,
  SECP256K1_N,
  addressOf,
  checksumAddress,
  priceDigest,
  recoverDigestSigner,
  signDigest,
} from "./eip712.js";
import { badInput } from "../errors.js";
import { BITS } from "../proof/circuits.js";
import { type PriceFields, priceCommitment } from "../position/commitment.js";
import { type Market, BUILTIN_MARKETS, findMarket } from "../market/markets.js";
import { formatDecimal, parseDecimal, parseField, toHex32 } from "../units.js";

/**
 * Development oracle key (keccak256 of "zkliq development oracle key: public, never use in
 * production"). It is public: anything it signs proves nothing. For demos and tests only.
 */
export const DEV_ORACLE_KEY: Hex = "0xf41619dccabae7d678bbaab91e2a37f81f6d9896622e265db807d05c89feb171";
export const DEV_ORACLE_ADDRESS = "0xC824e29c1c5e0375Bb558c743246D97Cd0a0378a" as const;

export const PRICE_FORMAT = "zkliq.price.v1";

/**
 * EIP-712 domain of an attestation. `chainId` and `verifyingContract` bind it to one deployment of
 * the liquidation contract; an attestation for off-chain use carries chainId 0 and the zero
 * address, which no contract accepts.
 */
export interface AttestationDomain {
  chainId: number;
  verifyingContract: `0x${string}`;
}
export const OFFCHAIN_DOMAIN: AttestationDomain = {
  chainId: 0,
  verifyingContract: "0x0000000000000000000000000000000000000000",
};

/** The EIP-712 typed data the oracle signs: the price commitment with its market and time. */
export const ATTESTATION_TYPES = {
  PriceAttestation: [
    { name: "marketId", type: "uint32" },
    { name: "timestamp", type: "uint64" },
    { name: "priceCommitment", type: "uint256" },
  ],
} as const;

export function eip712Domain(d: AttestationDomain): TypedDataDomain {
  return { name: "zkliq", version: "1", chainId: d.chainId, verifyingContract: d.verifyingContract };
}

/** A signed price point. */
export interface PriceAttestation extends PriceFields {
  market: Market;
  commitment: bigint;
  domain: AttestationDomain;
  oracle: `0x${string}`;
  signature: Hex;
}

/** The price file, as written by `zkliq price sign`. */
export interface PriceJson {
  format: typeof PRICE_FORMAT;
  market: string;
  marketId: number;
  /** Quote per base unit, decimal string. */
  markPrice: string;
  /** Signed cumulative funding index, quote per base unit. */
  fundingIndex: string;
  /** Unix seconds. */
  timestamp: number;
  commitment: `0x${string}`;
  domain: AttestationDomain;
  oracle: `0x${string}`;
  signature: Hex;
}

export interface AttestPriceInput {
  market: string | number;
  markPrice: string;
  fundingIndex?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  domain?: AttestationDomain;
}

/** Sign a price point as the oracle holding `privateKey`. */
export async function attestPrice(
  input: AttestPriceInput,
  privateKey: Hex,
  markets: readonly Market[] = BUILTIN_MARKETS,
): Promise<PriceAttestation> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw badInput("oracle key must be 0x followed by 64 hex digits (--key or ZKLIQ_ORACLE_KEY)");
  }
  if (BigInt(privateKey) === 0n || BigInt(privateKey) >= SECP256K1_N) {
    throw badInput("oracle key must be a secp256k1 private key: in [1, n) (--key or ZKLIQ_ORACLE_KEY)");
  }
  const oracle = addressOf(privateKey);
  const market = findMarket(input.market, markets);
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp >= 2 ** BITS.timestamp) {
    throw badInput(`timestamp ${timestamp} must be unix seconds in [0, 2^${BITS.timestamp})`);
  }
  const fields: PriceFields = {
    marketId: market.id,
    markPrice: parseDecimal(input.markPrice, market.priceDecimals, "mark price", { bits: BITS.price, positive: true }),
    fundingIndex: parseDecimal(input.fundingIndex ?? "0", market.priceDecimals, "funding index", {
      bits: BITS.funding,
      signed: true,
    }),
    timestamp,
  };
  const domain = input.domain ?? OFFCHAIN_DOMAIN;
  const commitment = priceCommitment(fields);
  const digest = priceDigest(eip712Domain(domain), { marketId: market.id, timestamp, priceCommitment: commitment });
  const signature = signDigest(digest, privateKey);
  return { ...fields, market, commitment, domain, oracle, signature };
}

export interface AttestationCheck {
  valid: boolean;
  reason: string;
  /** The address that signed, when the signature parses. */
  signer?: `0x${string}`;
}

/**
 * Check an attestation: the commitment matches its fields, the signature recovers to the named
 * oracle (and to `opts.oracle` if given), and the timestamp is not in the future nor older than
 * `opts.maxAgeSeconds`.
 */
export async function verifyPriceAttestation(
  a: PriceAttestation,
  opts: { oracle?: string; maxAgeSeconds?: number; now?: number } = {},
): Promise<AttestationCheck> {
  if (priceCommitment(a) !== a.commitment) {
    return { valid: false, reason: "price commitment does not match the attested price fields" };
  }
  let signer: `0x${string}`;
  try {
    const digest = priceDigest(eip712Domain(a.domain), {
      marketId: a.marketId,
      timestamp: a.timestamp,
      priceCommitment: a.commitment,
    });
    signer = recoverDigestSigner(digest, a.signature);
  } catch (e) {
    return { valid: false, reason: `price signature does not parse: ${(e as Error).message}` };
  }
  let named: `0x${string}`;
  try {
    named = checksumAddress(a.oracle);
  } catch (e) {
    return { valid: false, reason: `price oracle: ${(e as Error).message}`, signer };
  }
  if (signer !== named) {
    return { valid: false, reason: `price signature was made by ${signer}, not by the named oracle ${a.oracle}`, signer };
  }
  if (opts.oracle !== undefined && trustedOracle(opts.oracle) !== signer) {
    return { valid: false, reason: `price was signed by ${signer}, not by the trusted oracle ${opts.oracle}`, signer };
  }
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (a.timestamp > now) {
    return { valid: false, reason: `price timestamp ${a.timestamp} is in the future (now ${now})`, signer };
  }
  if (opts.maxAgeSeconds !== undefined && now - a.timestamp > opts.maxAgeSeconds) {
    return {
      valid: false,
      reason: `price is ${now - a.timestamp} s old, more than the allowed ${opts.maxAgeSeconds} s`,
      signer,
    };
  }
  return { valid: true, reason: "price attestation is valid", signer };
}

function trustedOracle(address: string): `0x${string}` {
  try {
    return checksumAddress(address);
  } catch (e) {
    throw badInput(`trusted oracle: ${(e as Error).message}`);
  }
}

export function attestationToJson(a: PriceAttestation): PriceJson {
  return {
    format: PRICE_FORMAT,
    market: a.market.symbol,
    marketId: a.marketId,
    markPrice: formatDecimal(a.markPrice, a.market.priceDecimals),
    fundingIndex: formatDecimal(a.fundingIndex, a.market.priceDecimals),
    timestamp: a.timestamp,
    commitment: toHex32(a.commitment),
    domain: a.domain,
    oracle: a.oracle,
    signature: a.signature,
  };
}

/** Parse a price file (shape and units only; call verifyPriceAttestation for the signature). */
export function attestationFromJson(raw: unknown, markets: readonly Market[] = BUILTIN_MARKETS, where = "price"): PriceAttestation {
  if (typeof raw !== "object" || raw === null) throw badInput(`${where}: expected a JSON object`);
  const j = raw as Partial<Record<keyof PriceJson, unknown>>;
  if (j.format !== PRICE_FORMAT) throw badInput(`${where}: "format" must be "${PRICE_FORMAT}" (is this a price file?)`);
  const market = findMarket(String(j.market), markets);
  if (j.marketId !== market.id) {
    throw badInput(`${where}: marketId ${String(j.marketId)} does not match market ${market.symbol} (id ${market.id})`);
  }
  if (typeof j.timestamp !== "number" || !Number.isSafeInteger(j.timestamp) || j.timestamp < 0 || j.timestamp >= 2 ** BITS.timestamp) {
    throw badInput(`${where}: "timestamp" must be unix seconds (an integer)`);
  }
  const d = j.domain as Partial<AttestationDomain> | undefined;
  if (!d || typeof d.chainId !== "number" || typeof d.verifyingContract !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(d.verifyingContract)) {
    throw badInput(`${where}: "domain" must be {"chainId": number, "verifyingContract": address}`);
  }
  if (typeof j.oracle !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(j.oracle)) throw badInput(`${where}: "oracle" must be an address`);
  if (typeof j.signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(j.signature)) {
    throw badInput(`${where}: "signature" must be a 65-byte hex signature`);
  }
  return {
    market,
    marketId: market.id,
    markPrice: parseDecimal(j.markPrice, market.priceDecimals, `${where}: markPrice`, { bits: BITS.price, positive: true }),
    fundingIndex: parseDecimal(j.fundingIndex, market.priceDecimals, `${where}: fundingIndex`, { bits: BITS.funding, signed: true }),
    timestamp: j.timestamp,
    commitment: parseField(j.commitment, `${where}: commitment`),
    domain: { chainId: d.chainId, verifyingContract: d.verifyingContract as `0x${string}` },
    oracle: j.oracle as `0x${string}`,
    signature: j.signature as Hex,
  };
}
