// Disclosure proofs end to end in the SDK: real Groth16 proofs with the committed keys.
import * as snarkjs from "snarkjs";
import { riskParamsHash } from "../../src/market/risk-params.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadVerificationKey } from "../../src/proof/artifacts.js";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, type PriceAttestation, attestPrice } from "../../src/price/attestation.js";
import type { ProofBundle } from "../../src/proof/bundle.js";
import { CIRCUITS } from "../../src/proof/circuits.js";
import {
  type DisclosureClaims,
  describeClaims,
  newChallenge,
  parseClaims,
  proveDisclosure,
  verifyDisclosure,
} from "../../src/statements/disclosure.js";
import { proveLiquidation, verifyLiquidation } from "../../src/statements/liquidation.js";
import { BUILTIN_MARKETS } from "../../src/market/markets.js";
import { type Position, commitPosition, newPosition } from "../../src/position/position.js";
import { Prover, shutdown } from "../../src/proof/prover.js";
import { FIELD_ORDER, toHex32 } from "../../src/units.js";

const BTC_USD = BUILTIN_MARKETS[0]!;
const NOW = 1_795_000_000;
const EXPIRES = NOW + 3600;
const CHALLENGE = newChallenge();
let prover: Prover;
let price: PriceAttestation; // BTC-USD mark 54200
let at50k: PriceAttestation; // BTC-USD mark 50000
let bundle: ProofBundle; // all four claims, true

// 0.5 BTC long @ 60000, 6000 USD collateral; at 54200: equity 3100, notional 27100,
// margin ratio 11.439%, leverage 8.742x, tiered liquidation price (tier 1, 0.40%) 48192.771
const healthy = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" });
const ALL = parseClaims({ minMarginRatio: "10%", maxLeverage: "9", liqPriceBeyond: "48300", notionalRange: "20000:30000" }, BTC_USD);
const opts = { challenge: CHALLENGE, now: NOW + 10, oracle: DEV_ORACLE_ADDRESS, maxAgeSeconds: 600 };

const prove = (position: Position, claims: DisclosureClaims, p = price) =>
  proveDisclosure({ position, price: p, claims, challenge: CHALLENGE, expiresAt: EXPIRES, prover, now: NOW });
const clone = (): ProofBundle => structuredClone(bundle);

beforeAll(async () => {
  prover = await Prover.load({ circuit: "disclosure" });
  price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: NOW }, DEV_ORACLE_KEY);
  at50k = await attestPrice({ market: "BTC-USD", markPrice: "50000", timestamp: NOW }, DEV_ORACLE_KEY);
  bundle = await prove(healthy, ALL);
});
afterAll(shutdown);

describe("true claims prove and verify", () => {
  it("all four claims in one proof; the bundle names its public values and its claims", async () => {
    const r = await verifyDisclosure(bundle, { ...opts, commitment: commitPosition(healthy) });
    expect(r).toMatchObject({ valid: true, warnings: [], expiresAt: EXPIRES });
    expect(r.claims).toEqual(describeClaims(ALL, BTC_USD));
    expect(r.claims.map((c) => c.claim)).toEqual(["minMarginRatio", "maxLeverage", "liquidationPriceBeyond", "notionalRange"]);
    expect(bundle.claims).toEqual(r.claims);
    expect(r.public).toEqual({
      positionCommitment: toHex32(commitPosition(healthy)),
      priceCommitment: toHex32(price.commitment),
      riskParamsHash: toHex32(riskParamsHash(BTC_USD)),
      challenge: CHALLENGE,
      expiresAt: String(EXPIRES),
      claimMask: "15",
      minMarginBps: "1000",
      maxLeverageBps: "90000",
      liqPriceBound: "4830000",
      notionalMin: String(20_000n * 10n ** 10n),
      notionalMax: String(30_000n * 10n ** 10n),
    });
    expect(r.reason).toMatch(/4 claims proven/);
  });

  it("the proof checks with plain snarkjs and the committed verification key", async () => {
    const { vkey } = loadVerificationKey("disclosure");
    expect(await snarkjs.groth16.verify(vkey, bundle.publicSignals, bundle.proof)).toBe(true);
  });

  const each: [string, DisclosureClaims][] = [
    ["margin ratio >= 11.43%", { minMarginBps: 1143n }],
    ["leverage <= 8.75x", { maxLeverageBps: 87_500n }],
    ["liquidation price beyond 48192.78", { liqPriceBound: 4_819_278n }],
    ["notional in [27100, 27100]", { notionalMin: 27_100n * 10n ** 10n, notionalMax: 27_100n * 10n ** 10n }],
  ];
  for (const [what, claims] of each) {
    it(`${what} alone`, async () => {
      const b = await prove(healthy, claims);
      const r = await verifyDisclosure(b, opts);
      expect(r.valid).toBe(true);
      expect(r.claims).toEqual(describeClaims(claims, BTC_USD));
    });
  }
});

describe("false claims: no proof, the violated claim in words", () => {
  const each: [string, DisclosureClaims, RegExp][] = [
    ["margin ratio >= 11.44%", { minMarginBps: 1144n }, /claim is false: margin ratio 11\.43% is below the claimed 11\.44%/],
    ["leverage <= 8.74x", { maxLeverageBps: 87_400n }, /claim is false: leverage 8\.75x is above the claimed 8\.74x/],
    ["liquidation price beyond 48192.77", { liqPriceBound: 4_819_277n }, /claim is false: liquidation price 48192\.77 USD is above the claimed 48192\.77 USD \(long\)/],
    ["notional in [27100.01, 30000]", { notionalMin: 27_100n * 10n ** 10n + 10n ** 8n, notionalMax: 30_000n * 10n ** 10n }, /claim is false: notional 27100 USD is outside/],
  ];
  for (const [what, claims, re] of each) {
    it(what, async () => {
      await expect(prove(healthy, claims)).rejects.toMatchObject({ kind: "statement-false", message: expect.stringMatching(re) });
    });
  }
  it("several false claims are all named; a true one among them is not", async () => {
    const err = await prove(healthy, { minMarginBps: 2000n, maxLeverageBps: 90_000n, liqPriceBound: 4_500_000n }).catch((e) => e);
    expect(err.kind).toBe("statement-false");
    expect(err.message).toMatch(/^2 claims are false: margin ratio .*; liquidation price .*no disclosure proof exists$/);
    expect(err.message).not.toMatch(/leverage/);
  });
});

describe("boundaries exactly at X, L and B (hand-worked, mark 50000)", () => {
  // long 1 BTC @ 50000, collateral 5000: equity 5000 on notional 50000 -> exactly 10%, exactly 10x
  const tenPercent = newPosition({ market: "BTC-USD", side: "long", size: "1", entryPrice: "50000", collateral: "5000" });
  // long 1 BTC @ 50000, collateral 10160: at 40000 (tier 1) equity 160 = requirement 0.40% x 40000 -> LP exactly 40000
  const long40k = newPosition({ market: "BTC-USD", side: "long", size: "1", entryPrice: "50000", collateral: "10160" });
  // short 1 BTC @ 50000, collateral 10250: at 60000 (tier 2) equity 250 = requirement 0.50% x 60000 - 50 -> LP exactly 60000
  const short60k = newPosition({ market: "BTC-USD", side: "short", size: "1", entryPrice: "50000", collateral: "10250" });

  it("margin ratio exactly 10% and leverage exactly 10x prove; 10.01% and 9.9999x do not", async () => {
    const b = await prove(tenPercent, parseClaims({ minMarginRatio: "10%", maxLeverage: "10" }, BTC_USD), at50k);
    expect((await verifyDisclosure(b, opts)).valid).toBe(true);
    await expect(prove(tenPercent, { minMarginBps: 1001n }, at50k)).rejects.toMatchObject({ kind: "statement-false" });
    await expect(prove(tenPercent, { maxLeverageBps: 99_999n }, at50k)).rejects.toMatchObject({ kind: "statement-false" });
  });
  it("long: liquidation price exactly 40000 proves 'beyond 40000', not 'beyond 39999.99'", async () => {
    const b = await prove(long40k, { liqPriceBound: 4_000_000n }, at50k);
    expect((await verifyDisclosure(b, opts)).valid).toBe(true);
    await expect(prove(long40k, { liqPriceBound: 3_999_999n }, at50k)).rejects.toMatchObject({
      kind: "statement-false",
      message: expect.stringMatching(/liquidation price 40000\.00 USD is above the claimed 39999\.99 USD \(long\)/),
    });
  });
  it("short: liquidation price exactly 60000 proves 'beyond 60000', not 'beyond 60000.01'; the same bundle shape as a long", async () => {
    const b = await prove(short60k, { liqPriceBound: 6_000_000n }, at50k);
    const r = await verifyDisclosure(b, opts);
    expect(r.valid).toBe(true);
    // the verifier sees the same claim text and public values for a long or a short: the side stays hidden
    const l = await prove(long40k, { liqPriceBound: 6_000_000n }, at50k);
    expect((await verifyDisclosure(l, opts)).claims).toEqual(r.claims);
    expect(Object.keys(l.public)).toEqual(Object.keys(b.public));
    await expect(prove(short60k, { liqPriceBound: 6_000_001n }, at50k)).rejects.toMatchObject({
      kind: "statement-false",
      message: expect.stringMatching(/liquidation price 60000\.00 USD is below the claimed 60000\.01 USD \(short\)/),
    });
  });
});

describe("replay: challenge and expiry", () => {
  it("another verifier's challenge is refused", async () => {
    const r = await verifyDisclosure(bundle, { ...opts, challenge: newChallenge() });
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/it was made for another verifier/);
  });
  it("valid up to and including expiresAt, refused one second later", async () => {
    expect((await verifyDisclosure(bundle, { ...opts, now: EXPIRES, maxAgeSeconds: undefined })).valid).toBe(true);
    const r = await verifyDisclosure(bundle, { ...opts, now: EXPIRES + 1, maxAgeSeconds: undefined });
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/disclosure expired at /);
  });
  it("a bundle re-labelled with another challenge or a later expiry fails the proof", async () => {
    const other = newChallenge();
    const b = clone();
    b.publicSignals[3] = BigInt(other).toString();
    b.public.challenge = other;
    expect((await verifyDisclosure(b, { ...opts, challenge: other })).reason).toMatch(/Groth16 proof does not verify/);
    const c = clone();
    c.publicSignals[4] = String(EXPIRES + 86_400);
    c.public.expiresAt = c.publicSignals[4]!;
    expect((await verifyDisclosure(c, { ...opts, now: EXPIRES + 60, maxAgeSeconds: undefined })).reason).toMatch(/Groth16 proof does not verify/);
  });
  it("no challenge given is refused, without throwing", async () => {
    const r = await verifyDisclosure(bundle, { ...opts, challenge: undefined as unknown as string });
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/challenge/);
  });
  it("the prover refuses an expiry that is not in the future or beyond the circuit width, and a challenge >= p", async () => {
    const base = { position: healthy, price, claims: ALL, challenge: CHALLENGE, prover, now: NOW };
    await expect(proveDisclosure({ ...base, expiresAt: NOW })).rejects.toMatchObject({ kind: "bad-input", message: expect.stringMatching(/not in the future/) });
    await expect(proveDisclosure({ ...base, expiresAt: 2 ** 40 })).rejects.toMatchObject({ kind: "bad-input" });
    await expect(proveDisclosure({ ...base, expiresAt: EXPIRES, challenge: FIELD_ORDER })).rejects.toMatchObject({ kind: "bad-input" });
    await expect(proveDisclosure({ ...base, expiresAt: EXPIRES, challenge: "0xzz" })).rejects.toMatchObject({ kind: "bad-input" });
  });
});

describe("verification rejects", () => {
  const names = CIRCUITS.disclosure!.public;
  for (const [i, name] of names.entries()) {
    it(`a proof whose public signal ${name} alone is changed`, async () => {
      const b = clone();
      b.publicSignals[i] = (BigInt(b.publicSignals[i]!) + 1n).toString();
      const { vkey } = loadVerificationKey("disclosure");
      expect(await snarkjs.groth16.verify(vkey, b.publicSignals, b.proof)).toBe(false);
      b.public[name] = ["positionCommitment", "priceCommitment", "challenge"].includes(name)
        ? toHex32(BigInt(b.publicSignals[i]!))
        : b.publicSignals[i]!;
      expect((await verifyDisclosure(b, opts)).valid).toBe(false);
    });
  }
  it("claims in words that do not match the public values", async () => {
    const b = clone();
    b.claims![0]!.text = "margin ratio (equity / notional) >= 50%";
    expect((await verifyDisclosure(b, opts)).reason).toMatch(/claims in words do not match/);
  });
  it("a threshold raised consistently everywhere (signals, names, words) fails the proof", async () => {
    const b = clone();
    const i = names.indexOf("minMarginBps");
    b.publicSignals[i] = "1200";
    b.public.minMarginBps = "1200";
    b.claims = describeClaims({ ...ALL, minMarginBps: 1200n }, BTC_USD);
    expect((await verifyDisclosure(b, opts)).reason).toMatch(/Groth16 proof does not verify/);
  });
  it("a public signal + field order", async () => {
    const b = clone();
    b.publicSignals[5] = (BigInt(b.publicSignals[5]!) + FIELD_ORDER).toString();
    b.public.claimMask = b.publicSignals[5]!;
    expect((await verifyDisclosure(b, opts)).reason).toMatch(/not below the field order/);
  });
  it("a proof about one commitment checked against another", async () => {
    const r = await verifyDisclosure(bundle, { ...opts, commitment: commitPosition(newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" })) });
    expect(r.reason).toMatch(/not the expected/);
  });
  it("another oracle, a stale price, a price edited after signing", async () => {
    expect((await verifyDisclosure(bundle, { ...opts, oracle: "0x" + "11".repeat(20) })).reason).toMatch(/not by the trusted oracle/);
    expect((await verifyDisclosure(bundle, { ...opts, now: NOW + 601 })).reason).toMatch(/601 s old/);
    const b = clone();
    b.price.markPrice = "54300";
    expect((await verifyDisclosure(b, opts)).reason).toMatch(/does not match the attested price fields/);
  });
  it("a market whose tier table differs from the proof's", async () => {
    const tiers = BTC_USD.tiers.map((t, i) => (i === 2 ? { ...t, mmrBps: 101, cumBps: t.cumBps + 250_000n * 1n } : t));
    const markets = BUILTIN_MARKETS.map((m) => (m.id === 1 ? { ...m, tiers } : m));
    expect((await verifyDisclosure(bundle, { ...opts, markets })).reason).toMatch(/proof uses risk parameters .* BTC-USD's tier table/);
  });
  it("liquidation and disclosure bundles are not confused", async () => {
    expect((await verifyLiquidation(bundle, opts)).reason).toMatch(/circuit "disclosure", not "liquidation"/);
    const liqProver = await Prover.load();
    const underwater = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
    const liq = await proveLiquidation({ position: underwater, price, prover: liqProver });
    expect((await verifyDisclosure(liq, opts)).reason).toMatch(/circuit "liquidation", not "disclosure"/);
  });
  it("a bundle made for another verification key; malformed bundles, without throwing", async () => {
    expect((await verifyDisclosure({ ...clone(), vkeyHash: "0x" + "00".repeat(32) }, opts)).reason).toMatch(/not the trusted/);
    expect((await verifyDisclosure(null, opts)).valid).toBe(false);
    expect((await verifyDisclosure({ ...clone(), publicSignals: ["1"] }, opts)).reason).toMatch(/expected 11 public signals/);
  });
});

describe("prover input checks", () => {
  it("a price for another market, no claims, and a bad attestation are bad input", async () => {
    const eth = await attestPrice({ market: "ETH-USD", markPrice: "1000", timestamp: NOW }, DEV_ORACLE_KEY);
    await expect(prove(healthy, ALL, eth)).rejects.toMatchObject({ kind: "bad-input" });
    await expect(prove(healthy, {})).rejects.toMatchObject({ kind: "bad-input", message: expect.stringMatching(/no claim to prove/) });
    await expect(prove(healthy, ALL, { ...price, markPrice: 5_430_000n })).rejects.toMatchObject({ kind: "bad-input" });
  });
});
