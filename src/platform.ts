/**
 * What the SDK takes from its host, in one module so that the same SDK code runs in Node and in
 * the web page (web/): files (the package's circuits.json, the artifacts' manifest and
 * verification keys, a user's markets file), sha256, the snarkjs and circom_runtime packages, and
 * the statement modules. This is Node's version: files from disk, node:crypto, the packages'
 * CommonJS builds (they load faster than their ES module trees). The page's build
 * (web/vite.config.ts) swaps in web/src/platform.ts, which has the same exports: the files
 * embedded at build time, @noble/hashes' sha256 and snarkjs's browser build. Everything else,
 * every check of verification among it, is the same code in both.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PACKAGE_ROOT } from "./root.js";

export { PACKAGE_ROOT };

export const joinPath = (...parts: string[]): string => join(...parts);

export const fileExists = (path: string): boolean => existsSync(path);

/** A file's bytes; throws (with the system's message) when it cannot be read. */
export const readFile = (path: string): Uint8Array => readFileSync(path);

/** A UTF-8 text file; throws (with the system's message) when it cannot be read. */
export const readText = (path: string): string => readFileSync(path, "utf8");

/** sha256 as lowercase hex. node:crypto here: ~10x faster than a JS sha256 on a prover's megabytes. */
export const sha256Hex = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");

const require = createRequire(import.meta.url);

/** One of the proving packages (see src/proof/snarkjs.ts). */
export const requirePackage = (id: "snarkjs" | "circom_runtime"): unknown => require(id);

/** The module of statement `id` (src/statements/<id>.ts; see src/statements/registry.ts). */
export function importStatement(id: string): Promise<unknown> {
  // A plain variable, not a template literal: bundlers (vitest's) would turn `./statements/${id}.js`
  // into a glob of .js files, which src/ does not have.
  const specifier = `./statements/${id}.js`;
  return import(specifier);
}

/** The native prover backend (src/proof/native.ts: child processes and temp files; Node only). */
export const loadNativeBackend = (): Promise<typeof import("./proof/native.js")> => import("./proof/native.js");
