// Tiered margin reference model against hand-worked, venue-style tables. Tables in the model are in
// value units; with unit 1 (as here) a "value unit" is simply one quote unit (USD).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as m from "../../src/model/index.js";
import * as t from "../../src/model/index.js";
import { deriveTiers, formatCum, marginTable } from "../../src/market/risk-params.js";
import { BUILTIN_MARKETS, findMarket } from "../../src/market/markets.js";

const pos = (side: m.Side, size: bigint, entryPrice: bigint, collateral: bigint, entryFunding = 0n): m.PositionTerms => ({
  side,
  size,
  entryPrice,
  collateral,
  entryFunding,
});
const px = (markPrice: bigint, fundingIndex = 0n): m.PriceTerms => ({ markPrice, fundingIndex });

/** A table in quote units with unit 1, from floors and rates (cum derived like the venues). */
const table = (floors: number[], rates: number[], penaltyBps = 0n, lotSize = 1n): t.MarginTable => ({
  tiers: deriveTiers(floors.map((f, i) => ({ floor: BigInt(f), mmrBps: rates[i]! }))).map((r) => ({
    floor: r.floor,
    mmrBps: BigInt(r.mmrBps),
    cumBps: r.cumBps,
  })),
  penaltyBps,
  lotSize,
});

// Binance BTCUSDT perpetual tiers of 2021-03-18 (first 8): "0 < Position <= 50,000: 0.40%", ...
const BINANCE_BTC = table(
  [0, 50_000, 250_000, 1_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000],
  [40, 50, 100, 250, 500, 1000, 1250, 1500],
);

describe("tier tables: cum as the venues derive it", () => {
  it("Binance BTCUSDT brackets: maintenance amounts 0, 50, 1,300, 16,300, 266,300, 1,266,300, 2,516,300, 5,016,300", () => {
    // cum_t = floor_t * (mmr_t - mmr_{t-1}) + cum_{t-1}, e.g. 250,000 * (1.00% - 0.50%) + 50 = 1,300
    expect(BINANCE_BTC.tiers.map((x) => formatCum(x.cumBps))).toEqual([
      "0", "50", "1300", "16300", "266300", "1266300", "2516300", "5016300",
    ]);
    // the built-in BTC-USD market carries the same table
    expect(findMarket("BTC-USD").tiers.map((x) => formatCum(x.cumBps))).toEqual([
      "0", "50", "1300", "16300", "266300", "1266300", "2516300", "5016300",
    ]);
  });

  it("a fractional cum is kept exactly (cum x 10000 is an integer)", () => {
    // 1,001 * (0.55% - 0.50%) = 0.5005
    const x = deriveTiers([{ floor: 0n, mmrBps: 50 }, { floor: 1001n, mmrBps: 55 }]);
    expect(formatCum(x[1]!.cumBps)).toBe("0.5005");
  });

  // [notional, tier index, 10000 x requirement]
  const edges: [bigint, number, bigint][] = [
    [0n, 0, 0n],
    [1n, 0, 40n], // 0.40% of 1
    [50_000n, 0, 2_000_000n], // 0.40% of 50,000 = 200 ("0 < Position <= 50,000")
    [50_001n, 1, 2_000_050n], // 0.50% of 50,001 - 50 = 200.005
    [250_000n, 1, 12_000_000n], // 1,250 - 50 = 1,200
    [250_001n, 2, 12_000_100n], // 2,500.01 - 1,300 = 1,200.01
    [1_000_000n, 2, 87_000_000n], // 10,000 - 1,300 = 8,700
    [2_000_000n, 3, 337_000_000n], // 50,000 - 16,300 = 33,700
    [150_000_000n, 7, 174_837_000_000n], // 15% of 150M - 5,016,300 = 17,483,700
  ];
  for (const [n, tier, req] of edges) {
    it(`notional ${n}: tier ${tier + 1}, requirement ${Number(req) / 10_000}`, () => {
      expect(t.tierOf(BINANCE_BTC, n)).toBe(tier);
      expect(t.requirementTimesBps(BINANCE_BTC, n)).toBe(req);
    });
  }

  it("is continuous at every tier edge: both tiers' lines agree at the floor", () => {
    BINANCE_BTC.tiers.forEach((tier, i) => {
      if (i === 0) return;
      expect(t.lineAt(tier, tier.floor)).toBe(t.lineAt(BINANCE_BTC.tiers[i - 1]!, tier.floor));
    });
  });

  it("the requirement is the maximum of all tiers' lines (random notionals)", () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 400_000_000n), (n) => {
        const max = BINANCE_BTC.tiers.reduce((acc, x) => (t.lineAt(x, n) > acc ? t.lineAt(x, n) : acc), -(10n ** 30n));
        expect(t.requirementTimesBps(BINANCE_BTC, n)).toBe(max);
      }),
      { numRuns: 1000 },
    );
  });

  it("every built-in market is a well-formed table with a 'modelled on' note", () => {
    for (const market of BUILTIN_MARKETS) {
      const mt = marginTable(market);
      expect(market.tiers.length).toBeLessThanOrEqual(8);
      expect(market.mmrBps).toBe(market.tiers[0]!.mmrBps);
      expect(market.penaltyBps).toBeLessThanOrEqual(market.tiers[0]!.mmrBps);
      expect(market.modelledOn).toMatch(/Binance/);
      mt.tiers.forEach((x, i) => i > 0 && expect(t.lineAt(x, x.floor)).toBe(t.lineAt(mt.tiers[i - 1]!, x.floor)));
    }
  });
});

describe("liquidatable under tiers, worked by hand (Binance BTC table, USD)", () => {
  // 10 BTC long @ 60,000; mark 59,000: notional 590,000 is in tier 3 (250,000 < N <= 1,000,000):
  // requirement 1% * 590,000 - 1,300 = 4,600 (a flat 0.40% would give 2,360).
  const cases: [string, m.PositionTerms, m.PriceTerms, bigint, boolean][] = [
    ["long, equity 4,000 < 4,600", pos("long", 10n, 60_000n, 14_000n), px(59_000n), 4_000n, true],
    ["long, equity 4,600 = requirement: not liquidatable", pos("long", 10n, 60_000n, 14_600n), px(59_000n), 4_600n, false],
    ["long, equity 4,599", pos("long", 10n, 60_000n, 14_599n), px(59_000n), 4_599n, true],
    // short 10 @ 58,000, mark 59,000: equity = C - 10,000
    ["short, equity 4,599 < 4,600", pos("short", 10n, 58_000n, 14_599n), px(59_000n), 4_599n, true],
    ["short, equity 4,600", pos("short", 10n, 58_000n, 14_600n), px(59_000n), 4_600n, false],
    // funding: long pays 10 * (25 - 5) = 200
    ["long paying funding", pos("long", 10n, 60_000n, 14_700n, 5n), px(59_000n, 25n), 4_500n, true],
    // short receives 10 * (25 - 5) = 200
    ["short receiving funding", pos("short", 10n, 58_000n, 14_500n, 5n), px(59_000n, 25n), 4_700n, false],
    // short pays when the index falls: 10 * (-15 - 5) = -200 -> pays 200
    ["short paying funding (index falls)", pos("short", 10n, 58_000n, 14_700n, 5n), px(59_000n, -15n), 4_500n, true],
    ["bankrupt long", pos("long", 10n, 60_000n, 5_000n), px(59_000n), -5_000n, true],
  ];
  for (const [name, p, q, eq, liq] of cases) {
    it(name, () => {
      expect(m.equity(p, q)).toBe(eq);
      expect(t.requirementTimesBps(BINANCE_BTC, m.notional(p, q))).toBe(46_000_000n);
      expect(t.isLiquidatable(p, q, BINANCE_BTC)).toBe(liq);
    });
  }

  it("large funding index moves, both sides (no overflow, sign by side)", () => {
    const big = (1n << 62n) - 1n;
    const long = pos("long", 3n, 100n, 1_000n, -big);
    const short = pos("short", 3n, 100n, 1_000n, -big);
    // the index rose by 2^63 - 2 + 1: longs pay 3 * that, shorts receive it
    expect(m.equity(long, px(100n, 1n))).toBe(1_000n - 3n * (1n + big));
    expect(m.equity(short, px(100n, 1n))).toBe(1_000n + 3n * (1n + big));
    expect(t.isLiquidatable(long, px(100n, 1n), BINANCE_BTC)).toBe(true);
    expect(t.isLiquidatable(short, px(100n, 1n), BINANCE_BTC)).toBe(false);
  });
});

describe("liquidation price under tiers", () => {
  it("long: recomputed in the tier the price lands in (hand-worked)", () => {
    // 10 BTC long @ 60,000, collateral 15,000: K = 15,000 - 600,000 = -585,000.
    // LP_t = (5,850,000,000 - cumBps_t) / (10 * (10,000 - mmr_t)):
    //   tier 1: 58,734.94   tier 2: 58,788.94   tier 3: 5,837,000,000 / 99,000 = 58,959.5959...   tier 4: 58,328.2
    // The largest, 58,959.59, puts the notional (589,595.96) in tier 3, whose line decides.
    const p = pos("long", 10n, 60_000n, 15_000n);
    const lp = t.liquidationPrice(p, px(0n), BINANCE_BTC)!;
    expect(lp.tier).toBe(2);
    expect(m.formatRatio(lp.price, 0, 4)).toBe("58959.5959");
    expect(t.isLiquidatable(p, px(58_959n), BINANCE_BTC)).toBe(true); // equity 4,590 < 4,595.9
    expect(t.isLiquidatable(p, px(58_960n), BINANCE_BTC)).toBe(false); // equity 4,600 >= 4,596
    // a flat first-tier rate would have said 58,734.94
    expect(m.formatRatio(m.liquidationPrice(p, px(0n), m.flatTable(40n))!.price, 0, 2)).toBe("58734.93");
  });

  it("short: the lowest tier line wins (hand-worked)", () => {
    // 10 BTC short @ 60,000, collateral 15,000: K = 615,000. LP_t = (6,150,000,000 + cumBps_t) / (10 * (10,000 + mmr_t)):
    //   tier 1: 61,254.98   tier 2: 61,199.00   tier 3: 6,163,000,000 / 101,000 = 61,019.80   tier 4: 61,590.24
    const p = pos("short", 10n, 60_000n, 15_000n);
    const lp = t.liquidationPrice(p, px(0n), BINANCE_BTC)!;
    expect(lp.tier).toBe(2);
    expect(m.formatRatio(lp.price, 0, 2)).toBe("61019.80");
    expect(t.isLiquidatable(p, px(61_019n), BINANCE_BTC)).toBe(false); // equity 4,810 >= 4,801.9
    expect(t.isLiquidatable(p, px(61_020n), BINANCE_BTC)).toBe(true); // equity 4,800 < 4,802
  });

  it("a fully collateralised long has none; a closed position has none", () => {
    expect(t.liquidationPrice(pos("long", 10n, 100n, 1_000n), px(0n), BINANCE_BTC)).toBeNull();
    expect(t.liquidationPrice(pos("long", 0n, 100n, 1_000n), px(0n), BINANCE_BTC)).toBeNull();
  });

  it("with one tier it is the flat closed form -10000K / (size (10000 - mmr)) (long), 10000K / (size (10000 + mmr)) (short)", () => {
    // K = collateral - s*size*entry (no funding here): the flat-rate formula, worked by hand.
    const flatLp = (side: m.Side, size: bigint, entry: bigint, collateral: bigint, mmr: bigint): m.Ratio | null => {
      const k = collateral - (side === "long" ? 1n : -1n) * size * entry;
      if (side === "long") return k >= 0n ? null : { num: -10_000n * k, den: size * (10_000n - mmr) };
      return { num: 10_000n * k, den: size * (10_000n + mmr) };
    };
    fc.assert(
      fc.property(
        fc.constantFrom<m.Side>("long", "short"),
        fc.bigInt(1n, 10n ** 9n),
        fc.bigInt(1n, 10n ** 9n),
        fc.bigInt(0n, 10n ** 18n),
        fc.bigInt(1n, 5000n),
        (side, size, entry, collateral, mmr) => {
          const one = { tiers: [{ floor: 0n, mmrBps: mmr, cumBps: 0n }], penaltyBps: 0n, lotSize: 1n };
          const a = t.liquidationPrice(pos(side, size, entry, collateral), px(0n), one);
          const b = flatLp(side, size, entry, collateral, mmr);
          expect(a === null ? null : a.price.num * b!.den).toBe(a === null ? b : b!.num * a.price.den);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("liquidatable at P <=> P is beyond the liquidation price (random tables and positions, at and around the boundary)", () => {
    // 1..8 tiers: floors and rates rising by random steps from (0, r0)
    const tables = fc
      .tuple(fc.integer({ min: 1, max: 500 }), fc.array(fc.tuple(fc.bigInt(1n, 10n ** 7n), fc.integer({ min: 1, max: 800 })), { maxLength: 7 }))
      .map(([r0, steps]) => {
        const spec = [{ floor: 0n, mmrBps: r0 }];
        for (const [df, dr] of steps) spec.push({ floor: spec[spec.length - 1]!.floor + df, mmrBps: spec[spec.length - 1]!.mmrBps + dr });
        return deriveTiers(spec.filter((x) => x.mmrBps <= 9999));
      });
    fc.assert(
      fc.property(
        tables,
        fc.constantFrom<m.Side>("long", "short"),
        fc.bigInt(1n, 10n ** 6n),
        fc.bigInt(1n, 10n ** 6n),
        fc.bigInt(0n, 10n ** 12n),
        fc.bigInt(-(10n ** 4n), 10n ** 4n),
        fc.bigInt(-2n, 2n),
        (tiers, side, size, entry, collateral, funding, delta) => {
          const tab = { tiers: tiers.map((x) => ({ floor: x.floor, mmrBps: BigInt(x.mmrBps), cumBps: x.cumBps })), penaltyBps: 0n, lotSize: 1n };
          const p = pos(side, size, entry, collateral);
          const lp = t.liquidationPrice(p, px(0n, funding), tab);
          const around = lp === null ? entry : lp.price.num / lp.price.den + delta;
          const price = around < 1n ? 1n : around;
          expect(t.isLiquidatable(p, px(price, funding), tab)).toBe(m.beyondLiquidationPrice(side, price, lp?.price ?? null));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("partial liquidation, worked by hand", () => {
  // Two tiers: 1% up to 10,000, then 2% with cum 100. Penalty 0.50% of the closed notional.
  const TWO = table([0, 10_000], [100, 200], 50n, 1n);
  // long 100 @ 200 with 1,200 collateral, mark 190: equity 200, notional 19,000 (tier 2),
  // requirement 2% * 19,000 - 100 = 280 -> liquidatable.
  const p = pos("long", 100n, 200n, 1_200n);
  const q = px(190n);

  it("closing x leaves equity 200 - floor(0.95x) against 280 - 3.8x: 28 is the smallest x that restores maintenance", () => {
    expect(t.isLiquidatable(p, q, TWO)).toBe(true);
    // x = 27: penalty floor(25.65) = 25, equity 175 < requirement 2% * 13,870 - 100 = 177.4
    expect(t.belowMaintenanceAfter(p, q, TWO, 27n)).toBe(true);
    // x = 28: penalty floor(26.6) = 26, equity 174 >= 2% * 13,680 - 100 = 173.6
    expect(t.belowMaintenanceAfter(p, q, TWO, 28n)).toBe(false);
    expect(t.minimalClose(p, q, TWO)).toBe(28n);
    const o = t.closeOutcome(p, q, TWO, 28n);
    // realised 28 * (190 - 200) = -280; collateral 1,200 - 280 - 26 = 894; 72 left: equity 894 - 720 = 174
    expect(o).toMatchObject({ newSize: 72n, penalty: 26n, realised: -280n, newCollateral: 894n, shortfall: 0n, newEquity: 174n, closedInFull: false });
    expect(t.checkClose(p, q, TWO, 28n).ok).toBe(true);
  });

  it("no over-liquidation: 29 units is refused when one lot is 1 unit, allowed up to a lot above the need", () => {
    expect(t.checkClose(p, q, TWO, 29n)).toMatchObject({ ok: false, reason: expect.stringMatching(/over-liquidation/) });
    expect(t.checkClose(p, q, TWO, 27n)).toMatchObject({ ok: false, reason: expect.stringMatching(/still be below maintenance/) });
    const lot5 = { ...TWO, lotSize: 5n };
    // in lots of 5: 30 (25 is not enough); 31..32 are within a lot of the need (26..27 not enough), 33 is not (28 is)
    expect(t.minimalClose(p, q, lot5)).toBe(30n);
    // d = 30: penalty 28, equity 172 >= 2% * 13,300 - 100 = 166
    expect(t.closeOutcome(p, q, lot5, 30n)).toMatchObject({ penalty: 28n, newEquity: 172n });
    expect(t.checkClose(p, q, lot5, 32n).ok).toBe(true);
    expect(t.checkClose(p, q, lot5, 33n).ok).toBe(false);
  });

  it("a short, with funding, mirrors it", () => {
    // short 100 @ 180 with 1,200 collateral, mark 190, funding index -3 since entry (shorts pay 100 * 3 = 300):
    // equity 1,200 - 1,000 - 300 = -100... too much; use collateral 1,500: equity 200, same requirement 280.
    const s = pos("short", 100n, 180n, 1_500n, 0n);
    const f = px(190n, -3n);
    expect(m.equity(s, f)).toBe(200n);
    expect(t.minimalClose(s, f, TWO)).toBe(28n);
    // realised on 28: -28 * 10 (price) - 28 * 3 (funding) = -364; collateral 1,500 - 364 - 26 = 1,110
    expect(t.closeOutcome(s, f, TWO, 28n)).toMatchObject({ realised: -364n, newCollateral: 1_110n, newEquity: 174n });
  });

  it("a bankrupt position can only be closed in full; the shortfall covers its losses and the penalty", () => {
    // collateral 500: equity -500. Penalty on 100 units: floor(0.5% * 19,000) = 95.
    const b = pos("long", 100n, 200n, 500n);
    expect(t.minimalClose(b, q, TWO)).toBe(100n);
    expect(t.checkClose(b, q, TWO, 50n).ok).toBe(false);
    expect(t.closeOutcome(b, q, TWO, 100n)).toMatchObject({ closedInFull: true, penalty: 95n, newCollateral: 0n, shortfall: 595n, newEquity: 0n });
  });

  it("when no partial close restores maintenance, the full close is the minimal one; a small shortfall covers the penalty", () => {
    // collateral 1,050: equity 50; penalty 95 on a full close -> 45 of it is a shortfall.
    const w = pos("long", 100n, 200n, 1_050n);
    expect(t.minimalClose(w, q, TWO)).toBe(100n);
    expect(t.closeOutcome(w, q, TWO, 100n)).toMatchObject({ penalty: 95n, newCollateral: 0n, shortfall: 45n });
  });

  it("a healthy position has nothing to close", () => {
    const h = pos("long", 100n, 200n, 2_000n);
    expect(t.minimalClose(h, q, TWO)).toBeNull();
    expect(t.checkClose(h, q, TWO, 1n)).toMatchObject({ ok: false, reason: expect.stringMatching(/not below maintenance/) });
  });

  it("minimal close is valid and minimal: the lot below it is not (random positions on the BTC table)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<m.Side>("long", "short"),
        fc.bigInt(1n, 10n ** 5n),
        fc.bigInt(1_000n, 100_000n),
        fc.bigInt(0n, 10n ** 9n),
        fc.bigInt(900n, 1_100n),
        fc.bigInt(1n, 500n),
        fc.bigInt(0n, 40n),
        (side, size, entry, collateral, move, lot, penalty) => {
          const tab = { ...BINANCE_BTC, penaltyBps: penalty, lotSize: lot };
          const p1 = pos(side, size, entry, collateral);
          const q1 = px((entry * move) / 1_000n);
          const d = t.minimalClose(p1, q1, tab);
          if (!t.isLiquidatable(p1, q1, tab)) {
            expect(d).toBeNull();
            return;
          }
          if (d === null) return; // only when the collateral would go negative (documented limitation)
          expect(t.checkClose(p1, q1, tab, d).ok).toBe(true);
          const lower = d === size ? ((size - 1n) / lot) * lot : d - lot;
          if (lower >= 1n) expect(t.checkClose(p1, q1, tab, lower).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
