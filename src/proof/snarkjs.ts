/**
 * snarkjs and circom_runtime, loaded on first use through their single-file CommonJS builds: ~100
 * to 150 ms faster to load than their ES module trees, which a one-shot `zkliq prove` or
 * `zkliq verify` pays every time. And the curve threads they start, stopped without ffjavascript's
 * fixed 200 ms sleep.
 */
import { requirePackage } from "../platform.js";

interface Curve {
  terminate(): Promise<void>;
  tm?: { workers?: { terminate(): void }[] };
}
const g = globalThis as { curve_bn128?: Curve | null };

/** Loading a build of ffjavascript resets `globalThis.curve_bn128`: keep a curve the other build started. */
function requireKeepingCurve<T>(id: "snarkjs" | "circom_runtime"): T {
  const before = g.curve_bn128;
  const mod = requirePackage(id) as T;
  if (before && !g.curve_bn128) g.curve_bn128 = before;
  return mod;
}

export const loadSnarkjs = (): typeof import("snarkjs") => requireKeepingCurve("snarkjs");
export const loadCircomRuntime = (): typeof import("circom_runtime") => requireKeepingCurve("circom_runtime");

/**
 * Curves started in this process. snarkjs keeps its curve in `globalThis.curve_bn128`, which
 * loading the other build of ffjavascript (ESM after CJS) resets to null: keep our own reference,
 * so shutdown() still finds its threads.
 */
const started = new Set<Curve>();
export function noteCurve(): void {
  if (g.curve_bn128) started.add(g.curve_bn128);
}

/** Stop the bn128 curve's worker threads so the process can exit (a no-op when none run). */
export async function shutdown(): Promise<void> {
  noteCurve();
  g.curve_bn128 = undefined;
  const curves = [...started];
  started.clear();
  for (const curve of curves) {
    const workers = curve.tm?.workers;
    // worker.terminate() stops each thread at once; curve.terminate() asks them to stop, then sleeps 200 ms.
    if (Array.isArray(workers)) workers.forEach((w) => w.terminate());
    else await curve.terminate();
  }
}
