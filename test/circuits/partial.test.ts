// The partial-liquidation circuit against the reference model and against forged witnesses of
// its hints (close size, new collateral, penalty, shortfall, tiers). Expected values come from
// src/model/ or are worked by hand (test/model/margin-model.test.ts), never from the circuit.
// ZKLIQ_FUZZ_RUNS sets the number of random cases (default 1,000; npm run test:fuzz: 10,000).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BITS } from "../../src/proof/circuits.js";
import * as margin from "../../src/model/index.js";
import { marginTable } from "../../src/market/risk-params.js";
import { type Position, positionTerms } from "../../src/position/position.js";
import { partialInput, partialTierHints } from "../../src/statements/partial.js";
import { CircuitTester, terminateCurve } from "../helpers/circuit.js";
import { THREE, TWO, marketPool, pricePoint, scenarioArb, testPosition } from "../helpers/margin-gen.js";
import { FIELD_ORDER as P } from "../../src/units.js";

const RUNS = Number(process.env.ZKLIQ_FUZZ_RUNS ?? 1000);
/** ~60 ms a case on an idle 2-core machine; generous, since a loaded machine is several times slower. */
const FUZZ_TIMEOUT = Math.max(120_000, RUNS * 600);
let par: CircuitTester;

beforeAll(async () => {
  par = await CircuitTester.load("partial");
});
afterAll(terminateCurve);

// The circuit's comparisons (range checks of a gap), by component name.
/** check 4: closing one lot less would leave the position below maintenance */
const PREV_CHECK = "main.stillBelowGap";
/** check 5: at or above maintenance after the close, on line_t(N') */
const HEALTHY_CHECK = "main.sufficientGap";
/** line_t(N') > line_{t-1}(N') */
const TIER_BELOW_CHECK = "main.tierLowerGap";
/** line_t(N') >= line_{t+1}(N') */
const TIER_ABOVE_CHECK = "main.tierUpperGap";


/** The honest outcome of closing d, with some values replaced by lies. */
const lie = (p: Position, price: ReturnType<typeof pricePoint>, d: bigint, values: Partial<margin.CloseOutcome>): margin.CloseOutcome => ({
  ...margin.closeOutcome(positionTerms(p), price, marginTable(p.market), d),
  ...values,
});
/** A cheater's input: the lying values, with the new commitment recomputed to match them. */
const lyingInput = (p: Position, price: ReturnType<typeof pricePoint>, d: bigint, values: Partial<margin.CloseOutcome>) =>
  partialInput(p, price, 1n, d, 999n, { outcome: lie(p, price, d, values) });
/** The new position's commitment (to tell its range checks from the rest). */
const NEW_COMMITMENT = "main.nextPosition";

/** The partial statement as the SDK checks it: the model's rule plus the circuit's widths. */
function partialHolds(p: Position, price: ReturnType<typeof pricePoint>, d: bigint): boolean {
  const c = margin.checkClose(positionTerms(p), price, marginTable(p.market), d);
  if (!c.ok) return false;
  const limit = 1n << BigInt(BITS.collateral);
  return c.outcome.penalty < limit && c.outcome.newCollateral < limit && c.outcome.shortfall < limit && p.nonce + 1n < 1n << BigInt(BITS.nonce);
}

describe("partial-liquidation circuit vs reference model", () => {
  const pool = marketPool(40, 5);
  it(`accepts exactly the valid close sizes (minimal, one lot either side, full, random) (${RUNS} random cases)`, async () => {
    let positives = 0;
    await fc.assert(
      fc.asyncProperty(
        scenarioArb(pool, { belowMaintenance: true }),
        fc.constantFrom("minimal", "minimal", "minimal", "lot-less", "lot-more", "unit-more", "full", "random"),
        fc.bigInt(1n, 1n << 64n),
        fc.integer({ min: 0, max: 7 }),
        async ({ position: p, price }, choice, r, otherTier) => {
          const table = marginTable(p.market);
          const minimal = margin.minimalClose(positionTerms(p), price, table) ?? 1n + (r % p.size);
          const lot = p.market.lotSize;
          const d = {
            minimal,
            "lot-less": minimal - lot,
            "lot-more": minimal + lot,
            "unit-more": minimal + 1n,
            full: p.size,
            random: 1n + (r % p.size),
          }[choice];
          if (d < 1n || d > p.size) return;
          const expected = partialHolds(p, price, d);
          let input;
          try {
            input = partialInput(p, price, 0x1234n, d, 777n);
          } catch {
            // the outcome does not fit a position (negative collateral, nonce overflow): no honest input exists
            expect(expected).toBe(false);
            return;
          }
          expect(await par.accepts(input)).toBe(expected);
          if (expected) positives++;
          else {
            // nor does another tier hint make it valid
            expect(await par.accepts({ ...input, tierAfter: BigInt(otherTier) })).toBe(false);
            expect(await par.accepts({ ...input, tierPrev: BigInt(otherTier) })).toBe(false);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(positives).toBeGreaterThan(RUNS / 5);
  }, FUZZ_TIMEOUT);
});

describe("forged witnesses: partial liquidation (close-size, collateral, penalty and tier hints)", () => {
  // TWO: long 100 @ 200, collateral 1,200, mark 190: minimal close 28 (hand-worked in margin-model.test.ts)
  const p = testPosition(TWO, "long", 100n, 200n, 1_200n, 5n);
  const price = pricePoint(TWO, 190n, 0n);
  const honest = () => partialInput(p, price, 0x1234n, 28n, 999n);

  it("the honest transition (close 28) is accepted, and its public values are the hand-worked ones", async () => {
    const input = honest();
    expect(input).toMatchObject({ closeSize: 28n, penalty: 26n, shortfall: 0n, newCollateral: 894n, tierPrev: 1n, tierAfter: 1n });
    expect(await par.accepts(input, true)).toBe(true);
  });

  it("every signal is constrained, for a partial and for a full close", async () => {
    const bankrupt = testPosition(TWO, "long", 100n, 200n, 500n);
    const isZeroInv = par.index("main.fullClose.inv");
    for (const [input, closedInFull] of [[honest(), false], [partialInput(bankrupt, price, 1n, 100n, 3n), true]] as const) {
      const w = await par.witness(input);
      expect(par.satisfied(w)).toBe(true);
      for (let v = 1; v < w.length; v++) {
        const e = [...w];
        e[v] = (e[v]! + 1n) % P;
        // IsZero's inverse hint is free when its input (the new size) is 0; its output stays pinned
        if (closedInFull && v === isZeroInv) {
          expect(par.breaksAt(v, e)).toBe(false);
          continue;
        }
        if (!par.breaksAt(v, e)) throw new Error(`witness slot ${v} can change freely`);
      }
    }
  });

  it("over-liquidation: closing 29 (one lot more than needed) is refused by the one-lot-less check", async () => {
    const { witness, failedAsserts } = await par.forge(partialInput(p, price, 1n, 29n, 999n));
    expect(failedAsserts).toBeGreaterThan(0);
    par.expectNegativeGap(witness, PREV_CHECK);
  });

  it("over-liquidation: a full close of a position a partial close would heal is refused", async () => {
    const { witness } = await par.forge(partialInput(p, price, 1n, 100n, 999n));
    par.expectNegativeGap(witness, PREV_CHECK);
  });

  it("under-liquidation: closing 27 leaves it below maintenance and is refused by the healthy check", async () => {
    const { witness } = await par.forge(partialInput(p, price, 1n, 27n, 999n));
    par.expectNegativeGap(witness, HEALTHY_CHECK);
  });

  it("tier hint after the close: a lower tier's line (which would pass) is refused by the tier checks", async () => {
    // close 27: new notional 13,870 is in tier 2 (requirement 177.4 > equity 175), tier 1's line is 138.7
    const input = partialInput(p, price, 1n, 27n, 999n);
    expect(input.tierAfter).toBe(1n);
    const { witness } = await par.forge({ ...input, tierAfter: 0n });
    // the healthy check passes under the lie; the "line_t >= line_{t+1}" tier check is what fails
    par.expectNegativeGap(witness, TIER_ABOVE_CHECK);
    expect(par.failingComponents(witness, "main")).not.toContain(HEALTHY_CHECK.slice("main.".length));
  });

  it("tier hint after the close: a higher tier's line (lower at this notional) is refused too", async () => {
    // THREE (1% / 2% from 10,000 / 4% from 20,000): long 100 @ 100 with 197 collateral at mark 99:
    // equity 97 < requirement 1% * 9,900 = 99 (tier 1). Closing leaves notional below 10,000, in tier 1,
    // where tier 2's and 3's lines are lower (2% * N - 100 < 1% * N for N < 10,000).
    const q = pricePoint(THREE, 99n, 0n);
    const x = testPosition(THREE, "long", 100n, 100n, 197n);
    const d = margin.minimalClose(positionTerms(x), q, marginTable(THREE))!;
    const input = partialInput(x, q, 1n, d - 1n, 9n); // one unit short of the need: still below maintenance
    expect(input.tierAfter).toBe(0n);
    expect((await par.forge(input)).failedAsserts).toBeGreaterThan(0);
    for (const tierAfter of [1n, 2n, 7n]) {
      // the healthy check would pass under these lower lines; the "line_t > line_{t-1}" check refuses them
      const { witness } = await par.forge({ ...input, tierAfter });
      par.expectNegativeGap(witness, TIER_BELOW_CHECK);
    }
  });

  it("penalty: paying one unit less (and keeping one more as collateral) is refused; so is the alternative quotient", async () => {
    const input = honest();
    const { witness, failedAsserts } = await par.forge(lyingInput(p, price, 28n, { penalty: 25n, newCollateral: 895n }));
    expect(failedAsserts).toBeGreaterThan(0);
    expect(par.satisfied(witness)).toBe(false);
    expect(par.violated(witness)).toMatch(/main\.penalty/);
    // the division hint's alternative opening x = 10000 * (q - 1) + (r + 10000): q = 26, r = 6,000 here
    const w = await par.witness(input);
    // the penalty's BpsFloor: range checks qRange (q), rRange (r), rUnder10000 (r < 10000)
    const bits = (check: string) => `main.floorPenalty.${check}.bits.out`;
    const edits = {
      ...par.bitEdits(bits("qRange"), 25n, BITS.collateral),
      ...par.bitEdits(bits("rRange"), 16_000n, 14),
      ...par.bitEdits(bits("rUnder10000"), (16_000n + 6_384n) % (1n << 14n), 14), // 22,384 has no 14-bit form
    };
    const e = par.editWitness(w, edits);
    expect(par.satisfied(e)).toBe(false);
    // (the optimiser substituted r by the second check's bits, so the other checks fail with it)
    expect(par.failingComponents(e, "main.floorPenalty")).toContain("rUnder10000");
  });

  it("collateral: a new collateral that does not follow the realised PnL is refused (new commitment made to match)", async () => {
    for (const newCollateral of [893n, 895n, 0n]) {
      const { witness, failedAsserts } = await par.forge(lyingInput(p, price, 28n, { newCollateral }));
      expect(failedAsserts).toBeGreaterThan(0);
      expect(par.satisfied(witness)).toBe(false);
    }
  });

  it("shortfall: claiming one on a partial close (or on a full close with collateral left) is refused", async () => {
    const a = await par.forge(lyingInput(p, price, 28n, { shortfall: 1n, newCollateral: 895n }));
    expect(par.satisfied(a.witness)).toBe(false);
    expect(par.violated(a.witness)).toMatch(/main\.shortfall/);
    // full close with equity 50 + 200 = 250 > penalty 95: 155 must be left, no shortfall
    const rich = testPosition(TWO, "long", 100n, 200n, 1_250n);
    expect(partialInput(rich, price, 1n, 100n, 4n)).toMatchObject({ newCollateral: 155n, shortfall: 0n });
    const b = await par.forge(lyingInput(rich, price, 100n, { newCollateral: 0n, shortfall: 155n }));
    expect(par.satisfied(b.witness)).toBe(false);
  });

  it("bankrupt: only a full close is possible, with the shortfall public", async () => {
    const bankrupt = testPosition(TWO, "long", 100n, 200n, 500n);
    const full = partialInput(bankrupt, price, 1n, 100n, 3n);
    expect(full).toMatchObject({ penalty: 95n, shortfall: 595n, newCollateral: 0n });
    expect(await par.accepts(full, true)).toBe(true);
    for (const d of [50n, 99n]) {
      // the honest collateral would be negative: a cheater claims 0 and either no shortfall or one
      const o = margin.closeOutcome(positionTerms(bankrupt), price, marginTable(TWO), d);
      expect(o.newCollateral < 0n).toBe(true);
      for (const shortfall of [0n, -o.newCollateral]) {
        const { witness } = await par.forge(lyingInput(bankrupt, price, d, { newCollateral: 0n, shortfall }));
        expect(par.satisfied(witness)).toBe(false);
      }
    }
  });

  it("close size beyond the position, or a nonce that cannot grow, is refused by the new commitment's range checks", async () => {
    // PositionCommitment's range[2] checks the size, range[7] the nonce
    // closing 101 of 100: the new size is -1 (p - 1), which no 64 bits recompose
    const a = await par.forge({ ...honest(), closeSize: 101n });
    expect(par.failingComponents(a.witness, NEW_COMMITMENT)).toContain("range[2]");
    // nonce 2^64 - 1: the new nonce 2^64 does not fit 64 bits
    const last = testPosition(TWO, "long", 100n, 200n, 1_200n, (1n << 64n) - 1n);
    const b = await par.forge({ ...partialInput({ ...last, nonce: 0n }, price, 1n, 28n, 9n), nonce: (1n << 64n) - 1n });
    expect(par.failingComponents(b.witness, NEW_COMMITMENT)).toContain("range[7]");
  });

  it("every public signal is bound: changing one alone breaks the witness", async () => {
    const w = await par.witness(honest());
    for (const name of ["positionCommitment", "priceCommitment", "riskParamsHash", "liquidator", "newPositionCommitment", "penalty", "shortfall"]) {
      expect(par.satisfied(par.editWitness(w, { [`main.${name}`]: par.get(w, `main.${name}`) + 1n }))).toBe(false);
    }
  });

  it("tier hints match the model's choice (the notional's own tier; any line for the one-lot-less check)", () => {
    expect(partialTierHints(p, price, 28n)).toEqual({ tierPrev: 1, tierAfter: 1 });
    // closing 60: new notional 7,600 is in tier 1
    expect(partialTierHints(p, price, 60n).tierAfter).toBe(0);
  });
});
