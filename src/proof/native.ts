/**
 * The native prover backend: an external Groth16 prover binary (rapidsnark, built by the user; see
 * docs/native-prover.md) run as a child process per proof, with the CLI contract
 * `prover <zkey> <witness.wtns> <proof.json> <public.json>`.
 *
 * The binary is never trusted: its public signals must equal those the witness implies, its proof
 * must be well-formed (affine points, coordinates below the base field modulus, so the on-chain
 * verifier reads what snarkjs verified) and must verify against the committed verification key
 * before it is returned. The witness (secret: it opens the position) is written 0600 into a
 * private 0700 folder, in RAM (/dev/shm) when there is one, and removed whatever happens.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { badInput } from "../errors.js";
import { verifyGroth16 } from "./groth16.js";
import type { Groth16Proof } from "./prover.js";

/** Environment variable naming the native prover binary. */
export const NATIVE_PROVER_ENV = "ZKLIQ_NATIVE_PROVER";

/** Default limit for one native proof: ~0.1 s is typical, so this only catches hangs. */
export const DEFAULT_NATIVE_TIMEOUT_MS = 30_000;

/** BN254 base field modulus: proof coordinates must be below it (the EVM precompiles refuse others). */
const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** Largest proof.json / public.json accepted from the binary (real ones are ~1 KB). */
const MAX_OUTPUT_BYTES = 64 * 1024;

export interface NativeProverOptions {
  /** Path of the prover binary (default: $ZKLIQ_NATIVE_PROVER). */
  binary?: string;
  /** Kill the binary and fail after this long (default 30 s). */
  timeoutMs?: number;
  /** Folder for the private per-proof temp folders (default: $TMPDIR when set, else /dev/shm, else the OS temp folder). */
  tempDir?: string;
}

/** A native prover that misbehaved (crash, hang, missing / malformed / wrong output); the message names the binary. */
export class NativeProverError extends Error {
  constructor(
    readonly binary: string,
    reason: string,
  ) {
    super(`native prover ${binary} ${reason}`);
    this.name = "NativeProverError";
  }
}

/** The binary the options or $ZKLIQ_NATIVE_PROVER name, if any. */
export function configuredBinary(opts: NativeProverOptions = {}): string | undefined {
  const path = opts.binary ?? process.env[NATIVE_PROVER_ENV];
  return path ? path : undefined;
}

/** The binary's absolute path, once it is an executable file; bad input naming it otherwise. */
export function checkBinary(binary: string): string {
  const path = resolve(binary);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
    accessSync(path, constants.X_OK);
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw badInput(`native prover ${path} is not an executable file (set ${NATIVE_PROVER_ENV} to a rapidsnark prover build; see docs/native-prover.md)`);
  }
  return path;
}

/** Where per-proof temp folders go: an explicit folder, $TMPDIR, else RAM (/dev/shm) when writable, else the OS default. */
function tempRoot(opts: NativeProverOptions): string {
  if (opts.tempDir) return opts.tempDir;
  if (process.env.TMPDIR) return tmpdir();
  try {
    accessSync("/dev/shm", constants.W_OK);
    if (statSync("/dev/shm").isDirectory()) return "/dev/shm";
  } catch {
    // no RAM folder here
  }
  return tmpdir();
}

/** A fresh folder only we can enter (mkdtemp makes it 0700); failing to make one fails the native path, not the proof. */
function privateTempDir(binary: string, root: string): string {
  try {
    return mkdtempSync(join(root, "zkliq-native-"));
  } catch (e) {
    throw new NativeProverError(binary, `cannot run: no private temp folder in ${root} (${(e as Error).message})`);
  }
}

/** The public signals a circom witness implies: wires 1..nPublic of the .wtns file (iden3 binfile format). */
export function witnessPublicSignals(wtns: Uint8Array, nPublic: number): string[] {
  const view = new DataView(wtns.buffer, wtns.byteOffset, wtns.byteLength);
  if (new TextDecoder().decode(wtns.subarray(0, 4)) !== "wtns") throw new Error("not a .wtns witness");
  let n8 = 0;
  let pos = 12; // magic, version, section count
  for (let left = view.getUint32(8, true); left > 0; left--) {
    const [type, size, start] = [view.getUint32(pos, true), Number(view.getBigUint64(pos + 4, true)), pos + 12];
    if (type === 1) n8 = view.getUint32(start, true);
    if (type === 2) {
      if (n8 === 0) throw new Error("witness values before the witness header");
      return Array.from({ length: nPublic }, (_, i) => {
        let v = 0n;
        for (let b = n8 - 1; b >= 0; b--) v = (v << 8n) | BigInt(wtns[start + (i + 1) * n8 + b]!);
        return v.toString();
      });
    }
    pos = start + size;
  }
  throw new Error("witness has no values section");
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  timedOut: boolean;
}

/** Run the binary (no shell), keeping the head of its stderr; SIGKILL it after `timeoutMs`. */
function run(binary: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let timedOut = false;
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(0, 2000)));
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      done({ code, signal, stderr, timedOut });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
      // A grandchild may hold stderr open: do not wait for it.
      setTimeout(() => finish(null, "SIGKILL"), 1000).unref();
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on("close", finish);
  });
}

/** Why a run failed, in words, or undefined when it exited 0. */
function runFailure(r: RunResult, timeoutMs: number): string | undefined {
  const said = r.stderr.trim().split("\n")[0];
  const tail = said ? ` (stderr: ${said})` : "";
  if (r.timedOut) return `timed out after ${timeoutMs} ms and was killed`;
  if (r.signal) return `crashed (signal ${r.signal})${tail}`;
  if (r.code !== 0) return `failed with exit code ${r.code}${tail}`;
  return undefined;
}

/** Parse one output file of the binary; a missing, oversized or non-JSON file is a NativeProverError. */
function readOutput(binary: string, file: string, name: string): unknown {
  let text: string;
  try {
    if (statSync(file).size > MAX_OUTPUT_BYTES) throw new NativeProverError(binary, `wrote an oversized ${name}`);
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof NativeProverError) throw e;
    throw new NativeProverError(binary, `exited 0 but wrote no ${name}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new NativeProverError(binary, `wrote a ${name} that is not JSON`);
  }
}

const coordinate = (v: unknown): string | undefined =>
  typeof v === "string" && /^\d{1,78}$/.test(v) && BigInt(v) < BASE_FIELD ? BigInt(v).toString() : undefined;

/** A G1 point [x, y, "1"] or G2 point [[x0, x1], [y0, y1], ["1", "0"]] with canonical coordinates, or undefined. */
function affine<T extends string | string[]>(p: unknown, one: T, parse: (v: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(p) || p.length !== 3 || JSON.stringify(p[2]) !== JSON.stringify(one)) return undefined;
  const [x, y] = [parse(p[0]), parse(p[1])];
  return x !== undefined && y !== undefined ? [x, y, one] : undefined;
}
const fq2 = (v: unknown): string[] | undefined => {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const [a, b] = [coordinate(v[0]), coordinate(v[1])];
  return a !== undefined && b !== undefined ? [a, b] : undefined;
};

/** The proof rebuilt from the binary's JSON (snarkjs's format, nothing else carried over), or undefined if malformed. */
function parseProof(raw: unknown): Groth16Proof | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const p = raw as Record<string, unknown>;
  if (p.protocol !== "groth16" || (p.curve !== undefined && p.curve !== "bn128")) return undefined;
  const [a, b, c] = [affine(p.pi_a, "1", coordinate), affine(p.pi_b, ["1", "0"], fq2), affine(p.pi_c, "1", coordinate)];
  if (!a || !b || !c) return undefined;
  return { pi_a: a, pi_b: b, pi_c: c, protocol: "groth16", curve: "bn128" };
}

export interface NativeProofRequest {
  binary: string;
  /** The zkey file, already hash-checked against the manifest. */
  zkeyPath: string;
  /** The witness (.wtns bytes) from the circuit's wasm. */
  wtns: Uint8Array;
  /** The trusted verification key of the zkey's circuit, and its name for messages. */
  vkey: { nPublic: number };
  circuit: string;
  opts?: NativeProverOptions;
}

/**
 * Prove with the native binary and check everything it wrote; returns the proof (in snarkjs's
 * format) and the witness's public signals. Throws NativeProverError naming the binary when it
 * misbehaves. Safe to call concurrently (each call has its own temp folder), e.g. from a pool worker.
 */
export async function proveNative(req: NativeProofRequest): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const { binary, opts = {} } = req;
  const expected = witnessPublicSignals(req.wtns, req.vkey.nPublic);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_NATIVE_TIMEOUT_MS;
  const dir = privateTempDir(binary, tempRoot(opts));
  try {
    const [wtnsFile, proofFile, publicFile] = ["witness.wtns", "proof.json", "public.json"].map((f) => join(dir, f)) as [string, string, string];
    writeFileSync(wtnsFile, req.wtns, { mode: 0o600, flag: "wx" });
    let result: RunResult;
    try {
      result = await run(binary, [req.zkeyPath, wtnsFile, proofFile, publicFile], timeoutMs);
    } catch (e) {
      throw new NativeProverError(binary, `could not be started: ${(e as Error).message}`);
    }
    const failure = runFailure(result, timeoutMs);
    if (failure) throw new NativeProverError(binary, failure);
    const proof = parseProof(readOutput(binary, proofFile, "proof.json"));
    const publicSignals = readOutput(binary, publicFile, "public.json");
    if (!proof) throw new NativeProverError(binary, "wrote a malformed proof.json (not an affine Groth16 bn128 proof with canonical coordinates)");
    if (JSON.stringify(publicSignals) !== JSON.stringify(expected)) {
      throw new NativeProverError(binary, `wrote public signals that differ from the witness's (${req.circuit} circuit)`);
    }
    if (!(await verifyGroth16(req.vkey, expected, proof))) {
      throw new NativeProverError(binary, `wrote a proof that does not verify against the committed ${req.circuit} verification key`);
    }
    return { proof, publicSignals: expected };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
