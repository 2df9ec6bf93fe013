// A stand-in for a native Groth16 prover (rapidsnark's CLI contract), for the native-backend tests:
//   node native-standin.mjs <mode> <zkey> <witness.wtns> <proof.json> <public.json>
// It proves with snarkjs and writes what rapidsnark writes (no "curve" field), then misbehaves as
// <mode> says. Run through the wrapper scripts that standInBinary() (native-standin.ts) writes.
// With ZKLIQ_STANDIN_SPY=<file> it also records what it was handed (paths, file modes) there.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";

const [mode, zkey, wtns, proofFile, publicFile] = process.argv.slice(2);
/** BN254 base field modulus (proof coordinates live below it). */
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

if (process.env.ZKLIQ_STANDIN_SPY) {
  const mode8 = (p) => (statSync(p).mode & 0o777).toString(8);
  const spy = { mode, zkey, wtns, wtnsMode: mode8(wtns), dirMode: mode8(dirname(wtns)), wtnsBytes: readFileSync(wtns).length };
  writeFileSync(process.env.ZKLIQ_STANDIN_SPY, JSON.stringify(spy));
}

const write = (proof, publicSignals) => {
  writeFileSync(proofFile, typeof proof === "string" ? proof : JSON.stringify(proof));
  writeFileSync(publicFile, typeof publicSignals === "string" ? publicSignals : JSON.stringify(publicSignals));
};

async function prove() {
  const snarkjs = createRequire(import.meta.url)("snarkjs");
  const { proof, publicSignals } = await snarkjs.groth16.prove(zkey, wtns, undefined, { singleThread: true }); // no worker threads: quicker to start
  delete proof.curve; // as rapidsnark writes it
  return { proof, publicSignals };
}

const misbehave = {
  hang: () => new Promise(() => setInterval(() => {}, 1000)),
  exit1: () => {
    process.stderr.write("Error: the stand-in refuses\nsecond line\n");
    process.exit(1);
  },
  crash: () => process.kill(process.pid, "SIGKILL"),
  missing: () => process.exit(0),
  garbage: () => write("{ this is not json", "[]"),
  "invalid-proof": async () => {
    const { proof, publicSignals } = await prove();
    write({ ...proof, pi_c: proof.pi_a }, publicSignals); // points on the curve, wrong proof
  },
  "wrong-public": async () => {
    const { proof, publicSignals } = await prove();
    write(proof, [(BigInt(publicSignals[0]) + 1n).toString(), ...publicSignals.slice(1)]);
  },
  "non-canonical": async () => {
    const { proof, publicSignals } = await prove();
    // x + q: snarkjs reduces it and verifies, the EVM's precompiles refuse it
    write({ ...proof, pi_a: [(BigInt(proof.pi_a[0]) + Q).toString(), ...proof.pi_a.slice(1)] }, publicSignals);
  },
  "extra-fields": async () => {
    const { proof, publicSignals } = await prove();
    write({ ...proof, curve: "bn128", note: "not from snarkjs", pi_z: ["1"] }, publicSignals);
  },
  valid: async () => {
    const { proof, publicSignals } = await prove();
    write(proof, publicSignals);
  },
};

if (!misbehave[mode]) {
  process.stderr.write(`stand-in: unknown mode ${mode}\n`);
  process.exit(2);
}
await misbehave[mode]();
process.exit(0); // snarkjs's curve threads would keep the process alive
