// Partial liquidation end to end with real Groth16 proofs and the committed keys.
// The example is worked by hand on the BTC-USD table (Binance BTCUSDT tiers, penalty 0.20%, lot 0.001):
//   20 BTC long @ 60,000 with 66,000 collateral, mark 57,000: equity 6,000; notional 1,140,000 is in
//   tier 4 (2.5%, cum 16,300): requirement 12,200 -> liquidatable.
//   Closing x BTC moves the notional into tier 3 (1%, cum 1,300): requirement 10,100 - 570x against
//   equity 6,000 - 114x (penalty 0.2% of 57,000x) -> x >= 4,100 / 456 = 8.9912..., so 8.992 BTC.
//   Penalty 1,025.088; realised 8.992 * -3,000 = -26,976; new collateral 37,998.912.
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadVerificationKey } from "../../src/proof/artifacts.js";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice, type PriceAttestation } from "../../src/price/attestation.js";
import type { ProofBundle } from "../../src/proof/bundle.js";
import { verifyLiquidation } from "../../src/statements/liquidation.js";
import { riskParamsHash } from "../../src/market/risk-params.js";
import { findMarket } from "../../src/market/markets.js";
import { PARTIAL_CIRCUIT, planPartialLiquidation, provePartialLiquidation, verifyPartialLiquidation } from "../../src/statements/partial.js";
import { commitPosition, newPosition, type Position } from "../../src/position/position.js";
import { Prover, shutdown } from "../../src/proof/prover.js";
import { toHex32 } from "../../src/units.js";

const NOW = 1_795_000_000;
const LIQUIDATOR = "0x1234567890123456789012345678901234567890";
const opts = { oracle: DEV_ORACLE_ADDRESS, maxAgeSeconds: 60, now: NOW + 10 };
let prover: Prover;
let position: Position;
let price: PriceAttestation;
let bundle: ProofBundle;
let newPos: Position;

beforeAll(async () => {
  prover = await Prover.load({ circuit: PARTIAL_CIRCUIT });
  position = newPosition({ market: "BTC-USD", side: "long", size: "20", entryPrice: "60000", collateral: "66000", nonce: "3" });
  price = await attestPrice({ market: "BTC-USD", markPrice: "57000", timestamp: NOW }, DEV_ORACLE_KEY);
  const r = await provePartialLiquidation({ position, price, prover, liquidator: LIQUIDATOR, newSalt: 42n });
  bundle = r.bundle;
  newPos = r.newPosition;
});
afterAll(shutdown);

describe("partial liquidation proofs", () => {
  it("closes the hand-worked minimal size, and the new opening is the committed one", () => {
    const plan = planPartialLiquidation(position, price);
    expect(plan.closeSize).toBe(899_200_000n); // 8.992 BTC
    expect(plan.outcome).toMatchObject({ penalty: 1_025_088n * 10n ** 7n, newCollateral: 37_998_912n * 10n ** 7n, shortfall: 0n });
    expect(newPos).toMatchObject({ size: 2_000_000_000n - 899_200_000n, collateral: 37_998_912n * 10n ** 7n, nonce: 4n, salt: 42n });
    expect(newPos.entryPrice).toBe(position.entryPrice);
    expect(bundle.public).toEqual({
      positionCommitment: toHex32(commitPosition(position)),
      priceCommitment: toHex32(price.commitment),
      riskParamsHash: toHex32(riskParamsHash(findMarket("BTC-USD"))),
      liquidator: LIQUIDATOR,
      newPositionCommitment: toHex32(commitPosition(newPos)),
      penalty: (1_025_088n * 10n ** 7n).toString(),
      shortfall: "0",
    });
  });

  it("verifies, and says what was proven in words", async () => {
    const r = await verifyPartialLiquidation(bundle, { ...opts, commitment: commitPosition(position), newCommitment: commitPosition(newPos), liquidator: LIQUIDATOR });
    expect(r).toMatchObject({ valid: true, warnings: [] });
    expect(r.details!.join("\n")).toMatch(/was below maintenance at mark 57000/);
    expect(r.details!.join("\n")).toMatch(/at most one lot \(0\.001\) more than needed/);
    expect(r.details!.join("\n")).toMatch(/penalty 1025\.088 USD goes to the insurance fund; no shortfall/);
    // snarkjs accepts the bundle's proof as is
    expect(await snarkjs.groth16.verify(loadVerificationKey(PARTIAL_CIRCUIT).vkey, bundle.publicSignals, bundle.proof)).toBe(true);
  });

  it("each public signal changed alone makes it invalid", async () => {
    const { vkey } = loadVerificationKey(PARTIAL_CIRCUIT);
    for (let i = 0; i < bundle.publicSignals.length; i++) {
      const b = structuredClone(bundle);
      b.publicSignals[i] = (BigInt(b.publicSignals[i]!) + 1n).toString();
      expect(await snarkjs.groth16.verify(vkey, b.publicSignals, b.proof)).toBe(false);
      const name = Object.keys(b.public)[i]!;
      b.public[name] = b.publicSignals[i]!;
      expect((await verifyPartialLiquidation(b, opts)).valid).toBe(false);
    }
  });

  it("refuses another expected new commitment, and the other statement's verifier", async () => {
    expect((await verifyPartialLiquidation(bundle, { ...opts, newCommitment: 5n })).reason).toMatch(/not the expected/);
    expect((await verifyLiquidation(bundle, opts)).reason).toMatch(/bundle is for circuit "partial"/);
  });

  it("a bankrupt position is closed in full; the shortfall is public", async () => {
    const bankrupt = newPosition({ market: "BTC-USD", side: "short", size: "1", entryPrice: "50000", collateral: "5000" });
    // equity 5,000 - 7,000 = -2,000; penalty 0.2% * 57,000 = 114; shortfall 2,114
    const r = await provePartialLiquidation({ position: bankrupt, price, prover });
    expect(r.plan.closeSize).toBe(100_000_000n);
    expect(r.bundle.public.shortfall).toBe((2_114n * 10n ** 10n).toString());
    expect(r.newPosition).toMatchObject({ size: 0n, collateral: 0n });
    const v = await verifyPartialLiquidation(r.bundle, opts);
    expect(v.valid).toBe(true);
    expect(v.details!.join("\n")).toMatch(/closed in full with a shortfall of 2114 USD/);
  });

  it("refuses, with the figures, a healthy position, an over- or under-sized close and a close beyond the size", async () => {
    const healthy = newPosition({ market: "BTC-USD", side: "long", size: "1", entryPrice: "57000", collateral: "5000" });
    await expect(provePartialLiquidation({ position: healthy, price, prover })).rejects.toMatchObject({
      kind: "statement-false",
      message: expect.stringMatching(/position is healthy/),
    });
    await expect(provePartialLiquidation({ position, price, prover, closeSize: 899_300_000n })).rejects.toMatchObject({
      kind: "statement-false",
      message: expect.stringMatching(/over-liquidation.*minimal close size is 8\.992/),
    });
    await expect(provePartialLiquidation({ position, price, prover, closeSize: 899_100_000n })).rejects.toMatchObject({
      kind: "statement-false",
      message: expect.stringMatching(/still be below maintenance/),
    });
    await expect(provePartialLiquidation({ position, price, prover, closeSize: 2_000_000_001n })).rejects.toMatchObject({ kind: "bad-input" });
  });
});
