// The generated Solidity verifier: exactly snarkjs's export of the committed zkey, constants equal
// to the committed verification key (what artifacts:check enforces), compiled as committed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_ARTIFACTS_DIR, loadManifest } from "../../src/proof/artifacts.js";
import { loadVerifierContract } from "../../src/chain/contracts.js";
import { shutdown } from "../../src/proof/prover.js";
import { SOLC_SETTINGS, compileSolidity, exportVerifierSource, solcVersion, verifierConstantProblems } from "../../scripts/solidity.js";

const manifest = loadManifest();
const m = manifest.circuits.liquidation!;
const art = (p: string): string => join(DEFAULT_ARTIFACTS_DIR, p);
const source = readFileSync(art(m.files.verifierSol!.path), "utf8");
const vkey = JSON.parse(readFileSync(art(m.files.vkey!.path), "utf8"));
afterAll(shutdown);

describe("generated verifier", () => {
  it("is marked generated and is snarkjs's export of the committed zkey", async () => {
    expect(source.split("\n")[0]).toMatch(/^\/\/ GENERATED, DO NOT EDIT\./);
    expect(source).toMatch(/\bcontract LiquidationVerifier\b/);
    expect(await exportVerifierSource("liquidation", art(m.files.zkey!.path))).toBe(source);
  });

  it("has the verification key's constants; a changed constant, point or signal count is reported", () => {
    expect(verifierConstantProblems(source, vkey)).toEqual([]);
    const digit = source.replace(/(uint256 constant deltax1 = \d+)(\d);/, (_m, head: string, d: string) => `${head}${(Number(d) + 1) % 10};`);
    expect(digit).not.toBe(source);
    expect(verifierConstantProblems(digit, vkey)).toEqual(["verifier constant deltax1 differs from the verification key"]);
    const swapped = { ...vkey, vk_gamma_2: vkey.vk_delta_2 };
    expect(verifierConstantProblems(source, swapped)).toEqual(
      expect.arrayContaining(["verifier constant gammax1 differs from the verification key"]),
    );
    const moreSignals = { ...vkey, nPublic: 5, IC: [...vkey.IC, vkey.IC[1]] };
    expect(verifierConstantProblems(source, moreSignals)).toEqual(
      expect.arrayContaining(["verifier has no constant IC5x", "verifier takes 4 public signals, the key has 5"]),
    );
  });

  it("the committed bytecode is what the pinned solc compiles from it, with the recorded settings", () => {
    const committed = loadVerifierContract();
    expect(committed.compiler).toEqual({ solc: solcVersion(), settings: SOLC_SETTINGS });
    expect(manifest.solc).toBe(solcVersion());
    const [fresh] = compileSolidity([join("artifacts", m.files.verifierSol!.path)]);
    expect(fresh!.bytecode).toBe(committed.bytecode);
  });
});
