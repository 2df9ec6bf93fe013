/**
 * Circuit-level tests of the committed liquidation circuit (artifacts/liquidation/*):
 * constraint count, commitments vs the TS implementation, a differential test against the bigint
 * reference model, hand-worked boundaries, forged witnesses checked against the R1CS itself, and
 * out-of-range inputs. Expected values always come from src/model.ts, src/commitment.ts
 * (poseidon-lite) or hand arithmetic, never from the circuit.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { poseidon2, poseidon5 } from "poseidon-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PriceAttestation, DEV_ORACLE_KEY, attestPrice } from "../src/attestation.js";
import { BITS, CIRCUITS } from "../src/circuits.js";
import { POSITION_TAG, PRICE_TAG, positionCommitment, priceCommitment } from "../src/commitment.js";
import { liquidationInput } from "../src/liquidation.js";
import type { Market } from "../src/markets.js";
import { type PositionTerms, type PriceTerms, type Side, equity, isLiquidatable, requirementTimesBps } from "../src/model.js";
import { type Position, commitPosition, newPosition, positionTerms } from "../src/position.js";
import { PACKAGE_ROOT } from "../src/root.js";
import { FUNDING_OFFSET, MAX_FUNDING_ABS } from "../src/units.js";
import {
  CircuitTester,
  P,
  bitsOf,
  expectWitnessFail,
  honestWitness,
  mod,
  sourceLine,
  terminateCurve,
} from "./helpers/circuit.js";

const PINNED_CONSTRAINTS = 1464;
const BUDGET = 1600;

const two = (n: number): bigint => 1n << BigInt(n);
const umax = (bits: number): bigint => two(bits) - 1n;

// ---------------------------------------------------------------------------------------------
// Statements in raw circuit terms (unsigned funding, side 0/1), so tests can bypass SDK checks.
// ---------------------------------------------------------------------------------------------

/** Every input of the liquidation circuit, as the circuit sees it (funding indices offset). */
interface Raw {
  marketId: bigint;
  side: bigint;
  size: bigint;
  entryPrice: bigint;
  collateral: bigint;
  entryFunding: bigint;
  owner: bigint;
  nonce: bigint;
  salt: bigint;
  markPrice: bigint;
  fundingIndex: bigint;
  timestamp: bigint;
  mmrBps: bigint;
  liquidator: bigint;
}

/**
 * Position commitment of raw (possibly out-of-range) fields, packed as documented in
 * circuits/lib/PositionCommitment.circom, arithmetic mod p. Independent of src/commitment.ts
 * (which refuses out-of-range fields); cross-checked against it on in-range values below.
 */
function rawPositionCommitment(r: Raw): bigint {
  const w1 = mod(r.size + r.entryPrice * two(BITS.size) + r.collateral * two(BITS.size + BITS.price));
  const w2 = mod(
    r.entryFunding +
      r.nonce * two(BITS.funding) +
      r.marketId * two(BITS.funding + BITS.nonce) +
      r.side * two(BITS.funding + BITS.nonce + BITS.marketId),
  );
  return poseidon5([POSITION_TAG, w1, w2, mod(r.owner), mod(r.salt)]);
}

function rawPriceCommitment(r: Raw): bigint {
  const w = mod(
    r.markPrice +
      r.fundingIndex * two(BITS.price) +
      r.timestamp * two(BITS.price + BITS.funding) +
      r.marketId * two(BITS.price + BITS.funding + BITS.timestamp),
  );
  return poseidon2([PRICE_TAG, w]);
}

/** Circuit input for a raw statement, with matching commitments (unless overridden). */
function rawInput(r: Raw, override: Partial<Record<string, bigint>> = {}): Record<string, bigint> {
  return {
    positionCommitment: rawPositionCommitment(r),
    priceCommitment: rawPriceCommitment(r),
    mmrBps: r.mmrBps,
    liquidator: r.liquidator,
    marketId: r.marketId,
    side: r.side,
    size: r.size,
    entryPrice: r.entryPrice,
    collateral: r.collateral,
    entryFunding: r.entryFunding,
    owner: r.owner,
    nonce: r.nonce,
    salt: r.salt,
    markPrice: r.markPrice,
    fundingIndex: r.fundingIndex,
    timestamp: r.timestamp,
    ...override,
  } as Record<string, bigint>;
}

/** Reference-model verdict for an in-range raw statement (funding offset removed). */
function modelVerdict(r: Raw): boolean {
  const p: PositionTerms = {
    side: r.side === 0n ? "long" : "short",
    size: r.size,
    entryPrice: r.entryPrice,
    collateral: r.collateral,
    entryFunding: r.entryFunding - FUNDING_OFFSET,
  };
  return isLiquidatable(p, { markPrice: r.markPrice, fundingIndex: r.fundingIndex - FUNDING_OFFSET }, r.mmrBps);
}

const BASE: Raw = {
  marketId: 1n,
  side: 0n,
  size: 100_000_000n, // 1 BTC (8 size decimals)
  entryPrice: 6_000_000n, // 60000.00
  collateral: 1_000n * 10n ** 10n, // 1000 USD (10 value decimals)
  entryFunding: FUNDING_OFFSET, // signed 0
  owner: 0xabcdefn,
  nonce: 7n,
  salt: 0x1234567890abcdefn,
  markPrice: 5_800_000n, // 58000.00: loss 2000 USD > collateral
  fundingIndex: FUNDING_OFFSET,
  timestamp: 1_700_000_000n,
  mmrBps: 50n,
  liquidator: 0x00000000000000000000000000000000000beefn,
};

/** A market object for hand-built positions (the circuit only sees id and mmrBps). */
const testMarket = (id: number, mmrBps: number): Market => ({ id, symbol: `T${id}-USD`, sizeDecimals: 0, priceDecimals: 0, mmrBps });

/** A PriceAttestation-like object without signing (the circuit never sees the signature). */
function unsignedPrice(market: Market, markPrice: bigint, fundingIndex: bigint, timestamp: number): PriceAttestation {
  const fields = { marketId: market.id, markPrice, fundingIndex, timestamp };
  return {
    ...fields,
    market,
    commitment: priceCommitment(fields),
    domain: { chainId: 0, verifyingContract: "0x0000000000000000000000000000000000000000" },
    oracle: "0x0000000000000000000000000000000000000000",
    signature: "0x",
  };
}

// ---------------------------------------------------------------------------------------------

let t: CircuitTester;
/** Lines of the circuit's asserts, read from the sources, to tell WHY a witness was refused. */
const LINE = {
  positionHash: sourceLine("lib/Liquidation.circom", "positionHash === positionCommitment"),
  priceHash: sourceLine("lib/Liquidation.circom", "priceHash === priceCommitment"),
  liquidatable: sourceLine("lib/Liquidation.circom", "liquidatable === 1"),
};
const LIQUIDATABLE_TRACE = new RegExp(`^Error in template Liquidation_\\d+ line: ${LINE.liquidatable}$`);

/** Which range check refuses each input: source file, template, line, width. */
const RANGE = {
  marketId: { file: "PositionCommitment", needle: "UintRange(MB)(marketId)", bits: BITS.marketId },
  side: { file: "PositionCommitment", needle: "UintRange(1)(side)", bits: 1 },
  size: { file: "PositionCommitment", needle: "UintRange(SB)(size)", bits: BITS.size },
  entryPrice: { file: "PositionCommitment", needle: "UintRange(PB)(entryPrice)", bits: BITS.price },
  collateral: { file: "PositionCommitment", needle: "UintRange(CB)(collateral)", bits: BITS.collateral },
  entryFunding: { file: "PositionCommitment", needle: "UintRange(FB)(entryFunding)", bits: BITS.funding },
  owner: { file: "PositionCommitment", needle: "UintRange(OB)(owner)", bits: BITS.owner },
  nonce: { file: "PositionCommitment", needle: "UintRange(NB)(nonce)", bits: BITS.nonce },
  markPrice: { file: "PriceCommitment", needle: "UintRange(PB)(markPrice)", bits: BITS.price },
  fundingIndex: { file: "PriceCommitment", needle: "UintRange(FB)(fundingIndex)", bits: BITS.funding },
  timestamp: { file: "PriceCommitment", needle: "UintRange(TB)(timestamp)", bits: BITS.timestamp },
  mmrBps: { file: "Liquidation", needle: "UintRange(RB)(mmrBps)", bits: BITS.rate },
} as const;
type RangedField = keyof typeof RANGE;
const rangeLine = (f: RangedField): number => sourceLine(`lib/${RANGE[f].file}.circom`, RANGE[f].needle);

/** Witness slots of the bits of the range check on field `f` (the UintRange component is named after its line). */
function rangeBitSlots(f: RangedField): number[] {
  const comp = RANGE[f].file === "Liquidation" ? "main" : `main\\.${RANGE[f].file}_\\d+_\\d+`;
  const re = new RegExp(`^${comp}\\.UintRange_${rangeLine(f)}_\\d+\\.bits\\.out\\[(\\d+)\\]$`);
  return t.select(re).map(([, i]) => i);
}
function rangeBitNames(f: RangedField): [string, number, number][] {
  const comp = RANGE[f].file === "Liquidation" ? "main" : `main\\.${RANGE[f].file}_\\d+_\\d+`;
  const re = new RegExp(`^${comp}\\.UintRange_${rangeLine(f)}_\\d+\\.bits\\.out\\[(\\d+)\\]$`);
  return t.select(re).map(([n, i]) => [n, i, Number(re.exec(n)![1])]);
}
/** The range component's own constraints: those using only ONE, the checked input and its bits. */
function rangeConstraints(f: RangedField): number[] {
  const own = new Set([0, t.index(`main.${f}`), ...rangeBitSlots(f)]);
  return t.constraintsTouching([t.index(`main.${f}`), ...rangeBitSlots(f)]).filter((ci) => t.varsOf(ci).every((v) => own.has(v)));
}

// Comparator (LessThan inside MaintenanceMargin) and the margin intermediates.
const MM = (s: string): RegExp => new RegExp(`^main\\.MaintenanceMargin_\\d+_\\d+\\.${s}$`);
const LT_BIT = MM("LessThan_\\d+_\\d+\\.n2b\\.out\\[(\\d+)\\]");
function ltBits(): [string, number, number][] {
  return t.select(LT_BIT).map(([n, i]) => [n, i, Number(LT_BIT.exec(n)![1])]);
}
/** n of LessThan(n): the decomposition has n+1 bits, counted in the .sym including eliminated ones. */
function comparatorWidth(): number {
  const all = [...t.signals.keys(), ...t.eliminated].filter((n) => LT_BIT.test(n));
  return all.length - 1;
}

type MarginOverride = Partial<Record<"m" | "pos" | "neg" | "notional" | "requirement", bigint>>;

/**
 * The margin signals the circuit computes, from the formulas in MaintenanceMargin.circom (hand-derived).
 * `o` replaces one intermediate by a cheater's choice; everything downstream of it is recomputed.
 */
function marginSignals(r: Raw, o: MarginOverride = {}) {
  const x = r.markPrice + r.entryFunding;
  const y = r.entryPrice + r.fundingIndex;
  const m = o.m ?? (r.side === 1n ? y : x);
  const pos = o.pos ?? r.collateral + r.size * m;
  const neg = o.neg ?? r.size * (x + y - m);
  const notional = o.notional ?? r.size * r.markPrice;
  const requirement = o.requirement ?? r.mmrBps * notional;
  const W = comparatorWidth();
  const cmp = 10000n * pos + two(W) - (requirement + 10000n * neg);
  return { m, pos, neg, notional, requirement, cmp, W };
}

const PUBLIC = CIRCUITS.liquidation!.public;
const INPUTS = ["marketId", "side", "size", "entryPrice", "collateral", "entryFunding", "owner", "nonce", "salt", "markPrice", "fundingIndex", "timestamp"];

/**
 * Assemble a full witness for `r` from pieces: the position-commitment sub-witness copied from
 * `posSrc`, the price-commitment sub-witness from `priceSrc` (both honest witnesses of OTHER
 * statements), and everything else computed here from the circuit's formulas. This is how a
 * cheating prover would build a witness for a statement the witness generator refuses.
 */
function assemble(
  r: Raw,
  publicInput: Record<string, bigint>,
  posSrc: readonly bigint[],
  priceSrc: readonly bigint[],
  ltValue?: bigint,
  override: MarginOverride = {},
): bigint[] {
  const w: (bigint | undefined)[] = new Array(t.nVars).fill(undefined);
  w[0] = 1n;
  for (const n of PUBLIC) w[t.index(`main.${n}`)] = mod(publicInput[n]!);
  for (const n of INPUTS) w[t.index(`main.${n}`)] = mod(r[n as keyof Raw]);
  w[t.index("main.liquidatorSquared")] = mod(r.liquidator * r.liquidator);
  for (const [, i] of t.select(/^main\.PositionCommitment_/)) w[i] = posSrc[i];
  for (const [, i] of t.select(/^main\.PriceCommitment_/)) w[i] = priceSrc[i];
  for (const [, i, bit] of rangeBitNames("mmrBps")) w[i] = (r.mmrBps >> BigInt(bit)) & 1n;
  const ms = marginSignals(r, override);
  for (const k of ["m", "pos", "neg", "notional", "requirement"] as const) w[t.index(t.select(MM(k))[0]![0])] = mod(ms[k]);
  const v = ltValue ?? ms.cmp;
  for (const [, i, bit] of ltBits()) w[i] = (v >> BigInt(bit)) & 1n;
  const missing = w.findIndex((x) => x === undefined);
  expect(missing, `assemble() left slot ${missing} (${t.nameOf(missing)}) unset`).toBe(-1);
  return w as bigint[];
}

beforeAll(async () => {
  // ZKLIQ_CIRCUIT_DIR: run these tests against other artifacts (e.g. a mutant compiled for mutation testing).
  t = await CircuitTester.load("liquidation", process.env.ZKLIQ_CIRCUIT_DIR || undefined);
  // Warm the wasm JIT so timings below mean something.
  for (let i = 0; i < 20; i++) await t.witness(rawInput(BASE));
});

afterAll(async () => {
  await terminateCurve();
});

// =============================================================================================
describe("R1CS shape", () => {
  it("pins the constraint count (checklist 11): exact, equal to the manifest, within the budget", () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "artifacts", "manifest.json"), "utf8"));
    expect(t.header.nConstraints).toBe(PINNED_CONSTRAINTS);
    expect(t.constraints.length).toBe(PINNED_CONSTRAINTS);
    expect(t.header.nConstraints).toBe(manifest.circuits.liquidation.constraints);
    expect(t.header.nConstraints).toBeLessThanOrEqual(BUDGET);
  });

  it("has the BN254 field, 4 public inputs in circuits.json order, 12 private inputs, a witness slot per variable", async () => {
    expect(t.header.prime).toBe(P);
    expect(t.header.nOutputs).toBe(0);
    expect(t.header.nPubInputs).toBe(4);
    expect(t.header.nPrvInputs).toBe(12);
    expect(PUBLIC).toEqual(["positionCommitment", "priceCommitment", "mmrBps", "liquidator"]);
    // Groth16 public signals are witness slots 1..nPublic, in this order.
    PUBLIC.forEach((n, k) => expect(t.index(`main.${n}`), n).toBe(k + 1));
    INPUTS.forEach((n, k) => expect(t.index(`main.${n}`), n).toBe(k + 1 + PUBLIC.length));
    const w = await t.witness(rawInput(BASE));
    expect(w.length).toBe(t.nVars);
    expect(w[0]).toBe(1n);
  });

  it("every public input is used by some constraint with a non-zero coefficient (front-running, checklist 17)", () => {
    for (const n of PUBLIC) expect(t.constraintsTouching([t.index(`main.${n}`)]).length, n).toBeGreaterThan(0);
  });

  it("each range check costs exactly its width in constraints (a dropped check changes this)", () => {
    for (const f of Object.keys(RANGE) as RangedField[]) {
      expect(rangeConstraints(f).length, f).toBe(RANGE[f].bits);
      // one bit slot per bit, except the one the optimiser folded into the recomposition
      expect(rangeBitSlots(f).length, f).toBe(RANGE[f].bits - 1);
    }
  });

  it("comparator is wide enough for every product at the declared widths, and at most 252 bits", () => {
    const W = comparatorWidth();
    // Largest possible sides of "10000*pos < requirement + 10000*neg", from the widths (hand bound).
    const maxPrice = umax(BITS.price) + umax(BITS.funding); // x or y
    const lhs = 10000n * (umax(BITS.collateral) + umax(BITS.size) * maxPrice);
    const rhs = umax(BITS.rate) * umax(BITS.size) * umax(BITS.price) + 10000n * umax(BITS.size) * maxPrice;
    expect(lhs).toBeLessThan(two(W));
    expect(rhs).toBeLessThan(two(W));
    expect(W).toBeLessThanOrEqual(252);
  });
});

// =============================================================================================
describe("commitments: circuit Poseidon == TS poseidon-lite", () => {
  // main.positionHash / main.priceHash were optimised away (no witness slot): the circuit's hash IS the
  // public input via `=== `, so equality is shown by acceptance of the TS value and refusal of others.
  it("positionHash / priceHash have no witness slot of their own (checked through the public inputs instead)", () => {
    expect(() => t.index("main.positionHash")).toThrow(/eliminated/);
    expect(() => t.index("main.priceHash")).toThrow(/eliminated/);
  });

  it("an SDK position and a signed price prove with the TS commitments; the public slots hold them", async () => {
    const position = newPosition({ market: "BTC-USD", side: "long", size: "1", entryPrice: "60000", collateral: "100", salt: 42n });
    const price = await attestPrice({ market: "BTC-USD", markPrice: "59950", timestamp: 1_700_000_000 }, DEV_ORACLE_KEY);
    const liquidator = 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n;
    const w = await honestWitness(t, liquidationInput(position, price, liquidator));
    expect(w.slice(1, 5)).toEqual([commitPosition(position), price.commitment, 50n, liquidator]);
    expect(price.commitment).toBe(priceCommitment(price));
  });

  it("a commitment off by one is refused by the witness generator at the commitment check, and by the constraints", async () => {
    const input = rawInput(BASE);
    const w = await honestWitness(t, input);
    for (const [name, line] of [
      ["positionCommitment", LINE.positionHash],
      ["priceCommitment", LINE.priceHash],
    ] as const) {
      const err = await expectWitnessFail(t, { ...input, [name]: mod(input[name]! + 1n) }, name);
      expect(err.trace).toMatch(new RegExp(`^Error in template Liquidation_\\d+ line: ${line}$`));
      t.expectConstraintFail(t.editWitness(w, { [`main.${name}`]: input[name]! + 1n }), name);
    }
  });

  it("every committed field is bound: a TS commitment of the opening with one field changed is refused", async () => {
    const input = rawInput(BASE);
    await honestWitness(t, input);
    const posFields = ["marketId", "side", "size", "entryPrice", "collateral", "entryFunding", "owner", "nonce", "salt"] as const;
    const priceFields = ["marketId", "markPrice", "fundingIndex", "timestamp"] as const;
    for (const f of posFields) {
      const other = { ...BASE, [f]: f === "side" ? 1n : BASE[f] + 1n };
      const err = await expectWitnessFail(t, { ...input, positionCommitment: rawPositionCommitment(other) }, `position ${f}`);
      expect(err.trace, f).toMatch(new RegExp(`line: ${LINE.positionHash}$`));
    }
    for (const f of priceFields) {
      const other = { ...BASE, [f]: BASE[f] + 1n };
      const err = await expectWitnessFail(t, { ...input, priceCommitment: rawPriceCommitment(other) }, `price ${f}`);
      expect(err.trace, f).toMatch(new RegExp(`line: ${LINE.priceHash}$`));
    }
  });

  it("extreme openings (every field at 0 or at its maximum, salt p-1) prove with the src/commitment.ts values", async () => {
    const cases: { side: Side; pick: "max" | "min"; salt: bigint }[] = [
      { side: "long", pick: "max", salt: P - 1n },
      { side: "short", pick: "max", salt: 0n },
      { side: "long", pick: "min", salt: 1n },
      { side: "short", pick: "min", salt: P - 1n },
    ];
    for (const c of cases) {
      const hi = c.pick === "max";
      const market = testMarket(hi ? Number(umax(BITS.marketId)) : 0, hi ? Number(umax(BITS.rate)) : 1);
      // Funding moves against the position by ~2^64 per unit size: bankrupt, so liquidatable.
      const against = c.side === "long" ? 1n : -1n;
      const position: Position = {
        market,
        marketId: market.id,
        side: c.side,
        size: hi ? umax(BITS.size) : 1n,
        entryPrice: hi ? umax(BITS.price) : 0n,
        collateral: hi ? umax(BITS.collateral) : 0n,
        entryFunding: -against * MAX_FUNDING_ABS,
        owner: hi ? umax(BITS.owner) : 0n,
        nonce: hi ? umax(BITS.nonce) : 0n,
        salt: c.salt,
      };
      const price = unsignedPrice(market, hi ? umax(BITS.price) : 0n, against * MAX_FUNDING_ABS, hi ? Number(umax(BITS.timestamp)) : 0);
      expect(isLiquidatable(positionTerms(position), price, BigInt(market.mmrBps)), `${c.side} ${c.pick}`).toBe(true);
      const input = liquidationInput(position, price, hi ? umax(160) : 0n);
      // the test's own packing (from the circom docs) agrees with src/commitment.ts on in-range values
      const raw = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v as bigint])) as unknown as Raw;
      expect(rawPositionCommitment(raw)).toBe(positionCommitment(position));
      expect(rawPriceCommitment(raw)).toBe(price.commitment);
      await honestWitness(t, input);
    }
  });
});

// =============================================================================================
describe("differential: circuit == reference model (fast-check)", () => {
  const U64 = umax(64);
  const bigIntIn = (min: bigint, max: bigint) => fc.bigInt({ min, max });
  const clamp = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);

  const priceArb = fc.oneof(
    { weight: 4, arbitrary: bigIntIn(1n, 10n ** 9n) },
    { weight: 2, arbitrary: bigIntIn(0n, umax(BITS.price)) },
    { weight: 1, arbitrary: fc.constantFrom(0n, 1n, umax(BITS.price), umax(BITS.price) - 1n, two(BITS.price - 1)) },
    { weight: 2, arbitrary: bigIntIn(0n, 10n ** 8n).map((k) => k * 10_000n) }, // round: exact equality possible
  );
  const sizeArb = fc.oneof(
    { weight: 4, arbitrary: bigIntIn(1n, 10n ** 9n) },
    { weight: 2, arbitrary: bigIntIn(0n, umax(BITS.size)) },
    { weight: 1, arbitrary: fc.constantFrom(0n, 1n, umax(BITS.size), two(BITS.size - 1)) },
    { weight: 2, arbitrary: bigIntIn(1n, 10n ** 6n).map((k) => k * 10_000n) },
  );
  const fundingArb = fc.oneof(
    { weight: 3, arbitrary: fc.constant(0n) },
    { weight: 3, arbitrary: bigIntIn(-(10n ** 6n), 10n ** 6n) },
    { weight: 2, arbitrary: bigIntIn(-MAX_FUNDING_ABS, MAX_FUNDING_ABS) },
    { weight: 1, arbitrary: fc.constantFrom(MAX_FUNDING_ABS, -MAX_FUNDING_ABS) },
  );
  // Index now: often a small move from the entry index, sometimes anything (big moves either way).
  const fundingMoveArb = fc.oneof(
    { weight: 3, arbitrary: fc.constant(0n) },
    { weight: 3, arbitrary: bigIntIn(-(10n ** 5n), 10n ** 5n) },
    { weight: 2, arbitrary: fc.constant(null) }, // independent draw
  );
  const markArb = fc.oneof(
    { weight: 3, arbitrary: bigIntIn(-(10n ** 6n), 10n ** 6n).map((d) => ({ delta: d })) },
    { weight: 1, arbitrary: fc.bigInt({ min: -50n, max: 50n }).map((pct) => ({ pct })) },
    { weight: 2, arbitrary: priceArb.map((v) => ({ abs: v })) },
  );
  const mmrArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(50n, 75n, 100n) },
    { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 9_999n, 10_000n, umax(BITS.rate)) },
    { weight: 2, arbitrary: bigIntIn(0n, umax(BITS.rate)) },
  );
  const collateralModeArb = fc.oneof(
    { weight: 3, arbitrary: fc.constant("boundary") }, // smallest healthy collateral: equity == requirement when exact
    { weight: 6, arbitrary: fc.constant("below") }, // one value unit less: liquidatable (unless healthy at zero collateral)
    { weight: 2, arbitrary: fc.constant("near") },
    { weight: 1, arbitrary: fc.constant("random") },
    { weight: 1, arbitrary: fc.constant("zero") },
    { weight: 1, arbitrary: fc.constant("max") },
  );

  const caseArb = fc.record({
    side: fc.constantFrom<Side>("long", "short"),
    size: sizeArb,
    entryPrice: priceArb,
    mark: markArb,
    entryFunding: fundingArb,
    fundingMove: fundingMoveArb,
    fundingAbs: fundingArb,
    mmrBps: mmrArb,
    collateralMode: collateralModeArb,
    collateralRandom: bigIntIn(0n, umax(BITS.collateral)),
    near: bigIntIn(-3n, 3n),
    marketId: fc.oneof(fc.constantFrom(1, 2, 3), fc.integer({ min: 0, max: 2 ** BITS.marketId - 1 })),
    owner: fc.oneof(bigIntIn(0n, umax(BITS.owner)), fc.constantFrom(0n, umax(BITS.owner))),
    nonce: fc.oneof(bigIntIn(0n, umax(BITS.nonce)), fc.constantFrom(0n, umax(BITS.nonce))),
    salt: fc.oneof(bigIntIn(0n, P - 1n), fc.constantFrom(0n, P - 1n)),
    timestamp: fc.oneof(fc.integer({ min: 0, max: 2 ** BITS.timestamp - 1 }), fc.constantFrom(0, 2 ** BITS.timestamp - 1)),
    liquidator: bigIntIn(0n, umax(160)),
  });

  type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

  /** Build the position / price of a case; the collateral is placed relative to the boundary. */
  function build(c: Case) {
    const m = c.mark as { delta?: bigint; pct?: bigint; abs?: bigint };
    const markPrice = clamp(
      m.abs ?? (m.pct !== undefined ? c.entryPrice + (c.entryPrice * m.pct) / 100n : c.entryPrice + m.delta!),
      0n,
      umax(BITS.price),
    );
    const fundingIndex =
      c.fundingMove === null ? c.fundingAbs : clamp(c.entryFunding + c.fundingMove, -MAX_FUNDING_ABS, MAX_FUNDING_ABS);
    const q: PriceTerms = { markPrice, fundingIndex };
    const terms0: PositionTerms = { side: c.side, size: c.size, entryPrice: c.entryPrice, collateral: 0n, entryFunding: c.entryFunding };
    // liquidatable <=> 10000*(collateral + E0) < R, E0 = equity at zero collateral, R = mmr * notional.
    const e0 = equity(terms0, q);
    const t0 = requirementTimesBps(terms0, q, c.mmrBps) - 10000n * e0; // liquidatable <=> 10000*collateral < t0
    const firstHealthy = t0 <= 0n ? 0n : (t0 + 9999n) / 10000n; // smallest collateral that is NOT liquidatable
    const raw =
      c.collateralMode === "boundary"
        ? firstHealthy
        : c.collateralMode === "below"
          ? firstHealthy - 1n
          : c.collateralMode === "near"
            ? firstHealthy + c.near
            : c.collateralMode === "zero"
              ? 0n
              : c.collateralMode === "max"
                ? umax(BITS.collateral)
                : c.collateralRandom;
    const collateral = clamp(raw, 0n, umax(BITS.collateral));
    const market = testMarket(c.marketId, Number(c.mmrBps));
    const position: Position = {
      market,
      marketId: c.marketId,
      side: c.side,
      size: c.size,
      entryPrice: c.entryPrice,
      collateral,
      entryFunding: c.entryFunding,
      owner: c.owner,
      nonce: c.nonce,
      salt: c.salt,
    };
    const price = unsignedPrice(market, markPrice, fundingIndex, c.timestamp);
    return { position, price };
  }

  it("1000 random statements: witness + constraints succeed exactly when the model says liquidatable", async () => {
    const stats = { runs: 0, liquidatable: 0, healthy: 0, equality: 0, bankrupt: 0, short: 0, bigFunding: 0, zeroCollateral: 0 };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { position, price } = build(c);
        const p = positionTerms(position);
        const mmr = BigInt(position.market.mmrBps);
        const expected = isLiquidatable(p, price, mmr);
        stats.runs++;
        if (expected) stats.liquidatable++;
        else stats.healthy++;
        if (10000n * equity(p, price) === requirementTimesBps(p, price, mmr)) stats.equality++;
        if (equity(p, price) < 0n) stats.bankrupt++;
        if (p.side === "short") stats.short++;
        if (p.collateral === 0n) stats.zeroCollateral++;
        const move = price.fundingIndex - p.entryFunding;
        if (move > two(60) || move < -two(60)) stats.bigFunding++;

        const input = liquidationInput(position, price, c.liquidator);
        const r = await t.tryWitness(input);
        if (expected) {
          expect(r.ok, `model: liquidatable, but the witness generator refused: ${r.ok ? "" : r.error.message}`).toBe(true);
          const w = (r as { witness: bigint[] }).witness;
          expect(t.checkConstraints(w), "honest witness violates the constraints").toBe(true);
          expect(w.slice(1, 5)).toEqual([positionCommitment(position), price.commitment, mmr, c.liquidator]);
        } else {
          expect(r.ok, "model: healthy, but the circuit produced a witness").toBe(false);
          // ...refused for the right reason: the margin check, not a range or commitment check.
          expect((r as { error: { trace: string } }).error.trace).toMatch(LIQUIDATABLE_TRACE);
        }
      }),
      { numRuns: 1000 },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`differential: ${JSON.stringify(stats)} in ${seconds.toFixed(1)} s (${((seconds * 1000) / stats.runs).toFixed(1)} ms/case)`);
    // The generator must actually exercise both outcomes and the boundary.
    expect(stats.liquidatable).toBeGreaterThan(stats.runs * 0.3);
    expect(stats.healthy).toBeGreaterThan(stats.runs * 0.3);
    expect(stats.equality).toBeGreaterThan(20);
    expect(stats.bankrupt).toBeGreaterThan(20);
    expect(stats.short).toBeGreaterThan(stats.runs * 0.3);
    expect(stats.bigFunding).toBeGreaterThan(20);
    expect(stats.zeroCollateral).toBeGreaterThan(20);
  }, 600_000); // ~20 s on an idle 2-core machine; generous for a loaded one
});

// =============================================================================================
describe("hand-worked boundaries (BTC-USD: size 8 decimals, price 2, value 10; mmr 50 bps)", () => {
  /*
   * Long 1 BTC = 10^8 size units, entry 60000.00 = 6_000_000, mark 59000.00 = 5_900_000, no funding.
   *   PnL         = 10^8 * (5_900_000 - 6_000_000)      = -10^13 value units  = -1000 USD
   *   notional    = 10^8 * 5_900_000                    = 5.9e14             = 59000 USD
   *   requirement = 50/10000 * 5.9e14                   = 2.95e12            = 295 USD
   *   equity = collateral - 1000 USD = 295 USD  <=>  collateral = 1295 USD = 1.295e13 units
   *   10000 * equity = 2.95e16 = 50 * 5.9e14 = mmr * notional: equal, so NOT liquidatable;
   *   collateral 1294.9999999999 (one value unit less): 10000*equity = 2.95e16 - 10^4 < 2.95e16: liquidatable.
   * Short 2 BTC, entry 60000, mark 61000: PnL = -2 * 1000 = -2000 USD, notional 122000 USD,
   *   requirement 610 USD, boundary collateral 2610 USD.
   * Long 1 BTC, entry = mark = 60000, entry funding index -5.00, index now 20.50:
   *   funding owed = 1 * (20.50 - (-5.00)) = 25.50 USD, requirement 300 USD, boundary collateral 325.50 USD.
   */
  const cases = [
    { side: "long", size: "1", entry: "60000", mark: "59000", fe: "0", f: "0", at: "1295", below: "1294.9999999999" },
    { side: "short", size: "2", entry: "60000", mark: "61000", fe: "0", f: "0", at: "2610", below: "2609.9999999999" },
    { side: "long", size: "1", entry: "60000", mark: "60000", fe: "-5", f: "20.5", at: "325.5", below: "325.4999999999" },
  ] as const;

  for (const c of cases) {
    it(`${c.side} ${c.size} BTC @ ${c.entry} -> ${c.mark}, funding ${c.fe} -> ${c.f}: collateral ${c.at} is not liquidatable, ${c.below} is`, async () => {
      const price = await attestPrice({ market: "BTC-USD", markPrice: c.mark, fundingIndex: c.f, timestamp: 1_700_000_000 }, DEV_ORACLE_KEY);
      const mk = (collateral: string) =>
        newPosition({ market: "BTC-USD", side: c.side, size: c.size, entryPrice: c.entry, collateral, entryFundingIndex: c.fe, salt: 99n });
      const atBoundary = mk(c.at);
      const oneLess = mk(c.below);
      expect(oneLess.collateral).toBe(atBoundary.collateral - 1n);
      // equality, by the hand figures above: 10000 * equity == mmr * notional
      expect(10000n * equity(positionTerms(atBoundary), price)).toBe(50n * atBoundary.size * price.markPrice);

      const err = await expectWitnessFail(t, liquidationInput(atBoundary, price, 1n), "equity == requirement");
      expect(err.trace).toMatch(LIQUIDATABLE_TRACE);
      await honestWitness(t, liquidationInput(oneLess, price, 1n));
      // and the model agrees with the hand figures
      expect(isLiquidatable(positionTerms(atBoundary), price, 50n)).toBe(false);
      expect(isLiquidatable(positionTerms(oneLess), price, 50n)).toBe(true);
    });
  }
});

// =============================================================================================
describe("negative equity and funding", () => {
  it("a loss larger than the collateral is liquidatable for longs and shorts (no wrap-around)", async () => {
    // long 1 BTC @ 60000 -> 50000 with 1000 USD: equity = 1000 - 10000 = -9000 USD
    // short 1 BTC @ 60000 -> 70000 with 1000 USD: equity = 1000 - 10000 = -9000 USD
    for (const [side, mark] of [
      ["long", "50000"],
      ["short", "70000"],
    ] as const) {
      const position = newPosition({ market: "BTC-USD", side, size: "1", entryPrice: "60000", collateral: "1000", salt: 5n });
      const price = await attestPrice({ market: "BTC-USD", markPrice: mark, timestamp: 1_700_000_000 }, DEV_ORACLE_KEY);
      expect(equity(positionTerms(position), price)).toBe(-9000n * 10n ** 10n);
      await honestWitness(t, liquidationInput(position, price, 0n));
    }
  });

  it("deepest bankruptcy at the width limits is liquidatable; the mirrored huge profit is not", async () => {
    // long, size and entry at max, mark 0, collateral 0: equity = -(2^64-1)^2 ~ -2^128
    const bankruptLong: Raw = { ...BASE, size: umax(64), entryPrice: umax(64), markPrice: 0n, collateral: 0n };
    // short, size and mark at max, entry 0: equity ~ -2^128
    const bankruptShort: Raw = { ...BASE, side: 1n, size: umax(64), entryPrice: 0n, markPrice: umax(64), collateral: 0n };
    for (const r of [bankruptLong, bankruptShort]) {
      expect(modelVerdict(r)).toBe(true);
      await honestWitness(t, rawInput(r));
    }
    // the mirror images are hugely profitable: refused at the margin check (a wrap would accept them)
    for (const r of [
      { ...bankruptLong, side: 1n },
      { ...bankruptShort, side: 0n },
    ]) {
      expect(modelVerdict(r)).toBe(false);
      expect((await expectWitnessFail(t, rawInput(r))).trace).toMatch(LIQUIDATABLE_TRACE);
    }
  });

  it("with mmr 0, equity -1 value unit is liquidatable and equity 0 is not", async () => {
    // long size 1, entry 2, mark 1: PnL = -1. collateral 0 -> equity -1; collateral 1 -> equity 0.
    const r: Raw = { ...BASE, mmrBps: 0n, size: 1n, entryPrice: 2n, markPrice: 1n, collateral: 0n };
    await honestWitness(t, rawInput(r));
    expect((await expectWitnessFail(t, rawInput({ ...r, collateral: 1n }))).trace).toMatch(LIQUIDATABLE_TRACE);
    // short mirror: entry 1, mark 2
    const s: Raw = { ...r, side: 1n, entryPrice: 1n, markPrice: 2n };
    await honestWitness(t, rawInput(s));
    expect((await expectWitnessFail(t, rawInput({ ...s, collateral: 1n }))).trace).toMatch(LIQUIDATABLE_TRACE);
  });

  it("funding alone makes a position liquidatable: longs pay when the index rises, shorts when it falls", async () => {
    // 1 BTC @ 60000, mark 60000 (PnL 0), collateral 400 USD, requirement 300 USD:
    // owing 100.00 USD leaves equity 300 = requirement (not liquidatable); owing 100.01 leaves 299.99 (liquidatable).
    for (const [side, sign] of [
      ["long", ""],
      ["short", "-"],
    ] as const) {
      const position = newPosition({ market: "BTC-USD", side, size: "1", entryPrice: "60000", collateral: "400", salt: 8n });
      const at = async (f: string) => attestPrice({ market: "BTC-USD", markPrice: "60000", fundingIndex: f, timestamp: 1_700_000_000 }, DEV_ORACLE_KEY);
      expect((await expectWitnessFail(t, liquidationInput(position, await at("0"), 0n))).trace).toMatch(LIQUIDATABLE_TRACE);
      expect((await expectWitnessFail(t, liquidationInput(position, await at(`${sign}100`), 0n))).trace).toMatch(LIQUIDATABLE_TRACE);
      await honestWitness(t, liquidationInput(position, await at(`${sign}100.01`), 0n));
      // the same move in the other direction is income, not a liability
      const other = sign === "" ? "-100.01" : "100.01";
      expect((await expectWitnessFail(t, liquidationInput(position, await at(other), 0n))).trace).toMatch(LIQUIDATABLE_TRACE);
    }
  });
});

// =============================================================================================
describe("forged witnesses (checklist 1, 5, 7): the constraints, not the witness generator, refuse them", () => {
  let honest: bigint[];
  beforeAll(async () => {
    honest = await honestWitness(t, rawInput(BASE));
  });

  it("adding 1 to ANY single witness slot (1..nVars-1) breaks some constraint: every signal is pinned", () => {
    const unpinned: string[] = [];
    for (let i = 1; i < t.nVars; i++) {
      const w = [...honest];
      w[i] = mod(w[i]! + 1n);
      if (t.checkConstraints(w)) unpinned.push(`${i} ${t.nameOf(i)}`);
    }
    expect(unpinned).toEqual([]);
  });

  it("flipping any comparator bit, the side bit, or raising the collateral alone breaks the constraints", () => {
    for (const [name, i] of ltBits()) t.expectConstraintFail(t.editWitness(honest, { [`#${i}`]: 1n - honest[i]! }), name);
    expect(honest[t.index("main.side")]).toBe(0n);
    t.expectConstraintFail(t.editWitness(honest, { "main.side": 1n }), "side flipped");
    // 10^6 USD would make BASE healthy; changing the collateral alone must not be accepted
    t.expectConstraintFail(t.editWitness(honest, { "main.collateral": 1_000_000n * 10n ** 10n }), "collateral alone");
  });

  describe("a HEALTHY statement, witness assembled from honest pieces", () => {
    // H: long 1 BTC @ 60000, 2000 USD collateral, mark 59000: equity 1000 USD > requirement 295 USD.
    const H: Raw = { ...BASE, collateral: 2_000n * 10n ** 10n, markPrice: 5_900_000n };
    // H at 58000 is liquidatable (equity 0): its honest witness supplies H's position-commitment part.
    const H_LOW_PRICE: Raw = { ...H, markPrice: 5_800_000n };
    // L: zero collateral, liquidatable at 59000: its honest witness supplies the 59000 price part.
    const L: Raw = { ...H, collateral: 0n, nonce: 99n };
    // Control: 1200 USD collateral at 59000 is liquidatable (equity 200 < 295).
    const C: Raw = { ...H, collateral: 1_200n * 10n ** 10n };
    let posH: bigint[], priceQ: bigint[], posC: bigint[];

    beforeAll(async () => {
      expect(modelVerdict(H)).toBe(false);
      expect(modelVerdict(H_LOW_PRICE) && modelVerdict(L) && modelVerdict(C)).toBe(true);
      posH = await honestWitness(t, rawInput(H_LOW_PRICE));
      priceQ = await honestWitness(t, rawInput(L));
      posC = await honestWitness(t, rawInput({ ...C, markPrice: 5_800_000n }));
    });

    it("control: the same assembly for a liquidatable statement reproduces its honest witness exactly", async () => {
      const w = assemble(C, rawInput(C), posC, priceQ);
      t.expectConstraintPass(w, "assembled liquidatable witness");
      expect(w).toEqual(await honestWitness(t, rawInput(C)));
    });

    it("the healthy statement's assembled witness fails, and only at the comparator", () => {
      const w = assemble(H, rawInput(H), posH, priceQ);
      const failed = t.failures(w);
      expect(failed.length).toBeGreaterThan(0);
      const lt = new Set(ltBits().map(([, i]) => i));
      for (const ci of failed) expect(t.varsOf(ci).some((v) => lt.has(v)), `constraint ${ci}: ${t.describe(ci)}`).toBe(true);
    });

    it("a cheater choosing any one margin intermediate (m, pos, neg, notional, requirement), downstream consistent, fails", () => {
      const honestMs = marginSignals(H);
      const choices: [string, MarginOverride][] = [
        ["m = 0", { m: 0n }], // pos = collateral only, neg = size * (x + y): deeply negative equity
        ["m = x - 10^7", { m: H.markPrice + H.entryFunding - 10n ** 7n }], // as if the mark were 100000 USD lower
        ["pos = 0", { pos: 0n }],
        ["neg + 10^20", { neg: honestMs.neg + 10n ** 20n }],
        ["notional * 10^6", { notional: honestMs.notional * 10n ** 6n }],
        ["requirement = 10^24", { requirement: 10n ** 24n }],
      ];
      for (const [label, o] of choices) {
        const ms = marginSignals(H, o);
        expect(ms.cmp < two(ms.W) && ms.cmp >= 0n, `${label} makes the comparison say liquidatable`).toBe(true);
        t.expectConstraintFail(assemble(H, rawInput(H), posH, priceQ, undefined, o), label);
      }
    });

    it("alternative decompositions of the comparison value (top bit cleared, v + p, v - p) all fail", () => {
      const ms = marginSignals(H);
      const n1 = two(ms.W + 1);
      expect(ms.cmp >= two(ms.W)).toBe(true); // healthy: "pos >= rhs" sets the top bit
      for (const [label, v] of [
        ["top bit cleared", ms.cmp - two(ms.W)],
        ["v + p", (ms.cmp + P) % n1],
        ["v - p", (((ms.cmp - P) % n1) + n1) % n1],
        ["v + 2p", (ms.cmp + 2n * P) % n1],
      ] as const) {
        t.expectConstraintFail(assemble(H, rawInput(H), posH, priceQ, v), label);
      }
    });

    it("claiming less collateral, a bigger size or a higher entry price against H's commitment fails (binding)", async () => {
      const claims: [string, Raw][] = [
        ["collateral 0", { ...H, collateral: 0n }], // equity -1000 USD
        ["entry price 70000", { ...H, entryPrice: 7_000_000n }], // equity -9000 USD
        ["size 10 BTC", { ...H, size: 1_000_000_000n }], // equity -8000 USD
      ];
      for (const [label, claim] of claims) await expectBindingFailure(label, H, claim, posH, priceQ);
    });

    it("claiming the other side against a healthy long's commitment fails (binding)", async () => {
      // G: long 1 BTC @ 60000, 1000 USD, mark 61000: equity 2000 USD, healthy. As a short: 1000 - 1000 = 0 < 305: liquidatable.
      const G: Raw = { ...BASE, collateral: 1_000n * 10n ** 10n, markPrice: 6_100_000n };
      expect(modelVerdict(G)).toBe(false);
      const posG = await honestWitness(t, rawInput({ ...G, markPrice: 5_800_000n }));
      const priceG = await honestWitness(t, rawInput({ ...G, side: 1n, collateral: 0n, nonce: 5n }));
      await expectBindingFailure("side short", G, { ...G, side: 1n }, posG, priceG);
    });
  });

  /** The claim is liquidatable, but the public commitment is the honest one's: position-commitment constraints must fail. */
  async function expectBindingFailure(label: string, honestStatement: Raw, claim: Raw, posSrc: bigint[], priceSrc: bigint[]): Promise<void> {
    expect(modelVerdict(claim), label).toBe(true);
    expect(rawPositionCommitment(claim), label).not.toBe(rawPositionCommitment(honestStatement));
    // control: with the claim's OWN commitment and sub-witness, the same assembly is a valid witness
    const own = await honestWitness(t, rawInput(claim));
    t.expectConstraintPass(assemble(claim, rawInput(claim), own, priceSrc), `${label} (own commitment)`);
    // the forgery: the honest position's public commitment and commitment sub-witness, the claimed fields
    const w = assemble(claim, rawInput(honestStatement), posSrc, priceSrc);
    const failed = t.failures(w);
    expect(failed.length, label).toBeGreaterThan(0);
    const posSlots = new Set(t.select(/^main\.PositionCommitment_/).map(([, i]) => i));
    expect(
      failed.some((ci) => t.varsOf(ci).some((v) => posSlots.has(v))),
      `${label}: no position-commitment constraint failed`,
    ).toBe(true);
  }

  it("aliasing: range-check bits taken from x + p (mod 2^n) fail for every range-checked input", () => {
    for (const f of Object.keys(RANGE) as RangedField[]) {
      const names = rangeBitNames(f);
      if (names.length === 0) continue; // side: its single bit is the input itself (booleanity tested below)
      const x = honest[t.index(`main.${f}`)]!;
      const alias = (x + P) % two(RANGE[f].bits);
      const edits: Record<string, bigint> = {};
      for (const [, i, bit] of names) edits[`#${i}`] = (alias >> BigInt(bit)) & 1n;
      t.expectConstraintFail(t.editWitness(honest, edits), `${f} bits of x + p`);
    }
    // and the comparator of the honest (liquidatable) witness
    const ms = marginSignals(BASE);
    const n1 = two(ms.W + 1);
    expect(ms.cmp < two(ms.W)).toBe(true); // liquidatable: top bit clear
    for (const v of [(ms.cmp + P) % n1, (((ms.cmp - P) % n1) + n1) % n1]) {
      const edits: Record<string, bigint> = {};
      for (const [, i, bit] of ltBits()) edits[`#${i}`] = (v >> BigInt(bit)) & 1n;
      t.expectConstraintFail(t.editWitness(honest, edits), "comparator alias");
    }
  });

  it("changing one public input alone (to +1 or to a plausible other value) fails", () => {
    const other = rawInput({ ...BASE, nonce: 8n, markPrice: 5_700_000n });
    const alternatives: Record<string, bigint[]> = {
      positionCommitment: [other.positionCommitment!, P - 1n],
      priceCommitment: [other.priceCommitment!, 0n],
      mmrBps: [75n, 100n, 49n],
      liquidator: [0x70997970c51812dc3a010c7d01b50e0d17dc79c8n, 0n, BASE.liquidator + two(160)],
    };
    for (const n of PUBLIC) {
      const i = t.index(`main.${n}`);
      t.expectConstraintFail(t.editWitness(honest, { [`#${i}`]: honest[i]! + 1n }), `${n} + 1`);
      for (const v of alternatives[n]!) t.expectConstraintFail(t.editWitness(honest, { [`#${i}`]: v }), `${n} = ${v}`);
    }
  });

  it("documents: liquidator is bound only through its square, so p - liquidator (not an address) also satisfies the R1CS", () => {
    // Harmless as long as the verifier / contract compares the public liquidator to the caller exactly
    // (p - a >= 2^160 is never an address); recorded here so a change of this binding is noticed.
    const i = t.index("main.liquidator");
    expect(t.checkConstraints(t.editWitness(honest, { [`#${i}`]: P - BASE.liquidator }))).toBe(true);
    expect(P - BASE.liquidator >= two(160)).toBe(true);
  });
});

// =============================================================================================
describe("out-of-range inputs (checklist 2, 3, 4)", () => {
  const FIELDS = Object.keys(RANGE) as RangedField[];
  const badValues = (f: RangedField): [string, bigint][] => {
    const n = RANGE[f].bits;
    return [
      ["2^bits", two(n)],
      ["2^bits + 1", two(n) + 1n],
      ["p-1", P - 1n],
      ["p-1000", P - 1000n],
      ["2^252", two(252)],
      ...(f === "side" ? ([["3", 3n]] as [string, bigint][]) : []),
    ];
  };
  // Loss 2^63 * 2^62 = 2^125 value units, far beyond any collateral: liquidatable whatever else changes.
  const LONG_BIG: Raw = { ...BASE, size: two(63), entryPrice: two(63), markPrice: two(62), collateral: 1000n };
  const SHORT_BIG: Raw = { ...LONG_BIG, side: 1n, entryPrice: two(62), markPrice: two(63) };
  /** A base statement that stays liquidatable with `f` set to `v` (long or short, per the model), else LONG_BIG. */
  const baseFor = (f: RangedField, v: bigint): Raw => [LONG_BIG, SHORT_BIG].find((b) => modelVerdict({ ...b, [f]: v })) ?? LONG_BIG;

  it("the extreme in-range values 0 and 2^bits - 1 of every input pass the range checks (control)", async () => {
    let accepted = 0;
    for (const f of FIELDS) {
      for (const v of [0n, umax(RANGE[f].bits)]) {
        const r = { ...baseFor(f, v), [f]: v };
        if (modelVerdict(r)) {
          await honestWitness(t, rawInput(r));
          accepted++;
        } else {
          // only size 0 (never liquidatable): refused by the margin check, i.e. AFTER every range check passed
          expect([f, v]).toEqual(["size", 0n]);
          expect((await expectWitnessFail(t, rawInput(r))).trace).toMatch(LIQUIDATABLE_TRACE);
        }
      }
    }
    expect(accepted).toBe(2 * FIELDS.length - 1);
  });

  it("the witness generator refuses 2^bits, 2^bits+1, p-1, p-1000, 2^252 (and side 2, 3) AT THAT FIELD'S RANGE CHECK", async () => {
    for (const f of FIELDS) {
      for (const [label, v] of f === "side" ? [["2", 2n] as [string, bigint], ...badValues(f)] : badValues(f)) {
        const r = { ...LONG_BIG, [f]: v };
        const err = await expectWitnessFail(t, rawInput(r), `${f} = ${label}`);
        const first = err.trace.split("\n")[0];
        expect(first, `${f} = ${label}`).toMatch(/^Error in template Num2Bits_\d+ line: \d+$/);
        expect(err.trace, `${f} = ${label}`).toMatch(new RegExp(`Error in template ${RANGE[f].file}_\\d+ line: ${rangeLine(f)}\\b`));
      }
    }
  });

  it("negative values passed raw (-1, -2^bits) are reduced mod p by the runtime and refused the same way", async () => {
    for (const f of ["collateral", "size", "entryFunding", "fundingIndex", "mmrBps"] as RangedField[]) {
      for (const v of [-1n, -two(RANGE[f].bits)]) {
        const input = rawInput({ ...LONG_BIG, [f]: mod(v) }, { [f]: v });
        const err = await expectWitnessFail(t, input, `${f} = ${v}`);
        expect(err.trace).toMatch(new RegExp(`${RANGE[f].file}_\\d+ line: ${rangeLine(f)}\\b`));
      }
    }
  });

  it("constraint level: the field's own range constraints hold for the honest witness and fail for every bad value", async () => {
    for (const f of FIELDS) {
      const w = await honestWitness(t, rawInput(LONG_BIG));
      const own = rangeConstraints(f);
      expect(t.firstFailure(w, own)).toBeNull();
      for (const [label, v] of f === "side" ? [["2", 2n] as [string, bigint], ...badValues(f)] : badValues(f)) {
        // best effort for the cheater: the low n bits of the bad value
        const edits: Record<string, bigint> = { [`main.${f}`]: v };
        for (const [, i, bit] of rangeBitNames(f)) edits[`#${i}`] = (v >> BigInt(bit)) & 1n;
        expect(t.firstFailure(t.editWitness(w, edits), own), `${f} = ${label}`).not.toBeNull();
      }
    }
  });

  it("constraint level, exhaustive: no assignment of the 13 free bits range-checks mmrBps = 2^14 or p-1; side = 2 has no bits to choose", async () => {
    const w = await honestWitness(t, rawInput(BASE));
    const own = rangeConstraints("mmrBps");
    const slots = rangeBitNames("mmrBps");
    expect(slots.length).toBe(BITS.rate - 1);
    for (const bad of [two(BITS.rate), P - 1n, two(BITS.rate) + 50n]) {
      const x = t.editWitness(w, { "main.mmrBps": bad });
      let accepted = 0;
      for (let a = 0; a < 1 << slots.length; a++) {
        slots.forEach(([, i], k) => (x[i] = BigInt((a >> k) & 1)));
        if (t.firstFailure(x, own) === null) accepted++;
      }
      expect(accepted, `mmrBps = ${bad}`).toBe(0);
    }
    // sanity: the same search finds exactly one assignment for an in-range value
    const x = t.editWitness(w, { "main.mmrBps": 12_345n });
    let found = 0;
    for (let a = 0; a < 1 << slots.length; a++) {
      slots.forEach(([, i], k) => (x[i] = BigInt((a >> k) & 1)));
      if (t.firstFailure(x, own) === null) found++;
    }
    expect(found).toBe(1);
    // side has no bit slots: its only range constraint is side * (side - 1) = 0
    expect(rangeBitSlots("side")).toEqual([]);
    for (const s of [2n, 3n, P - 1n]) expect(t.firstFailure(t.editWitness(w, { "main.side": s }), rangeConstraints("side"))).not.toBeNull();
  });
});
