/**
 * Each verb loads only what it uses: the bin imports commander and the small command modules,
 * and a verb imports its SDK modules when it runs. Watched with a module-resolution hook in the
 * child process (NODE_OPTIONS=--import), which logs every resolved ES module with its importer.
 *
 *   - `--help`, `position new`, `commit`: no viem, no snarkjs, no @ethereumjs;
 *   - off-chain verbs never load @ethereumjs or the chain code (dist/src/chain/), and viem only
 *     through the price attestation module (until it stops using viem);
 *   - snarkjs only for the verbs that prove or verify.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, removeWorkspace, runCli, show, tempWorkspace } from "../helpers/cli.js";

const HOOKS = `
import { appendFileSync } from "node:fs";
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(out, r.url + " " + (context.parentURL ?? "-") + "\\n");
  return r;
}`;
const PROBE = (hooks: string) => `
import { register } from "node:module";
register(${JSON.stringify(hooks)}, { data: { out: process.env.ZKLIQ_LOAD_LOG } });`;

const BTC_POS = "examples/position-btc-long.json";
const BTC_PRICE = "examples/price-btc.json";
const LIQUIDATOR = "0x00000000000000000000000000000000000d3e70";

/** What a run loaded: each resolved module URL with the URL of the module that imported it. */
interface Load {
  url: string;
  parent: string;
}

const pkg = (l: Load, name: string): boolean => l.url.includes(`/node_modules/${name}/`);
const importers = (loads: Load[], name: string): string[] =>
  [...new Set(loads.filter((l) => pkg(l, name) && !l.parent.includes("/node_modules/")).map((l) => l.parent.replace(/^.*\/dist\//, "dist/")))];

// module.register (the hook API used here) exists from Node 20.6.
describe.runIf(typeof (nodeModule as { register?: unknown }).register === "function")("modules each verb loads", { timeout: 300_000 }, () => {
  let dir: string;
  let probe: string;
  beforeAll(() => {
    assertBuilt();
    dir = tempWorkspace();
    const hooks = join(dir, "load-hooks.mjs");
    writeFileSync(hooks, HOOKS);
    probe = join(dir, "load-probe.mjs");
    writeFileSync(probe, PROBE(pathToFileURL(hooks).href));
  });
  afterAll(() => removeWorkspace(dir));

  async function loads(name: string, args: string[]): Promise<Load[]> {
    const log = join(dir, `${name}.loads`);
    writeFileSync(log, "");
    const r = await runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--import ${pathToFileURL(probe).href}`, ZKLIQ_LOAD_LOG: log } });
    expect(r.code, show(r)).toBe(0);
    return readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [url, parent] = line.split(" ");
        return { url: url!, parent: parent! };
      });
  }

  /** Off-chain: no @ethereumjs, no chain code, viem only via the price module; snarkjs as `snarkjs` says. */
  function expectOffChain(l: Load[], snarkjs: boolean): void {
    expect(l.filter((x) => pkg(x, "@ethereumjs")).map((x) => x.url)).toEqual([]);
    expect(l.filter((x) => x.url.includes("/dist/src/chain/")).map((x) => x.url)).toEqual([]);
    expect(importers(l, "viem").filter((p) => p !== "dist/src/price/attestation.js")).toEqual([]);
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
