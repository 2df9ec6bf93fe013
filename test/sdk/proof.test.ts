// Proof-level tests: real Groth16 proofs with the committed keys, verified by the SDK.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ARTIFACTS_DIR, assertContributed, loadVerificationKey } from "../../src/proof/artifacts.js";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice, type PriceAttestation } from "../../src/price/attestation.js";
import type { ProofBundle } from "../../src/proof/bundle.js";
import { riskParamsHash } from "../../src/market/risk-params.js";
import { BUILTIN_MARKETS, findMarket } from "../../src/market/markets.js";
import { proveLiquidation, verifyLiquidation } from "../../src/statements/liquidation.js";
import { commitPosition, newPosition, type Position } from "../../src/position/position.js";
import { Prover, shutdown } from "../../src/proof/prover.js";
import { FIELD_ORDER, toHex32 } from "../../src/units.js";

const NOW = 1_795_000_000;
const LIQUIDATOR = "0x1234567890123456789012345678901234567890";
let prover: Prover;
let position: Position;
let price: PriceAttestation;
let bundle: ProofBundle;

const opts = { oracle: DEV_ORACLE_ADDRESS, maxAgeSeconds: 60, now: NOW + 10 };
const clone = (): ProofBundle => structuredClone(bundle);

beforeAll(async () => {
  prover = await Prover.load();
  position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
  price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: NOW }, DEV_ORACLE_KEY);
  bundle = await proveLiquidation({ position, price, prover, liquidator: LIQUIDATOR });
});
afterAll(shutdown);

describe("prove and verify", () => {
  it("a warm prover makes further valid proofs; the bundle names its public values", async () => {
    const r = await verifyLiquidation(bundle, { ...opts, commitment: commitPosition(position), liquidator: LIQUIDATOR });
    expect(r).toMatchObject({ valid: true, warnings: [] });
    expect(r.public).toEqual({
      positionCommitment: toHex32(commitPosition(position)),
      priceCommitment: toHex32(price.commitment),
      riskParamsHash: toHex32(riskParamsHash(findMarket("BTC-USD"))),
      liquidator: LIQUIDATOR,
    });
    const short = newPosition({ market: "BTC-USD", side: "short", size: "2", entryPrice: "50000", collateral: "8000" });
    const second = await proveLiquidation({ position: short, price, prover });
    expect((await verifyLiquidation(second, opts)).valid).toBe(true);
  });

  it("warns when no oracle or age is required", async () => {
    const r = await verifyLiquidation(bundle, { now: NOW });
    expect(r.valid).toBe(true);
    expect(r.warnings.join(" ")).toMatch(/not checked against a trusted oracle/);
  });

  it("refuses to prove a healthy position, with the margin figures", async () => {
    const healthy = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" });
    // equity 6000 - 2900 = 3100; ratio 3100/27100 = 11.43%; notional 27,100 is in BTC-USD's first tier (0.40%)
    await expect(proveLiquidation({ position: healthy, price, prover })).rejects.toMatchObject({
      kind: "statement-false",
      message: expect.stringMatching(/position is healthy: margin ratio 11\.43% >= maintenance 0\.40%/),
    });
  });

  it("refuses a price for another market", async () => {
    const eth = await attestPrice({ market: "ETH-USD", markPrice: "1000", timestamp: NOW }, DEV_ORACLE_KEY);
    await expect(proveLiquidation({ position, price: eth, prover })).rejects.toMatchObject({ kind: "bad-input" });
  });
});

describe("verification rejects", () => {
  const names = ["positionCommitment", "priceCommitment", "riskParamsHash", "liquidator"];
  for (const [i, name] of names.entries()) {
    it(`a proof whose public signal ${name} alone is changed (Groth16 check)`, async () => {
      const b = clone();
      b.publicSignals[i] = (BigInt(b.publicSignals[i]!) + 1n).toString();
      const { vkey } = loadVerificationKey("liquidation");
      expect(await snarkjs.groth16.verify(vkey, b.publicSignals, b.proof)).toBe(false);
      expect(await snarkjs.groth16.verify(vkey, bundle.publicSignals, bundle.proof)).toBe(true);
      b.public[name] = b.publicSignals[i]!;
      // Give the verifier a price that agrees with the tampered value so only the proof can fail.
      // (No market table hashes to a tampered riskParamsHash: the SDK check refuses it before the proof.)
      if (name === "priceCommitment") b.price.commitment = toHex32(BigInt(b.publicSignals[i]!));
      const r = await verifyLiquidation(b, opts);
      expect(r.valid).toBe(false);
    });
  }

  it("a proof whose named value disagrees with publicSignals", async () => {
    const b = clone();
    b.public.riskParamsHash = "0x01";
    expect((await verifyLiquidation(b, opts)).reason).toMatch(/named public value "riskParamsHash"/);
  });

  it("a proof checked against another risk table for its market (another tier rate, penalty or lot)", async () => {
    const btc = findMarket("BTC-USD");
    for (const other of [{ ...btc, penaltyBps: 21 }, { ...btc, lotSize: 1n }]) {
      const markets = BUILTIN_MARKETS.map((m) => (m.id === 1 ? other : m));
      const r = await verifyLiquidation(bundle, { ...opts, markets });
      expect(r.valid).toBe(false);
      expect(r.reason).toMatch(/proof uses risk parameters 0x[0-9a-f]{64} but BTC-USD's tier table, penalty and lot step hash to/);
    }
  });

  it("a public signal + field order (same value mod p)", async () => {
    const b = clone();
    b.publicSignals[2] = (BigInt(b.publicSignals[2]!) + FIELD_ORDER).toString();
    b.public.riskParamsHash = b.publicSignals[2]!;
    expect((await verifyLiquidation(b, opts)).reason).toMatch(/not below the field order/);
  });

  it("a tampered proof point", async () => {
    const b = clone();
    b.proof.pi_a[0] = (BigInt(b.proof.pi_a[0]!) + 1n).toString();
    expect((await verifyLiquidation(b, opts)).valid).toBe(false);
  });

  it("a proof for one commitment checked against another", async () => {
    const other = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
    const r = await verifyLiquidation(bundle, { ...opts, commitment: commitPosition(other) });
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/not the expected/);
  });

  it("another liquidator, another oracle, a stale or future price", async () => {
    expect((await verifyLiquidation(bundle, { ...opts, liquidator: "0x" + "99".repeat(20) })).reason).toMatch(/bound to liquidator/);
    expect((await verifyLiquidation(bundle, { ...opts, oracle: "0x" + "11".repeat(20) })).reason).toMatch(/not by the trusted oracle/);
    expect((await verifyLiquidation(bundle, { ...opts, now: NOW + 61 })).reason).toMatch(/61 s old/);
    expect((await verifyLiquidation(bundle, { ...opts, now: NOW + 60 })).valid).toBe(true);
    expect((await verifyLiquidation(bundle, { ...opts, now: NOW - 1 })).reason).toMatch(/in the future/);
  });

  it("a price edited after signing, or signed by someone else", async () => {
    const b = clone();
    b.price.markPrice = "54100";
    expect((await verifyLiquidation(b, opts)).reason).toMatch(/does not match the attested price fields/);
    const forged = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: NOW }, `0x${"42".repeat(32)}`);
    const c = clone();
    c.price.signature = forged.signature;
    expect((await verifyLiquidation(c, opts)).reason).toMatch(/not by the named oracle/);
  });

  it("a bundle made for another verification key", async () => {
    const b = clone();
    b.vkeyHash = "0x" + "00".repeat(32);
    expect((await verifyLiquidation(b, opts)).reason).toMatch(/not the trusted/);
  });

  it("malformed bundles, without throwing", async () => {
    expect((await verifyLiquidation(null)).valid).toBe(false);
    expect((await verifyLiquidation({ ...clone(), format: "x" })).reason).toMatch(/format/);
    expect((await verifyLiquidation({ ...clone(), publicSignals: ["1"] }, opts)).reason).toMatch(/expected 4 public signals/);
  });
});

describe("artifact integrity", () => {
  it("a tampered zkey is refused by the prover", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zkliq-art-"));
    cpSync(DEFAULT_ARTIFACTS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith(".ptau") });
    const zkey = join(dir, "liquidation", "liquidation.zkey");
    const data = readFileSync(zkey);
    data[data.length - 100]! ^= 1;
    writeFileSync(zkey, data);
    await expect(Prover.load({ artifactsDir: dir })).rejects.toThrow(/does not match its sha256/);
  });

  it("a zkey with no phase-2 contribution (delta == gamma) is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zkliq-z0-"));
    const z0 = join(dir, "z0.zkey");
    const manifest = JSON.parse(readFileSync(join(DEFAULT_ARTIFACTS_DIR, "manifest.json"), "utf8"));
    await snarkjs.zKey.newZKey(
      join(DEFAULT_ARTIFACTS_DIR, "liquidation", "liquidation.r1cs"),
      join(DEFAULT_ARTIFACTS_DIR, manifest.ptaus[String(manifest.circuits.liquidation.ptau)].path),
      z0,
    );
    const vkey = await snarkjs.zKey.exportVerificationKey(z0);
    expect(() => assertContributed(vkey)).toThrow(/no phase-2 contribution/);
    // and the committed key passes the same check
    expect(() => assertContributed(loadVerificationKey("liquidation").vkey)).not.toThrow();
  });
});
