/**
 * Circuit-level tests of the committed tiered liquidation circuit (artifacts/liquidation/*) that
 * test/circuits/margin-circuits.test.ts does not already make: the public-input order, out-of-range
 * position / price inputs (witness generator AND constraints), alternative bit decompositions,
 * binding of the position commitment against forged claims, each public input changed alone,
 * circuit Poseidon == src/position/commitment.ts (poseidon-lite) on extreme openings, and negative-equity /
 * funding-driven liquidations. (riskParamsHash, the differential test against the reference model,
 * the exact boundary, every-signal and tier-hint forgeries: margin-circuits.test.ts; constraint
 * counts: sizes.test.ts.) Where the witness generator refuses an input, the test names the
 * component (or main's statement) that refused it. Expected values come from src/model/,
 * src/position/commitment.ts, src/market/risk-params.ts or hand arithmetic, never from the circuit.
 */
import { poseidon2, poseidon5, poseidon12 } from "poseidon-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PriceAttestation, DEV_ORACLE_KEY, attestPrice } from "../../src/price/attestation.js";
import { BITS, CIRCUITS, TIER_ROWS } from "../../src/proof/circuits.js";
import { POSITION_TAG, PRICE_TAG, positionCommitment, priceCommitment } from "../../src/position/commitment.js";
import { liquidationInput } from "../../src/statements/liquidation.js";
import * as margin from "../../src/model/index.js";
import { MAX_RATE_BPS, RISK_TAG, deriveTiers, marginTable, riskParamsHash, tierRows, valueUnit } from "../../src/market/risk-params.js";
import { BUILTIN_MARKETS, type Market } from "../../src/market/markets.js";
import { type PositionTerms, type Side, equity } from "../../src/model/index.js";
import { type Position, commitPosition, newPosition, positionTerms } from "../../src/position/position.js";
import { FUNDING_OFFSET, MAX_FUNDING_ABS } from "../../src/units.js";
import { CircuitTester, P, type WitnessError, mod, terminateCurve } from "../helpers/circuit.js";

const two = (n: number): bigint => 1n << BigInt(n);
const umax = (bits: number): bigint => two(bits) - 1n;
const USD = 10n ** 10n; // BTC-USD value unit: 8 size + 2 price decimals

const BTC = BUILTIN_MARKETS.find((m) => m.symbol === "BTC-USD")!;
const ETH = BUILTIN_MARKETS.find((m) => m.symbol === "ETH-USD")!;

// ---------------------------------------------------------------------------------------------
// Statements in raw circuit terms (unsigned funding, side 0/1), so tests can bypass SDK checks.
// ---------------------------------------------------------------------------------------------

/** The position / price inputs of the liquidation circuit as it sees them (funding indices offset), the liquidator and the market whose risk parameters apply. */
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
  liquidator: bigint;
  market: Market;
}

/**
 * Position commitment of raw (possibly out-of-range) fields, packed as documented in
 * circuits/gadgets/PositionCommitment.circom, arithmetic mod p. Independent of src/position/commitment.ts
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

/** riskParamsHash of the market's table under a raw (possibly out-of-range) market id, as RiskParams.circom hashes it. */
const riskCache = new Map<string, bigint>();
function rawRiskParamsHash(r: Raw): bigint {
  const key = `${r.market.symbol}/${r.marketId}`;
  let h = riskCache.get(key);
  if (h === undefined) {
    const m = r.market;
    h = poseidon12([mod(RISK_TAG * two(BITS.marketId) + r.marketId), valueUnit(m), BigInt(m.penaltyBps), m.lotSize, ...tierRows(m)]);
    riskCache.set(key, h);
  }
  return h;
}

/** Circuit input for a raw statement, with matching commitments and the notional's own tier (unless overridden). */
function rawInput(r: Raw, override: Partial<Record<string, bigint>> = {}): Record<string, bigint | bigint[]> {
  const m = r.market;
  return {
    positionCommitment: rawPositionCommitment(r),
    priceCommitment: rawPriceCommitment(r),
    riskParamsHash: rawRiskParamsHash(r),
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
    unit: valueUnit(m),
    penaltyBps: BigInt(m.penaltyBps),
    lotSize: m.lotSize,
    tierRows: tierRows(m),
    tier: BigInt(margin.tierOf(marginTable(m), r.size * r.markPrice)),
    ...(override as Record<string, bigint>),
  };
}

const termsOf = (r: Raw): PositionTerms => ({
  side: r.side === 0n ? "long" : "short",
  size: r.size,
  entryPrice: r.entryPrice,
  collateral: r.collateral,
  entryFunding: r.entryFunding - FUNDING_OFFSET,
});
const priceOf = (r: Raw) => ({ markPrice: r.markPrice, fundingIndex: r.fundingIndex - FUNDING_OFFSET });

/** Tiered reference-model verdict (src/model/) for an in-range raw statement. */
const modelVerdict = (r: Raw): boolean => margin.isLiquidatable(termsOf(r), priceOf(r), marginTable(r.market));

/*
 * BASE on BTC-USD (tiers: 0.40% up to 50,000 USD notional, 0.50% with cum 50 USD up to 250,000, ...):
 * long 1 BTC @ 60000, collateral 1000 USD, mark 58000: equity 1000 - 2000 = -1000 USD;
 * notional 58000 USD (tier 1): requirement 0.5% * 58000 - 50 = 240 USD. Liquidatable.
 */
const BASE: Raw = {
  marketId: BigInt(BTC.id),
  side: 0n,
  size: 100_000_000n, // 1 BTC (8 size decimals)
  entryPrice: 6_000_000n, // 60000.00
  collateral: 1_000n * USD,
  entryFunding: FUNDING_OFFSET, // signed 0
  owner: 0xabcdefn,
  nonce: 7n,
  salt: 0x1234567890abcdefn,
  markPrice: 5_800_000n, // 58000.00
  fundingIndex: FUNDING_OFFSET,
  timestamp: 1_700_000_000n,
  liquidator: 0x00000000000000000000000000000000000beefn,
  market: BTC,
};

/** A one-tier market of whole units (value unit 1) for hand-built extreme positions. */
const flatMarket = (id: number, mmrBps: number): Market => ({
  id,
  symbol: `T${id}-USD`,
  sizeDecimals: 0,
  priceDecimals: 0,
  mmrBps,
  tiers: deriveTiers([{ floor: 0n, mmrBps }]),
  penaltyBps: 0,
  lotSize: 1n,
});

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
/** main's own checks of the two commitments (the statements that refuse a wrong commitment). */
const CHECK = {
  positionCommitment: "positionHash === positionCommitment;",
  priceCommitment: "priceHash === priceCommitment;",
} as const;
/** Witness generation stopped at main's own check of a commitment. */
function expectCommitmentRefusal(err: WitnessError, which: keyof typeof CHECK, what: string = which): void {
  expect(err.path, what).toBe("main");
  expect(err.statement, what).toBe(CHECK[which]);
}
/** Refused by the margin comparison (the gap's range check), i.e. after every input range check and hash check passed. */
function expectMarginRefusal(err: WitnessError, what = "statement"): void {
  expect(err.path, what).toBe("main.strictlyBelowGap.bits");
}

/** The range check of each position / price input (a component under main) and its width. */
const RANGE = {
  marketId: { component: "position.range[0]", bits: BITS.marketId },
  side: { component: "position.range[1]", bits: 1 },
  size: { component: "position.range[2]", bits: BITS.size },
  entryPrice: { component: "position.range[3]", bits: BITS.price },
  collateral: { component: "position.range[4]", bits: BITS.collateral },
  entryFunding: { component: "position.range[5]", bits: BITS.funding },
  owner: { component: "position.range[6]", bits: BITS.owner },
  nonce: { component: "position.range[7]", bits: BITS.nonce },
  markPrice: { component: "price.range[1]", bits: BITS.price },
  fundingIndex: { component: "price.range[2]", bits: BITS.funding },
  timestamp: { component: "price.range[3]", bits: BITS.timestamp },
} as const;
type RangedField = keyof typeof RANGE;
const FIELDS = Object.keys(RANGE) as RangedField[];
const escape = (s: string): string => s.replace(/[.[\]]/g, "\\$&");

/** [name, witness slot, bit] of the kept bits of the range check on field `f`. */
function rangeBitNames(f: RangedField): [string, number, number][] {
  const re = new RegExp(`^main\\.${escape(RANGE[f].component)}\\.bits\\.out\\[(\\d+)\\]$`);
  return t.select(re).map(([n, i]) => [n, i, Number(re.exec(n)![1])]);
}
const rangeBitSlots = (f: RangedField): number[] => rangeBitNames(f).map(([, i]) => i);
/** The range component's own constraints: those using only ONE, the checked input and its bits. */
function rangeConstraints(f: RangedField): number[] {
  const own = new Set([0, t.index(`main.${f}`), ...rangeBitSlots(f)]);
  return t.constraintsTouching([t.index(`main.${f}`), ...rangeBitSlots(f)]).filter((ci) => t.varsOf(ci).every((v) => own.has(v)));
}
/** The margin comparison's gap (right - left - 1) and its bits: [name, slot, bit]. */
const GAP_RE = /^main\.strictlyBelowGap\.bits\.out\[(\d+)\]$/;
function gapBits(): [string, number, number][] {
  return t.select(GAP_RE).map(([n, i]) => [n, i, Number(GAP_RE.exec(n)![1])]);
}
/** W of UintRange(W): its bits, counted in the .sym including the one the optimiser folded away. */
const gapWidth = (): number => [...t.signals.keys(), ...t.eliminated].filter((n) => GAP_RE.test(n)).length;

const PUBLIC = CIRCUITS.liquidation!.public;
const PRIVATE = [
  "marketId", "side", "size", "entryPrice", "collateral", "entryFunding", "owner", "nonce", "salt",
  "markPrice", "fundingIndex", "timestamp", "unit", "penaltyBps", "lotSize",
  ...Array.from({ length: TIER_ROWS }, (_, k) => `tierRows[${k}]`), "tier",
];

beforeAll(async () => {
  // ZKLIQ_CIRCUIT_DIR: run these tests against other artifacts (e.g. a mutant compiled for mutation testing).
  t = await CircuitTester.load("liquidation", process.env.ZKLIQ_CIRCUIT_DIR || undefined);
});

afterAll(async () => {
  await terminateCurve();
});

// =============================================================================================
describe("public inputs and range-check shape", () => {
  it("4 public inputs in circuits.json order (witness slots 1..4), then the 24 private inputs in declaration order", async () => {
    expect(t.header.prime).toBe(P);
    expect(t.header.nOutputs).toBe(0);
    expect(PUBLIC).toEqual(["positionCommitment", "priceCommitment", "riskParamsHash", "liquidator"]);
    expect(t.header.nPubInputs).toBe(PUBLIC.length);
    expect(t.header.nPrvInputs).toBe(PRIVATE.length);
    // Groth16 public signals are witness slots 1..nPublic, in this order.
    PUBLIC.forEach((n, k) => expect(t.index(`main.${n}`), n).toBe(k + 1));
    PRIVATE.forEach((n, k) => expect(t.index(`main.${n}`), n).toBe(k + 1 + PUBLIC.length));
    const w = await t.honestWitness(rawInput(BASE));
    expect(w.length).toBe(t.nVars);
    expect(w[0]).toBe(1n);
    expect(w.slice(1, 5)).toEqual([rawPositionCommitment(BASE), rawPriceCommitment(BASE), riskParamsHash(BTC), BASE.liquidator]);
  });

  it("every public input is used by some constraint with a non-zero coefficient (front-running)", () => {
    for (const n of PUBLIC) expect(t.constraintsTouching([t.index(`main.${n}`)]).length, n).toBeGreaterThan(0);
  });

  it("each position / price range check costs exactly its width in constraints (a dropped check changes this)", () => {
    for (const f of FIELDS) {
      expect(rangeConstraints(f).length, f).toBe(RANGE[f].bits);
      // one bit slot per bit, except the one the optimiser folded into the recomposition
      expect(rangeBitSlots(f).length, f).toBe(RANGE[f].bits - 1);
    }
    expect(gapWidth()).toBeLessThanOrEqual(252);
  });
});

// =============================================================================================
describe("commitments: circuit Poseidon == TS poseidon-lite (src/position/commitment.ts)", () => {
  // main.positionHash / main.priceHash were optimised away (no witness slot): the circuit's hash IS the
  // public input via `===`, so equality is shown by acceptance of the TS value and refusal of others.
  it("positionHash / priceHash have no witness slot of their own (checked through the public inputs instead)", () => {
    expect(() => t.index("main.positionHash")).toThrow(/eliminated/);
    expect(() => t.index("main.priceHash")).toThrow(/eliminated/);
  });

  it("an SDK position and a signed price prove with the TS commitments; the public slots hold them", async () => {
    // long 1 BTC @ 60000, 100 USD, mark 59950: equity 50 USD < 0.5% * 59950 - 50 = 249.75 USD (tier 1)
    const position = newPosition({ market: "BTC-USD", side: "long", size: "1", entryPrice: "60000", collateral: "100", salt: 42n });
    const price = await attestPrice({ market: "BTC-USD", markPrice: "59950", timestamp: 1_700_000_000 }, DEV_ORACLE_KEY);
    const liquidator = 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n;
    const w = await t.honestWitness(liquidationInput(position, price, liquidator));
    expect(w.slice(1, 5)).toEqual([positionCommitment(position), priceCommitment(price), riskParamsHash(BTC), liquidator]);
    expect(price.commitment).toBe(priceCommitment(price));
  });

  it("the test's raw packing agrees with src/position/commitment.ts and src/market/risk-params.ts on in-range values", () => {
    const position: Position = {
      market: BTC, marketId: BTC.id, side: "long", size: BASE.size, entryPrice: BASE.entryPrice, collateral: BASE.collateral,
      entryFunding: 0n, owner: BASE.owner, nonce: BASE.nonce, salt: BASE.salt,
    };
    expect(rawPositionCommitment(BASE)).toBe(positionCommitment(position));
    expect(rawPriceCommitment(BASE)).toBe(priceCommitment({ marketId: BTC.id, markPrice: BASE.markPrice, fundingIndex: 0n, timestamp: 1_700_000_000 }));
    expect(rawRiskParamsHash(BASE)).toBe(riskParamsHash(BTC));
  });

  it("a commitment off by one is refused by the witness generator at the commitment check, and by the constraints", async () => {
    const input = rawInput(BASE);
    const w = await t.honestWitness(input);
    for (const name of ["positionCommitment", "priceCommitment"] as const) {
      const v = input[name] as bigint;
      const err = await t.expectWitnessFail({ ...input, [name]: mod(v + 1n) }, name);
      expectCommitmentRefusal(err, name);
      t.expectConstraintFail(t.editWitness(w, { [`main.${name}`]: v + 1n }), undefined, name);
    }
  });

  it("every committed field is bound: a TS commitment of the opening with one field changed is refused", async () => {
    const input = rawInput(BASE);
    await t.honestWitness(input);
    const posFields = ["marketId", "side", "size", "entryPrice", "collateral", "entryFunding", "owner", "nonce", "salt"] as const;
    const priceFields = ["marketId", "markPrice", "fundingIndex", "timestamp"] as const;
    for (const f of posFields) {
      const other = { ...BASE, [f]: f === "side" ? 1n : BASE[f] + 1n };
      const err = await t.expectWitnessFail({ ...input, positionCommitment: rawPositionCommitment(other) }, `position ${f}`);
      expectCommitmentRefusal(err, "positionCommitment", f);
    }
    for (const f of priceFields) {
      const other = { ...BASE, [f]: BASE[f] + 1n };
      const err = await t.expectWitnessFail({ ...input, priceCommitment: rawPriceCommitment(other) }, `price ${f}`);
      expectCommitmentRefusal(err, "priceCommitment", f);
    }
  });

  it("extreme openings (every field at 0 or at its maximum, salt 0 / p-1) prove with the src/position/commitment.ts values", async () => {
    const cases: { side: Side; pick: "max" | "min"; salt: bigint }[] = [
      { side: "long", pick: "max", salt: P - 1n },
      { side: "short", pick: "max", salt: 0n },
      { side: "long", pick: "min", salt: 0n },
      { side: "short", pick: "min", salt: P - 1n },
    ];
    for (const c of cases) {
      const hi = c.pick === "max";
      const market = flatMarket(hi ? Number(umax(BITS.marketId)) : 0, hi ? MAX_RATE_BPS : 1);
      // Funding moves against the position by ~2^64 per unit size: bankrupt, so liquidatable.
      const against = c.side === "long" ? 1n : -1n;
      const position: Position = {
        market,
        marketId: market.id,
        side: c.side,
        size: hi ? umax(BITS.size) : 1n, // size 0 is never liquidatable: see the all-zero opening below
        entryPrice: hi ? umax(BITS.price) : 0n,
        collateral: hi ? umax(BITS.collateral) : 0n,
        entryFunding: -against * MAX_FUNDING_ABS,
        owner: hi ? umax(BITS.owner) : 0n,
        nonce: hi ? umax(BITS.nonce) : 0n,
        salt: c.salt,
      };
      const price = unsignedPrice(market, hi ? umax(BITS.price) : 0n, against * MAX_FUNDING_ABS, hi ? Number(umax(BITS.timestamp)) : 0);
      expect(margin.isLiquidatable(positionTerms(position), price, marginTable(market)), `${c.side} ${c.pick}`).toBe(true);
      const input = liquidationInput(position, price, hi ? umax(160) : 0n);
      const w = await t.honestWitness(input);
      expect(w.slice(1, 3), `${c.side} ${c.pick}`).toEqual([positionCommitment(position), priceCommitment(price)]);
    }
  });

  it("the all-zero opening (and all-zero price): the TS commitments pass the hash checks; only the margin check refuses it", async () => {
    const market = flatMarket(0, 1);
    const zero: Position = { market, marketId: 0, side: "long", size: 0n, entryPrice: 0n, collateral: 0n, entryFunding: 0n, owner: 0n, nonce: 0n, salt: 0n };
    const price = unsignedPrice(market, 0n, 0n, 0);
    // equity 0, requirement 0: not liquidatable (equality), so no witness exists; but the hash checks come first
    expect(margin.isLiquidatable(positionTerms(zero), price, marginTable(market))).toBe(false);
    const input = liquidationInput(zero, price, 0n);
    expect(input.positionCommitment).toBe(positionCommitment(zero));
    expectMarginRefusal(await t.expectWitnessFail(input), "all-zero opening");
    const pc = input.positionCommitment as bigint;
    const qc = input.priceCommitment as bigint;
    expectCommitmentRefusal(await t.expectWitnessFail({ ...input, positionCommitment: pc + 1n }), "positionCommitment");
    expectCommitmentRefusal(await t.expectWitnessFail({ ...input, priceCommitment: qc + 1n }), "priceCommitment");
  });
});

// =============================================================================================
describe("negative equity and funding (hand-worked on BTC-USD tiers)", () => {
  it("a loss larger than the collateral is liquidatable for longs and shorts (no wrap-around)", async () => {
    // long 1 BTC @ 60000 -> 50000 with 1000 USD: equity = 1000 - 10000 = -9000 USD
    // short 1 BTC @ 60000 -> 70000 with 1000 USD: equity = 1000 - 10000 = -9000 USD
    for (const [side, mark] of [
      ["long", "50000"],
      ["short", "70000"],
    ] as const) {
      const position = newPosition({ market: "BTC-USD", side, size: "1", entryPrice: "60000", collateral: "1000", salt: 5n });
      const price = await attestPrice({ market: "BTC-USD", markPrice: mark, timestamp: 1_700_000_000 }, DEV_ORACLE_KEY);
      expect(equity(positionTerms(position), price)).toBe(-9000n * USD);
      await t.honestWitness(liquidationInput(position, price, 0n));
    }
  });

  it("deepest bankruptcy at the width limits is liquidatable; the mirrored huge profit is not", async () => {
    // long, size and entry at max, mark 0, collateral 0: equity = -(2^64-1)^2, notional 0 (tier 0, requirement 0)
    const bankruptLong: Raw = { ...BASE, size: umax(64), entryPrice: umax(64), markPrice: 0n, collateral: 0n };
    // short, size and mark at max, entry 0: equity = -(2^64-1)^2 < 15% (tier 7) of notional (2^64-1)^2
    const bankruptShort: Raw = { ...BASE, side: 1n, size: umax(64), entryPrice: 0n, markPrice: umax(64), collateral: 0n };
    for (const r of [bankruptLong, bankruptShort]) {
      expect(modelVerdict(r)).toBe(true);
      await t.honestWitness(rawInput(r));
    }
    // the mirror images are hugely profitable: refused at the margin check (a wrap would accept them)
    for (const r of [
      { ...bankruptLong, side: 1n },
      { ...bankruptShort, side: 0n },
    ]) {
      expect(modelVerdict(r)).toBe(false);
      expectMarginRefusal(await t.expectWitnessFail(rawInput(r)));
    }
  });

  it("at zero notional (requirement 0): equity -1 value unit is liquidatable and equity 0 is not, by price or by funding", async () => {
    // long size 1, entry 1, mark 0: PnL = -1. collateral 0 -> equity -1; collateral 1 -> equity 0.
    const r: Raw = { ...BASE, size: 1n, entryPrice: 1n, markPrice: 0n, collateral: 0n };
    // short size 1, entry = mark = 0, index falls by 1 (shorts pay): owes 1.
    const s: Raw = { ...r, side: 1n, entryPrice: 0n, fundingIndex: FUNDING_OFFSET - 1n };
    for (const x of [r, s]) {
      expect(equity(termsOf(x), priceOf(x))).toBe(-1n);
      expect(modelVerdict(x)).toBe(true);
      await t.honestWitness(rawInput(x));
      expect(modelVerdict({ ...x, collateral: 1n })).toBe(false);
      expectMarginRefusal(await t.expectWitnessFail(rawInput({ ...x, collateral: 1n })));
    }
  });

  it("funding alone makes a position liquidatable: longs pay when the index rises, shorts when it falls", async () => {
    // 1 BTC @ 60000, mark 60000 (PnL 0), collateral 400 USD; notional 60000 USD is tier 1:
    // requirement 0.5% * 60000 - 50 = 250 USD. Owing 150.00 USD leaves equity 250 = requirement
    // (not liquidatable); owing 150.01 leaves 249.99 (liquidatable).
    for (const [side, sign] of [
      ["long", ""],
      ["short", "-"],
    ] as const) {
      const position = newPosition({ market: "BTC-USD", side, size: "1", entryPrice: "60000", collateral: "400", salt: 8n });
      const at = async (f: string) => attestPrice({ market: "BTC-USD", markPrice: "60000", fundingIndex: f, timestamp: 1_700_000_000 }, DEV_ORACLE_KEY);
      const table = marginTable(BTC);
      const check = async (f: string, liquidatable: boolean) => {
        const price = await at(f);
        expect(margin.isLiquidatable(positionTerms(position), price, table), `${side} index ${f}`).toBe(liquidatable);
        if (liquidatable) await t.honestWitness(liquidationInput(position, price, 0n));
        else expectMarginRefusal(await t.expectWitnessFail(liquidationInput(position, price, 0n)), `${side} index ${f}`);
      };
      expect(margin.requirementTimesBps(table, position.size * 6_000_000n)).toBe(250n * USD * 10_000n);
      await check("0", false);
      await check(`${sign}150`, false);
      await check(`${sign}150.01`, true);
      // the same move in the other direction is income, not a liability
      await check(sign === "" ? "-150.01" : "150.01", false);
    }
  });
});

// =============================================================================================
describe("forged witnesses: the constraints, not the witness generator, refuse them", () => {
  let honest: bigint[];
  beforeAll(async () => {
    honest = await t.honestWitness(rawInput(BASE));
  });

  describe("binding: a claim under a HEALTHY position's commitment", () => {
    // H: long 1 BTC @ 60000, 2000 USD collateral, mark 59000: equity 1000 USD >= 0.5% * 59000 - 50 = 245 USD.
    const H: Raw = { ...BASE, collateral: 2_000n * USD, markPrice: 5_900_000n };
    let posH: bigint[];
    beforeAll(async () => {
      expect(modelVerdict(H)).toBe(false);
      // H's position at 58000 is liquidatable (equity 0 < 240): its honest witness holds H's position-commitment part.
      posH = await t.honestWitness(rawInput({ ...H, markPrice: 5_800_000n }));
    });

    /**
     * The claim is liquidatable and has a valid witness under its OWN commitment (control); with H's public
     * commitment and H's commitment sub-witness in its place (what a cheater would reuse), constraints of
     * the position commitment fail.
     */
    async function expectBindingFailure(label: string, honestStatement: Raw, claim: Raw, posSrc: readonly bigint[]): Promise<void> {
      expect(modelVerdict(claim), label).toBe(true);
      expect(rawPositionCommitment(claim), label).not.toBe(rawPositionCommitment(honestStatement));
      const own = await t.honestWitness(rawInput(claim));
      const posSlots = t.select(/^main\.position\./).map(([, i]) => i);
      const edits: Record<string, bigint> = { "main.positionCommitment": rawPositionCommitment(honestStatement) };
      for (const i of posSlots) edits[`#${i}`] = posSrc[i]!;
      const slotSet = new Set(posSlots);
      for (const [what, w] of [
        ["public commitment swapped", t.editWitness(own, { "main.positionCommitment": rawPositionCommitment(honestStatement) })],
        ["public commitment and commitment sub-witness swapped", t.editWitness(own, edits)],
      ] as const) {
        t.expectConstraintFail(w, undefined, `${label}: ${what}`);
        expect(
          t.failures(w).some((ci) => t.varsOf(ci).some((v) => slotSet.has(v) || v === t.index("main.positionCommitment"))),
          `${label}: ${what}: no position-commitment constraint failed`,
        ).toBe(true);
      }
    }

    it("claiming less collateral, a bigger size or a higher entry price fails", async () => {
      const claims: [string, Raw][] = [
        ["collateral 0", { ...H, collateral: 0n }], // equity -1000 USD
        ["entry price 70000", { ...H, entryPrice: 7_000_000n }], // equity -9000 USD
        ["size 10 BTC", { ...H, size: 1_000_000_000n }], // equity -8000 USD (notional 590000: tier 2)
      ];
      for (const [label, claim] of claims) await expectBindingFailure(label, H, claim, posH);
    });

    it("claiming the other side fails", async () => {
      // G: long 1 BTC @ 60000, 1000 USD, mark 61000: equity 2000 USD, healthy. As a short: 1000 - 1000 = 0 < 255 USD.
      const G: Raw = { ...BASE, collateral: 1_000n * USD, markPrice: 6_100_000n };
      expect(modelVerdict(G)).toBe(false);
      const posG = await t.honestWitness(rawInput({ ...G, markPrice: 5_800_000n }));
      await expectBindingFailure("side short", G, { ...G, side: 1n }, posG);
    });
  });

  it("alternative decompositions: range-check bits taken from x + p (mod 2^n) fail for every range-checked input, and for the margin gap", () => {
    for (const f of FIELDS) {
      const names = rangeBitNames(f);
      if (names.length === 0) continue; // side: its single bit is the input itself (booleanity tested below)
      const x = honest[t.index(`main.${f}`)]!;
      const alias = (x + P) % two(RANGE[f].bits);
      expect(alias, f).not.toBe(x);
      const edits: Record<string, bigint> = {};
      for (const [, i, bit] of names) edits[`#${i}`] = (alias >> BigInt(bit)) & 1n;
      t.expectConstraintFail(t.editWitness(honest, edits), `main.${RANGE[f].component}`, `${f} bits of x + p`);
    }
    const W = gapWidth();
    const [gapIn] = t.select(/^main\.strictlyBelowGap\.in$/);
    const v = honest[gapIn![1]]!;
    expect(v >= 0n && v < two(W)).toBe(true);
    const n = two(W);
    for (const alias of [(v + P) % n, (((v - P) % n) + n) % n]) {
      const edits: Record<string, bigint> = {};
      for (const [, i, bit] of gapBits()) edits[`#${i}`] = (alias >> BigInt(bit)) & 1n;
      t.expectConstraintFail(t.editWitness(honest, edits), "main.strictlyBelowGap", "gap alias");
    }
  });

  it("changing one public input alone (to +1 or to a plausible other value) fails", () => {
    const other = rawInput({ ...BASE, nonce: 8n, markPrice: 5_700_000n });
    const alternatives: Record<string, bigint[]> = {
      positionCommitment: [other.positionCommitment as bigint, P - 1n],
      priceCommitment: [other.priceCommitment as bigint, 0n],
      riskParamsHash: [riskParamsHash(ETH), riskParamsHash({ ...BTC, penaltyBps: BTC.penaltyBps + 1 }), 0n],
      liquidator: [0x70997970c51812dc3a010c7d01b50e0d17dc79c8n, 0n, BASE.liquidator + two(160)],
    };
    for (const n of PUBLIC) {
      const i = t.index(`main.${n}`);
      t.expectConstraintFail(t.editWitness(honest, { [`#${i}`]: honest[i]! + 1n }), undefined, `${n} + 1`);
      for (const v of alternatives[n]!) t.expectConstraintFail(t.editWitness(honest, { [`#${i}`]: v }), undefined, `${n} = ${v}`);
    }
  });

  it("documents: liquidator is bound only through its square, so p - liquidator (not an address) also satisfies the R1CS", () => {
    // Harmless as long as the verifier / contract compares the public liquidator to the caller exactly
    // (p - a >= 2^160 is never an address); recorded here so a change of this binding is noticed.
    const i = t.index("main.liquidator");
    expect(t.satisfied(t.editWitness(honest, { [`#${i}`]: P - BASE.liquidator }))).toBe(true);
    expect(P - BASE.liquidator >= two(160)).toBe(true);
  });
});

// =============================================================================================
describe("out-of-range position / price inputs", () => {
  const badValues = (f: RangedField): [string, bigint][] => {
    const n = RANGE[f].bits;
    return [
      ...(f === "side" ? ([["2", 2n]] as [string, bigint][]) : []),
      ["2^bits", two(n)],
      ["2^bits + 1", two(n) + 1n],
      ["p-1", P - 1n],
      ["p-1000", P - 1000n],
      ["2^252", two(252)],
      ...(f === "side" ? ([["3", 3n]] as [string, bigint][]) : []),
    ];
  };
  // Loss 2^63 * 2^62 = 2^125 value units, far beyond any collateral and above 15% (top tier) of the notional: liquidatable whatever else changes.
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
          await t.honestWitness(rawInput(r));
          accepted++;
        } else {
          // only size 0 (never liquidatable): refused by the margin check, i.e. AFTER every range check passed
          expect([f, v]).toEqual(["size", 0n]);
          expectMarginRefusal(await t.expectWitnessFail(rawInput(r)), "size 0");
        }
      }
    }
    expect(accepted).toBe(2 * FIELDS.length - 1);
  });

  it("the witness generator refuses 2^bits, 2^bits+1, p-1, p-1000, 2^252 (and side 2, 3) AT THAT INPUT'S RANGE CHECK", async () => {
    for (const f of FIELDS) {
      for (const [label, v] of badValues(f)) {
        const err = await t.expectWitnessFail(rawInput({ ...LONG_BIG, [f]: v }), `${f} = ${label}`);
        expect(err.path, `${f} = ${label}`).toBe(`main.${RANGE[f].component}.bits`);
      }
    }
  });

  it("negative values passed raw (-1, -2^bits) are reduced mod p by the runtime and refused the same way", async () => {
    for (const f of ["collateral", "size", "entryFunding", "fundingIndex"] as RangedField[]) {
      for (const v of [-1n, -two(RANGE[f].bits)]) {
        const input = rawInput({ ...LONG_BIG, [f]: mod(v) }, { [f]: v });
        const err = await t.expectWitnessFail(input, `${f} = ${v}`);
        expect(err.path, `${f} = ${v}`).toBe(`main.${RANGE[f].component}.bits`);
      }
    }
  });

  it("constraint level: the input's own range constraints hold for the honest witness and fail for every bad value", async () => {
    const w = await t.honestWitness(rawInput(LONG_BIG));
    for (const f of FIELDS) {
      const own = rangeConstraints(f);
      expect(own.length, f).toBeGreaterThan(0);
      expect(t.firstFailure(w, own)).toBeNull();
      for (const [label, v] of badValues(f)) {
        // best effort for the cheater: the low n bits of the bad value
        const edits: Record<string, bigint> = { [`main.${f}`]: v };
        for (const [, i, bit] of rangeBitNames(f)) edits[`#${i}`] = (v >> BigInt(bit)) & 1n;
        expect(t.firstFailure(t.editWitness(w, edits), own), `${f} = ${label}`).not.toBeNull();
      }
    }
  });

  it("side has no bit slots: its only range constraint is side * (side - 1) = 0", async () => {
    const w = await t.honestWitness(rawInput(BASE));
    expect(rangeBitSlots("side")).toEqual([]);
    expect(rangeConstraints("side").length).toBe(1);
    for (const s of [2n, 3n, P - 1n]) expect(t.firstFailure(t.editWitness(w, { "main.side": s }), rangeConstraints("side"))).not.toBeNull();
  });
});
