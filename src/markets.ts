import { readFileSync } from "node:fs";
import { badInput } from "./errors.js";
import { BITS } from "./circuits.js";

/**
 * A market's units and risk parameters.
 * - size is counted in 10^-sizeDecimals base units, prices in 10^-priceDecimals quote units;
 * - collateral, equity and notional are "value units": 10^-(sizeDecimals+priceDecimals) quote,
 *   so size * price needs no rescaling inside the circuit;
 * - mmrBps is the flat maintenance margin rate in basis points (50 = 0.50%).
 */
export interface Market {
  id: number;
  symbol: string;
  sizeDecimals: number;
  priceDecimals: number;
  mmrBps: number;
}

export const valueDecimals = (m: Market): number => m.sizeDecimals + m.priceDecimals;

/** Built-in markets; maintenance rates modelled on the first notional tier of large venues. */
export const BUILTIN_MARKETS: readonly Market[] = [
  { id: 1, symbol: "BTC-USD", sizeDecimals: 8, priceDecimals: 2, mmrBps: 50 },
  { id: 2, symbol: "ETH-USD", sizeDecimals: 6, priceDecimals: 2, mmrBps: 75 },
  { id: 3, symbol: "SOL-USD", sizeDecimals: 4, priceDecimals: 4, mmrBps: 100 },
];

function validateMarket(raw: unknown, where: string): Market {
  if (typeof raw !== "object" || raw === null) throw badInput(`${where}: a market must be an object`);
  const m = raw as Record<string, unknown>;
  const int = (k: string, lo: number, hi: number): number => {
    const v = m[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
      throw badInput(`${where}: "${k}" must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
    }
    return v;
  };
  if (typeof m.symbol !== "string" || !/^[A-Z0-9]+-[A-Z0-9]+$/.test(m.symbol)) {
    throw badInput(`${where}: "symbol" must look like "BTC-USD", got ${JSON.stringify(m.symbol)}`);
  }
  return {
    id: int("id", 0, 2 ** BITS.marketId - 1),
    symbol: m.symbol,
    sizeDecimals: int("sizeDecimals", 0, 18),
    priceDecimals: int("priceDecimals", 0, 18),
    mmrBps: int("mmrBps", 1, 9999),
  };
}

/**
 * The market table: built-ins, plus (overriding by symbol or id) markets from a JSON file of the
 * form `{ "markets": [ { "id": 7, "symbol": "DOGE-USD", "sizeDecimals": 0, "priceDecimals": 6, "mmrBps": 200 } ] }`.
 */
export function loadMarkets(file?: string): Market[] {
  const table = [...BUILTIN_MARKETS];
  if (!file) return table;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
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
