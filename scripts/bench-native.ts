/**
 * npm run bench:native: the native prover backend ($ZKLIQ_NATIVE_PROVER, e.g. rapidsnark) against
 * snarkjs on every circuit, each pair alternating in one run (the order flips every round), so load
 * from other work hits both sides alike:
 *   - the bare provers as whole processes on the same zkey and witness file:
 *     `$ZKLIQ_NATIVE_PROVER zkey wtns proof public` vs `snarkjs groth16 prove zkey wtns proof public`
 *     (wall time, peak RSS from /usr/bin/time when it exists);
 *   - warm, in-process: a Prover loaded once per backend, `prove(input)`; the native side pays the
 *     witness, the child process and every check of its output (public signals, proof shape,
 *     verification against the committed key), the snarkjs side the witness and the proof;
 *   - one-shot: `zkliq prove --prover native` vs `zkliq prove --prover snarkjs` (liquidation).
 * A prover pool (issue 10) does not exist yet: its throughput with each backend is skipped with a note.
 * Prints medians and ratios, the backend each Prover reports, and the load average at start and end.
 * Options: --runs N (default 7), --keep (keep the temp folder).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { BUILTIN_MARKETS } from "../src/market/markets.js";
import { newPosition } from "../src/position/position.js";
import { DEV_ORACLE_KEY, attestPrice } from "../src/price/attestation.js";
import { DEFAULT_ARTIFACTS_DIR, circuitFiles } from "../src/proof/artifacts.js";
import { verifyGroth16 } from "../src/proof/groth16.js";
import { NATIVE_PROVER_ENV, checkBinary } from "../src/proof/native.js";
import { Prover, type SignalInput, shutdown } from "../src/proof/prover.js";
import { loadSnarkjs } from "../src/proof/snarkjs.js";
import { PACKAGE_ROOT } from "../src/root.js";
import { disclosureInput, parseClaims } from "../src/statements/disclosure.js";
import { liquidationInput } from "../src/statements/liquidation.js";
import { partialInput, planPartialLiquidation } from "../src/statements/partial.js";
import { type Pair, alternate, fmtLoad, mb, median, ms, reportPair } from "./bench-lib.js";

const LIQUIDATOR = "0x0000000000000000000000000000000000000001";

function parseArgs(argv: string[]): { runs: number; keep: boolean } {
  const args = { runs: 7, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") args.runs = Number(argv[++i]);
    else if (argv[i] === "--keep") args.keep = true;
    else throw new Error(`unknown argument ${argv[i]} (options: --runs N, --keep)`);
  }
  if (!Number.isSafeInteger(args.runs) || args.runs < 1) throw new Error("--runs must be a positive integer");
  return args;
}

/** One witness input per circuit (the figures of the SDK tests and bench:prove). */
async function inputs(): Promise<Record<string, SignalInput>> {
  const btc = BUILTIN_MARKETS.find((m) => m.symbol === "BTC-USD")!;
  const at54k = await attestPrice({ market: "BTC-USD", markPrice: "54200" }, DEV_ORACLE_KEY);
  const at57k = await attestPrice({ market: "BTC-USD", markPrice: "57000" }, DEV_ORACLE_KEY);
  const under = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
  const big = newPosition({ market: "BTC-USD", side: "long", size: "20", entryPrice: "60000", collateral: "66000" });
  const healthy = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" });
  const claims = parseClaims({ minMarginRatio: "10%", maxLeverage: "9", liqPriceBeyond: "48300", notionalRange: "20000:30000" }, btc);
  return {
    liquidation: liquidationInput(under, at54k, BigInt(LIQUIDATOR)),
    partial: partialInput(big, at57k, BigInt(LIQUIDATOR), planPartialLiquidation(big, at57k).closeSize, 1n),
    disclosure: disclosureInput(healthy, at54k, claims, 12345n, Math.floor(Date.now() / 1000) + 3600),
  };
}

/** The bare provers as whole processes on the same zkey and witness file. */
async function bareProvers(circuit: string, input: SignalInput, binary: string, runs: number, dir: string): Promise<void> {
  const art = (kind: "wasm" | "zkey") => join(DEFAULT_ARTIFACTS_DIR, circuitFiles(circuit)[kind]);
  const f = (name: string) => join(dir, `${circuit}.${name}`);
  await loadSnarkjs().wtns.calculate(input, art("wasm"), f("wtns"));
  const snarkjsCli = join(PACKAGE_ROOT, "node_modules", "snarkjs", "build", "cli.cjs");
  const pair: Pair = {
    name: `${circuit}: bare prover, same zkey and witness`,
    base: { label: "snarkjs groth16 prove", argv: [process.execPath, snarkjsCli, "groth16", "prove", art("zkey"), f("wtns"), f("s.proof.json"), f("s.public.json")] },
    ours: { label: "native prover", argv: [binary, art("zkey"), f("wtns"), f("n.proof.json"), f("n.public.json")] },
  };
  reportPair(pair, alternate(pair, runs, dir), { ratio: "native / snarkjs" });
  if (readFileSync(f("s.public.json"), "utf8").replace(/\s/g, "") !== readFileSync(f("n.public.json"), "utf8").replace(/\s/g, "")) {
    throw new Error(`${circuit}: the native prover's public signals differ from snarkjs's`);
  }
}

/** Warm provers, one per backend, alternating; then the cost of the native side's checks alone. */
async function warm(circuit: string, input: SignalInput, runs: number): Promise<void> {
  const snark = await Prover.load({ circuit, backend: "snarkjs" });
  const native = await Prover.load({ circuit, backend: "native" });
  const proofs = [await snark.prove(input), await native.prove(input)]; // warm-up
  const t: Record<"snarkjs" | "native", number[]> = { snarkjs: [], native: [] };
  for (let i = 0; i < runs; i++) {
    for (const p of i % 2 === 0 ? [snark, native] : [native, snark]) {
      await p.prove(input);
      if (p.lastProof?.backend !== p.backend) throw new Error(`${circuit}: ${p.describe()} fell back`);
      t[p.backend].push(p.lastProof.ms);
    }
  }
  const checks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    if (!(await verifyGroth16(native.vkey, proofs[1]!.publicSignals, proofs[1]!.proof))) throw new Error("native proof does not verify");
    checks.push(performance.now() - s);
  }
  const [s, n] = [median(t.snarkjs), median(t.native)];
  console.log(`\n${circuit}: warm in-process Prover.prove (median of ${runs}; witness included)`);
  console.log(`  ${`Prover, backend ${snark.backend}`.padEnd(34)} ${ms(s).padStart(9)}`);
  console.log(`  ${`Prover, backend ${native.backend}`.padEnd(34)} ${ms(n).padStart(9)}  (of which verifying its proof: ${ms(median(checks))})`);
  console.log(`  ratio native / snarkjs: ${(n / s).toFixed(2)}x`);
}

function oneShot(o: { runs: number; dir: string }): void {
  const cli = join(PACKAGE_ROOT, "dist", "src", "cli", "main.js");
  const ex = (file: string) => join(PACKAGE_ROOT, "examples", file);
  const prove = (backend: string): string[] => [
    process.execPath, cli, "prove", "--position", ex("position-btc-long.json"), "--price", ex("price-btc.json"),
    "--liquidator", LIQUIDATOR, "--prover", backend, "--out", join(o.dir, `oneshot-${backend}.json`),
  ];
  const pair: Pair = {
    name: "liquidation: one-shot zkliq prove",
    base: { label: "zkliq prove --prover snarkjs", argv: prove("snarkjs") },
    ours: { label: "zkliq prove --prover native", argv: prove("native") },
  };
  reportPair(pair, alternate(pair, o.runs, o.dir), { ratio: "native / snarkjs" });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const configured = process.env[NATIVE_PROVER_ENV];
  if (!configured) {
    console.error(`bench:native: set ${NATIVE_PROVER_ENV}=/path/to/prover (a rapidsnark build; see docs/native-prover.md)`);
    process.exitCode = 2;
    return;
  }
  const binary = checkBinary(configured);
  const cpu = cpus();
  console.log(`bench:native  ${new Date().toISOString()}  node ${process.version}  ${cpu.length} x ${cpu[0]?.model.trim() ?? "?"}  ${mb(totalmem())} RAM`);
  console.log(`native prover: ${binary}`);
  console.log(`load average at start: ${fmtLoad()}  (${args.runs} rounds)`);
  const dir = mkdtempSync(join(tmpdir(), "zkliq-bench-native-"));
  try {
    const all = await inputs();
    for (const [circuit, input] of Object.entries(all)) await bareProvers(circuit, input, binary, args.runs, dir);
    for (const [circuit, input] of Object.entries(all)) await warm(circuit, input, args.runs);
    await shutdown();
    if (!existsSync(join(PACKAGE_ROOT, "dist", "src", "cli", "main.js"))) throw new Error("run npm run build first");
    oneShot({ runs: args.runs, dir });
    console.log("\nprover pool throughput: skipped (no ProverPool yet: issue 10; its workers will run Prover.prove, i.e. the native binary as a child process per proof)");
    console.log(`\nload average at end: ${fmtLoad()}`);
    if (args.keep) console.log(`kept ${dir}`);
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
    await shutdown();
  }
}

main().catch(async (e: unknown) => {
  console.error(`bench:native: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown();
  process.exitCode = 1;
});
