/**
 * Disclosure prove / verify times: `npm run build && node dist/scripts/bench-disclosure.js`.
 *   - warm SDK: a disclosure Prover loaded once, N proofs of all four claims;
 *   - verifyDisclosure (signature recovery + Groth16 verify), N times.
 * Prints medians; record results in docs/benchmarks-disclosure.md with the machine and its load.
 */
import { cpus, loadavg } from "node:os";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice } from "../src/price/attestation.js";
import { loadManifest } from "../src/proof/artifacts.js";
import { disclosureInput, newChallenge, parseClaims, proveDisclosure, verifyDisclosure } from "../src/statements/disclosure.js";
import { newPosition } from "../src/position/position.js";
import { Prover, shutdown } from "../src/proof/prover.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" });
  const price = await attestPrice({ market: "BTC-USD", markPrice: "54200" }, DEV_ORACLE_KEY);
  const claims = parseClaims({ minMarginRatio: "10%", maxLeverage: "9", liqPriceBeyond: "48300", notionalRange: "20000:30000" }, position.market);
  const challenge = newChallenge();
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;

  let t = performance.now();
  const prover = await Prover.load({ circuit: "disclosure" });
  const loadMs = performance.now() - t;
  const input = disclosureInput(position, price, claims, BigInt(challenge), expiresAt);
  await prover.prove(input); // warm-up
  const prove: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await prover.prove(input);
    prove.push(performance.now() - t);
  }
  const bundle = await proveDisclosure({ position, price, claims, challenge, expiresAt, prover });
  const verify: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    const r = await verifyDisclosure(bundle, { challenge, oracle: DEV_ORACLE_ADDRESS });
    if (!r.valid) throw new Error(r.reason);
    verify.push(performance.now() - t);
  }
  await shutdown();

  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`);
  console.log(`disclosure circuit: ${loadManifest().circuits.disclosure!.constraints} constraints`);
  console.log(`Prover.load (once):               ${loadMs.toFixed(0)} ms`);
  console.log(`warm SDK prove, 4 claims (median of ${RUNS}): ${median(prove).toFixed(0)} ms`);
  console.log(`verifyDisclosure (median of ${RUNS}):         ${median(verify).toFixed(0)} ms`);
}

main().catch(async (e) => {
  console.error(e);
  await shutdown();
  process.exit(1);
});
