import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Abi, type Hex, decodeErrorResult } from "viem";
import { DEFAULT_ARTIFACTS_DIR, loadManifest, readArtifactText, sha256Hex } from "../proof/artifacts.js";
import { ZkliqError, badInput } from "../errors.js";

/** A compiled contract as committed under artifacts/ (written by scripts/solidity.ts). */
export interface ContractArtifact {
  format: "zkliq.contract.v1";
  contractName: string;
  /** Source unit it was compiled from, e.g. "contracts/ZkliqLiquidation.sol". */
  source: string;
  compiler: { solc: string; settings: unknown };
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
}

/** Hand-written contracts shipped compiled (artifacts/contracts/<name>.json). */
export type ContractName = "ZkliqLiquidation" | "ExampleVenue";

export const contractArtifactPath = (name: string): string => `contracts/${name}.json`;

const cache = new Map<string, ContractArtifact>();

/** A compiled hand-written contract, hash-checked against artifacts/manifest.json. */
export function loadContract(name: ContractName, dir = DEFAULT_ARTIFACTS_DIR): ContractArtifact {
  const key = `${dir}:${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const entry = loadManifest(dir).contracts?.[name];
  if (!entry) throw badInput(`manifest has no contract ${name}: run "npm run setup"`);
  const file = join(dir, entry.path);
  if (!existsSync(file)) throw badInput(`missing artifact ${file}: run "npm run setup"`);
  const data = readFileSync(file);
  if (sha256Hex(data) !== entry.sha256) {
    throw new ZkliqError("invalid", `artifact ${file} does not match its sha256 in the manifest (tampered or stale; run "npm run setup")`);
  }
  const artifact = JSON.parse(data.toString("utf8")) as ContractArtifact;
  cache.set(key, artifact);
  return artifact;
}

/** The generated Groth16 verifier of `circuit`, compiled, hash-checked against the manifest. */
export function loadVerifierContract(circuit = "liquidation", dir = DEFAULT_ARTIFACTS_DIR): ContractArtifact {
  const key = `${dir}:verifier:${circuit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const artifact = JSON.parse(readArtifactText(circuit, "verifier", dir)) as ContractArtifact;
  cache.set(key, artifact);
  return artifact;
}

/** A revert decoded against the zkliq contracts' custom errors. */
export interface DecodedRevert {
  /** Custom error name, e.g. "PositionAlreadyLiquidated"; "Error"/"Panic" for require/panic; "unknown" otherwise. */
  name: string;
  args: readonly unknown[];
  /** One line: `Name(arg, arg)`. */
  text: string;
  data: Hex;
}

const fmt = (v: unknown): string => (typeof v === "bigint" ? v.toString() : String(v));

/** Decode revert data of a zkliq contract call (registry, verifier or example venue errors). */
export function decodeRevert(data: Hex | undefined): DecodedRevert {
  const d = data ?? "0x";
  if (d === "0x") return { name: "unknown", args: [], text: "reverted without data (out of gas, or not a zkliq contract?)", data: d };
  const abi = [...loadContract("ZkliqLiquidation").abi, ...loadContract("ExampleVenue").abi];
  try {
    const r = decodeErrorResult({ abi, data: d });
    const args = (r.args ?? []) as readonly unknown[];
    return { name: r.errorName, args, text: `${r.errorName}(${args.map(fmt).join(", ")})`, data: d };
  } catch {
    return { name: "unknown", args: [], text: `reverted with unknown data ${d.slice(0, 10)}`, data: d };
  }
}

/** A call or transaction a zkliq contract refused: `revert.name` is its custom error. */
export class ContractRevert extends ZkliqError {
  constructor(
    readonly what: string,
    readonly revert: DecodedRevert,
  ) {
    super("invalid", `${what} refused by the contract: ${revert.text}`);
    this.name = "ContractRevert";
  }
}
