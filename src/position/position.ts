import { bytesToHex, randomBytes } from "@noble/hashes/utils";
import { badInput } from "../errors.js";
import { BITS } from "../proof/circuits.js";
import { type Market, findMarket, valueDecimals, BUILTIN_MARKETS } from "../market/markets.js";
import { type PositionFields, positionCommitment } from "./commitment.js";
import type { PositionTerms, Side } from "../model/index.js";
import {
  FIELD_ORDER,
  formatAddress,
  formatDecimal,
  parseAddress,
  parseDecimal,
  parseField,
  toHex32,
} from "../units.js";

export const POSITION_FORMAT = "zkliq.position.v1";

/** A position opening: everything needed to open its commitment. Keep it secret. */
export interface Position extends PositionFields {
  market: Market;
}

/** The position file, as written by `zkliq position new`. Amounts are decimal strings in market units. */
export interface PositionJson {
  format: typeof POSITION_FORMAT;
  market: string;
  marketId: number;
  side: Side;
  /** Base asset, e.g. "0.5" BTC (at most sizeDecimals decimals). */
  size: string;
  /** Quote per base unit, e.g. "60000" (at most priceDecimals decimals). */
  entryPrice: string;
  /** Quote, e.g. "3000" (at most sizeDecimals + priceDecimals decimals). */
  collateral: string;
  /** Signed cumulative funding index at entry, quote per base unit. */
  entryFundingIndex: string;
  owner: `0x${string}`;
  nonce: string;
  /** Random blinding salt (field element). */
  salt: `0x${string}`;
  /** Poseidon commitment of the above; checked on load. */
  commitment: `0x${string}`;
}

export interface NewPositionInput {
  market: string | number;
  side: string;
  size: string;
  entryPrice: string;
  collateral: string;
  entryFundingIndex?: string;
  owner?: string;
  nonce?: string;
  /** Salt for tests and reproducible examples; fresh random when omitted. */
  salt?: bigint;
  /** Accept size 0: a position a liquidation closed in full (it still holds any collateral left). */
  allowClosed?: boolean;
}

/** A uniformly random field element (rejection sampling over 254-bit strings). */
export function randomFieldElement(): bigint {
  for (;;) {
    const v = BigInt("0x" + bytesToHex(randomBytes(32))) >> 2n;
    if (v < FIELD_ORDER && v !== 0n) return v;
  }
}

function parseSide(side: unknown): Side {
  if (side === "long" || side === "short") return side;
  throw badInput(`side "${String(side)}" must be "long" or "short"`);
}

/** Build a position from human-readable decimal strings in the market's units. */
export function newPosition(input: NewPositionInput, markets: readonly Market[] = BUILTIN_MARKETS): Position {
  const market = findMarket(input.market, markets);
  const nonce = input.nonce ?? "0";
  if (!/^\d+$/.test(nonce)) throw badInput(`nonce "${nonce}" must be a non-negative integer`);
  return {
    market,
    marketId: market.id,
    side: parseSide(input.side),
    size: parseDecimal(input.size, market.sizeDecimals, "size", { bits: BITS.size, positive: !input.allowClosed }),
    entryPrice: parseDecimal(input.entryPrice, market.priceDecimals, "entry price", { bits: BITS.price, positive: true }),
    collateral: parseDecimal(input.collateral, valueDecimals(market), "collateral", { bits: BITS.collateral }),
    entryFunding: parseDecimal(input.entryFundingIndex ?? "0", market.priceDecimals, "entry funding index", {
      bits: BITS.funding,
      signed: true,
    }),
    owner: input.owner === undefined ? 0n : parseAddress(input.owner, "owner"),
    nonce: parseDecimal(nonce, 0, "nonce", { bits: BITS.nonce }),
    salt: input.salt ?? randomFieldElement(),
  };
}

export const commitPosition = (p: PositionFields): bigint => positionCommitment(p);

export const positionTerms = (p: Position): PositionTerms => ({
  side: p.side,
  size: p.size,
  entryPrice: p.entryPrice,
  collateral: p.collateral,
  entryFunding: p.entryFunding,
});

export function positionToJson(p: Position): PositionJson {
  const m = p.market;
  return {
    format: POSITION_FORMAT,
    market: m.symbol,
    marketId: m.id,
    side: p.side,
    size: formatDecimal(p.size, m.sizeDecimals),
    entryPrice: formatDecimal(p.entryPrice, m.priceDecimals),
    collateral: formatDecimal(p.collateral, valueDecimals(m)),
    entryFundingIndex: formatDecimal(p.entryFunding, m.priceDecimals),
    owner: formatAddress(p.owner),
    nonce: p.nonce.toString(),
    salt: toHex32(p.salt),
    commitment: toHex32(commitPosition(p)),
  };
}

/** Parse and check a position file's JSON (market units, ranges, commitment). */
export function positionFromJson(raw: unknown, markets: readonly Market[] = BUILTIN_MARKETS, where = "position"): Position {
  if (typeof raw !== "object" || raw === null) throw badInput(`${where}: expected a JSON object`);
  const j = raw as Partial<Record<keyof PositionJson, unknown>>;
  if (j.format !== POSITION_FORMAT) {
    throw badInput(`${where}: "format" must be "${POSITION_FORMAT}" (is this a position file?)`);
  }
  const market = findMarket(String(j.market), markets);
  if (j.marketId !== market.id) {
    throw badInput(`${where}: marketId ${String(j.marketId)} does not match market ${market.symbol} (id ${market.id})`);
  }
  const p = newPosition(
    {
      market: market.symbol,
      side: j.side as string,
      size: j.size as string,
      entryPrice: j.entryPrice as string,
      collateral: j.collateral as string,
      entryFundingIndex: j.entryFundingIndex as string,
      owner: j.owner as string,
      nonce: j.nonce as string,
      salt: parseField(j.salt, `${where}: salt`),
      allowClosed: true,
    },
    markets,
  );
  if (j.commitment !== undefined && parseField(j.commitment, `${where}: commitment`) !== commitPosition(p)) {
    throw badInput(`${where}: the stored commitment does not match the fields (edited file or wrong market units?)`);
  }
  return p;
}
