/**
 * npm run artifacts:check: recompile every circuit and fail if its r1cs (or wasm) no longer matches
 * the manifest, or if any committed artifact's sha256 differs, or a key lacks a contribution, or
 * the Solidity verifier / compiled contracts differ from the keys and sources (scripts/solidity.ts).
 * CI runs this so a circuit or contract edit without "npm run setup" cannot land.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_ARTIFACTS_DIR, assertContributed, loadManifest, vkeyHash } from "../src/proof/artifacts.js";
import { BUILD_DIR, CIRCUITS, compileCircuit, fileSha256, log, terminateCurve } from "./lib.js";
import { solidityProblems } from "./solidity.js";

const ART = DEFAULT_ARTIFACTS_DIR;
const problems: string[] = [];
const manifest = loadManifest(ART);

for (const p of Object.values(manifest.ptaus)) {
  const file = join(ART, p.path);
  if (!existsSync(file) || fileSha256(file) !== p.sha256) problems.push(`ptau ${p.path} missing or changed`);
}

for (const id of Object.keys(CIRCUITS)) {
  const m = manifest.circuits[id];
  if (!m) {
    problems.push(`circuit "${id}" is in circuits.json but not in the manifest: run npm run setup`);
    continue;
  }
  for (const [kind, f] of Object.entries(m.files)) {
    const file = join(ART, f.path);
    if (!existsSync(file)) problems.push(`${id}: ${kind} ${f.path} is missing`);
    else if (fileSha256(file) !== f.sha256) problems.push(`${id}: ${kind} ${f.path} does not match its manifest sha256`);
  }
  if (!manifest.ptaus[String(m.ptau)]) problems.push(`${id}: its ptau (2^${m.ptau}) is not in the manifest`);
  const vkey = JSON.parse(readFileSync(join(ART, m.files.vkey!.path), "utf8"));
  if (vkeyHash(vkey) !== m.vkeyHash) problems.push(`${id}: vkey hash differs from the manifest`);
  try {
    assertContributed(vkey, `${id} vkey`);
  } catch (e) {
    problems.push((e as Error).message);
  }
  mkdirSync(BUILD_DIR, { recursive: true }); // build/ is gitignored: absent on a fresh clone
  const tmp = mkdtempSync(join(BUILD_DIR, `check-${id}-`));
  try {
    const out = compileCircuit(id, tmp);
    if (fileSha256(out.r1cs) !== m.files.r1cs!.sha256) {
      problems.push(`${id}: the circuits compile to a different r1cs than the committed one: run "npm run setup" and commit artifacts/`);
    }
    if (fileSha256(out.wasm) !== m.files.wasm!.sha256) problems.push(`${id}: recompiled wasm differs from the committed one`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

problems.push(...(await solidityProblems(ART, manifest)));
await terminateCurve();

if (problems.length) {
  for (const p of problems) console.error(`artifacts:check: ${p}`);
  process.exit(1);
}
log(`artifacts:check OK (${Object.keys(CIRCUITS).join(", ")}, verifiers and contracts match the manifest)`);
