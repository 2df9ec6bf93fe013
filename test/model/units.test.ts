import { describe, expect, it } from "vitest";
import { ZkliqError } from "../../src/errors.js";
import { findMarket, loadMarkets } from "../../src/market/markets.js";
import { newPosition, positionFromJson, positionToJson } from "../../src/position/position.js";
import { FIELD_ORDER, formatDecimal, parseDecimal } from "../../src/units.js";

const badInput = (f: () => unknown, match: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZkliqError);
    expect((e as ZkliqError).kind).toBe("bad-input");
    expect((e as Error).message).toMatch(match);
    return;
  }
  throw new Error("expected a bad-input error");
};

describe("fixed-point parsing", () => {
  it("parses decimals exactly into integer units", () => {
    expect(parseDecimal("0.5", 8, "size", { bits: 64 })).toBe(50_000_000n);
    expect(parseDecimal("60000", 2, "price", { bits: 64 })).toBe(6_000_000n);
    expect(parseDecimal("0.00000001", 8, "size", { bits: 64 })).toBe(1n);
    expect(parseDecimal("-12.5", 2, "funding", { bits: 64, signed: true })).toBe(-1250n);
    expect(parseDecimal("007.10", 2, "price", { bits: 64 })).toBe(710n);
  });
  it("rejects too many decimals, negatives, junk and exponents", () => {
    badInput(() => parseDecimal("0.123456789", 8, "size", { bits: 64 }), /9 decimals; this market allows at most 8/);
    badInput(() => parseDecimal("-1", 8, "size", { bits: 64 }), /negative/);
    badInput(() => parseDecimal("1e5", 8, "size", { bits: 64 }), /not a decimal number/);
    badInput(() => parseDecimal("", 8, "size", { bits: 64 }), /missing/);
    badInput(() => parseDecimal("1,5", 8, "size", { bits: 64 }), /not a decimal number/);
    badInput(() => parseDecimal("0", 8, "size", { bits: 64, positive: true }), /greater than zero/);
  });
  it("rejects values beyond the circuit's bit width, accepts the maximum", () => {
    expect(parseDecimal(((1n << 64n) - 1n).toString(), 0, "size", { bits: 64 })).toBe((1n << 64n) - 1n);
    badInput(() => parseDecimal((1n << 64n).toString(), 0, "size", { bits: 64 }), /out of range/);
    expect(parseDecimal(((1n << 63n) - 1n).toString(), 0, "f", { bits: 64, signed: true })).toBe((1n << 63n) - 1n);
    badInput(() => parseDecimal((-(1n << 63n)).toString(), 0, "f", { bits: 64, signed: true }), /out of range/);
    badInput(() => parseDecimal((FIELD_ORDER - 1n).toString(), 0, "size", { bits: 64 }), /out of range/);
  });
  it("formats back without trailing zeros", () => {
    expect(formatDecimal(50_000_000n, 8)).toBe("0.5");
    expect(formatDecimal(-1250n, 2)).toBe("-12.5");
    expect(formatDecimal(3n, 4)).toBe("0.0003");
    expect(formatDecimal(0n, 2)).toBe("0");
  });
});

describe("markets and position files", () => {
  it("knows BTC-USD and ETH-USD and names the known markets for an unknown one", () => {
    expect(findMarket("btc-usd").id).toBe(1);
    expect(findMarket("ETH-USD").mmrBps).toBeGreaterThan(0);
    badInput(() => findMarket("XRP-USD"), /known markets are BTC-USD, ETH-USD/);
  });
  it("a position round-trips through JSON, and an edited field breaks the stored commitment", () => {
    const p = newPosition({ market: "BTC-USD", side: "short", size: "1.25", entryPrice: "61000.5", collateral: "1000.0000000001" });
    const json = positionToJson(p);
    expect(positionFromJson(json)).toEqual(p);
    badInput(() => positionFromJson({ ...json, size: "1.26" }), /stored commitment does not match/);
    badInput(() => positionFromJson({ ...json, format: "x" }), /format/);
  });
  it("loads a custom markets file and rejects a malformed one", () => {
    badInput(() => loadMarkets("/nonexistent/markets.json"), /markets file/);
    expect(loadMarkets().length).toBeGreaterThanOrEqual(2);
  });
});
