// The on-chain CLI verbs end to end, by spawning the built bin against a Hardhat 2 node on
// 127.0.0.1 (its own node, started here and always stopped), and `zkliq demo` on the embedded EVM.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/root.js";
import { HARDHAT_KEYS, type HardhatNode, startHardhatNode } from "../helpers/hardhat-node.js";

const BIN = join(PACKAGE_ROOT, "dist", "src", "cli", "main.js");
const [DEPLOYER_KEY, OWNER_KEY, LIQUIDATOR_KEY, OTHER_KEY, DEMO_KEY] = HARDHAT_KEYS;
const LIQUIDATOR = privateKeyToAccount(LIQUIDATOR_KEY).address;
/** Each case spawns the bin several times (~1-3 s each on a busy 2-core machine). */
const SLOW = 300_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the zkliq bin (no inherited ZKLIQ_* variables unless given). */
function zkliq(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ZKLIQ_")));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let node: HardhatNode | undefined;
let dir: string;
const f = (name: string): string => join(dir, name);

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build`);
  dir = mkdtempSync(join(tmpdir(), "zkliq-cli-chain-"));
  node = await startHardhatNode({ lifetimeMs: 10 * 60_000 });
}, 90_000);
afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("zkliq deploy / open / price sign / prove / verify --rpc / liquidate against a node", () => {
  let address: string;

  it("deploys, opens, proves, verifies on-chain and liquidates; a second liquidation exits 1 with the contract's error", async () => {
    const dep = await zkliq(["deploy", "--rpc", node!.url, "--max-price-age", "1h", "--out", f("deployment.json"), "--json"], { ZKLIQ_KEY: DEPLOYER_KEY });
    expect(dep.stderr).toBe("");
    expect(dep.code).toBe(0);
    const d = JSON.parse(dep.stdout);
    expect(d).toMatchObject({ format: "zkliq.deployment.v1", chainId: 31337, maxPriceAge: 3600 });
    expect(JSON.parse(readFileSync(f("deployment.json"), "utf8")).liquidation).toBe(d.liquidation);
    address = d.liquidation;

    const owner = privateKeyToAccount(OWNER_KEY).address;
    const pos = await zkliq(["position", "new", "--market", "BTC-USD", "--side", "long", "--size", "0.5", "--entry-price", "60000", "--collateral", "3000", "--owner", owner, "--out", f("position.json")]);
    expect(pos.code).toBe(0);
    const open = await zkliq(["open", "--rpc", node!.url, "--address", address, "--position", f("position.json")], { ZKLIQ_KEY: OWNER_KEY });
    expect(open.stdout).toMatch(/^opened 0x[0-9a-f]{64} on BTC-USD, owner 0x/);
    expect(open.code).toBe(0);

    const sign = await zkliq(["price", "sign", "--market", "BTC-USD", "--price", "54200", "--chain-id", "31337", "--contract", address, "--out", f("price.json")]);
    expect(sign.code).toBe(0);
    const prove = await zkliq(["prove", "--position", f("position.json"), "--price", f("price.json"), "--liquidator", LIQUIDATOR, "--out", f("proof.json")]);
    expect(prove.code).toBe(0);

    const verify = await zkliq(["verify", f("proof.json"), "--rpc", node!.url, "--address", address]);
    expect(verify.stdout).toMatch(/^valid: the deployed verifier 0x[0-9a-fA-F]{40} accepts the proof .* position is open on-chain/);
    expect(verify.stdout).toMatch(/verifyProof gas +\d{3},\d{3}/);
    expect(verify.code).toBe(0);

    const wrong = await zkliq(["liquidate", f("proof.json"), "--rpc", node!.url, "--address", address], { ZKLIQ_KEY: OTHER_KEY });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/the proof is bound to liquidator 0x[0-9a-fA-F]{40}; send it from that account/);

    const liq = await zkliq(["liquidate", f("proof.json"), "--rpc", node!.url, "--address", address, "--key", LIQUIDATOR_KEY, "--json"]);
    expect(liq.stderr).toBe("");
    expect(liq.code).toBe(0);
    const l = JSON.parse(liq.stdout);
    expect(l).toMatchObject({ owner, liquidator: LIQUIDATOR });
    expect(Number(l.gasUsed)).toBeGreaterThan(200_000);

    const again = await zkliq(["liquidate", f("proof.json"), "--rpc", node!.url, "--address", address, "--key", LIQUIDATOR_KEY]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^zkliq: liquidate refused by the contract: PositionAlreadyLiquidated\(\d+\)\n$/);

    const after = await zkliq(["verify", f("proof.json"), "--rpc", node!.url, "--address", address]);
    expect(after.stdout).toMatch(/position is liquidated on-chain/);
  }, SLOW);

  it("a proof whose price is signed off-chain needs --price signed for the deployment", async () => {
    const sign = await zkliq(["price", "sign", "--market", "BTC-USD", "--price", "54200", "--out", f("offchain.json")]);
    expect(sign.code).toBe(0);
    const prove = await zkliq(["prove", "--position", f("position.json"), "--price", f("offchain.json"), "--liquidator", LIQUIDATOR, "--out", f("proof2.json")]);
    expect(prove.code).toBe(0);
    const r = await zkliq(["liquidate", f("proof2.json"), "--rpc", node!.url, "--address", address, "--key", LIQUIDATOR_KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the price is signed for chain 0 .* sign it with zkliq price sign --chain-id 31337 --contract 0x/);
  }, SLOW);

  it("bad input exits 2 with one line: unreachable node, missing key, bad address, --address without --rpc", async () => {
    const cases: [string[], RegExp][] = [
      [["deploy", "--rpc", "http://127.0.0.1:1", "--key", DEPLOYER_KEY], /cannot reach the node at http:\/\/127\.0\.0\.1:1/],
      [["deploy", "--rpc", node!.url], /no transaction key: pass --key/],
      [["deploy", "--rpc", node!.url, "--key", "0x12"], /must be 0x followed by 64 hex digits/],
      [["deploy", "--rpc", node!.url, "--key", DEPLOYER_KEY, "--oracle", "0xabc"], /oracle "0xabc" is not an address/],
      [["open", "--rpc", node!.url, "--address", "0x1234", "--commitment", "5", "--market", "BTC-USD", "--key", OWNER_KEY], /--address "0x1234" is not an address/],
      [["open", "--rpc", node!.url, "--address", address, "--commitment", "5", "--key", OWNER_KEY], /give --position file, or --commitment and --market/],
      [["verify", f("proof.json"), "--address", address], /--address needs --rpc/],
      [["verify", f("proof.json"), "--rpc", node!.url, "--address", address, "--max-age", "5m"], /drop --max-age \(off-chain checks\)/],
      [["liquidate", f("nope.json"), "--rpc", node!.url, "--address", address, "--key", LIQUIDATOR_KEY], /proof file .*nope\.json does not exist/],
    ];
    for (const [args, message] of cases) {
      const r = await zkliq(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    // The contract's own refusals are exit 1: an unknown market id on this deployment.
    const r = await zkliq(["open", "--rpc", node!.url, "--address", address, "--commitment", "5", "--market", "SOL-USD", "--key", OWNER_KEY, "--markets", writeMarket()]);
    expect(r.stderr).toMatch(/open refused by the contract: UnknownMarket\(77\)/);
    expect(r.code).toBe(1);
  }, SLOW);

  function writeMarket(): string {
    const file = f("markets.json");
    const body = JSON.stringify({ markets: [{ id: 77, symbol: "SOL-USD", sizeDecimals: 4, priceDecimals: 4, mmrBps: 100 }] });
    writeFileSync(file, body);
    return file;
  }
});

describe("zkliq demo", () => {
  it("settles on the embedded EVM with gas figures and ends with valid", async () => {
    const r = await zkliq(["demo"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6\. deploy  embedded EVM \(@ethereumjs\/vm, prague, chain 31337\)/);
    expect(r.stdout).toMatch(/9\. verify  on-chain: verifyProof accepts the proof \(\d{3},\d{3} gas/);
    expect(r.stdout).toMatch(/10\. liquidate .*PositionLiquidated \(\d{3},\d{3} gas/);
    expect(r.stdout).toMatch(/a second liquidation of the same position is refused: PositionAlreadyLiquidated/);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("valid");
  }, SLOW);

  it("settles on a node with --rpc", async () => {
    const r = await zkliq(["demo", "--rpc", node!.url], { ZKLIQ_KEY: DEMO_KEY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6\. deploy  JSON-RPC node at http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("valid");
  }, SLOW);
});
