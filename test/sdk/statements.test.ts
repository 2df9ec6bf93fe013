// The statement layer: one registry of proof kinds, generic prove / verifyBundle dispatching on the
// bundle's `circuit`, and the option rules every verifier (SDK or CLI) shares.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice, type PriceAttestation } from "../../src/price/attestation.js";
import type { ProofBundle } from "../../src/proof/bundle.js";
import { CIRCUITS } from "../../src/proof/circuits.js";
import { prove } from "../../src/proof/prove.js";
import { Prover, shutdown } from "../../src/proof/prover.js";
import { newPosition, commitPosition } from "../../src/position/position.js";
import { statement as disclosure } from "../../src/statements/disclosure.js";
import { statement as liquidation } from "../../src/statements/liquidation.js";
import { statement as partial } from "../../src/statements/partial.js";
import { loadStatements, statementFor, statementIds, verifyBundle, verifyOptionProblem } from "../../src/statements/registry.js";
import { toHex32 } from "../../src/units.js";

const NOW = 1_795_000_000;
const CHALLENGE = "0x" + "2a".repeat(31);
const opts = { oracle: DEV_ORACLE_ADDRESS, maxAgeSeconds: 60, now: NOW + 10 };
let price: PriceAttestation;
const bundles: Record<string, ProofBundle> = {};
const position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000", salt: 7n });
const healthy = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000", salt: 8n });

beforeAll(async () => {
  price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: NOW }, DEV_ORACLE_KEY);
  bundles.liquidation = (await prove(liquidation, { position, price })).bundle;
  bundles.partial = (await prove(partial, { position, price, newSalt: 9n })).bundle;
  const claims = { minMarginBps: 1000n };
  bundles.disclosure = (await prove(disclosure, { position: healthy, price, claims, challenge: CHALLENGE, expiresAt: NOW + 3600, now: NOW })).bundle;
});
afterAll(shutdown);

describe("registry", () => {
  it("has exactly one statement per circuit of circuits.json, found by its id (src/statements/<id>.ts)", async () => {
    expect(statementIds()).toEqual(Object.keys(CIRCUITS));
    expect((await loadStatements()).map((s) => s.id)).toEqual(Object.keys(CIRCUITS));
    expect(await statementFor("partial")).toBe(partial);
    expect(await statementFor({ circuit: "disclosure" })).toBe(disclosure);
    expect(await statementFor({ circuit: "liquidation" })).toBe(liquidation);
    expect(await statementFor({ circuit: "toString" })).toBeUndefined();
    expect(await statementFor({ circuit: "../cli/main" })).toBeUndefined();
    expect(await statementFor(null)).toBeUndefined();
  });
});

describe("verifyBundle dispatches on the bundle's circuit", () => {
  it("verifies each kind with its own checks and words", async () => {
    const l = await verifyBundle(bundles.liquidation, { ...opts, commitment: commitPosition(position) });
    expect(l).toMatchObject({ valid: true, statement: "liquidation", warnings: [] });
    expect(l.reason).toMatch(/is below its maintenance margin/);
    const p = await verifyBundle(bundles.partial, opts);
    expect(p).toMatchObject({ valid: true, statement: "partial" });
    expect(p.details!.join("\n")).toMatch(/replaced by position/);
    const d = await verifyBundle(bundles.disclosure, { ...opts, challenge: CHALLENGE });
    expect(d).toMatchObject({ valid: true, statement: "disclosure", expiresAt: NOW + 3600 });
    expect(d.claims!.map((c) => c.claim)).toEqual(["minMarginRatio"]);
    expect(d.details).toEqual(["claim: margin ratio (equity / notional) >= 10%"]);
  });

  it("never throws: not an object, another format, an unknown statement", async () => {
    expect(await verifyBundle(null)).toMatchObject({ valid: false, reason: "proof bundle: expected a JSON object" });
    expect((await verifyBundle({ ...bundles.liquidation, format: "x" })).reason).toMatch(/"format" must be/);
    const r = await verifyBundle({ ...bundles.liquidation, circuit: "cross-margin" });
    expect(r).toMatchObject({ valid: false });
    expect(r.reason).toBe('unknown statement "cross-margin" (this zkliq verifies disclosure, liquidation, partial)');
  });

  it("a bundle relabelled as another statement is refused (signal count, then the key)", async () => {
    expect((await verifyBundle({ ...bundles.liquidation, circuit: "partial" }, opts)).reason).toMatch(/expected 7 public signals, found 4/);
  });
});

describe("verify options", () => {
  it("an expectation about a public signal the statement does not have applies elsewhere", async () => {
    expect(await verifyOptionProblem(bundles.liquidation, { challenge: CHALLENGE })).toBe(
      'option "challenge" applies to disclosure proofs, not liquidation proofs',
    );
    expect(await verifyOptionProblem(bundles.disclosure, { challenge: CHALLENGE, liquidator: DEV_ORACLE_ADDRESS })).toBe(
      'option "liquidator" applies to liquidation and partial-liquidation proofs, not disclosure proofs',
    );
    expect(await verifyOptionProblem(bundles.liquidation, { newCommitment: 5n })).toMatch(/applies to partial-liquidation proofs/);
    const r = await verifyBundle(bundles.liquidation, { ...opts, challenge: CHALLENGE });
    expect(r).toMatchObject({ valid: false, reason: 'option "challenge" applies to disclosure proofs, not liquidation proofs' });
  });

  it("a required option missing, a malformed one, named as the caller names them", async () => {
    expect(await verifyOptionProblem(bundles.disclosure, {})).toBe(
      'a disclosure proof answers one verifier: pass the challenge you gave the prover (option "challenge")',
    );
    const flag = (o: string): string => `--${o}`;
    expect(await verifyOptionProblem(bundles.disclosure, {}, flag)).toMatch(/pass the challenge you gave the prover \(--challenge\)$/);
    expect(await verifyOptionProblem(bundles.liquidation, { commitment: "0xZZ" }, flag)).toMatch(/^--commitment "0xZZ" is not a field element/);
    expect(await verifyOptionProblem(bundles.liquidation, { oracle: "0x12" }, flag)).toMatch(/^--oracle "0x12" is not an address/);
    expect(await verifyOptionProblem(bundles.liquidation, { maxAgeSeconds: -1 }, flag)).toBe("--maxAgeSeconds must be a whole number of seconds >= 0");
    expect(await verifyOptionProblem(bundles.liquidation, { commitment: toHex32(commitPosition(position)) })).toBeNull();
  });
});

describe("generic prove", () => {
  it("refuses a prover loaded for another circuit, after the statement's own checks", async () => {
    const prover = await Prover.load({ circuit: "partial" });
    await expect(prove(liquidation, { position, price }, { prover })).rejects.toMatchObject({
      kind: "bad-input",
      message: 'the prover is for circuit "partial", not "liquidation"',
    });
    await expect(prove(liquidation, { position: healthy, price }, { prover })).rejects.toMatchObject({ kind: "statement-false" });
  });
});
