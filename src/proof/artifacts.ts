import { ZkliqError, badInput } from "../errors.js";
import { PACKAGE_ROOT, fileExists, joinPath, readFile, readText, sha256Hex } from "../platform.js";

export { sha256Hex };

/** Default artifacts folder (committed with the package); override with `artifactsDir` options. */
export const DEFAULT_ARTIFACTS_DIR = joinPath(PACKAGE_ROOT, "artifacts");

/** Where each artifact of circuit `id` lives (relative to the artifacts folder). */
export function circuitFiles(id: string) {
  return {
    r1cs: `${id}/${id}.r1cs`,
    wasm: `${id}/${id}.wasm`,
    sym: `${id}/${id}.sym`,
    zkey: `${id}/${id}.zkey`,
    vkey: `${id}/${id}.vkey.json`,
    /** Generated Solidity verifier (snarkjs template) and its compiled abi + bytecode. */
    verifierSol: `${id}/${id}.verifier.sol`,
    verifier: `${id}/${id}.verifier.json`,
  };
}
export type ArtifactKind = keyof ReturnType<typeof circuitFiles>;

export interface ManifestFile {
  path: string;
  sha256: string;
}

/** A phase-1 powers-of-tau file (prepared for phase 2), by power: `ptaus["12"]`. */
export interface PtauManifest extends ManifestFile {
  power: number;
  blake2b512: string;
}

export interface CircuitManifest {
  template: string;
  /** The power of the ptau its key was made from (a key into `Manifest.ptaus`): each circuit takes
   * the smallest that fits, at least 2^12, so a big circuit added later does not re-key small ones. */
  ptau: number;
  params: Record<string, number>;
  publicSignals: string[];
  constraints: number;
  /** sha256 of the canonical verification key JSON (see vkeyHash). */
  vkeyHash: string;
  files: Record<string, ManifestFile>;
  contributions: string[];
}

export interface Manifest {
  format: "zkliq.manifest.v2";
  circom: string;
  snarkjs: string;
  ptaus: Record<string, PtauManifest>;
  circuits: Record<string, CircuitManifest>;
  /** solc version every contract was compiled with (scripts/solidity.ts). */
  solc?: string;
  /** Compiled hand-written contracts (contracts/), by contract name. */
  contracts?: Record<string, ManifestFile>;
}

export function loadManifest(dir = DEFAULT_ARTIFACTS_DIR): Manifest {
  const file = joinPath(dir, "manifest.json");
  if (!fileExists(file)) throw badInput(`no ${file}: run "npm run setup" to build the circuit artifacts`);
  return JSON.parse(readText(file)) as Manifest;
}

/** JSON with object keys sorted at every level: a stable byte string to hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The verification key's identity: sha256 of its canonical JSON, as 0x-hex. */
export const vkeyHash = (vkey: unknown): string => "0x" + sha256Hex(canonicalJson(vkey));

/**
 * Refuse a key with no phase-2 contribution: then delta == gamma (both the G2 generator) and
 * anyone can forge proofs, while `snarkjs zkey verify` still says OK.
 */
export function assertContributed(vkey: { vk_delta_2?: unknown; vk_gamma_2?: unknown }, what = "verification key"): void {
  if (!vkey.vk_delta_2 || !vkey.vk_gamma_2) throw new ZkliqError("invalid", `${what} is not a Groth16 key`);
  if (canonicalJson(vkey.vk_delta_2) === canonicalJson(vkey.vk_gamma_2)) {
    throw new ZkliqError(
      "invalid",
      `${what} has no phase-2 contribution (delta == gamma): proofs under it can be forged; rebuild it with "npm run setup"`,
    );
  }
}

/** Read an artifact of circuit `id`, checking its sha256 against the manifest. */
export function readArtifact(id: string, kind: ArtifactKind, dir = DEFAULT_ARTIFACTS_DIR, manifest = loadManifest(dir)): Uint8Array {
  const entry = manifest.circuits[id]?.files[kind];
  if (!entry) throw badInput(`manifest has no ${kind} for circuit "${id}": run "npm run setup"`);
  const file = joinPath(dir, entry.path);
  if (!fileExists(file)) throw badInput(`missing artifact ${file}: run "npm run setup"`);
  const data = readFile(file);
  if (sha256Hex(data) !== entry.sha256) {
    throw new ZkliqError("invalid", `artifact ${file} does not match its sha256 in the manifest (tampered or stale; run "npm run setup")`);
  }
  return data;
}

/** A text artifact (JSON) of circuit `id`, sha256-checked like readArtifact. */
export const readArtifactText = (id: string, kind: ArtifactKind, dir = DEFAULT_ARTIFACTS_DIR, manifest = loadManifest(dir)): string =>
  new TextDecoder().decode(readArtifact(id, kind, dir, manifest));

/** The trusted verification key of circuit `id`: hash-checked against the manifest and contributed. */
export function loadVerificationKey(id: string, dir = DEFAULT_ARTIFACTS_DIR, manifest = loadManifest(dir)): { vkey: any; hash: string } {
  const vkey = JSON.parse(readArtifactText(id, "vkey", dir, manifest));
  const hash = vkeyHash(vkey);
  if (hash !== manifest.circuits[id]?.vkeyHash) {
    throw new ZkliqError("invalid", `verification key hash ${hash} differs from the manifest's`);
  }
  assertContributed(vkey, `${id} verification key`);
  return { vkey, hash };
}
