// Disclosure reference model and claim parsing / wording, against hand-worked numbers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimViolations, claimSignals, claimsFromSignals, describeClaims, parseClaims } from "../../src/statements/disclosure.js";
import * as dm from "../../src/model/index.js";
import * as margin from "../../src/model/index.js";
import { marginTable } from "../../src/market/risk-params.js";
import { BUILTIN_MARKETS } from "../../src/market/markets.js";
import * as m from "../../src/model/index.js";
import { newPosition, positionTerms } from "../../src/position/position.js";
import { BANKRUPT, BIG_LONG_LP_40000, LONG_LP_40000, SHORT_LP_60000, TEN_PERCENT, USD, VALUE_USD } from "../helpers/disclosure-fixtures.js";

const BTC_USD = BUILTIN_MARKETS[0]!;
const TABLE = marginTable(BTC_USD); // tiers 0.40%, 0.50% (cum 50) from 50,000, 1% (cum 1,300) from 250,000, ...
const terms = (f: () => { p: Parameters<typeof positionTerms>[0]; q: m.PriceTerms }) => {
  const { p, q } = f();
  return { t: positionTerms(p), q };
};

describe("claim predicates, worked by hand", () => {
  it("margin ratio: equity 5000 on notional 50000 is exactly 10%", () => {
    const { t, q } = terms(TEN_PERCENT);
    expect(dm.marginRatioAtLeast(t, q, 1000n)).toBe(true);
    expect(dm.marginRatioAtLeast(t, q, 1001n)).toBe(false);
  });
  it("leverage: notional 50000 on equity 5000 is exactly 10x", () => {
    const { t, q } = terms(TEN_PERCENT);
    expect(dm.leverageAtMost(t, q, 100_000n)).toBe(true);
    expect(dm.leverageAtMost(t, q, 99_999n)).toBe(false);
  });
  it("bankrupt (equity -9000): no margin ratio >= 0, no leverage bound; zero equity has no leverage", () => {
    const { t, q } = terms(BANKRUPT);
    expect(m.equity(t, q)).toBe(-9000n * VALUE_USD);
    expect(dm.marginRatioAtLeast(t, q, 0n)).toBe(false);
    expect(dm.leverageAtMost(t, q, 10n ** 9n)).toBe(false);
    const zero = { ...t, collateral: 10_000n * VALUE_USD }; // 10000 - 10000 = 0
    expect(m.equity(zero, q)).toBe(0n);
    expect(dm.marginRatioAtLeast(zero, q, 0n)).toBe(true);
    expect(dm.leverageAtMost(zero, q, 10n ** 9n)).toBe(false);
  });
  it("liquidation price: long exactly 40000 (tier 1), short exactly 60000 (tier 2)", () => {
    const long = terms(LONG_LP_40000);
    expect(dm.liquidationPriceBeyond(long.t, long.q, 40_000n * USD, TABLE)).toBe(true);
    expect(dm.liquidationPriceBeyond(long.t, long.q, 40_000n * USD - 1n, TABLE)).toBe(false);
    const short = terms(SHORT_LP_60000);
    expect(dm.liquidationPriceBeyond(short.t, short.q, 60_000n * USD, TABLE)).toBe(true);
    expect(dm.liquidationPriceBeyond(short.t, short.q, 60_000n * USD + 1n, TABLE)).toBe(false);
  });
  it("liquidation price decided by tier 3: 10 BTC long, exactly 40000 with 102,700 collateral; 102,000 is not enough", () => {
    const ok = terms(() => BIG_LONG_LP_40000());
    expect(margin.tierOf(TABLE, 10n * 40_000n * VALUE_USD)).toBe(2);
    expect(dm.liquidationPriceBeyond(ok.t, ok.q, 40_000n * USD, TABLE)).toBe(true);
    expect(dm.liquidationPriceBeyond(ok.t, ok.q, 40_000n * USD - 1n, TABLE)).toBe(false);
    const short = terms(() => BIG_LONG_LP_40000(102_000n)); // equity 2,000 at 40000 < 2,700 (but above the 0.40% line, 1,600)
    expect(dm.liquidationPriceBeyond(short.t, short.q, 40_000n * USD, TABLE)).toBe(false);
    expect(dm.notLiquidatableAt(short.t, short.q, 40_000n * USD, TABLE)).toBe(false);
  });
  it("a fully collateralised long is beyond every bound, even 0", () => {
    const t: m.PositionTerms = { side: "long", size: 10n, entryPrice: 100n, collateral: 1000n, entryFunding: 0n };
    expect(dm.liquidationPriceBeyond(t, { fundingIndex: 0n }, 0n, TABLE)).toBe(true);
  });
  it("notional range is inclusive at both ends", () => {
    const { t, q } = terms(TEN_PERCENT);
    const n = 50_000n * VALUE_USD;
    expect(dm.notionalWithin(t, q, n, n)).toBe(true);
    expect(dm.notionalWithin(t, q, n + 1n, 2n * n)).toBe(false);
    expect(dm.notionalWithin(t, q, 0n, n - 1n)).toBe(false);
  });
  it("liquidation price beyond B <=> not liquidatable at mark price B (random, around the liquidation price)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<m.Side>("long", "short"),
        fc.bigInt(1n, 10n ** 10n),
        fc.bigInt(1n, 10n ** 9n),
        fc.bigInt(0n, 10n ** 20n),
        fc.bigInt(-(10n ** 6n), 10n ** 6n),
        fc.constantFrom(...BUILTIN_MARKETS.map(marginTable)),
        fc.bigInt(-2n, 2n),
        (side, size, entry, collateral, funding, table, delta) => {
          const t = { side, size, entryPrice: entry, collateral, entryFunding: 0n };
          const lp = margin.liquidationPrice(t, { fundingIndex: funding }, table)?.price ?? null;
          const around = lp === null ? entry : lp.num / lp.den + delta;
          const b = around < 0n ? 0n : around;
          const notLiquidatable = !margin.isLiquidatable(t, { markPrice: b, fundingIndex: funding }, table);
          expect(dm.liquidationPriceBeyond(t, { fundingIndex: funding }, b, table)).toBe(notLiquidatable);
          expect(dm.notLiquidatableAt(t, { fundingIndex: funding }, b, table)).toBe(notLiquidatable);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("equity exactly notional / k: leverage exactly k x, margin ratio exactly 1/k (random k, equity)", () => {
    fc.assert(
      fc.property(fc.bigInt(1n, 10n ** 12n), fc.bigInt(1n, 200n), (c, k) => {
        // long of size k*c at price 1 (mark = entry) with collateral c: notional k*c, equity c
        const t: m.PositionTerms = { side: "long", size: k * c, entryPrice: 1n, collateral: c, entryFunding: 0n };
        const q = { markPrice: 1n, fundingIndex: 0n };
        expect(dm.leverageAtMost(t, q, k * 10_000n)).toBe(true);
        expect(dm.leverageAtMost(t, q, k * 10_000n - 1n)).toBe(false);
        if (10_000n % k === 0n) {
          expect(dm.marginRatioAtLeast(t, q, 10_000n / k)).toBe(true);
          expect(dm.marginRatioAtLeast(t, q, 10_000n / k + 1n)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("parsing claims", () => {
  it("reads percentages, basis points, leverage, prices and notional ranges in market units", () => {
    expect(parseClaims({ minMarginRatio: "10%" }, BTC_USD)).toEqual({ minMarginBps: 1000n });
    expect(parseClaims({ minMarginRatio: "12.5%" }, BTC_USD)).toEqual({ minMarginBps: 1250n });
    expect(parseClaims({ minMarginRatio: "0.01%" }, BTC_USD)).toEqual({ minMarginBps: 1n });
    expect(parseClaims({ minMarginRatio: "750bps" }, BTC_USD)).toEqual({ minMarginBps: 750n });
    expect(parseClaims({ maxLeverage: "5" }, BTC_USD)).toEqual({ maxLeverageBps: 50_000n });
    expect(parseClaims({ maxLeverage: "2.5x" }, BTC_USD)).toEqual({ maxLeverageBps: 25_000n });
    expect(parseClaims({ liqPriceBeyond: "40000.5" }, BTC_USD)).toEqual({ liqPriceBound: 4_000_050n });
    expect(parseClaims({ notionalRange: "10000:50000" }, BTC_USD)).toEqual({
      notionalMin: 10_000n * VALUE_USD,
      notionalMax: 50_000n * VALUE_USD,
    });
  });
  const bad: [string, Parameters<typeof parseClaims>[0], RegExp][] = [
    ["no claim", {}, /no claim to prove/],
    ["a bare number as a ratio", { minMarginRatio: "10" }, /must be a percentage such as "10%"/],
    ["too many decimals of a percent", { minMarginRatio: "0.001%" }, /has 3 decimals/],
    ["a negative ratio", { minMarginRatio: "-1%" }, /must be a percentage/],
    ["a ratio beyond the circuit width", { minMarginRatio: "10486%" }, /out of range/],
    ["zero leverage", { maxLeverage: "0" }, /greater than zero/],
    ["leverage with 5 decimals", { maxLeverage: "1.00001" }, /has 5 decimals/],
    ["leverage beyond the circuit width", { maxLeverage: "429497" }, /out of range/],
    ["a price with 3 decimals", { liqPriceBeyond: "40000.001" }, /has 3 decimals/],
    ["a range without a colon", { notionalRange: "10000" }, /must be "min:max"/],
    ["an upside-down range", { notionalRange: "50000:10000" }, /minimum is above its maximum/],
    ["a range beyond the circuit width", { notionalRange: "0:10000000000000000000000000000000" }, /out of range/],
  ];
  for (const [what, text, re] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => parseClaims(text, BTC_USD)).toThrow(re);
      try {
        parseClaims(text, BTC_USD);
      } catch (e) {
        expect((e as { kind?: string }).kind).toBe("bad-input");
      }
    });
  }
  it("claims <-> public signals round-trip; claims not made are zero", () => {
    const c = { maxLeverageBps: 50_000n, notionalMin: 1n, notionalMax: 2n };
    const s = claimSignals(c);
    expect(s).toEqual({ claimMask: 10n, minMarginBps: 0n, maxLeverageBps: 50_000n, liqPriceBound: 0n, notionalMin: 1n, notionalMax: 2n });
    expect(claimsFromSignals(s)).toEqual(c);
  });
});

describe("claims in words", () => {
  // 0.5 BTC long @ 60000 with 6000 USD collateral, mark 54200:
  // equity 6000 - 0.5 x 5800 = 3100, notional 27100 -> margin ratio 11.43%, leverage 8.742x;
  // liquidation price in tier 1 (0.40%, notional ~24,000): (30000 - 6000) / (0.5 x 0.996) = 48192.771...
  const position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" });
  const price = { markPrice: 5_420_000n, fundingIndex: 0n } as Parameters<typeof claimViolations>[1];

  it("describes each claim with its threshold in market units", () => {
    const c = parseClaims({ minMarginRatio: "10%", maxLeverage: "5", liqPriceBeyond: "40000", notionalRange: "10000:50000" }, BTC_USD);
    expect(describeClaims(c, BTC_USD).map((x) => [x.claim, x.text])).toEqual([
      ["minMarginRatio", "margin ratio (equity / notional) >= 10%"],
      ["maxLeverage", "leverage (notional / equity) <= 5x, with positive equity"],
      [
        "liquidationPriceBeyond",
        "liquidation price beyond 40000 USD: not liquidatable at a mark price of 40000 USD (funding index as attested), " +
          "i.e. liquidation price <= 40000 USD if long, >= 40000 USD if short (the side stays hidden)",
      ],
      ["notionalRange", "notional (size x mark price) between 10000 USD and 50000 USD"],
    ]);
    expect(describeClaims({ minMarginBps: 10n }, BTC_USD)[0]!.text).toBe("margin ratio (equity / notional) >= 0.1%");
    // 10% is above the first tier's 0.40% but not a safe bound for large notionals (tier 8: 15%)
    expect(describeClaims({ minMarginBps: 1500n }, BTC_USD)[0]!.text).toBe(
      "margin ratio (equity / notional) >= 15% (at or above BTC-USD's highest maintenance rate 15%: not liquidatable at this price, whatever the notional's tier)",
    );
  });

  it("true claims have no violations", () => {
    const c = parseClaims({ minMarginRatio: "11.43%", maxLeverage: "8.75", liqPriceBeyond: "48192.78", notionalRange: "27100:27100" }, BTC_USD);
    expect(claimViolations(position, price, c)).toEqual([]);
  });

  it("names each false claim with the position's figure", () => {
    const c = parseClaims({ minMarginRatio: "12%", maxLeverage: "8", liqPriceBeyond: "48000", notionalRange: "30000:40000" }, BTC_USD);
    expect(claimViolations(position, price, c)).toEqual([
      "margin ratio 11.43% is below the claimed 12%",
      "leverage 8.75x is above the claimed 8x",
      "liquidation price 48192.77 USD is above the claimed 48000 USD (long): at that mark price equity 0 USD < requirement 96 USD",
      "notional 27100 USD is outside the claimed range 30000 USD .. 40000 USD",
    ]);
  });

  it("a bankrupt position's leverage claim says equity is not positive", () => {
    const broke = newPosition({ market: "BTC-USD", side: "long", size: "1", entryPrice: "60000", collateral: "1000" });
    expect(claimViolations(broke, price, { maxLeverageBps: 100_000n })).toEqual([
      "equity -4800 USD is not positive, so leverage is not at most 10x",
    ]);
  });
});
