/**
 * npm run setup: build every circuit of circuits/circuits.json into artifacts/.
 *   compile (circom2 --O2) -> r1cs, wasm, sym
 *   groth16 setup with the smallest committed dev ptau that fits it (at least 2^12, one per circuit:
 *   adding a big circuit does not re-key the small ones) -> one phase-2 contribution -> beacon -> verify
 *   export the verification key and the Solidity verifier (snarkjs template, compiled with solc);
 *   compile the hand-written contracts/ into artifacts/contracts/;
 *   write artifacts/manifest.json (sha256 of everything).
 * Resumable: a circuit whose r1cs and keys still match the manifest is skipped (--force redoes it).
 * A ptau is taken from artifacts/ptau/zkliq_dev_<power>.ptau, else copied from $ZKLIQ_PTAU_DIR (e.g. the
 * prepared dev files in ../shared/ptau/), else made from scratch (make-ptau.ts: slow, ~3 min at 2^12,
 * ~12 at 2^14, ~50 at 2^16).
 *
 * DEVELOPMENT KEYS: one local contribution plus a public beacon. See README "Security".
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import * as snarkjs from "snarkjs";
import {
  DEFAULT_ARTIFACTS_DIR,
  assertContributed,
  circuitFiles,
  type CircuitManifest,
  type Manifest,
  type PtauManifest,
  vkeyHash,
} from "../src/proof/artifacts.js";
import {
  BUILD_DIR,
  CIRCUITS,
  circomVersion,
  compileCircuit,
  constraintCount,
  fileBlake2b,
  fileSha256,
  PACKAGE_ROOT,
  log,
  requiredPower,
  snarkLogger,
  snarkjsVersion,
  terminateCurve,
  writeAtomic,
} from "./lib.js";
import { makePtau, ptauPath } from "./make-ptau.js";
import { artifactJson, compileSolidity, contractSources, exportVerifierSource, solcVersion } from "./solidity.js";
import { contractArtifactPath } from "../src/chain/contracts.js";

const ART = DEFAULT_ARTIFACTS_DIR;
/** The smallest ptau any circuit uses (the keys made before per-circuit ptaus came from 2^12). */
const MIN_PTAU_POWER = 12;
const force = process.argv.includes("--force");

function readManifest(): Manifest | undefined {
  const f = join(ART, "manifest.json");
  return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as Manifest) : undefined;
}

/** The dev ptau of this power: committed, or copied from $ZKLIQ_PTAU_DIR, or made from scratch. */
async function ptauFor(power: number): Promise<string> {
  const dst = ptauPath(power);
  if (existsSync(dst)) return dst;
  const shared = process.env.ZKLIQ_PTAU_DIR && join(process.env.ZKLIQ_PTAU_DIR, basename(dst));
  if (shared && existsSync(shared)) {
    log(`copying ${shared} into artifacts/ptau/`);
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(shared, dst);
    return dst;
  }
  return makePtau(power);
}

function upToDate(old: CircuitManifest | undefined, r1csSha: string, ptau: PtauManifest, previous: Manifest | undefined): boolean {
  if (!old || old.files.r1cs?.sha256 !== r1csSha) return false;
  // A v1 manifest had one ptau for every circuit (`ptau`), v2 one per circuit (`ptaus`).
  const before = previous?.ptaus?.[String(old.ptau)] ?? (previous as { ptau?: PtauManifest } | undefined)?.ptau;
  if (before?.sha256 !== ptau.sha256) return false;
  return ["zkey", "vkey"].every((k) => {
    const e = old.files[k];
    return e && existsSync(join(ART, e.path)) && fileSha256(join(ART, e.path)) === e.sha256;
  });
}

async function main(): Promise<void> {
  const previous = readManifest();
  const compiled: Record<string, { r1cs: string; wasm: string; sym: string; constraints: number }> = {};
  for (const id of Object.keys(CIRCUITS)) {
    const out = compileCircuit(id, join(BUILD_DIR, id));
    compiled[id] = { ...out, constraints: await constraintCount(out.r1cs) };
    log(`${id}: ${compiled[id]!.constraints} constraints`);
  }
  const manifest: Manifest = {
    format: "zkliq.manifest.v2",
    circom: circomVersion(),
    snarkjs: snarkjsVersion(),
    ptaus: {},
    circuits: {},
  };

  for (const [id, c] of Object.entries(compiled)) {
    const files = circuitFiles(id);
    const dst = (k: keyof typeof files) => join(ART, files[k]);
    mkdirSync(join(ART, id), { recursive: true });
    copyFileSync(c.r1cs, dst("r1cs"));
    copyFileSync(c.wasm, dst("wasm"));
    copyFileSync(c.sym, dst("sym"));
    const r1csSha = fileSha256(dst("r1cs"));
    const power = Math.max(MIN_PTAU_POWER, requiredPower(c.constraints, CIRCUITS[id]!.public.length));
    const ptau = await ptauFor(power);
    manifest.ptaus[String(power)] ??= { path: relative(ART, ptau), sha256: fileSha256(ptau), blake2b512: fileBlake2b(ptau), power };
    log(`${id}: ptau ${relative(process.cwd(), ptau)} (2^${power})`);
    const old = previous?.circuits[id];
    let contributions = old?.contributions ?? [];
    if (!force && upToDate(old, r1csSha, manifest.ptaus[String(power)]!, previous)) {
      log(`${id}: keys up to date, skipping the ceremony (use --force to redo)`);
    } else {
      const tmp = join(BUILD_DIR, id);
      const z0 = join(tmp, `${id}_0000.zkey`);
      const z1 = join(tmp, `${id}_0001.zkey`);
      const zf = join(tmp, `${id}_final.zkey`);
      log(`${id}: groth16 setup`);
      await snarkjs.zKey.newZKey(dst("r1cs"), ptau, z0, snarkLogger);
      log(`${id}: phase-2 contribution (random entropy, discarded)`);
      await snarkjs.zKey.contribute(z0, z1, "zkliq dev contribution 1", randomBytes(32).toString("hex"), snarkLogger);
      const beaconHash = randomBytes(32).toString("hex");
      log(`${id}: beacon ${beaconHash}`);
      await snarkjs.zKey.beacon(z1, zf, "zkliq dev beacon", beaconHash, 10, snarkLogger);
      if (!(await snarkjs.zKey.verifyFromR1cs(dst("r1cs"), ptau, zf, snarkLogger))) {
        throw new Error(`${id}: snarkjs zkey verify failed`);
      }
      const vkey = await snarkjs.zKey.exportVerificationKey(zf);
      assertContributed(vkey, `${id} key`);
      writeAtomic(dst("vkey"), JSON.stringify(vkey, null, 1) + "\n");
      copyFileSync(zf, dst("zkey"));
      rmSync(z0);
      rmSync(z1);
      contributions = ["zkliq dev contribution 1 (local, random entropy)", `beacon 0x${beaconHash}, 2^10 iterations`];
    }
    // The verifier is re-exported from the (kept) zkey every run: cheap, and never stale.
    writeAtomic(dst("verifierSol"), await exportVerifierSource(id, dst("zkey")));
    const [verifier] = compileSolidity([files.verifierSol].map((f) => relative(PACKAGE_ROOT, join(ART, f))));
    writeAtomic(dst("verifier"), artifactJson(verifier!));
    log(`${id}: Solidity verifier ${files.verifierSol} (${verifier!.contractName}, solc ${solcVersion()})`);
    const vkey = JSON.parse(readFileSync(dst("vkey"), "utf8"));
    manifest.circuits[id] = {
      template: CIRCUITS[id]!.template,
      ptau: power,
      params: CIRCUITS[id]!.params,
      publicSignals: CIRCUITS[id]!.public,
      constraints: c.constraints,
      vkeyHash: vkeyHash(vkey),
      files: Object.fromEntries(
        (Object.keys(files) as (keyof typeof files)[]).map((k) => [k, { path: files[k], sha256: fileSha256(dst(k)) }]),
      ),
      contributions,
    };
  }
  manifest.solc = solcVersion();
  manifest.contracts = {};
  for (const a of compileSolidity(contractSources())) {
    const path = contractArtifactPath(a.contractName);
    writeAtomic(join(ART, path), artifactJson(a));
    manifest.contracts[a.contractName] = { path, sha256: fileSha256(join(ART, path)) };
    log(`compiled ${a.source}: ${a.contractName} -> artifacts/${path}`);
  }
  writeAtomic(join(ART, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  log(`wrote ${relative(process.cwd(), join(ART, "manifest.json"))}`);
}

main()
  .then(terminateCurve)
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await terminateCurve();
    process.exit(1);
  });
