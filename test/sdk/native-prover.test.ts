// The native prover backend (src/proof/native.ts): stand-in binaries honouring rapidsnark's CLI
// contract `prover <zkey> <witness.wtns> <proof.json> <public.json>` (test/helpers/native-standin.mjs),
// misbehaving in every way we refuse, and, for the passing tests, a real rapidsnark build when
// ZKLIQ_NATIVE_PROVER names one. Expected public signals and proofs come from in-process snarkjs.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import * as snarkjs from "snarkjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEV_ORACLE_KEY, attestPrice, type PriceAttestation } from "../../src/price/attestation.js";
import { newPosition } from "../../src/position/position.js";
import { DEFAULT_ARTIFACTS_DIR } from "../../src/proof/artifacts.js";
import { NATIVE_PROVER_ENV, NativeProverError, witnessPublicSignals } from "../../src/proof/native.js";
import { Prover, type ProverOptions, type SignalInput, shutdown } from "../../src/proof/prover.js";
import { liquidationInput, proveLiquidation, verifyLiquidation } from "../../src/statements/liquidation.js";
import { provePartialLiquidation, verifyPartialLiquidation } from "../../src/statements/partial.js";
import { parseClaims, proveDisclosure, verifyDisclosure } from "../../src/statements/disclosure.js";
import { BUILTIN_MARKETS } from "../../src/market/markets.js";
import { REPO } from "../helpers/cli.js";
import { BAD_MODES, REAL_NATIVE_PROVER, type StandInMode, standInBinary, validBinary } from "../helpers/native-standin.js";

const NOW = 1_795_000_000;
const LIQUIDATOR = "0x1234567890123456789012345678901234567890";
const ZKEY = join(DEFAULT_ARTIFACTS_DIR, "liquidation", "liquidation.zkey");

let bins: string; // stand-in binaries
let tmp: string; // the native backend's temp root: must be empty after every call
let position: ReturnType<typeof newPosition>;
let price: PriceAttestation;
let input: SignalInput;
let reference: { proof: any; publicSignals: string[] }; // in-process snarkjs
let snark: Prover;

/** A native prover on `binary`; stand-ins start node and snarkjs (~1-3 s here), the hanging one is cut at 1.5 s. */
const native = (binary: string, extra: Partial<ProverOptions> = {}): Promise<Prover> =>
  Prover.load({ backend: "native", native: { binary, tempDir: tmp, timeoutMs: binary.endsWith("-hang") ? 1500 : 60_000 }, ...extra });
const leftovers = (): string[] => readdirSync(tmp);

/** Run `fn` with $ZKLIQ_NATIVE_PROVER set to `value` (or unset), then restore it. */
async function withEnv<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
  const before = process.env[NATIVE_PROVER_ENV];
  if (value === undefined) delete process.env[NATIVE_PROVER_ENV];
  else process.env[NATIVE_PROVER_ENV] = value;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env[NATIVE_PROVER_ENV];
    else process.env[NATIVE_PROVER_ENV] = before;
  }
}

beforeAll(async () => {
  bins = mkdtempSync(join(tmpdir(), "zkliq-native-bins-"));
  tmp = mkdtempSync(join(tmpdir(), "zkliq-native-tmp-"));
  position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
  price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: NOW }, DEV_ORACLE_KEY);
  input = liquidationInput(position, price, BigInt(LIQUIDATOR));
  snark = await Prover.load({ backend: "snarkjs" });
  reference = await snark.prove(input);
});
afterEach(() => expect(leftovers()).toEqual([]));
afterAll(async () => {
  rmSync(bins, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
  await shutdown();
});

describe(`valid native proofs (${REAL_NATIVE_PROVER ? `real prover ${REAL_NATIVE_PROVER}` : "stand-in proving with snarkjs"})`, () => {
  it("pass through: the witness's public signals, a proof in snarkjs's format that verifies against the committed vkey", async () => {
    const binary = validBinary(bins);
    const prover = await native(binary);
    expect(prover.backend).toBe("native");
    expect(prover.describe()).toBe(`native (${binary})`);
    const r = await prover.prove(input);
    expect(r.publicSignals).toEqual(reference.publicSignals);
    expect(Object.keys(r.proof).sort()).toEqual(Object.keys(reference.proof).sort());
    expect(r.proof).toMatchObject({ protocol: "groth16", curve: "bn128" });
    expect(await snarkjs.groth16.verify(snark.vkey, r.publicSignals, r.proof)).toBe(true);
    expect(prover.lastProof).toMatchObject({ backend: "native", binary });
    expect(prover.lastProof?.fallback).toBeUndefined();
  });

  it("every statement proves through the backend option, and its bundle verifies", async () => {
    const opts = { backend: "native" as const, native: { binary: validBinary(bins), tempDir: tmp } };
    const liq = await proveLiquidation({ position, price, liquidator: LIQUIDATOR, ...opts });
    expect(await verifyLiquidation(liq, { now: NOW, liquidator: LIQUIDATOR })).toMatchObject({ valid: true });

    const big = newPosition({ market: "BTC-USD", side: "long", size: "20", entryPrice: "60000", collateral: "66000" });
    const at = await attestPrice({ market: "BTC-USD", markPrice: "57000", timestamp: NOW }, DEV_ORACLE_KEY);
    const partial = await provePartialLiquidation({ position: big, price: at, liquidator: LIQUIDATOR, ...opts });
    expect(await verifyPartialLiquidation(partial.bundle, { now: NOW })).toMatchObject({ valid: true });

    const healthy = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" });
    const claims = parseClaims({ minMarginRatio: "10%", maxLeverage: "9" }, BUILTIN_MARKETS.find((m) => m.symbol === "BTC-USD")!);
    const challenge = "0x" + "ab".repeat(31);
    const disc = await proveDisclosure({ position: healthy, price, claims, challenge, expiresAt: NOW + 600, now: NOW, ...opts });
    expect(await verifyDisclosure(disc, { now: NOW, challenge })).toMatchObject({ valid: true });
  });

  it("concurrent proofs on one prover each get their own temp folder", async () => {
    const prover = await native(validBinary(bins));
    const rs = await Promise.all([prover.prove(input), prover.prove(input)]);
    for (const r of rs) expect(await snarkjs.groth16.verify(snark.vkey, r.publicSignals, r.proof)).toBe(true);
  });

  it("$ZKLIQ_NATIVE_PROVER configures the binary; auto uses it", async () => {
    const binary = validBinary(bins);
    const prover = await withEnv(binary, () => Prover.load({ native: { tempDir: tmp } }));
    expect(prover.describe()).toBe(`native (${binary})`);
    await prover.prove(input);
    expect(prover.lastProof).toMatchObject({ backend: "native", binary });
  });
});

describe("in a worker thread (as the prover pool of issue 10 will run it)", () => {
  it("a Prover loaded in a worker runs the native binary as a child process per proof", async () => {
    const url = new URL(`file://${join(REPO, "dist", "src", "proof", "prover.js")}`).href;
    const code = `
      const { parentPort, workerData: w } = require("node:worker_threads");
      import(${JSON.stringify(url)}).then(async ({ Prover, shutdown }) => {
        const prover = await Prover.load({ backend: "native", native: { binary: w.binary, tempDir: w.tmp } });
        const r = await prover.prove(w.input);
        parentPort.postMessage({ ...r, report: prover.lastProof });
        await shutdown();
      });`;
    // ffjavascript's web-worker takes any worker thread that loads it for one of its own and runs workerData.mod:
    // give it a no-op (issue 10's pool needs the same; see docs/native-prover.md).
    const worker = new Worker(code, { eval: true, workerData: { mod: "data:,", binary: validBinary(bins), tmp, input } });
    const r = await new Promise<any>((resolve, reject) => worker.once("message", resolve).once("error", reject));
    await worker.terminate();
    expect(r.report).toMatchObject({ backend: "native" });
    expect(r.publicSignals).toEqual(reference.publicSignals);
    expect(await snarkjs.groth16.verify(snark.vkey, r.publicSignals, r.proof)).toBe(true);
  });
});

describe("what the binary is handed", () => {
  it("the committed zkey and a 0600 witness in a private 0700 folder, both gone after the call", async () => {
    const spyFile = join(bins, "spy.json");
    process.env.ZKLIQ_STANDIN_SPY = spyFile;
    try {
      await (await native(standInBinary(bins, "valid"))).prove(input);
    } finally {
      delete process.env.ZKLIQ_STANDIN_SPY;
    }
    const spy = JSON.parse(readFileSync(spyFile, "utf8"));
    expect(spy).toMatchObject({ zkey: ZKEY, wtnsMode: "600", dirMode: "700" });
    expect(spy.wtns.startsWith(join(tmp, "zkliq-native-"))).toBe(true);
    expect(existsSync(spy.wtns)).toBe(false);
  });

  it("extra fields in its proof.json are dropped: the proof is rebuilt in snarkjs's format", async () => {
    const r = await (await native(standInBinary(bins, "extra-fields"))).prove(input);
    expect(Object.keys(r.proof).sort()).toEqual(["curve", "pi_a", "pi_b", "pi_c", "protocol"]);
  });
});

/** How each misbehaviour is refused (the message also names the binary). */
const REFUSAL: Record<(typeof BAD_MODES)[number], RegExp> = {
  "invalid-proof": /wrote a proof that does not verify against the committed liquidation verification key$/,
  "wrong-public": /wrote public signals that differ from the witness's \(liquidation circuit\)$/,
  "non-canonical": /wrote a malformed proof\.json/,
  garbage: /wrote a proof\.json that is not JSON$/,
  missing: /exited 0 but wrote no proof\.json$/,
  exit1: /failed with exit code 1 \(stderr: Error: the stand-in refuses\)$/,
  crash: /crashed \(signal SIGKILL\)$/,
  hang: /timed out after 1500 ms and was killed$/,
};

describe("misbehaving binaries", () => {
  it.each(BAD_MODES)("backend native: %s is refused with an error naming the binary", async (mode) => {
    const binary = standInBinary(bins, mode);
    const prover = await native(binary);
    const err = await prover.prove(input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NativeProverError);
    expect((err as NativeProverError).binary).toBe(binary);
    expect((err as Error).message.startsWith(`native prover ${binary} `)).toBe(true);
    expect((err as Error).message).toMatch(REFUSAL[mode]);
    expect(prover.backend).toBe("native"); // "native" never falls back
  });

  it("no private temp folder (an unusable tempDir) fails the native path before the binary runs", async () => {
    const binary = standInBinary(bins, "valid");
    const root = join(bins, "no-such-folder");
    const prover = await Prover.load({ backend: "native", native: { binary, tempDir: root } });
    await expect(prover.prove(input)).rejects.toThrow(new RegExp(`^native prover ${binary} cannot run: no private temp folder in ${root} `));
    const warnings: string[] = [];
    const auto = await Prover.load({ native: { binary, tempDir: root }, onWarning: (w) => warnings.push(w) });
    expect((await auto.prove(input)).publicSignals).toEqual(reference.publicSignals);
    expect(warnings).toHaveLength(1);
  });

  it.each(["invalid-proof", "garbage", "hang"] as StandInMode[])("backend auto: %s falls back to snarkjs with one warning, then stays on snarkjs", async (mode) => {
    const binary = standInBinary(bins, mode);
    const warnings: string[] = [];
    const prover = await native(binary, { backend: "auto", onWarning: (w) => warnings.push(w) });
    const r = await prover.prove(input);
    expect(await snarkjs.groth16.verify(snark.vkey, r.publicSignals, r.proof)).toBe(true);
    expect(r.publicSignals).toEqual(reference.publicSignals);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^native prover ${binary} .*; falling back to snarkjs$`));
    expect(prover.lastProof).toMatchObject({ backend: "snarkjs", fallback: expect.stringMatching(REFUSAL[mode as "hang"]) });
    await prover.prove(input);
    expect(warnings).toHaveLength(1);
    expect(prover.lastProof).toEqual({ backend: "snarkjs", fallback: undefined, ms: expect.any(Number) });
  });
});

describe("choosing the backend", () => {
  it("auto without a configured binary is snarkjs; snarkjs ignores $ZKLIQ_NATIVE_PROVER", async () => {
    expect((await withEnv(undefined, () => Prover.load())).describe()).toBe("snarkjs");
    const broken = standInBinary(bins, "garbage");
    expect((await withEnv(broken, () => Prover.load({ backend: "snarkjs" }))).describe()).toBe("snarkjs");
  });

  it("auto with a configured path that is not an executable file warns and uses snarkjs", async () => {
    const notExecutable = join(bins, "not-executable");
    writeFileSync(notExecutable, "#!/bin/sh\n", { mode: 0o644 });
    for (const binary of [notExecutable, join(bins, "absent"), bins]) {
      const warnings: string[] = [];
      const prover = await Prover.load({ native: { binary }, onWarning: (w) => warnings.push(w) });
      expect(prover.backend).toBe("snarkjs");
      expect(warnings).toEqual([`native prover ${binary} is not an executable file (set ZKLIQ_NATIVE_PROVER to a rapidsnark prover build; see docs/native-prover.md); falling back to snarkjs`]);
    }
  });

  it("native without a usable binary, or an unknown backend, is bad input", async () => {
    await expect(withEnv(undefined, () => Prover.load({ backend: "native" }))).rejects.toMatchObject({
      kind: "bad-input",
      message: expect.stringMatching(/^the native prover needs ZKLIQ_NATIVE_PROVER=\/path\/to\/prover/),
    });
    const absent = join(bins, "absent");
    await expect(Prover.load({ backend: "native", native: { binary: absent } })).rejects.toMatchObject({
      kind: "bad-input",
      message: expect.stringContaining(`native prover ${absent} is not an executable file`),
    });
    await expect(Prover.load({ backend: "rapid" as "native" })).rejects.toMatchObject({ kind: "bad-input", message: expect.stringContaining('"rapid"') });
  });
});

describe("witnessPublicSignals", () => {
  it("reads wires 1..nPublic of a .wtns (written by snarkjs), as the witness calculator computes them", async () => {
    const wires = await snark.witness(input);
    const wtns: { type: "mem"; data?: Uint8Array } = { type: "mem" };
    await snarkjs.wtns.calculate(input, join(DEFAULT_ARTIFACTS_DIR, "liquidation", "liquidation.wasm"), wtns);
    expect(witnessPublicSignals(wtns.data!, 4)).toEqual(wires.slice(1, 5).map(String));
    expect(() => witnessPublicSignals(new Uint8Array(16), 4)).toThrow(/not a \.wtns witness/);
  });
});
