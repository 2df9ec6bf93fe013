// `--prover native|snarkjs|auto` and `--verbose` on the proving verbs, end to end through the built
// bin, with the stand-in native provers (test/helpers/native-standin.mjs) and, for the passing
// runs, a real rapidsnark build when ZKLIQ_NATIVE_PROVER names one. Each run gets its own TMPDIR,
// which must be empty afterwards (the witness is secret).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyDisclosure } from "../../src/statements/disclosure.js";
import { verifyLiquidation } from "../../src/statements/liquidation.js";
import { verifyPartialLiquidation } from "../../src/statements/partial.js";
import { shutdown } from "../../src/proof/prover.js";
import { assertBuilt, lines, readJson, reasonOf, removeWorkspace, runCli, show, tempWorkspace } from "../helpers/cli.js";
import { type StandInMode, standInBinary, validBinary } from "../helpers/native-standin.js";

const LIQUIDATOR = "0x00000000000000000000000000000000000d3e70";
const PROVE = ["prove", "--position", "examples/position-btc-long.json", "--price", "examples/price-btc.json", "--liquidator", LIQUIDATOR];
const NOW = 1_795_000_000; // the examples' price timestamp

let dir: string;
let valid: string;

/** Run the CLI with $ZKLIQ_NATIVE_PROVER = `binary` (unset when undefined) and a fresh TMPDIR; returns the run and that TMPDIR's contents after. */
async function zkliq(args: string[], binary: string | undefined) {
  const tmp = mkdtempSync(join(dir, "tmp-"));
  const r = await runCli(args, { cwd: dir, env: { ZKLIQ_NATIVE_PROVER: binary, TMPDIR: tmp } });
  const left = readdirSync(tmp);
  rmSync(tmp, { recursive: true, force: true });
  return { ...r, left };
}
const bin = (mode: StandInMode): string => standInBinary(join(dir, "bin"), mode);

beforeAll(() => {
  assertBuilt();
  dir = tempWorkspace();
  mkdirSync(join(dir, "bin"));
  valid = validBinary(join(dir, "bin"));
});
afterAll(async () => {
  removeWorkspace(dir);
  await shutdown();
});

describe("zkliq prove / disclose --prover", () => {
  it("--prover native --verbose: the native prover makes a valid proof, says so (stderr, and JSON with --json), leaves nothing in TMPDIR", async () => {
    const r = await zkliq(["--json", ...PROVE, "--out", "native.json", "--prover", "native", "--verbose"], valid);
    expect(r.code, show(r)).toBe(0);
    expect(r.left).toEqual([]);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^zkliq: prover: native \\(${valid}, output verified against the liquidation verification key\\), \\d+ ms\\n$`));
    expect(JSON.parse(r.stdout).prover).toMatchObject({ backend: "native", binary: valid });
    const bundle = readJson(join(dir, "native.json"));
    expect(bundle.proof.curve).toBe("bn128");
    expect(await verifyLiquidation(bundle, { now: NOW, liquidator: LIQUIDATOR })).toMatchObject({ valid: true });
  });

  it("--prover native with a misbehaving binary: exit 3, one line naming it, no output file, no temp file", async () => {
    const garbage = bin("garbage");
    const r = await zkliq([...PROVE, "--out", "bad.json", "--prover", "native"], garbage);
    expect(r.code, show(r)).toBe(3);
    expect(reasonOf(r.stderr)).toBe(`zkliq: internal error: native prover ${garbage} wrote a proof.json that is not JSON`);
    expect(existsSync(join(dir, "bad.json"))).toBe(false);
    expect(r.left).toEqual([]);
  });

  it("auto (the default) falls back to snarkjs with a warning when the binary's proof is invalid", async () => {
    const invalid = bin("invalid-proof");
    const r = await zkliq([...PROVE, "--out", "fallback.json", "--verbose"], invalid);
    expect(r.code, show(r)).toBe(0);
    expect(lines(r.stderr)).toEqual([
      `zkliq: warning: native prover ${invalid} wrote a proof that does not verify against the committed liquidation verification key; falling back to snarkjs`,
      expect.stringMatching(/^zkliq: prover: snarkjs after the native prover failed, \d+ ms$/),
    ]);
    expect(r.left).toEqual([]);
    expect(await verifyLiquidation(readJson(join(dir, "fallback.json")), { now: NOW })).toMatchObject({ valid: true });
  });

  it("--prover snarkjs ignores ZKLIQ_NATIVE_PROVER; --prover native without it is bad input; unknown backends are usage errors", async () => {
    const snark = await zkliq([...PROVE, "--out", "s.json", "--prover", "snarkjs", "--verbose"], bin("garbage"));
    expect(snark.code, show(snark)).toBe(0);
    expect(snark.stderr).toMatch(/^zkliq: prover: snarkjs, \d+ ms\n$/);
    const none = await zkliq([...PROVE, "--out", "n.json", "--prover", "native"], undefined);
    expect(none.code, show(none)).toBe(2);
    expect(reasonOf(none.stderr)).toMatch(/^zkliq: the native prover needs ZKLIQ_NATIVE_PROVER=\/path\/to\/prover/);
    const bogus = await zkliq([...PROVE, "--out", "b.json", "--prover", "rapid"], undefined);
    expect(bogus.code, show(bogus)).toBe(2);
    expect(bogus.stderr).toContain("Allowed choices are auto, native, snarkjs");
    expect(existsSync(join(dir, "n.json")) || existsSync(join(dir, "b.json"))).toBe(false);
  });

  it("prove --partial (quiet without --verbose) and disclose prove natively too", async () => {
    const partial = await zkliq(
      ["prove", "--partial", "--position", "examples/position-btc-20-long.json", "--price", "examples/price-btc-57000.json",
        "--liquidator", LIQUIDATOR, "--out", "partial.json", "--prover", "native"],
      valid,
    );
    expect(partial.code, show(partial)).toBe(0);
    expect(partial.stderr).toBe(""); // without --verbose nothing is said
    expect(await verifyPartialLiquidation(readJson(join(dir, "partial.json")), { now: NOW })).toMatchObject({ valid: true });

    const challenge = "0x" + "0c".repeat(32);
    const disclose = await zkliq(
      ["disclose", "--position", "examples/disclosure/position.json", "--price", "examples/disclosure/price.json",
        "--min-margin-ratio", "10%", "--challenge", challenge, "--out", "disclosure.json", "--prover", "native", "--verbose"],
      valid,
    );
    expect(disclose.code, show(disclose)).toBe(0);
    expect(disclose.stderr).toContain("output verified against the disclosure verification key");
    expect(await verifyDisclosure(readJson(join(dir, "disclosure.json")), { challenge })).toMatchObject({ valid: true });
    expect([partial.left, disclose.left]).toEqual([[], []]);
  });
});
