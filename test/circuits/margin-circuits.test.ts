// The tiered liquidation circuit against the reference model and against forged witnesses, and
// the risk-parameter hash. Expected values come from src/model/ or are worked by hand, never from
// the circuits. ZKLIQ_FUZZ_RUNS sets the number of random cases (default 1,000; npm run test:fuzz:
// 10,000). (The partial-liquidation circuit: partial.test.ts; every circuit's size: sizes.test.ts.)
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BITS } from "../../src/proof/circuits.js";
import { liquidationInput } from "../../src/statements/liquidation.js";
import * as margin from "../../src/model/index.js";
import { deriveTiers, marginTable, riskParamsHash } from "../../src/market/risk-params.js";
import { BUILTIN_MARKETS, type Market } from "../../src/market/markets.js";
import { positionTerms } from "../../src/position/position.js";
import { CircuitTester, terminateCurve } from "../helpers/circuit.js";
import { TWO, marketPool, pricePoint, scenarioArb, testPosition } from "../helpers/margin-gen.js";
import { FIELD_ORDER as P } from "../../src/units.js";

const RUNS = Number(process.env.ZKLIQ_FUZZ_RUNS ?? 1000);
/** ~60 ms a case on an idle 2-core machine; generous, since a loaded machine is several times slower. */
const FUZZ_TIMEOUT = Math.max(120_000, RUNS * 600);
let liq: CircuitTester;

beforeAll(async () => {
  liq = await CircuitTester.load("liquidation");
});
afterAll(terminateCurve);

/** The liquidation check: 10000 * equity < line_t(N), a range check of the gap. */
const LIQ_GAP = "main.strictlyBelowGap";

describe("risk parameters", () => {
  it("the circuit's riskParamsHash is src/market/risk-params.ts's, for every built-in market; another value is refused", async () => {
    for (const market of BUILTIN_MARKETS) {
      const p = testPosition(market, "long", 10n ** BigInt(market.sizeDecimals), 100n * 10n ** BigInt(market.priceDecimals), 0n);
      const input = liquidationInput(p, pricePoint(market, p.entryPrice / 2n, 0n), 1n);
      expect(input.riskParamsHash).toBe(riskParamsHash(market));
      expect(await liq.accepts(input, true)).toBe(true);
      expect(await liq.accepts({ ...input, riskParamsHash: (input.riskParamsHash as bigint) + 1n })).toBe(false);
    }
  });

  it("the hash binds every parameter: a rate, a floor, the penalty, the lot, the unit and the market id each change it", () => {
    const base = BUILTIN_MARKETS[0]!;
    const variants: Market[] = [
      { ...base, tiers: deriveTiers(base.tiers.map((t, i) => ({ floor: t.floor, mmrBps: t.mmrBps + (i === 3 ? 1 : 0) }))) },
      { ...base, tiers: deriveTiers(base.tiers.map((t, i) => ({ floor: t.floor + (i === 5 ? 1n : 0n), mmrBps: t.mmrBps }))) },
      { ...base, penaltyBps: base.penaltyBps + 1 },
      { ...base, lotSize: base.lotSize + 1n },
      { ...base, priceDecimals: base.priceDecimals + 1 },
      { ...base, id: base.id + 1 },
      { ...base, tiers: base.tiers.slice(0, 7) },
    ];
    const hashes = new Set([riskParamsHash(base), ...variants.map((v) => riskParamsHash(v))]);
    expect(hashes.size).toBe(variants.length + 1);
  });
});

describe("liquidation circuit vs reference model", () => {
  const pool = marketPool(40);
  it(`accepts exactly the liquidatable positions, with any tier hint refused for the others (${RUNS} random cases)`, async () => {
    let positives = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb(pool), fc.integer({ min: 0, max: 7 }), async ({ position: p, price }, otherTier) => {
        const expected = margin.isLiquidatable(positionTerms(p), price, marginTable(p.market));
        const input = liquidationInput(p, price, 0x1234n);
        expect(await liq.accepts(input)).toBe(expected);
        if (expected) positives++;
        // any tier's line is at most the requirement: no hint makes a healthy position liquidatable
        else expect(await liq.accepts({ ...input, tier: BigInt(otherTier) })).toBe(false);
      }),
      { numRuns: RUNS },
    );
    // the generator is biased to the boundary: both verdicts occur often
    expect(positives).toBeGreaterThan(RUNS / 5);
    expect(positives).toBeLessThan((RUNS * 4) / 5);
  }, FUZZ_TIMEOUT);

  it("agrees at the exact boundary: equity == requirement is refused, one unit less accepted (every built-in tier)", async () => {
    for (const market of BUILTIN_MARKETS) {
      const unit = 10n ** BigInt(market.sizeDecimals + market.priceDecimals);
      for (const [t, tier] of market.tiers.entries()) {
        // a long whose notional sits just above the tier's floor, at mark = entry (no PnL)
        const price = 1000n * 10n ** BigInt(market.priceDecimals);
        const size = ((tier.floor + 1n) * unit) / price + 1n;
        const n = size * price;
        const req = margin.requirementTimesBps(marginTable(market), n);
        expect(margin.tierOf(marginTable(market), n)).toBe(t);
        if (req % 10_000n !== 0n) continue; // equality needs an integer requirement
        const at = testPosition(market, "long", size, price, req / 10_000n);
        const pt = pricePoint(market, price, 0n);
        expect(await liq.accepts(liquidationInput(at, pt, 1n))).toBe(false);
        expect(await liq.accepts(liquidationInput({ ...at, collateral: at.collateral - 1n }, pt, 1n))).toBe(true);
      }
    }
  });
});

describe("forged witnesses: liquidation", () => {
  // 10 long @ 200 with 1,200 collateral at 190 on TWO: equity 200 < requirement 280 (tier 2)
  const p = testPosition(TWO, "long", 100n, 200n, 1_200n);
  const price = pricePoint(TWO, 190n, 0n);

  it("every signal is constrained: changing any single witness value breaks a constraint", async () => {
    const w = await liq.witness(liquidationInput(p, price, 0x1234n));
    expect(liq.satisfied(w)).toBe(true);
    for (let v = 1; v < w.length; v++) {
      const e = [...w];
      e[v] = (e[v]! + 1n) % P;
      if (!liq.breaksAt(v, e)) throw new Error(`witness slot ${v} can change freely`);
    }
  });

  it("tier hint: for a healthy position, the honest witness code under EVERY tier yields a witness the constraints refuse", async () => {
    const healthy = { ...p, collateral: 1_280n }; // equity 280 == requirement: not liquidatable
    for (let tier = 0n; tier < 8n; tier++) {
      const { witness, failedAsserts } = await liq.forge({ ...liquidationInput(healthy, price, 1n), tier });
      expect(failedAsserts).toBeGreaterThan(0);
      liq.expectNegativeGap(witness, LIQ_GAP);
    }
  });

  it("tier hint out of range (8, 2^3 + k, p - 1) is refused", async () => {
    for (const tier of [8n, 13n, P - 1n]) {
      const { witness } = await liq.forge({ ...liquidationInput(p, price, 1n), tier });
      expect(liq.satisfied(witness)).toBe(false);
    }
  });

  it("tier row split: moving value between a row's rate and cum (same hashed word) is refused by the rate's range check", async () => {
    const input = liquidationInput(p, price, 1n);
    const w = await liq.witness(input);
    // the row's range checks: range[0] of the rate (mmrBps), range[1] of the cum
    const mmr = liq.get(w, "main.tierLine.row.mmrBps");
    // cum itself was folded away by the optimiser: read it from the row's word
    const word = (input.tierRows as bigint[])[Number(input.tier)]!;
    expect(word & ((1n << 14n) - 1n)).toBe(mmr);
    const cum = word >> 14n;
    // word = mmr + cum * 2^14 also opens as (mmr + 2^14, cum - 1) and (mmr - 2^14 (wraps), cum + 1)
    for (const [m2, c2] of [[mmr + (1n << 14n), cum - 1n], [mmr - (1n << 14n), cum + 1n]] as const) {
      const edits = { "main.tierLine.row.mmrBps": m2, ...liq.bitEdits("main.tierLine.row.range[1].bits.out", c2, BITS.cum) };
      const e = liq.editWitness(w, edits);
      expect(liq.satisfied(e)).toBe(false);
      expect(liq.failingComponents(e, "main.tierLine.row")).toEqual(["range[0]"]);
    }
  });

  it("a tier row that is not the table's (another rate) is refused: the hash no longer matches", async () => {
    const input = liquidationInput(p, price, 1n);
    const rows = [...(input.tierRows as bigint[])];
    rows[1] = rows[1]! + 50n; // tier 2 at 2.50% instead of 2.00%
    const { witness } = await liq.forge({ ...input, tierRows: rows });
    expect(liq.satisfied(witness)).toBe(false);
    expect(liq.violated(witness)).toMatch(/riskParamsHash/);
  });
});
