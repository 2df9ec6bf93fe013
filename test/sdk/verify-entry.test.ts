// `zkliq/verify`, the verification-only entry point: a script that only verifies exits by itself
// (no curve worker threads left behind, no shutdown() needed) and loads neither viem, @ethereumjs
// nor the CLI. Import time and memory are benchmarks (npm run bench:cli), not asserted here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice } from "../../src/price/attestation.js";
import { shutdown } from "../../src/proof/prover.js";
import { newPosition } from "../../src/position/position.js";
import { proveLiquidation } from "../../src/statements/liquidation.js";
import { PACKAGE_ROOT } from "../../src/root.js";
import { canTrace, fromPackage, moduleTracer, packagesOf } from "../helpers/module-trace.js";

const NOW = 1_795_000_000;
const SCRIPT = join(PACKAGE_ROOT, "test", "helpers", "verify-only.mjs");
let dir: string;
let file: string;

beforeAll(async () => {
  const position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
  const price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: NOW }, DEV_ORACLE_KEY);
  dir = mkdtempSync(join(tmpdir(), "zkliq-verify-only-"));
  file = join(dir, "proof.json");
  writeFileSync(file, JSON.stringify(await proveLiquidation({ position, price })));
});
afterAll(shutdown);

const run = (opts: object, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [SCRIPT, PACKAGE_ROOT, file, JSON.stringify(opts)], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, ...env },
  });

describe("zkliq/verify in a fresh process", () => {
  it("is exported as the package's ./verify entry", async () => {
    const { createRequire } = await import("node:module");
    const pkg = createRequire(import.meta.url)(join(PACKAGE_ROOT, "package.json"));
    expect(pkg.exports["./verify"].default).toBe("./dist/src/verify.js");
  });

  it("verifies and exits by itself, without shutdown()", () => {
    const r = run({ oracle: DEV_ORACLE_ADDRESS, now: NOW + 5 });
    expect(r.signal, `killed: the script did not exit by itself (stderr: ${r.stderr})`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true });
    const bad = run({ oracle: "0x" + "11".repeat(20), now: NOW + 5 });
    expect(bad.status).toBe(0);
    expect(JSON.parse(bad.stdout).valid).toBe(false);
  });

  it.runIf(canTrace)("loads neither viem, @ethereumjs nor the CLI's commander", () => {
    const tracer = moduleTracer(dir);
    const log = join(dir, "verify-only.loads");
    const r = run({ now: NOW + 5 }, tracer.env(log));
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).valid).toBe(true);
    const loads = tracer.read(log);
    expect(loads.some((l) => fromPackage(l, "snarkjs"))).toBe(true); // loaded on first verification, not at import
    expect(packagesOf(loads).filter((p) => p === "viem" || p.startsWith("@ethereumjs/") || p === "commander")).toEqual([]);
  });
});
