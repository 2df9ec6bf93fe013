/** Shared pieces of the artifact pipeline: generating mains, compiling with circom2, hashing. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { CIRCUITS, type CircuitConfig } from "../src/proof/circuits.js";
import { PACKAGE_ROOT } from "../src/root.js";

const require = createRequire(import.meta.url);

export const BUILD_DIR = join(PACKAGE_ROOT, "build");

export const log = (msg: string): void => console.log(`[zkliq] ${msg}`);

/** A snarkjs logger that shows progress lines (prepare phase2 and friends print through it). */
export const snarkLogger = {
  info: (m: string) => log(m),
  debug: (_m: string) => {},
  warn: (m: string) => log(`warning: ${m}`),
  error: (m: string) => log(`error: ${m}`),
};

export const fileSha256 = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");
export const fileBlake2b = (file: string): string => createHash("blake2b512").update(readFileSync(file)).digest("hex");

/** Write through a temp file and rename, so a crash never leaves a half-written artifact. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export const circomVersion = (): string => {
  const r = spawnSync(process.execPath, [require.resolve("circom2/cli.js"), "--version"], { encoding: "utf8" });
  return r.stdout.trim().split("\n").pop() ?? "unknown";
};
export const snarkjsVersion = (): string =>
  JSON.parse(readFileSync(join(PACKAGE_ROOT, "node_modules", "snarkjs", "package.json"), "utf8")).version;

/** The `component main` source for a circuit instance of circuits/circuits.json. */
export function mainSource(id: string, c: CircuitConfig, mainFile: string): string {
  const include = relative(dirname(mainFile), join(PACKAGE_ROOT, "circuits", c.file));
  const params = Object.values(c.params).join(", ");
  return [
    `// GENERATED from circuits/circuits.json ("${id}") by scripts/lib.ts. Do not edit.`,
    `pragma circom 2.1.0;`,
    `include "${include}";`,
    `component main {public [${c.public.join(", ")}]} = ${c.template}(${params});`,
    ``,
  ].join("\n");
}

/**
 * Generate the main file and compile it with circom2 (--O2) into `outDir` (inside the package:
 * circom2 runs under WASI and only sees the working directory). Returns the output paths.
 */
export function compileCircuit(id: string, outDir: string): { r1cs: string; wasm: string; sym: string } {
  const c = CIRCUITS[id];
  if (!c) throw new Error(`circuits.json has no circuit "${id}"`);
  const mainFile = join(outDir, `${id}.circom`);
  writeAtomic(mainFile, mainSource(id, c, mainFile));
  const args = [
    require.resolve("circom2/cli.js"),
    relative(PACKAGE_ROOT, mainFile),
    "--r1cs", "--wasm", "--sym", "--O2",
    "-l", relative(PACKAGE_ROOT, join(dirname(require.resolve("circomlib/package.json")), "..")),
    "-o", relative(PACKAGE_ROOT, outDir),
  ];
  log(`compiling ${id} with circom2 --O2`);
  const r = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`circom2 failed for ${id}:\n${r.stdout}\n${r.stderr}`);
  return {
    r1cs: join(outDir, `${id}.r1cs`),
    wasm: join(outDir, `${id}_js`, `${id}.wasm`),
    sym: join(outDir, `${id}.sym`),
  };
}

/** Number of constraints in an r1cs file (read from its header). */
export async function constraintCount(r1csFile: string): Promise<number> {
  const { readR1cs } = await import("r1csfile");
  const r = await readR1cs(r1csFile, { loadConstraints: false, loadMap: false, getFieldFromPrime: () => ({}) });
  return r.nConstraints;
}

/** Smallest power of two domain Groth16 needs: constraints + public inputs + 1. */
export function requiredPower(constraints: number, nPublic: number): number {
  let p = 1;
  while (2 ** p < constraints + nPublic + 1) p++;
  return p;
}

/** Stop snarkjs' curve worker threads so the process can exit. */
export async function terminateCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } };
  await g.curve_bn128?.terminate();
}

export { CIRCUITS, PACKAGE_ROOT };
