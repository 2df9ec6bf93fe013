// Disclosure circuit at the witness / constraint level: hand-worked boundaries, the reference
// model on random cases, forged witnesses checked against the r1cs, out-of-range inputs.
// (Its size is pinned in sizes.test.ts.)
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PriceAttestation } from "../../src/price/attestation.js";
import { CIRCUITS } from "../../src/proof/circuits.js";
import { type DisclosureClaims, disclosureInput } from "../../src/statements/disclosure.js";
import * as dm from "../../src/model/index.js";
import * as margin from "../../src/model/index.js";
import { marginTable } from "../../src/market/risk-params.js";
import * as model from "../../src/model/index.js";
import type { Position } from "../../src/position/position.js";
import { positionTerms } from "../../src/position/position.js";
import { FIELD_ORDER } from "../../src/units.js";
import { CircuitTester, terminateCurve } from "../helpers/circuit.js";
import {
  BANKRUPT,
  BIG_LONG_LP_40000,
  BTC,
  BTC_USD,
  LONG_LP_40000,
  SHORT_LP_60000,
  TEN_PERCENT,
  USD,
  VALUE_USD,
  btcMarket,
  position,
  price,
} from "../helpers/disclosure-fixtures.js";

let circuit: CircuitTester;

beforeAll(async () => {
  circuit = await CircuitTester.load("disclosure");
});
afterAll(terminateCurve);

const CHALLENGE = 0x1234567890abcdefn;
const EXPIRES = 1_800_000_000;
type SignalInput = ReturnType<typeof disclosureInput>;
const input = (p: Position, q: PriceAttestation, c: DisclosureClaims): SignalInput => disclosureInput(p, q, c, CHALLENGE, EXPIRES);

/**
 * The honest witness, checked against every constraint (unless `check` is false); null when the
 * witness generator refuses (an assert / `===` fails: no proof can be made).
 */
async function witness(inp: SignalInput, check = true): Promise<bigint[] | null> {
  const r = await circuit.tryWitness(inp);
  if (!r.ok) {
    if (r.error.kind === "Assert Failed") return null;
    throw r.error;
  }
  if (check) expect(circuit.failures(r.witness)).toEqual([]);
  return r.witness;
}
const accepts = async (inp: SignalInput, check = true): Promise<boolean> => (await witness(inp, check)) !== null;

/** Witness index of public input `name` (publics follow the constant wire, in circuits.json order). */
const publicIndex = (name: string): number => 1 + CIRCUITS.disclosure!.public.indexOf(name);

describe("size and configuration", () => {
  it("shares the liquidation circuit's widths, so both open the same commitments", () => {
    const d = CIRCUITS.disclosure!.params;
    for (const [k, v] of Object.entries(CIRCUITS.liquidation!.params)) expect(d[k], k).toBe(v);
  });

  it("public inputs sit right after the constant wire, in circuits.json order", () => {
    CIRCUITS.disclosure!.public.forEach((name) => expect(circuit.index(`main.${name}`)).toBe(publicIndex(name)));
  });
});

describe("claims at their exact boundaries (hand-worked, see helpers/disclosure-fixtures.ts)", () => {
  it("margin ratio exactly 10%: >= 10% holds, >= 10.01% does not", async () => {
    const { p, q } = TEN_PERCENT();
    expect(await accepts(input(p, q, { minMarginBps: 1000n }))).toBe(true);
    expect(await accepts(input(p, q, { minMarginBps: 1001n }))).toBe(false);
    expect(await accepts(input(p, q, { minMarginBps: 0n }))).toBe(true);
  });

  it("leverage exactly 10x: <= 10x holds, <= 9.9999x does not", async () => {
    const { p, q } = TEN_PERCENT();
    expect(await accepts(input(p, q, { maxLeverageBps: 100_000n }))).toBe(true);
    expect(await accepts(input(p, q, { maxLeverageBps: 99_999n }))).toBe(false);
  });

  it("long with liquidation price exactly 40000 (tier 1): beyond 40000 holds, beyond 39999.99 does not", async () => {
    const { p, q } = LONG_LP_40000();
    expect(await accepts(input(p, q, { liqPriceBound: 40_000n * USD }))).toBe(true);
    expect(await accepts(input(p, q, { liqPriceBound: 40_000n * USD - 1n }))).toBe(false);
    expect(await accepts(input(p, q, { liqPriceBound: 50_000n * USD }))).toBe(true);
  });

  it("short with liquidation price exactly 60000 (tier 2): beyond 60000 holds, beyond 60000.01 does not", async () => {
    const { p, q } = SHORT_LP_60000();
    expect(await accepts(input(p, q, { liqPriceBound: 60_000n * USD }))).toBe(true);
    expect(await accepts(input(p, q, { liqPriceBound: 60_000n * USD + 1n }))).toBe(false);
    expect(await accepts(input(p, q, { liqPriceBound: 50_000n * USD }))).toBe(true);
  });

  it("10 BTC long, liquidation price exactly 40000 decided by tier 3 (notional 400,000): the tier's line, not the first's", async () => {
    const { p, q } = BIG_LONG_LP_40000();
    expect(margin.tierOf(marginTable(BTC_USD), 10n * 40_000n * VALUE_USD)).toBe(2);
    expect(await accepts(input(p, q, { liqPriceBound: 40_000n * USD }))).toBe(true);
    expect(await accepts(input(p, q, { liqPriceBound: 40_000n * USD - 1n }))).toBe(false);
    // 102,000 collateral: equity 2,000 at 40000 is above tier 1's line (1,600) but below MM = 2,700
    const under = BIG_LONG_LP_40000(102_000n);
    expect(await accepts(input(under.p, under.q, { liqPriceBound: 40_000n * USD }))).toBe(false);
  });

  it("tier hint: only the bound's own tier is accepted; no tier hint proves a false bound", async () => {
    const { p, q } = BIG_LONG_LP_40000();
    const honest = input(p, q, { liqPriceBound: 40_000n * USD });
    expect(honest.tier).toBe(2n);
    for (let t = 0n; t < 8n; t++) expect(await accepts({ ...honest, tier: t }), `tier ${t}`).toBe(t === 2n);
    const under = BIG_LONG_LP_40000(102_000n);
    const lie = input(under.p, under.q, { liqPriceBound: 40_000n * USD });
    for (let t = 0n; t < 8n; t++) expect(await accepts({ ...lie, tier: t }), `tier ${t}`).toBe(false);
    // at a tier edge (notional exactly 50,000 at 50000) both lines give the same requirement (200); the pin
    // floor_t < N <= floor_{t+1} takes the lower tier, as tierOf does
    const one = LONG_LP_40000().p; // 1 BTC at 50000: equity 10,160 >= 200
    const edge = input(one, q, { liqPriceBound: 50_000n * USD });
    expect(edge.tier).toBe(0n);
    expect(await accepts({ ...edge, tier: 0n })).toBe(true);
    expect(await accepts({ ...edge, tier: 1n })).toBe(false);
    expect(await accepts({ ...edge, tier: 2n })).toBe(false);
  });

  it("notional exactly 50000: [50000, 50000] holds, one unit off either way does not", async () => {
    const { p, q } = TEN_PERCENT();
    const n = 50_000n * VALUE_USD;
    expect(await accepts(input(p, q, { notionalMin: n, notionalMax: n }))).toBe(true);
    expect(await accepts(input(p, q, { notionalMin: n + 1n, notionalMax: 2n * n }))).toBe(false);
    expect(await accepts(input(p, q, { notionalMin: 0n, notionalMax: n - 1n }))).toBe(false);
  });

  it("all four at once, and a false one spoils the set", async () => {
    const { p, q } = TEN_PERCENT();
    const all = { minMarginBps: 1000n, maxLeverageBps: 100_000n, liqPriceBound: 46_000n * USD, notionalMin: 1n, notionalMax: 10n ** 20n };
    expect(await accepts(input(p, q, all))).toBe(true);
    expect(await accepts(input(p, q, { ...all, maxLeverageBps: 99_999n }))).toBe(false);
  });

  it("negative equity never wraps: no margin ratio >= 0, no leverage; zero equity is >= 0% but has no leverage", async () => {
    const { p, q } = BANKRUPT();
    expect(model.equity(positionTerms(p), q)).toBe(-9_000n * VALUE_USD);
    expect(await accepts(input(p, q, { minMarginBps: 0n }))).toBe(false);
    expect(await accepts(input(p, q, { maxLeverageBps: 2n ** 32n - 1n }))).toBe(false);
    expect(await accepts(input(p, q, { notionalMin: 0n, notionalMax: 40_000n * VALUE_USD }))).toBe(true);
    // equity exactly 0: 10000 USD collateral, long 1 BTC bought at 50000, mark 40000
    const zero = position("long", BTC, 50_000n * USD, 10_000n * VALUE_USD);
    expect(await accepts(input(zero, q, { minMarginBps: 0n }))).toBe(true);
    expect(await accepts(input(zero, q, { maxLeverageBps: 2n ** 32n - 1n }))).toBe(false);
  });

  it("size 0 (the circuit admits it): leverage needs positive equity, not just notional <= L x equity", async () => {
    const q = price(50_000n * USD);
    const empty = position("long", 0n, 50_000n * USD, 0n); // notional 0, equity 0: 0 <= L x 0 holds, equity > 0 does not
    expect(await accepts(input(empty, q, { maxLeverageBps: 10_000n }))).toBe(false);
    expect(await accepts(input(empty, q, { minMarginBps: 0n }))).toBe(true);
    const cash = position("short", 0n, 50_000n * USD, 1n); // equity 1 unit, notional 0: leverage 0
    expect(await accepts(input(cash, q, { maxLeverageBps: 1n, liqPriceBound: MAX(64) }))).toBe(true);
  });

  it("funding counts: a long paying 10 USD per BTC of funding loses 10 USD of equity", async () => {
    // TEN_PERCENT with the index up 10 USD: equity 4990 -> ratio 9.98%
    const { p } = TEN_PERCENT();
    const q = price(50_000n * USD, 10n * USD);
    expect(await accepts(input(p, q, { minMarginBps: 998n }))).toBe(true);
    expect(await accepts(input(p, q, { minMarginBps: 999n }))).toBe(false);
  });
});

// Random positions with claim thresholds drawn around the true values, plus the widths' extremes.
const MAX = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const clamp = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);
const ceilDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (a + b - 1n) / b : -((-a) / b));

const arbPosition = fc.record({
  side: fc.constantFrom<model.Side>("long", "short"),
  size: fc.oneof(fc.bigInt(1n, 10n ** 9n), fc.bigInt(1n, MAX(64)), fc.constantFrom(0n, MAX(64))),
  entry: fc.oneof(fc.bigInt(1n, 10n ** 8n), fc.constant(MAX(64))),
  collateralPct: fc.integer({ min: 0, max: 3000 }), // collateral as bps of the entry notional
  collateralMax: fc.boolean(),
  move: fc.integer({ min: -5000, max: 5000 }), // mark vs entry, bps
  entryFunding: fc.oneof(fc.bigInt(-(10n ** 6n), 10n ** 6n), fc.constantFrom(-MAX(63), MAX(63))),
  fundingMove: fc.bigInt(-(10n ** 4n), 10n ** 4n),
  // the built-in BTC-USD tiers, a flat rate, or steep tiers with small floors (random notionals hit tier >= 3)
  table: fc.oneof(
    fc.constant({ floors: [] as bigint[], rates: [] as number[] }),
    fc.integer({ min: 1, max: 9999 }).map((r) => ({ floors: [0n], rates: [r] })),
    fc.constant({ floors: [0n, 10n, 1_000n, 100_000n, 10n ** 7n], rates: [100, 500, 2000, 5000, 9999] }),
  ),
});
const arbClaims = fc.record({
  margin: fc.option(fc.bigInt(-3n, 3n), { nil: undefined }),
  leverage: fc.option(fc.bigInt(-3n, 3n), { nil: undefined }),
  bound: fc.option(fc.bigInt(-3n, 3n), { nil: undefined }),
  range: fc.option(fc.tuple(fc.bigInt(-3n, 3n), fc.bigInt(-3n, 3n)), { nil: undefined }),
});

type PositionCase = typeof arbPosition extends fc.Arbitrary<infer T> ? T : never;
type ClaimsCase = typeof arbClaims extends fc.Arbitrary<infer T> ? T : never;

function buildCase(a: PositionCase, d: ClaimsCase) {
  const m = a.table.floors.length === 0 ? BTC_USD : btcMarket(a.table.floors, a.table.rates);
  const table = marginTable(m);
  const collateral = a.collateralMax ? MAX(96) : clamp((a.size * a.entry * BigInt(a.collateralPct)) / 10_000n, 0n, MAX(96));
  const mark = clamp((a.entry * BigInt(10_000 + a.move)) / 10_000n, 1n, MAX(64));
  const fundingNow = clamp(a.entryFunding + a.fundingMove, -MAX(63), MAX(63));
  const p = position(a.side, a.size, a.entry, collateral, a.entryFunding, m);
  const q = price(mark, fundingNow, m);
  const t = positionTerms(p);
  const e = model.equity(t, q);
  const n = model.notional(t, q);
  const c: DisclosureClaims = {};
  if (d.margin !== undefined) c.minMarginBps = clamp((n === 0n ? 0n : (model.BPS * e) / n) + d.margin, 0n, MAX(20));
  if (d.leverage !== undefined) c.maxLeverageBps = clamp((e > 0n ? ceilDiv(model.BPS * n, e) : 1n) + d.leverage, 0n, MAX(32));
  if (d.bound !== undefined) {
    const lp = margin.liquidationPrice(t, q, table)?.price ?? null; // null: size 0, or a long no price liquidates
    c.liqPriceBound = clamp((lp === null ? mark : lp.num / lp.den) + d.bound, 0n, MAX(64));
  }
  if (d.range !== undefined) {
    c.notionalMin = clamp(n + d.range[0], 0n, MAX(128));
    c.notionalMax = clamp(n + d.range[1], 0n, MAX(128));
  }
  return { p, q, t, c, table };
}

describe("circuit == reference model (src/model/claims.ts)", () => {
  it("on 1,000 random positions and thresholds around the true values", async () => {
    let held = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(arbPosition, arbClaims, async (a, d) => {
        const { p, q, t, c, table } = buildCase(a, d);
        const expected = dm.claimsHold(t, q, c, table);
        if (expected) held++;
        // every 8th accepted witness is also checked against all the r1cs constraints (18 ms each)
        expect(await accepts(input(p, q, c), runs++ % 8 === 0)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
    // both outcomes are exercised
    expect(held).toBeGreaterThan(100);
    expect(held).toBeLessThan(900);
  });
});

describe("forged witnesses: the constraints reject a false claim however the witness is edited", () => {
  // Components of the disclosure circuit: the claims leverage, marginRatio, notionalRange,
  // liquidationBound; signalRange[k] range-checks the public input SIGNAL_RANGE[k].
  const SIGNAL_RANGE = ["notionalMax", "expiresAt", "minMarginBps", "maxLeverageBps", "liqPriceBound", "notionalMin"];
  const at = (name: string): number => circuit.index(`main.${name}`);
  /** Set the bits the optimiser kept of a Num2Bits (`${prefix}[i]`, under main) to the binary of `value`. */
  function writeBits(w: bigint[], prefix: string, value: bigint, n: number): void {
    for (let i = 0; i < n; i++) {
      const name = `main.${prefix}[${i}]`;
      if (circuit.signals.has(name)) w[circuit.index(name)] = (value >> BigInt(i)) & 1n;
    }
  }
  /** Rewrite public input `name` and the bits of its range check. */
  function setPublic(w: bigint[], name: string, value: bigint, bits: number): void {
    w[publicIndex(name)] = value;
    const k = SIGNAL_RANGE.indexOf(name);
    expect(k, name).toBeGreaterThanOrEqual(0);
    writeBits(w, `signalRange[${k}].bits.out`, value, bits);
  }
  const onlyGateFails = (w: bigint[]): void => expect(circuit.failures(w).length).toBe(1);

  it("margin ratio: an honest 'at least 10%' witness turned into 'at least 10.01%'", async () => {
    const { p, q } = TEN_PERCENT();
    const w = (await witness(input(p, q, { minMarginBps: 1000n })))!;
    const forged = [...w];
    forged[publicIndex("minMarginBps")] = 1001n;
    expect(circuit.satisfied(forged)).toBe(false); // lazy forger: the threshold only
    // Thorough forger: every signal recomputed for the new threshold, claim output left "holds".
    setPublic(forged, "minMarginBps", 1001n, 20);
    const N = w[at("leverage.notional")]!; // the shared equity split and notional
    const pos = w[at("leverage.pos")]!;
    const neg = w[at("leverage.neg")]!;
    forged[at("marginRatio.required")] = 1001n * N;
    const W = 149n; // GreaterEqThan(W)([a, b]) = LessThan(W)([b, a + 1]): bits of b + 2^W - a - 1
    const diff = 1001n * N + 10_000n * neg + (1n << W) - (10_000n * pos + 1n);
    writeBits(forged, "marginRatio.ratioCmp.lt.n2b.out", diff, 149);
    expect(diff >> W).toBe(1n); // the honest comparison: does not hold
    forged[at("marginRatio.holds")] = 0n;
    onlyGateFails(forged); // telling the truth trips the claim gate ...
    forged[at("marginRatio.holds")] = 1n;
    expect(circuit.satisfied(forged)).toBe(false); // ... lying trips the comparator
  });

  it("leverage: an honest 'at most 10x' witness turned into 'at most 9.9999x'", async () => {
    const { p, q } = TEN_PERCENT();
    const w = (await witness(input(p, q, { maxLeverageBps: 100_000n })))!;
    const forged = [...w];
    const L = 99_999n;
    forged[publicIndex("maxLeverageBps")] = L;
    expect(circuit.satisfied(forged)).toBe(false);
    setPublic(forged, "maxLeverageBps", L, 32);
    const pos = w[at("leverage.pos")]!;
    const neg = w[at("leverage.neg")]!;
    const N = w[at("leverage.notional")]!;
    forged[at("leverage.scaledPos")] = L * pos;
    forged[at("leverage.scaledNeg")] = L * neg;
    const W = 163n;
    const diff = 10_000n * N + L * neg + (1n << W) - (L * pos + 1n);
    writeBits(forged, "leverage.boundedCmp.lt.n2b.out", diff, 163);
    expect(diff >> W).toBe(1n);
    forged[at("leverage.bounded")] = 0n;
    onlyGateFails(forged);
    forged[at("leverage.bounded")] = 1n;
    expect(circuit.satisfied(forged)).toBe(false);
  });

  it("leverage: a bankrupt position claiming positive equity", async () => {
    const { p, q } = BANKRUPT();
    const w = (await witness(input(p, q, {})))!;
    const forged = [...w];
    forged[publicIndex("claimMask")] = 2n;
    forged[circuit.index("main.enabled[1]")] = 1n;
    setPublic(forged, "maxLeverageBps", 1n << 31n, 32);
    expect(circuit.satisfied(forged)).toBe(false);
    forged[at("leverage.solvent")] = 1n;
    forged[at("leverage.bounded")] = 1n;
    expect(circuit.satisfied(forged)).toBe(false);
  });

  it("liquidation price: the tier hint of an honest witness moved to tier 1 or 2 (whose lines ask less) breaks a constraint", async () => {
    // Partial forgery only: the hint and its bits. The thorough forgery (every TierLine signal
    // recomputed for the lower tier, as partial.test.ts does) is not written yet; the
    // witness-generator test above shows no hint proves the false 102,000 case.
    const { p, q } = BIG_LONG_LP_40000();
    const w = (await witness(input(p, q, { liqPriceBound: 40_000n * USD })))!;
    for (const tier of [0n, 1n]) {
      const forged = [...w];
      forged[circuit.index("main.tier")] = tier;
      writeBits(forged, "liquidationBound.boundTierBits.out", tier, 3);
      expect(circuit.satisfied(forged), `tier ${tier}`).toBe(false);
    }
  });

  it("notional range: an honest [50000, 50000] witness turned into [50000 + 1 unit, 50000]", async () => {
    const { p, q } = TEN_PERCENT();
    const n = 50_000n * VALUE_USD;
    const w = (await witness(input(p, q, { notionalMin: n, notionalMax: n })))!;
    const forged = [...w];
    forged[publicIndex("notionalMin")] = n + 1n;
    expect(circuit.satisfied(forged)).toBe(false);
    setPublic(forged, "notionalMin", n + 1n, 128);
    const W = 128n;
    const diff = n + 1n + (1n << W) - (n + 1n); // LessThan(W)([min, notional + 1])
    writeBits(forged, "notionalRange.aboveMinCmp.lt.n2b.out", diff, 128);
    expect(diff >> W).toBe(1n);
    forged[at("notionalRange.aboveMin")] = 0n;
    onlyGateFails(forged);
    forged[at("notionalRange.aboveMin")] = 1n;
    expect(circuit.satisfied(forged)).toBe(false);
  });

  it("a claim switched on in the mask without its threshold", async () => {
    const { p, q } = BANKRUPT();
    const w = (await witness(input(p, q, {})))!;
    for (const bit of [0, 1, 2]) {
      const forged = [...w];
      forged[publicIndex("claimMask")] = 1n << BigInt(bit);
      forged[circuit.index(`main.enabled[${bit}]`)] = 1n;
      expect(circuit.satisfied(forged), `bit ${bit}`).toBe(false);
    }
  });

  it("a claim not made but with a non-zero threshold (one public form per set of claims)", async () => {
    const { p, q } = TEN_PERCENT();
    const w = (await witness(input(p, q, { notionalMin: 1n, notionalMax: 10n ** 20n })))!;
    {
      // margin ratio >= 0.01% would hold: recompute everything, only the zero-threshold rule fails
      const forged = [...w];
      setPublic(forged, "minMarginBps", 1n, 20);
      const N = w[at("leverage.notional")]!;
      forged[at("marginRatio.required")] = N;
      const diff = N + 10_000n * w[at("leverage.neg")]! + (1n << 149n) - (10_000n * w[at("leverage.pos")]! + 1n);
      writeBits(forged, "marginRatio.ratioCmp.lt.n2b.out", diff, 149);
      expect(forged[at("marginRatio.holds")]).toBe(1n);
      onlyGateFails(forged);
    }
    for (const [name, bits] of [["minMarginBps", 20], ["maxLeverageBps", 32], ["liqPriceBound", 64]] as const) {
      const forged = [...w];
      setPublic(forged, name, 1n, bits);
      expect(circuit.satisfied(forged), name).toBe(false);
    }
  });

  for (const [label, claims] of [
    ["every claim made", { minMarginBps: 1000n, maxLeverageBps: 100_000n, liqPriceBound: 46_000n * USD, notionalMin: 1n, notionalMax: 10n ** 20n }],
    ["no claim made", {}],
  ] as const) {
    it(`every signal of an honest witness (${label}), changed alone, breaks a constraint`, async () => {
      const { p, q } = TEN_PERCENT();
      const w = (await witness(input(p, q, claims)))!;
      for (let i = 1; i < w.length; i++) {
        const forged = [...w];
        forged[i] = (w[i]! + 1n) % FIELD_ORDER;
        expect(circuit.breaksAt(i, forged), `witness index ${i}`).toBe(true);
      }
    });
  }
});

describe("out-of-range inputs have no witness", () => {
  const { p, q } = TEN_PERCENT();
  const ok = { minMarginBps: 1000n, maxLeverageBps: 100_000n, liqPriceBound: 46_000n * USD, notionalMin: 1n, notionalMax: 10n ** 20n };
  const base = () => input(p, q, ok);
  const cases: [string, bigint][] = [
    ["minMarginBps", 1n << 20n],
    ["maxLeverageBps", 1n << 32n],
    ["liqPriceBound", 1n << 64n],
    ["notionalMin", 1n << 128n],
    ["notionalMax", 1n << 128n],
    ["expiresAt", 1n << 40n],
    ["tier", 8n],
    ["claimMask", 16n],
  ];
  it("a valid base input is accepted", async () => {
    expect(await accepts(base())).toBe(true);
  });
  for (const [name, over] of cases) {
    it(`${name}: 2^bits, p-1 and p-k refused; 2^bits - 1 accepted where the claim allows`, async () => {
      expect(await accepts({ ...base(), [name]: over })).toBe(false);
      expect(await accepts({ ...base(), [name]: FIELD_ORDER - 1n })).toBe(false);
      expect(await accepts({ ...base(), [name]: FIELD_ORDER - 1000n })).toBe(false);
    });
  }
  it("thresholds at their maxima stay in range (products fit the comparators)", async () => {
    // leverage at most 2^32-1 /10000 holds; margin ratio >= 2^20-1 bps (10485.75%) does not; LP bound 2^64-1 holds for a long;
    // notional range [0, 2^128-1] holds.
    expect(await accepts(input(p, q, { maxLeverageBps: (1n << 32n) - 1n }))).toBe(true);
    expect(await accepts(input(p, q, { minMarginBps: (1n << 20n) - 1n }))).toBe(false);
    expect(await accepts(input(p, q, { liqPriceBound: (1n << 64n) - 1n }))).toBe(true);
    expect(await accepts(input(p, q, { notionalMin: 0n, notionalMax: (1n << 128n) - 1n }))).toBe(true);
    expect(await accepts({ ...base(), expiresAt: (1n << 40n) - 1n })).toBe(true);
  });
  it("private fields out of range (collateral p-1 as '-1', size 2^64) are refused", async () => {
    expect(await accepts({ ...base(), collateral: FIELD_ORDER - 1n })).toBe(false);
    expect(await accepts({ ...base(), size: 1n << 64n })).toBe(false);
  });
  it("a threshold for a claim not made is refused", async () => {
    const none = input(p, q, {});
    for (const [name, v] of [["minMarginBps", 1n], ["maxLeverageBps", 1n], ["liqPriceBound", 1n], ["notionalMin", 1n], ["notionalMax", 1n]] as const) {
      expect(await accepts({ ...none, [name]: v }), name).toBe(false);
    }
  });
  it("a challenge is any field element", async () => {
    expect(await accepts({ ...base(), challenge: FIELD_ORDER - 1n })).toBe(true);
    expect(await accepts({ ...base(), challenge: 0n })).toBe(true);
  });
});
