/**
 * The page's platform: the same exports as src/platform.ts (the compiler checks it below), for a
 * browser. The package files verification reads (circuits/circuits.json, artifacts/manifest.json and
 * each circuit's verification key) are embedded at build time under a virtual package root, so the
 * SDK reads and hash-checks them exactly as in Node; @noble/hashes' sha256 replaces node:crypto's,
 * snarkjs is its browser build, and the statement modules are found by a build-time glob of
 * src/statements/, so a statement added there is in the page with no edit here.
 */
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import * as snarkjs from "snarkjs";
import type * as NodePlatform from "../../src/platform.js";

export const PACKAGE_ROOT = "/zkliq";

const embedded = import.meta.glob<string>(["../../circuits/circuits.json", "../../artifacts/manifest.json", "../../artifacts/*/*.vkey.json"], {
  query: "?raw",
  import: "default",
  eager: true,
});
/** "/zkliq/artifacts/manifest.json" -> its text. */
const FILES = new Map(Object.entries(embedded).map(([path, text]) => [path.replace(/^(\.\.\/)+/, `${PACKAGE_ROOT}/`), text]));

const statements = import.meta.glob("../../src/statements/*.ts");

export const joinPath = (...parts: string[]): string => parts.join("/").replace(/\/{2,}/g, "/");

export const fileExists = (path: string): boolean => FILES.has(path);

export function readText(path: string): string {
  const text = FILES.get(path);
  if (text === undefined) throw new Error(`${path} is not part of this page (it embeds only zkliq's circuits.json, manifest and verification keys)`);
  return text;
}

export const readFile = (path: string): Uint8Array => new TextEncoder().encode(readText(path));

export const sha256Hex = (data: Uint8Array | string): string => bytesToHex(sha256(data));

export function requirePackage(id: "snarkjs" | "circom_runtime"): unknown {
  if (id === "snarkjs") return snarkjs;
  throw new Error("proving is not available in the web page: use the zkliq CLI or SDK in Node");
}

export function loadNativeBackend(): Promise<typeof import("../../src/proof/native.js")> {
  return Promise.reject(new Error("proving is not available in the web page: use the zkliq CLI or SDK in Node"));
}

export function importStatement(id: string): Promise<unknown> {
  const load = statements[`../../src/statements/${id}.ts`];
  return load ? load() : Promise.reject(new Error(`no statement module src/statements/${id}.ts in this page`));
}

// A compile error here when this module and src/platform.ts drift apart.
({ PACKAGE_ROOT, joinPath, fileExists, readFile, readText, sha256Hex, requirePackage, importStatement, loadNativeBackend }) satisfies typeof NodePlatform;
