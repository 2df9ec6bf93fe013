/**
 * Make a development powers-of-tau file from scratch: new -> contribute -> beacon -> prepare phase2.
 * Each step's output is kept in build/ptau/, so an interrupted run resumes at the step it was in.
 * "prepare phase2" is single-threaded and slow (measured here: ~3 min at 2^12, ~12 min at 2^14).
 *
 *   node dist/scripts/make-ptau.js [power]     (default 12; writes artifacts/ptau/zkliq_dev_<power>.ptau)
 *
 * The result is for DEVELOPMENT: whoever runs this could know the toxic waste. Production keys need
 * a public phase-1 file (e.g. Hermez powersOfTau28_hez_final_NN.ptau) and a multi-party phase 2.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as snarkjs from "snarkjs";
import { getCurveFromName } from "ffjavascript";
import { BUILD_DIR, PACKAGE_ROOT, log, snarkLogger, terminateCurve } from "./lib.js";

export const ptauPath = (power: number): string => join(PACKAGE_ROOT, "artifacts", "ptau", `zkliq_dev_${power}.ptau`);

async function step(out: string, what: string, run: (tmp: string) => Promise<unknown>): Promise<void> {
  if (existsSync(out)) {
    log(`${what}: already done (${out})`);
    return;
  }
  log(`${what} ...`);
  const t = Date.now();
  const tmp = `${out}.partial`;
  await run(tmp);
  renameSync(tmp, out);
  log(`${what}: done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

export async function makePtau(power: number): Promise<string> {
  const dir = join(BUILD_DIR, "ptau");
  mkdirSync(dir, { recursive: true });
  const f = (name: string) => join(dir, `pot${power}_${name}.ptau`);
  await step(f("0000"), `powersoftau new bn128 ${power}`, async (tmp) => {
    const curve = await getCurveFromName("bn128");
    await snarkjs.powersOfTau.newAccumulator(curve, power, tmp, snarkLogger);
  });
  await step(f("0001"), "contribute (random entropy)", (tmp) =>
    snarkjs.powersOfTau.contribute(f("0000"), tmp, "zkliq dev contribution", randomBytes(32).toString("hex"), snarkLogger),
  );
  await step(f("beacon"), "beacon", (tmp) =>
    snarkjs.powersOfTau.beacon(f("0001"), tmp, "zkliq dev beacon", randomBytes(32).toString("hex"), 10, snarkLogger),
  );
  await step(f("final"), "prepare phase2 (slow, single-threaded)", (tmp) =>
    snarkjs.powersOfTau.preparePhase2(f("beacon"), tmp, snarkLogger),
  );
  const out = ptauPath(power);
  mkdirSync(join(PACKAGE_ROOT, "artifacts", "ptau"), { recursive: true });
  copyFileSync(f("final"), out);
  log(`wrote ${out}`);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const power = Number(process.argv[2] ?? 12);
  if (!Number.isInteger(power) || power < 8 || power > 20) {
    console.error("usage: make-ptau [power 8..20]");
    process.exit(2);
  }
  makePtau(power)
    .then(terminateCurve)
    .catch(async (e) => {
      console.error(e);
      await terminateCurve();
      process.exit(1);
    });
}
