// Reference model against hand-worked tables, with a flat maintenance rate (a one-tier table of the
// one model). Plain integers: the model is unit-agnostic (size units x price units = value units),
// so 1 here can mean 1e-8 BTC or 1 cent alike.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as m from "../../src/model/index.js";

const pos = (side: m.Side, size: bigint, entryPrice: bigint, collateral: bigint, entryFunding = 0n): m.PositionTerms => ({
  side,
  size,
  entryPrice,
  collateral,
  entryFunding,
});
const px = (markPrice: bigint, fundingIndex = 0n): m.PriceTerms => ({ markPrice, fundingIndex });

// A flat rate of `mmr` bps is the one-tier table m.flatTable(mmr).
const isLiquidatable = (p: m.PositionTerms, q: m.PriceTerms, mmr: bigint): boolean => m.isLiquidatable(p, q, m.flatTable(mmr));
const requirementTimesBps = (p: m.PositionTerms, q: m.PriceTerms, mmr: bigint): bigint =>
  m.requirementTimesBps(m.flatTable(mmr), m.notional(p, q));
const liquidationPrice = (p: m.PositionTerms, q: Pick<m.PriceTerms, "fundingIndex">, mmr: bigint): m.Ratio | null =>
  m.liquidationPrice(p, q, m.flatTable(mmr))?.price ?? null;

describe("equity and liquidatable, worked by hand (mmr 50 bps = 0.5%)", () => {
  // [case, position, price, equity, notional, liquidatable]
  const table: [string, m.PositionTerms, m.PriceTerms, bigint, bigint, boolean][] = [
    // 50 + 2*(110-100) = 70; requirement 0.5% of 220 = 1.1
    ["long in profit", pos("long", 2n, 100n, 50n), px(110n), 70n, 220n, false],
    // 52 + 10*(95-100) = 2; requirement 0.5% of 950 = 4.75
    ["long in loss below maintenance", pos("long", 10n, 100n, 52n), px(95n), 2n, 950n, true],
    // 5 - 10*(90-100) = 105
    ["short in profit", pos("short", 10n, 100n, 5n), px(90n), 105n, 900n, false],
    // 45 - 10*(104-100) = 5; requirement 0.5% of 1040 = 5.2
    ["short in loss below maintenance", pos("short", 10n, 100n, 45n), px(104n), 5n, 1040n, true],
    // equity 5 == requirement 0.5% of 1000 = 5: equality is NOT liquidatable
    ["long exactly at the requirement", pos("long", 10n, 100n, 5n), px(100n), 5n, 1000n, false],
    ["long one unit below the requirement", pos("long", 10n, 100n, 4n), px(100n), 4n, 1000n, true],
    ["short exactly at the requirement", pos("short", 10n, 100n, 5n), px(100n), 5n, 1000n, false],
    // 100 + 10*(80-100) = -100: bankrupt, liquidatable
    ["bankrupt long", pos("long", 10n, 100n, 100n), px(80n), -100n, 800n, true],
    // 100 - 10*(130-100) = -200
    ["bankrupt short", pos("short", 10n, 100n, 100n), px(130n), -200n, 1300n, true],
    // long pays funding 10*(1-0) = 10: equity 10 - 10 = 0 < 5
    ["long paying funding", pos("long", 10n, 100n, 10n), px(100n, 1n), 0n, 1000n, true],
    // short receives 10*(1-0) = 10: equity 20
    ["short receiving funding", pos("short", 10n, 100n, 10n), px(100n, 1n), 20n, 1000n, false],
    // short pays when the index falls: 10*(-1-0) => pays 10: equity 0
    ["short paying funding", pos("short", 10n, 100n, 10n), px(100n, -1n), 0n, 1000n, true],
    // entry index 5, now 3: long receives 10*2 = 20 -> 4 + 20 = 24
    ["long receiving funding from a negative move", pos("long", 10n, 100n, 4n, 5n), px(100n, 3n), 24n, 1000n, false],
  ];
  for (const [name, p, q, eq, notional, liq] of table) {
    it(name, () => {
      expect(m.equity(p, q)).toBe(eq);
      expect(m.notional(p, q)).toBe(notional);
      expect(isLiquidatable(p, q, 50n)).toBe(liq);
      expect(m.isBankrupt(p, q)).toBe(eq < 0n);
    });
  }

  it("BTC-USD example in market units (8 size decimals, 2 price decimals, 10 value decimals)", () => {
    // 0.5 BTC long @ 60000 with 3000 USD collateral, mark 54200:
    // equity = 3000 - 0.5*5800 = 100 USD; requirement = 0.5% * 27100 = 135.5 USD -> liquidatable.
    const p = pos("long", 50_000_000n, 6_000_000n, 3000n * 10n ** 10n);
    const q = px(5_420_000n);
    expect(m.equity(p, q)).toBe(100n * 10n ** 10n);
    expect(requirementTimesBps(p, q, 50n)).toBe(1355n * 10n ** 9n * 10_000n);
    expect(isLiquidatable(p, q, 50n)).toBe(true);
    // margin ratio 100/27100 = 0.369%
    expect(m.formatRatio({ num: m.equity(p, q) * 100n, den: m.notional(p, q) }, 0, 2)).toBe("0.36");
    // liquidation price = (0.5*60000 - 3000) / (0.5*(1-0.005)) = 27000/0.4975 = 54271.356...
    expect(m.formatRatio(liquidationPrice(p, q, 50n)!, 2, 2)).toBe("54271.35");
  });
});

describe("liquidation price", () => {
  it("long: hand-worked (size 10, entry 100, collateral 100, 0.5%)", () => {
    // K = 100 - 1000 = -900; LP = 9_000_000 / (10 * 9950) = 90.452...
    const p = pos("long", 10n, 100n, 100n);
    const lp = liquidationPrice(p, px(0n), 50n)!;
    expect(lp.num * 1000n / lp.den).toBe(90452n);
    expect(isLiquidatable(p, px(90n), 50n)).toBe(true); // equity 0 < 4.5
    expect(isLiquidatable(p, px(91n), 50n)).toBe(false); // equity 10 >= 4.55
  });
  it("short: hand-worked (size 10, entry 100, collateral 100, 0.5%)", () => {
    // K = 100 + 1000 = 1100; LP = 11_000_000 / (10 * 10050) = 109.452...
    const p = pos("short", 10n, 100n, 100n);
    const lp = liquidationPrice(p, px(0n), 50n)!;
    expect(lp.num * 1000n / lp.den).toBe(109452n);
    expect(isLiquidatable(p, px(110n), 50n)).toBe(true); // equity 0 < 5.5
    expect(isLiquidatable(p, px(109n), 50n)).toBe(false); // equity 10 >= 5.45
  });
  it("a fully collateralised long has no liquidation price", () => {
    expect(liquidationPrice(pos("long", 10n, 100n, 1000n), px(0n), 50n)).toBeNull();
  });
  it("matches Binance's isolated formula LP = (WB - s*Q*EP) / (Q*mmr - s*Q) without funding", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<m.Side>("long", "short"),
        fc.bigInt(1n, 10n ** 12n),
        fc.bigInt(1n, 10n ** 12n),
        fc.bigInt(0n, 10n ** 24n),
        fc.bigInt(1n, 5000n),
        (side, size, entry, wb, mmr) => {
          const lp = liquidationPrice(pos(side, size, entry, wb), px(0n), mmr);
          const s = side === "long" ? 1n : -1n;
          // Binance with mmr as mmr/10000, multiplied through by 10000:
          const num = 10_000n * (wb - s * size * entry);
          const den = size * mmr - s * size * 10_000n;
          if (lp === null) {
            expect(side).toBe("long");
            expect(wb - size * entry >= 0n).toBe(true);
            return;
          }
          expect(lp.num * den).toBe(num * lp.den);
        },
      ),
      { numRuns: 500 },
    );
  });
  it("liquidatable at P <=> P is beyond the liquidation price (random, incl. the boundary)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<m.Side>("long", "short"),
        fc.bigInt(1n, 10n ** 10n),
        fc.bigInt(1n, 10n ** 9n),
        fc.bigInt(0n, 10n ** 20n),
        fc.bigInt(-(10n ** 6n), 10n ** 6n),
        fc.bigInt(1n, 2000n),
        fc.bigInt(-2n, 2n),
        (side, size, entry, collateral, funding, mmr, delta) => {
          const p = pos(side, size, entry, collateral);
          const lp = liquidationPrice(p, px(0n, funding), mmr);
          // probe right at the rounded liquidation price and its neighbours
          const around = lp === null ? entry : lp.num / lp.den + delta;
          const price = around < 1n ? 1n : around;
          const q = px(price, funding);
          expect(isLiquidatable(p, q, mmr)).toBe(m.beyondLiquidationPrice(side, price, lp));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
