/**
 * Solidity build pieces shared by setup.ts and artifacts-check.ts: the generated Groth16 verifier
 * (snarkjs's template) and compiling contracts with the pinned solc from npm (optimizer on).
 * Compiled contracts are committed as artifacts/.../*.json (abi + bytecode), so nothing at run
 * time or test time needs a compiler or the network.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import * as snarkjs from "snarkjs";
import { type Manifest, sha256Hex } from "../src/proof/artifacts.js";
import type { ContractArtifact } from "../src/chain/contracts.js";
import { PACKAGE_ROOT } from "../src/root.js";

const require = createRequire(import.meta.url);

/** Compiler settings of every contract zkliq ships (recorded in each artifact). */
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 1000 },
  // The IR pipeline: ~1.4k less gas per liquidation than the legacy one (docs/benchmarks.md).
  viaIR: true,
  // Cancun: understood by current L1 and L2 EVMs; nothing here needs a later fork.
  evmVersion: "cancun",
} as const;

interface Solc {
  version(): string;
  compile(input: string, opts?: { import: (path: string) => { contents: string } | { error: string } }): string;
}
let solcInstance: Solc | undefined;
const solc = (): Solc => (solcInstance ??= require("solc") as Solc);

/** Full version of the pinned solc, e.g. "0.8.30+commit.73712a01". */
export const solcVersion = (): string => solc().version().replace(/\.Emscripten.*$/, "");

/** Contract name of a circuit's verifier: "liquidation" -> "LiquidationVerifier". */
export const verifierContractName = (circuit: string): string =>
  circuit.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase()) + "Verifier";

function verifierHeader(circuit: string): string {
  return [
    `// GENERATED, DO NOT EDIT. Groth16 verifier of the "${circuit}" circuit, exported by`,
    `// scripts/setup.ts (npm run setup) from artifacts/${circuit}/${circuit}.zkey with snarkjs's`,
    `// templates/verifier_groth16.sol.ejs (contract renamed to ${verifierContractName(circuit)}).`,
    `// npm run artifacts:check fails if its constants differ from ${circuit}.vkey.json.`,
    `// DEVELOPMENT KEYS: see README "Security".`,
    ``,
  ].join("\n");
}

/** The verifier source for a circuit, rendered by snarkjs from its zkey. */
export async function exportVerifierSource(circuit: string, zkeyFile: string): Promise<string> {
  const template = readFileSync(join(PACKAGE_ROOT, "node_modules", "snarkjs", "templates", "verifier_groth16.sol.ejs"), "utf8");
  const rendered = await snarkjs.zKey.exportSolidityVerifier(zkeyFile, { groth16: template });
  if (!/\bcontract Groth16Verifier\b/.test(rendered)) throw new Error("snarkjs verifier template changed: no `contract Groth16Verifier`");
  return verifierHeader(circuit) + rendered.replace(/\bcontract Groth16Verifier\b/, `contract ${verifierContractName(circuit)}`);
}

/**
 * Compare the verifier's constants with a verification key, independently of the template:
 * parse `uint256 constant NAME = VALUE;` and check each against the vkey field it encodes.
 * Returns the differences (empty when they agree).
 */
export function verifierConstantProblems(source: string, vkey: any): string[] {
  const found = new Map<string, string>();
  for (const m of source.matchAll(/uint256 constant (\w+)\s*=\s*(\d+)\s*;/g)) found.set(m[1]!, m[2]!);
  const expected: Record<string, string> = {
    alphax: vkey.vk_alpha_1[0],
    alphay: vkey.vk_alpha_1[1],
  };
  // G2 points: the template writes each Fp2 coordinate as (c1, c0).
  for (const [name, key] of [["beta", "vk_beta_2"], ["gamma", "vk_gamma_2"], ["delta", "vk_delta_2"]] as const) {
    expected[`${name}x1`] = vkey[key][0][1];
    expected[`${name}x2`] = vkey[key][0][0];
    expected[`${name}y1`] = vkey[key][1][1];
    expected[`${name}y2`] = vkey[key][1][0];
  }
  (vkey.IC as string[][]).forEach((p, i) => {
    expected[`IC${i}x`] = p[0]!;
    expected[`IC${i}y`] = p[1]!;
  });
  const problems: string[] = [];
  for (const [name, value] of Object.entries(expected)) {
    const got = found.get(name);
    if (got === undefined) problems.push(`verifier has no constant ${name}`);
    else if (BigInt(got) !== BigInt(value)) problems.push(`verifier constant ${name} differs from the verification key`);
  }
  const extraIc = [...found.keys()].filter((k) => /^IC\d+[xy]$/.test(k) && !(k in expected));
  if (extraIc.length) problems.push(`verifier has extra constants ${extraIc.join(", ")} (different number of public signals)`);
  const arity = /uint\[(\d+)\] calldata _pubSignals/.exec(source)?.[1];
  if (arity !== String(vkey.nPublic)) problems.push(`verifier takes ${arity} public signals, the key has ${vkey.nPublic}`);
  return problems;
}

/** Every .sol file under contracts/, as package-relative source unit names. */
export function contractSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".sol")) out.push(relative(PACKAGE_ROOT, full));
    }
  };
  walk(join(PACKAGE_ROOT, "contracts"));
  return out;
}

/**
 * Compile Solidity sources (package-relative paths) with the pinned solc and SOLC_SETTINGS.
 * Returns an artifact per deployable contract (interfaces are left out). Throws on any error.
 */
export function compileSolidity(files: string[]): ContractArtifact[] {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(PACKAGE_ROOT, f), "utf8") }])),
    settings: {
      ...SOLC_SETTINGS,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };
  const findImports = (path: string) => {
    try {
      return { contents: readFileSync(join(PACKAGE_ROOT, path), "utf8") };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  const out = JSON.parse(solc().compile(JSON.stringify(input), { import: findImports }));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length) throw new Error(`solc: ${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n")}`);
  const warnings = (out.errors ?? []).filter((e: { severity: string }) => e.severity !== "error");
  for (const w of warnings) console.warn(`[zkliq] solc ${w.severity}: ${w.formattedMessage.split("\n")[0]} (${w.sourceLocation?.file ?? ""})`);
  const artifacts: ContractArtifact[] = [];
  for (const [source, contracts] of Object.entries(out.contracts as Record<string, Record<string, any>>)) {
    if (!files.includes(source)) continue;
    for (const [contractName, c] of Object.entries(contracts)) {
      if (!c.evm.bytecode.object) continue; // interface or abstract
      artifacts.push({
        format: "zkliq.contract.v1",
        contractName,
        source,
        compiler: { solc: solcVersion(), settings: SOLC_SETTINGS },
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      });
    }
  }
  return artifacts;
}

export const artifactJson = (a: ContractArtifact): string => JSON.stringify(a, null, 1) + "\n";

/**
 * What artifacts:check verifies about the Solidity artifacts of an artifacts folder:
 *   - each circuit's verifier is exactly what snarkjs exports from the committed zkey, and its
 *     constants (parsed from the source) equal the committed verification key;
 *   - every committed bytecode is what the pinned solc makes of the committed sources, and every
 *     contract under contracts/ is compiled, listed in the manifest and unchanged.
 * Returns the problems found (empty when all is well).
 */
export async function solidityProblems(dir: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  if (manifest.solc !== solcVersion()) problems.push(`manifest says solc ${manifest.solc}, the pinned solc is ${solcVersion()}: run npm run setup`);
  const sameBuild = (committed: ContractArtifact, fresh: ContractArtifact | undefined, what: string): void => {
    if (!fresh) problems.push(`${what}: the sources no longer produce contract ${committed.contractName}`);
    else if (fresh.bytecode !== committed.bytecode || JSON.stringify(fresh.abi) !== JSON.stringify(committed.abi)) {
      problems.push(`${what}: committed bytecode/abi differ from what solc ${solcVersion()} compiles from the sources: run npm run setup`);
    }
  };
  for (const [id, m] of Object.entries(manifest.circuits)) {
    const sol = m.files.verifierSol;
    const art = m.files.verifier;
    if (!sol || !art || !existsSync(join(dir, sol.path)) || !existsSync(join(dir, art.path))) {
      problems.push(`${id}: no Solidity verifier in the manifest or on disk: run npm run setup`);
      continue;
    }
    const source = readFileSync(join(dir, sol.path), "utf8");
    const vkey = JSON.parse(readFileSync(join(dir, m.files.vkey!.path), "utf8"));
    for (const p of verifierConstantProblems(source, vkey)) problems.push(`${id}: ${sol.path}: ${p}`);
    if ((await exportVerifierSource(id, join(dir, m.files.zkey!.path))) !== source) {
      problems.push(`${id}: ${sol.path} is not what snarkjs exports from ${m.files.zkey!.path}: run npm run setup`);
    }
    const committed = JSON.parse(readFileSync(join(dir, art.path), "utf8")) as ContractArtifact;
    const [fresh] = compileSolidity([relative(PACKAGE_ROOT, join(dir, sol.path))]);
    sameBuild(committed, fresh, `${id}: ${art.path}`);
  }
  const fresh = compileSolidity(contractSources());
  const listed = Object.keys(manifest.contracts ?? {}).sort();
  const built = fresh.map((a) => a.contractName).sort();
  if (JSON.stringify(listed) !== JSON.stringify(built)) {
    problems.push(`contracts/ compiles to [${built.join(", ")}] but the manifest lists [${listed.join(", ")}]: run npm run setup`);
  }
  for (const [name, entry] of Object.entries(manifest.contracts ?? {})) {
    const file = join(dir, entry.path);
    if (!existsSync(file)) {
      problems.push(`contract ${name}: ${entry.path} is missing`);
      continue;
    }
    if (sha256Hex(readFileSync(file)) !== entry.sha256) problems.push(`contract ${name}: ${entry.path} does not match its manifest sha256`);
    sameBuild(JSON.parse(readFileSync(file, "utf8")) as ContractArtifact, fresh.find((a) => a.contractName === name), `contract ${name}`);
  }
  return problems;
}
