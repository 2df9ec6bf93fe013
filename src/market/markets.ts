import { badInput } from "../errors.js";
import { readText } from "../platform.js";
import { BITS, TIER_ROWS } from "../proof/circuits.js";
import { type Tier, checkRiskParams, deriveTiers } from "./risk-params.js";
import { parseDecimal } from "../units.js";

/**
 * A market's units and risk parameters.
 * - size is counted in 10^-sizeDecimals base units, prices in 10^-priceDecimals quote units;
 * - collateral, equity and notional are "value units": 10^-(sizeDecimals+priceDecimals) quote,
 *   so size * price needs no rescaling inside the circuit;
 * - tiers: the maintenance-margin table (floors in whole quote, rates in basis points, cum derived;
 *   see src/market/risk-params.ts); penaltyBps: liquidation penalty on the closed notional; lotSize: the
 *   lot step in size units.
 */
export interface Market {
  id: number;
  symbol: string;
  sizeDecimals: number;
  priceDecimals: number;
  /** The first tier's maintenance rate in basis points (50 = 0.50%): the whole rate of a flat market. */
  mmrBps: number;
  tiers: readonly Tier[];
  penaltyBps: number;
  lotSize: bigint;
  /** Where the table comes from, for people. */
  modelledOn?: string;
}

export const valueDecimals = (m: Market): number => m.sizeDecimals + m.priceDecimals;

/** A built-in market from floors in quote, rates in bps and a lot step in size units. */
function builtin(
  m: Omit<Market, "mmrBps" | "tiers"> & { floors: number[]; rates: number[] },
): Market {
  const { floors, rates, ...rest } = m;
  const tiers = deriveTiers(floors.map((f, i) => ({ floor: BigInt(f), mmrBps: rates[i]! })));
  return { ...rest, mmrBps: rates[0]!, tiers };
}

/**
 * Built-in markets. Tier tables modelled on Binance USDⓈ-M "leverage and margin tiers"
 * (notional brackets, "0 < Position <= 50,000" style, cum derived for continuity); the circuits hold
 * 8 tiers, so longer tables keep their first 8 (the last tier is open-ended). Penalty rates are set
 * at about half the first tier's rate (they may not exceed it; dYdX v4 caps its liquidation fee at
 * 1.5%), lot steps like venues' quantity steps.
 */
export const BUILTIN_MARKETS: readonly Market[] = [
  builtin({
    id: 1,
    symbol: "BTC-USD",
    sizeDecimals: 8,
    priceDecimals: 2,
    floors: [0, 50_000, 250_000, 1_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000],
    rates: [40, 50, 100, 250, 500, 1000, 1250, 1500],
    penaltyBps: 20,
    lotSize: 100_000n, // 0.001 BTC
    modelledOn: "Binance BTCUSDT perpetual tiers of 2021-03-18 (first 8 of 10)",
  }),
  builtin({
    id: 2,
    symbol: "ETH-USD",
    sizeDecimals: 6,
    priceDecimals: 2,
    floors: [0, 10_000, 100_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000],
    rates: [75, 100, 250, 500, 1000, 1250, 1500, 2500],
    penaltyBps: 35,
    lotSize: 1_000n, // 0.001 ETH
    modelledOn: "the Binance tier ladder (1, 2.5, 5, 10, 12.5, 15, 25%) above a 0.75% first tier (illustrative)",
  }),
  builtin({
    id: 3,
    symbol: "SOL-USD",
    sizeDecimals: 4,
    priceDecimals: 4,
    floors: [0, 5_000, 25_000, 100_000, 250_000, 1_000_000],
    rates: [100, 250, 500, 1000, 1250, 5000],
    penaltyBps: 50,
    lotSize: 1_000n, // 0.1 SOL
    modelledOn: "Binance 50x USDT-perpetual tiers of 2021-03-18 (6 tiers)",
  }),
];

function validateMarket(raw: unknown, where: string): Market {
  if (typeof raw !== "object" || raw === null) throw badInput(`${where}: a market must be an object`);
  const m = raw as Record<string, unknown>;
  const int = (k: string, lo: number, hi: number, v: unknown = m[k]): number => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
      throw badInput(`${where}: "${k}" must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
    }
    return v;
  };
  if (typeof m.symbol !== "string" || !/^[A-Z0-9]+-[A-Z0-9]+$/.test(m.symbol)) {
    throw badInput(`${where}: "symbol" must look like "BTC-USD", got ${JSON.stringify(m.symbol)}`);
  }
  const sizeDecimals = int("sizeDecimals", 0, 18);
  const priceDecimals = int("priceDecimals", 0, 18);
  const tiers = parseTiers(m, where, int);
  if (m.mmrBps !== undefined && int("mmrBps", 1, 9999) !== tiers[0]!.mmrBps) {
    throw badInput(`${where}: "mmrBps" ${String(m.mmrBps)} differs from the first tier's rate ${tiers[0]!.mmrBps} (give one or make them equal)`);
  }
  const market: Market = {
    id: int("id", 0, 2 ** BITS.marketId - 1),
    symbol: m.symbol,
    sizeDecimals,
    priceDecimals,
    mmrBps: tiers[0]!.mmrBps,
    tiers,
    penaltyBps: m.penaltyBps === undefined ? 0 : int("penaltyBps", 0, 9999),
    lotSize:
      m.lotSize === undefined ? 1n : parseDecimal(m.lotSize, sizeDecimals, `${where}: "lotSize"`, { bits: BITS.size, positive: true }),
  };
  if (typeof m.modelledOn === "string") market.modelledOn = m.modelledOn;
  checkRiskParams(market, where);
  return market;
}

/**
 * "tiers": [{"floor": "0", "mmrBps": 40}, {"floor": "50000", "mmrBps": 50, "cum": "50"}, ...]
 * (floors in whole quote; cum optional, checked against the derived value), or a flat "mmrBps".
 */
function parseTiers(m: Record<string, unknown>, where: string, int: (k: string, lo: number, hi: number, v?: unknown) => number): Tier[] {
  if (m.tiers === undefined) {
    if (m.mmrBps === undefined) throw badInput(`${where}: give "tiers" (a maintenance-margin table) or a flat "mmrBps"`);
    return deriveTiers([{ floor: 0n, mmrBps: int("mmrBps", 1, 9999) }]);
  }
  if (!Array.isArray(m.tiers) || m.tiers.length < 1 || m.tiers.length > TIER_ROWS) {
    throw badInput(`${where}: "tiers" must be a list of 1 to ${TIER_ROWS} {"floor", "mmrBps"} objects`);
  }
  const spec = m.tiers.map((t: unknown, i) => {
    const at = `${where}: tier ${i + 1}`;
    if (typeof t !== "object" || t === null) throw badInput(`${at} must be an object {"floor": "50000", "mmrBps": 50}`);
    const r = t as Record<string, unknown>;
    const floor = parseDecimal(r.floor, 0, `${at} "floor" (whole quote units)`, { bits: 128 });
    return { floor, mmrBps: int(`tier ${i + 1} mmrBps`, 1, 9999, r.mmrBps), cum: r.cum };
  });
  const tiers = deriveTiers(spec);
  spec.forEach((s, i) => {
    if (s.cum === undefined) return;
    const given = parseDecimal(s.cum, 4, `${where}: tier ${i + 1} "cum"`, { bits: 128 });
    if (given !== tiers[i]!.cumBps) {
      throw badInput(`${where}: tier ${i + 1} "cum" ${String(s.cum)} is not floor x (rate - previous rate) + previous cum = ${tiers[i]!.cumBps} / 10000`);
    }
  });
  return tiers;
}

/**
 * The market table: built-ins, plus (overriding by symbol or id) markets from a JSON file of the
 * form `{ "markets": [ { "id": 7, "symbol": "DOGE-USD", "sizeDecimals": 0, "priceDecimals": 6, "mmrBps": 200 } ] }`
 * (a flat rate), optionally with "tiers", "penaltyBps" and "lotSize" (see README, Markets).
 */
export function loadMarkets(file?: string): Market[] {
  const table = [...BUILTIN_MARKETS];
  if (!file) return table;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(file));
  } catch (e) {
    throw badInput(`markets file ${file}: ${(e as Error).message}`);
  }
  const list = (parsed as { markets?: unknown })?.markets;
  if (!Array.isArray(list)) throw badInput(`markets file ${file}: expected {"markets": [ ... ]}`);
  list.forEach((raw, i) => {
    const m = validateMarket(raw, `markets file ${file}, entry ${i}`);
    const clash = table.findIndex((t) => t.id === m.id || t.symbol === m.symbol);
    if (clash >= 0) table.splice(clash, 1);
    table.push(m);
  });
  return table;
}

/** Find a market by symbol (case-insensitive) or numeric id; unknown markets are bad input. */
export function findMarket(key: string | number, markets: readonly Market[] = BUILTIN_MARKETS): Market {
  const found = markets.find((m) =>
    typeof key === "number" ? m.id === key : m.symbol === key.toUpperCase() || String(m.id) === key,
  );
  if (!found) {
    const known = markets.map((m) => m.symbol).join(", ");
    throw badInput(`unknown market "${key}": known markets are ${known} (add others with --markets file.json)`);
  }
  return found;
}
