/**
 * npm run bench:prove: Groth16 prove time for the liquidation circuit, measured in one run
 * (and, last, the warm prove time of the partial-liquidation circuit):
 *   - warm SDK: a Prover loaded once (witness WASM compiled, zkey in memory), N proofs;
 *   - cold SDK: Prover.load + prove, as a one-shot `zkliq prove` pays;
 *   - the snarkjs CLI: `snarkjs groth16 fullprove` in a fresh process (reads wasm/zkey from disk).
 * Prints medians and the ratio. Record results in docs/benchmarks.md with the machine.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_ORACLE_KEY, attestPrice } from "../src/price/attestation.js";
import { DEFAULT_ARTIFACTS_DIR, circuitFiles, loadManifest } from "../src/proof/artifacts.js";
import { liquidationInput } from "../src/statements/liquidation.js";
import { partialInput, planPartialLiquidation } from "../src/statements/partial.js";
import { newPosition } from "../src/position/position.js";
import { Prover, shutdown } from "../src/proof/prover.js";
import { PACKAGE_ROOT } from "../src/root.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
  const price = await attestPrice({ market: "BTC-USD", markPrice: "54200" }, DEV_ORACLE_KEY);
  const input = liquidationInput(position, price, 0n);
  const constraints = loadManifest().circuits.liquidation!.constraints;

  let t = performance.now();
  const prover = await Prover.load();
  const loadMs = performance.now() - t;
  await prover.prove(input); // warm-up
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await prover.prove(input);
    warm.push(performance.now() - t);
  }
  await shutdown();

  const dir = mkdtempSync(join(tmpdir(), "zkliq-bench-"));
  const inputFile = join(dir, "input.json");
  writeFileSync(inputFile, JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  const f = circuitFiles("liquidation");
  const snarkjsCli = join(PACKAGE_ROOT, "node_modules", "snarkjs", "build", "cli.cjs");
  const cli: number[] = [];
  for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
    t = performance.now();
    execFileSync(process.execPath, [
      snarkjsCli, "groth16", "fullprove", inputFile,
      join(DEFAULT_ARTIFACTS_DIR, f.wasm), join(DEFAULT_ARTIFACTS_DIR, f.zkey),
      join(dir, "proof.json"), join(dir, "public.json"),
    ]);
    cli.push(performance.now() - t);
  }

  // the partial-liquidation circuit, warm: 20 BTC long at 57,000, minimal close (see test/sdk/partial-proof.test.ts)
  const big = newPosition({ market: "BTC-USD", side: "long", size: "20", entryPrice: "60000", collateral: "66000" });
  const at = await attestPrice({ market: "BTC-USD", markPrice: "57000" }, DEV_ORACLE_KEY);
  const partialIn = partialInput(big, at, 0n, planPartialLiquidation(big, at).closeSize, 1n);
  const partialProver = await Prover.load({ circuit: "partial" });
  await partialProver.prove(partialIn);
  const partial: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await partialProver.prove(partialIn);
    partial.push(performance.now() - t);
  }
  await shutdown();

  const w = median(warm);
  const c = median(cli);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
  console.log(`liquidation circuit: ${constraints} constraints; prover backend: ${prover.describe()} (bench:native compares the backends)`);
  console.log(`Prover.load (once):                 ${loadMs.toFixed(0)} ms`);
  console.log(`warm SDK prove (median of ${RUNS}):     ${w.toFixed(0)} ms`);
  console.log(`snarkjs groth16 fullprove CLI (median of ${cli.length}): ${c.toFixed(0)} ms`);
  console.log(`ratio CLI / warm SDK:                ${(c / w).toFixed(2)}x`);
  console.log(`partial liquidation circuit: ${loadManifest().circuits.partial!.constraints} constraints, warm SDK prove (median of ${RUNS}): ${median(partial).toFixed(0)} ms`);
}

main().catch(async (e) => {
  console.error(e);
  await shutdown();
  process.exit(1);
});
