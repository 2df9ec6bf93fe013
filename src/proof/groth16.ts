/**
 * Groth16 verification with snarkjs, loaded on first use (it costs ~100 ms to load) and run on a
 * single-threaded curve when no prover has started one: the multi-threaded curve's worker threads
 * would keep a verify-only process alive until someone called shutdown().
 */
import type { Groth16Proof } from "./prover.js";

import { loadSnarkjs } from "./snarkjs.js";

type Curve = { terminate(): Promise<void> };
const g = globalThis as { curve_bn128?: Curve | null };

let singleThreaded: Promise<Curve> | undefined;

/** Does the proof verify against `vkey` with these public signals? False (never throws) for malformed proofs. */
export async function verifyGroth16(vkey: unknown, publicSignals: readonly string[], proof: Groth16Proof): Promise<boolean> {
  const s = loadSnarkjs();
  // snarkjs takes the curve from this global when one is there (a prover's, with workers); else
  // lend it ours for the call. A prover starting meanwhile would borrow it too: slower, still correct.
  const lent = !g.curve_bn128;
  if (lent) g.curve_bn128 = await (singleThreaded ??= s.curves.getCurveFromName("bn128", { singleThread: true }));
  const ours = g.curve_bn128;
  try {
    return await s.groth16.verify(vkey, [...publicSignals], proof);
  } catch {
    return false;
  } finally {
    if (lent && g.curve_bn128 === ours) g.curve_bn128 = undefined;
  }
}
