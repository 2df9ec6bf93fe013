/**
 * Each verb loads only what it uses: the bin imports commander and the small command modules,
 * and a verb imports its SDK modules when it runs. Watched in the child process with
 * test/helpers/module-trace.ts (ES modules with their importer, CommonJS ones at exit).
 *
 *   - `--help`, `position new`, `commit`: no viem, no snarkjs, no @ethereumjs;
 *   - off-chain verbs never load viem, @ethereumjs or the chain code (dist/src/chain/);
 *   - snarkjs only for the verbs that prove or verify.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, removeWorkspace, runCli, show, tempWorkspace } from "../helpers/cli.js";
import { type Load, canTrace, fromPackage as pkg, moduleTracer } from "../helpers/module-trace.js";

const BTC_POS = "examples/position-btc-long.json";
const BTC_PRICE = "examples/price-btc.json";
const LIQUIDATOR = "0x00000000000000000000000000000000000d3e70";

// module.register (the hook API used here) exists from Node 20.6.
describe.runIf(canTrace)("modules each verb loads", { timeout: 300_000 }, () => {
  let dir: string;
  let tracer: ReturnType<typeof moduleTracer>;
  beforeAll(() => {
    assertBuilt();
    dir = tempWorkspace();
    tracer = moduleTracer(dir);
  });
  afterAll(() => removeWorkspace(dir));

  async function loads(name: string, args: string[]): Promise<Load[]> {
    const log = join(dir, `${name}.loads`);
    const r = await runCli(args, { cwd: dir, env: tracer.env(log) });
    expect(r.code, show(r)).toBe(0);
    return tracer.read(log);
  }

  /** Off-chain: no viem, no @ethereumjs, no chain code; snarkjs as `snarkjs` says. */
  function expectOffChain(l: Load[], snarkjs: boolean): void {
    expect(l.filter((x) => pkg(x, "@ethereumjs")).map((x) => x.url)).toEqual([]);
    expect(l.filter((x) => x.url.includes("/dist/src/chain/")).map((x) => x.url)).toEqual([]);
    expect(l.filter((x) => pkg(x, "viem")).map((x) => x.url)).toEqual([]);
    expect(l.some((x) => pkg(x, "snarkjs"))).toBe(snarkjs);
  }

  it("--help, position new and commit load no viem, snarkjs or @ethereumjs", async () => {
    const runs = await Promise.all([
      loads("help", ["--help"]),
      loads("new", ["position", "new", "--market", "BTC-USD", "--side", "long", "--size", "1", "--entry-price", "100", "--collateral", "10", "--out", "p.json"]),
      loads("commit", ["commit", BTC_POS]),
    ]);
    for (const l of runs) {
      expect(l.length).toBeGreaterThan(0);
      for (const heavy of ["viem", "snarkjs", "@ethereumjs"]) expect(l.filter((x) => pkg(x, heavy)).map((x) => x.url)).toEqual([]);
    }
    // --help loads no SDK module at all: only the CLI's, the version's and the errors'.
    const own = runs[0]!.filter((x) => x.url.includes("/dist/src/")).map((x) => x.url.replace(/^.*\/dist\/src\//, ""));
    expect(own.filter((f) => !f.startsWith("cli/") && f !== "root.js" && f !== "errors.js")).toEqual([]);
  });

  it("status loads no snarkjs; prove and verify load snarkjs; none loads chain code", async () => {
    expectOffChain(await loads("status", ["status", "--position", BTC_POS, "--price", BTC_PRICE]), false);
    expectOffChain(await loads("prove", ["prove", "--position", BTC_POS, "--price", BTC_PRICE, "--liquidator", LIQUIDATOR, "--out", "proof.json"]), true);
    expectOffChain(await loads("verify", ["verify", "proof.json", "--liquidator", LIQUIDATOR]), true);
  });

  it("the chain verbs load the chain code only when they run", async () => {
    const l = await loads("deploy-help", ["deploy", "--help"]);
    expect(l.filter((x) => x.url.includes("/dist/src/chain/") || pkg(x, "viem")).map((x) => x.url)).toEqual([]);
  });
});
