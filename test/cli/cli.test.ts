/**
 * End-to-end tests of the built CLI (`node dist/src/cli/main.js`, i.e. the `zkliq` bin).
 *
 * Every command runs in a child process whose cwd is a throwaway temp directory holding a copy
 * of examples/, so relative paths like `examples/price-btc.json` work and nothing is written
 * into the repository. Exit codes: 0 ok/valid, 1 proof invalid or statement false, 2 bad input
 * or usage, 3 internal error.
 *
 * Proving costs ~1 s and every process start ~1.3 s (snarkjs + viem load), so suites run
 * concurrently and the example bundle is proven once (beforeAll) and reused by the tamper tests.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { poseidon5 } from "poseidon-lite";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitPosition, positionFromJson } from "../../src/position/position.js";
import { findMarket } from "../../src/market/markets.js";
import { riskParamsHash } from "../../src/market/risk-params.js";
import {
  REPO,
  VKEY,
  assertBuilt,
  lines,
  listFiles,
  readJson,
  reasonOf,
  removeWorkspace,
  runCli,
  runNode,
  show,
  tempWorkspace,
  writeJson,
  type RunResult,
} from "../helpers/cli.js";

// --- fixed facts of the examples -------------------------------------------------------------

const TS = 1795000000; // the examples' fixed price timestamp
const DEV_ORACLE = "0xC824e29c1c5e0375Bb558c743246D97Cd0a0378a";
const DEV_KEY = "0xf41619dccabae7d678bbaab91e2a37f81f6d9896622e265db807d05c89feb171";
/** Some other key (Hardhat/Anvil test account #1: public, for tests only). */
const OTHER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const OTHER_ORACLE = privateKeyToAccount(OTHER_KEY).address;
const LIQUIDATOR = "0x00000000000000000000000000000000000d3e70";

const BTC_POS = "examples/position-btc-long.json";
const ETH_POS = "examples/position-eth-short.json";
const BTC_PRICE = "examples/price-btc.json";
const ETH_PRICE = "examples/price-eth.json";
const MARKETS = "examples/markets.json";

const PKG_VERSION: string = readJson(join(REPO, "package.json")).version;
const CIRCUITS = readJson(join(REPO, "circuits", "circuits.json"));
const PUBLIC_NAMES: string[] = CIRCUITS.liquidation.public;
const P = CIRCUITS.liquidation.params as Record<string, number>;
const FIELD_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const hex32 = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");

/**
 * Position commitment recomputed from scratch with poseidon-lite, following
 * circuits/gadgets/PositionCommitment.circom (field packing from circuits.json), from integer units.
 */
function poseidonCommitment(f: {
  marketId: bigint;
  long: boolean;
  size: bigint;
  entryPrice: bigint;
  collateral: bigint;
  entryFunding: bigint;
  owner: bigint;
  nonce: bigint;
  salt: bigint;
}): bigint {
  const sh = (b: number): bigint => 1n << BigInt(b);
  const tag = BigInt("0x" + Buffer.from("zkliq.position.v1", "ascii").toString("hex"));
  const w1 = f.size + f.entryPrice * sh(P.SB!) + f.collateral * sh(P.SB! + P.PB!);
  const w2 =
    f.entryFunding + sh(P.FB! - 1) +
    f.nonce * sh(P.FB!) +
    f.marketId * sh(P.FB! + P.NB!) +
    (f.long ? 0n : 1n) * sh(P.FB! + P.NB! + P.MB!);
  return poseidon5([tag, w1, w2, f.owner, f.salt]);
}

/** The labelled value of one `status` text line, e.g. field(out, "equity"). */
function field(stdout: string, label: string): string {
  const m = new RegExp(`^${label}\\s+(.+)$`, "m").exec(stdout);
  if (!m) throw new Error(`no "${label}" line in:\n${stdout}`);
  return m[1]!;
}

// --- workspaces --------------------------------------------------------------------------------

const workspaces: string[] = [];
function workspace(): string {
  const dir = tempWorkspace();
  workspaces.push(dir);
  return dir;
}

beforeAll(() => assertBuilt());
afterAll(() => workspaces.forEach(removeWorkspace));

/**
 * Run a command expected to fail, in a fresh workspace (after `setup`): it must exit with `code`,
 * print nothing on stdout, give a one-line reason on stderr matching `reason`, and leave the
 * workspace exactly as it was (no --out file, no temp file).
 */
async function expectFailure(c: {
  args: string[];
  code: 1 | 2;
  reason: RegExp;
  out?: string;
  env?: Record<string, string>;
  setup?: (dir: string) => void;
}): Promise<RunResult> {
  const dir = workspace();
  c.setup?.(dir);
  const before = listFiles(dir);
  const r = await runCli(c.args, { cwd: dir, env: c.env });
  expect(r.code, show(r)).toBe(c.code);
  expect(r.stdout, show(r)).toBe("");
  expect(reasonOf(r.stderr)).toMatch(c.reason);
  if (c.out) expect(existsSync(join(dir, c.out)), `${c.out} must not exist`).toBe(false);
  expect(listFiles(dir), "a failed command must not write files").toEqual(before);
  return r;
}

const editJson = (dir: string, from: string, to: string, edit: (j: any) => void): void => {
  const j = readJson(join(dir, from));
  edit(j);
  mkdirSync(join(dir, to, ".."), { recursive: true });
  writeJson(join(dir, to), j);
};

// ================================================================================================

// Generous per-test timeout: on a loaded 2-core machine a queued test can wait a long time.
describe.concurrent("zkliq CLI", { timeout: 300_000 }, () => {
  describe("help, version, demo", () => {
    let dir: string;
    beforeAll(() => {
      dir = workspace();
    });

    it("--help exits 0 and describes the commands and exit codes", async () => {
      const r = await runCli(["--help"], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toMatch(/^Usage: zkliq/);
      for (const verb of ["position", "commit", "price", "status", "prove", "verify", "demo"]) expect(r.stdout).toContain(verb);
      expect(r.stdout).toContain("Exit codes");
      expect(r.stderr).toBe("");
    });

    it("`help` exits 0", async () => {
      const r = await runCli(["help"], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toMatch(/^Usage: zkliq/);
    });

    it("--version prints the package.json version", async () => {
      const r = await runCli(["--version"], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout.trim()).toBe(PKG_VERSION);
    });

    it("no command at all is a usage error (exit 2, help on stderr)", async () => {
      const r = await runCli([], { cwd: dir });
      expect(r.code, show(r)).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/Usage: zkliq/);
    });

    it("a group without its subcommand (`position`) is a usage error (exit 2)", async () => {
      const r = await runCli(["position"], { cwd: dir });
      expect(r.code, show(r)).toBe(2);
      expect(r.stderr).toMatch(/Usage: zkliq position/);
    });

    it("an unknown command exits 2 with a one-line reason", async () => {
      const r = await runCli(["frobnicate"], { cwd: dir });
      expect(r.code, show(r)).toBe(2);
      expect(reasonOf(r.stderr)).toMatch(/unknown command 'frobnicate'/);
    });

    it("demo runs the whole flow and ends with 'valid'", async () => {
      const before = listFiles(dir);
      const r = await runCli(["demo"], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      const out = lines(r.stdout);
      expect(out.at(-1)).toBe("valid");
      expect(r.stdout).toMatch(/1\. commit .* commitment 0x[0-9a-f]{64}/);
      expect(r.stdout).toMatch(/3\. status .*equity 100, requirement 108\.4/);
      expect(r.stdout).toMatch(/5\. verify +off-chain: valid/);
      expect(listFiles(dir)).toEqual(before);
    });

    it("demo --json prints one JSON object with valid: true", async () => {
      const r = await runCli(["--json", "demo"], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.valid).toBe(true);
      expect(j.commitment).toMatch(/^0x[0-9a-f]{64}$/);
      expect(j.constraints).toBeGreaterThan(0);
      expect(j.reason).toMatch(/below its maintenance margin \(BTC-USD tier table 0x[0-9a-f]{8}\.\.\.\)/);
    });
  });

  // ----------------------------------------------------------------------------------------------

  describe("positions, commitments, prices, status", () => {
    let dir: string;
    beforeAll(() => {
      dir = workspace();
    });

    it("the bundled examples are what they claim (units, commitments recomputed with poseidon-lite)", () => {
      const btc = readJson(join(dir, BTC_POS));
      expect(btc).toMatchObject({ market: "BTC-USD", marketId: 1, side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
      // BTC-USD: size in 1e-8 BTC, price in 1e-2 USD, collateral in 1e-10 USD.
      const c = poseidonCommitment({
        marketId: 1n,
        long: true,
        size: 50_000_000n,
        entryPrice: 6_000_000n,
        collateral: 30_000_000_000_000n,
        entryFunding: 0n,
        owner: 0n,
        nonce: 0n,
        salt: BigInt(btc.salt),
      });
      expect(btc.commitment).toBe(hex32(c));

      const eth = readJson(join(dir, ETH_POS));
      expect(eth).toMatchObject({ market: "ETH-USD", side: "short" });
      expect(readJson(join(dir, BTC_PRICE))).toMatchObject({ market: "BTC-USD", markPrice: "54200", timestamp: TS, oracle: DEV_ORACLE });
      expect(readJson(join(dir, ETH_PRICE))).toMatchObject({ market: "ETH-USD", timestamp: TS, oracle: DEV_ORACLE });
      expect(readJson(join(dir, MARKETS))).toEqual({
        markets: [{ id: 7, symbol: "DOGE-USD", sizeDecimals: 0, priceDecimals: 6, mmrBps: 200 }],
      });
    });

    it("commit prints the example's commitment (text and --json)", async () => {
      const expected = hex32(commitPosition(positionFromJson(readJson(join(dir, BTC_POS)))));
      const [t, j] = await Promise.all([
        runCli(["commit", BTC_POS], { cwd: dir }),
        runCli(["--json", "commit", BTC_POS], { cwd: dir }),
      ]);
      expect(t.code, show(t)).toBe(0);
      expect(t.stdout).toBe(expected + "\n");
      expect(j.code, show(j)).toBe(0);
      expect(JSON.parse(j.stdout)).toEqual({ commitment: expected });
    });

    it("position new writes a position file and prints its commitment; commit agrees", async () => {
      const r = await runCli(
        [
          "position", "new", "--market", "BTC-USD", "--side", "long", "--size", "0.5", "--entry-price", "60000",
          "--collateral", "3000", "--owner", LIQUIDATOR, "--nonce", "7", "--entry-funding-index", "-12.5",
          "--out", "secret/new-long.json",
        ],
        { cwd: dir },
      );
      expect(r.code, show(r)).toBe(0);
      const m = /^commitment (0x[0-9a-f]{64})$/m.exec(r.stdout);
      expect(m, r.stdout).not.toBeNull();
      expect(r.stdout).toContain("wrote secret/new-long.json");
      const file = readJson(join(dir, "secret/new-long.json"));
      expect(file).toMatchObject({
        format: "zkliq.position.v1",
        market: "BTC-USD",
        marketId: 1,
        side: "long",
        size: "0.5",
        entryPrice: "60000",
        collateral: "3000",
        entryFundingIndex: "-12.5",
        owner: LIQUIDATOR,
        nonce: "7",
        commitment: m![1],
      });
      // Independently: through the SDK's file parser, and from scratch with poseidon-lite.
      expect(hex32(commitPosition(positionFromJson(file)))).toBe(m![1]);
      const scratch = poseidonCommitment({
        marketId: 1n,
        long: true,
        size: 50_000_000n,
        entryPrice: 6_000_000n,
        collateral: 30_000_000_000_000n,
        entryFunding: -1250n,
        owner: BigInt(LIQUIDATOR),
        nonce: 7n,
        salt: BigInt(file.salt),
      });
      expect(hex32(scratch)).toBe(m![1]);

      const c = await runCli(["commit", "secret/new-long.json"], { cwd: dir });
      expect(c.code, show(c)).toBe(0);
      expect(c.stdout.trim()).toBe(m![1]);
    });

    it("position new --json prints {commitment, file}; fresh salts give fresh commitments", async () => {
      const args = (out: string) => [
        "--json", "position", "new", "--market", "eth-usd", "--side", "short", "--size", "1.25", "--entry-price", "3000.5",
        "--collateral", "250.123456", "--out", out,
      ];
      const [a, b] = await Promise.all([runCli(args("a.json"), { cwd: dir }), runCli(args("b.json"), { cwd: dir })]);
      expect(a.code, show(a)).toBe(0);
      expect(b.code, show(b)).toBe(0);
      const ja = JSON.parse(a.stdout);
      const jb = JSON.parse(b.stdout);
      expect(ja).toEqual({ commitment: readJson(join(dir, "a.json")).commitment, file: "a.json" });
      expect(jb.file).toBe("b.json");
      expect(ja.commitment).not.toBe(jb.commitment);
      expect(readJson(join(dir, "a.json"))).toMatchObject({ market: "ETH-USD", size: "1.25", entryPrice: "3000.5", collateral: "250.123456" });
    });

    it("price sign --timestamp with the dev key reproduces examples/price-btc.json byte for byte", async () => {
      const r = await runCli(["price", "sign", "--market", "BTC-USD", "--price", "54200", "--timestamp", String(TS), "--out", "btc.json"], {
        cwd: dir,
      });
      expect(r.code, show(r)).toBe(0);
      const example = readJson(join(dir, BTC_PRICE));
      expect(r.stdout).toContain(`price commitment ${example.commitment}`);
      expect(r.stdout).toContain(`signed by ${DEV_ORACLE} (PUBLIC DEV KEY`);
      expect(r.stdout).toContain("wrote btc.json");
      expect(readFileSync(join(dir, "btc.json"), "utf8")).toBe(readFileSync(join(dir, BTC_PRICE), "utf8"));
    });

    it("price sign takes the key from ZKLIQ_ORACLE_KEY", async () => {
      const r = await runCli(["price", "sign", "--market", "BTC-USD", "--price", "54200", "--timestamp", String(TS), "--out", "other.json"], {
        cwd: dir,
        env: { ZKLIQ_ORACLE_KEY: OTHER_KEY },
      });
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toContain(`signed by ${OTHER_ORACLE}\n`);
      expect(r.stdout).not.toContain("PUBLIC DEV KEY");
      const j = readJson(join(dir, "other.json"));
      expect(j.oracle).toBe(OTHER_ORACLE);
      // Same price point, same commitment; different signer, different signature.
      expect(j.commitment).toBe(readJson(join(dir, BTC_PRICE)).commitment);
      expect(j.signature).not.toBe(readJson(join(dir, BTC_PRICE)).signature);
    });

    it("price sign warns about the public dev key however it is given (env var, upper-case hex)", async () => {
      const [env, upper] = await Promise.all([
        runCli(["price", "sign", "--market", "ETH-USD", "--price", "1", "--timestamp", "1", "--out", "dev-env.json"], {
          cwd: dir,
          env: { ZKLIQ_ORACLE_KEY: DEV_KEY },
        }),
        runCli(
          ["price", "sign", "--market", "ETH-USD", "--price", "1", "--timestamp", "1", "--key", "0x" + DEV_KEY.slice(2).toUpperCase(), "--out", "dev-upper.json"],
          { cwd: dir },
        ),
      ]);
      expect(env.code, show(env)).toBe(0);
      expect(env.stdout).toContain(`signed by ${DEV_ORACLE} (PUBLIC DEV KEY: for demos only)`);
      expect(upper.code, show(upper)).toBe(0);
      expect(upper.stdout).toContain(`signed by ${DEV_ORACLE} (PUBLIC DEV KEY: for demos only)`);
    });

    it("price sign --json prints the price file; without --timestamp it is stamped now", async () => {
      const t0 = Math.floor(Date.now() / 1000);
      const r = await runCli(["--json", "price", "sign", "--market", "ETH-USD", "--price", "3100.25", "--funding-index", "-1.5", "--out", "now.json"], {
        cwd: dir,
      });
      const t1 = Math.ceil(Date.now() / 1000);
      expect(r.code, show(r)).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j).toEqual(readJson(join(dir, "now.json")));
      expect(j).toMatchObject({ format: "zkliq.price.v1", market: "ETH-USD", marketId: 2, markPrice: "3100.25", fundingIndex: "-1.5", oracle: DEV_ORACLE });
      expect(j.timestamp).toBeGreaterThanOrEqual(t0);
      expect(j.timestamp).toBeLessThanOrEqual(t1);
    });

    it("status of the BTC long matches the figures worked by hand", async () => {
      // long 0.5 BTC @ 60000, collateral 3000, mark 54200; BTC-USD tier 1 (notional <= 50,000): 0.40%, cum 0
      //   equity      = 3000 + 0.5 * (54200 - 60000) = 100
      //   notional    = 0.5 * 54200 = 27100;  requirement = 0.004 * 27100 = 108.4
      //   margin      = 100 / 27100 = 0.369% (shown truncated: 0.36%)
      //   liq. price  = (0.5 * 60000 - 3000) / (0.5 * (1 - 0.004)) = 27000 / 0.498 = 54216.867... (still tier 1)
      const r = await runCli(["status", "--position", BTC_POS, "--price", BTC_PRICE], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      expect(r.stderr).toBe("");
      expect(field(r.stdout, "market")).toBe("BTC-USD long");
      expect(field(r.stdout, "mark price")).toBe("54200");
      expect(Number(field(r.stdout, "equity"))).toBe(3000 + 0.5 * (54200 - 60000));
      expect(Number(field(r.stdout, "notional"))).toBe(27100);
      expect(field(r.stdout, "requirement")).toBe("108.4 (maintenance 0.40% of notional)");
      expect(field(r.stdout, "margin ratio")).toBe("0.36%");
      const lp = field(r.stdout, "liquidation price");
      expect(lp).toBe("54216.86");
      expect(Math.abs(Number(lp) - 27000 / (0.5 * 0.996))).toBeLessThan(0.01);
      expect(field(r.stdout, "liquidatable")).toBe("yes");
    });

    it("status --json of the BTC long", async () => {
      const r = await runCli(["--json", "status", "--position", BTC_POS, "--price", BTC_PRICE], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        equity: "100",
        notional: "27100",
        requirement: "108.4",
        marginRatio: "0.36%",
        maintenanceRate: "0.40%",
        liquidationPrice: "54216.86",
        tier: "tier 1 of 8: 0 < notional <= 50,000 USD, rate 0.40%, cum 0",
        tierIndex: 0,
        // (54200 - 54216.867) / 54200 = -0.031%: already past the liquidation price
        distanceToLiquidation: "-0.03%",
        markPrice: "54200",
        side: "long",
        market: "BTC-USD",
        liquidatable: true,
        bankrupt: false,
      });
    });

    it("status of the ETH short: healthy at the example price", async () => {
      // short 10 ETH @ 3000, collateral 3000, mark 3100; ETH-USD tier 2 (10,000 < notional <= 100,000):
      // 1.00%, cum = 10,000 * (1.00% - 0.75%) = 25
      //   equity = 3000 - 10 * 100 = 2000; notional 31000; requirement 0.01 * 31000 - 25 = 285; margin 6.45%
      //   liq. price: 3000 + 30000 - 10 P = 0.01 * 10 P - 25  =>  P = 33025 / 10.1 = 3269.80... (notional 32698: tier 2)
      const [t, j] = await Promise.all([
        runCli(["status", "--position", ETH_POS, "--price", ETH_PRICE], { cwd: dir }),
        runCli(["--json", "status", "--position", ETH_POS, "--price", ETH_PRICE], { cwd: dir }),
      ]);
      expect(t.code, show(t)).toBe(0);
      expect(field(t.stdout, "market")).toBe("ETH-USD short");
      expect(field(t.stdout, "liquidatable")).toBe("no");
      expect(j.code, show(j)).toBe(0);
      expect(JSON.parse(j.stdout)).toMatchObject({
        equity: "2000",
        notional: "31000",
        requirement: "285",
        marginRatio: "6.45%",
        maintenanceRate: "0.91%",
        liquidationPrice: "3269.80",
        side: "short",
        liquidatable: false,
        bankrupt: false,
      });
    });
  });

  // ----------------------------------------------------------------------------------------------

  describe("prove and verify", () => {
    let dir: string;
    let bundle: any;
    let proveRun: RunResult;

    beforeAll(async () => {
      dir = workspace();
      proveRun = await runCli(["prove", "--position", BTC_POS, "--price", BTC_PRICE, "--out", "proof.json"], { cwd: dir });
      if (proveRun.code !== 0) throw new Error("prove failed: " + show(proveRun));
      bundle = readJson(join(dir, "proof.json"));
    });

    /** Verify a copy of the bundle after `mutate`: must exit 1 with an "invalid: <reason>" line. */
    async function expectInvalid(name: string, mutate: (b: any) => void, args: string[], reason: RegExp): Promise<void> {
      const b = structuredClone(bundle);
      mutate(b);
      writeJson(join(dir, name), b);
      const r = await runCli(["verify", name, ...args], { cwd: dir });
      expect(r.code, show(r)).toBe(1);
      expect(lines(r.stdout)[0]).toMatch(/^invalid: /);
      expect(lines(r.stdout)[0]).toMatch(reason);
      expect(r.stderr).toBe("");
    }

    it("prove prints the commitment and writes a groth16 bundle", () => {
      const commitment = readJson(join(dir, BTC_POS)).commitment;
      expect(proveRun.stdout).toMatch(new RegExp(`^proved: position ${commitment} is liquidatable \\(\\d+ ms\\)$`, "m"));
      expect(proveRun.stdout).toContain("wrote proof.json");
      expect(bundle).toMatchObject({
        format: "zkliq.proof.v1",
        circuit: "liquidation",
        protocol: "groth16",
        curve: "bn128",
        market: "BTC-USD",
        public: {
          positionCommitment: commitment,
          riskParamsHash: hex32(riskParamsHash(findMarket("BTC-USD"))),
          liquidator: "0x0000000000000000000000000000000000000000",
        },
      });
      expect(bundle.price).toEqual(readJson(join(dir, BTC_PRICE)));
      expect(bundle.publicSignals).toHaveLength(PUBLIC_NAMES.length);
    });

    it("verify exits 0 with 'valid' and the public values (and warns about unchecked oracle / age)", async () => {
      const r = await runCli(["verify", "proof.json"], { cwd: dir });
      expect(r.code, show(r)).toBe(0);
      const commitment = readJson(join(dir, BTC_POS)).commitment;
      expect(lines(r.stdout)[0]).toBe(
        `valid: position ${commitment} is below its maintenance margin (BTC-USD tier table ${hex32(riskParamsHash(findMarket("BTC-USD"))).slice(0, 10)}...) at the price signed by ${DEV_ORACLE} at ${TS}`,
      );
      expect(r.stdout).toMatch(new RegExp(`^  positionCommitment +${commitment}$`, "m"));
      expect(r.stdout).toMatch(new RegExp(`^  riskParamsHash +${hex32(riskParamsHash(findMarket("BTC-USD")))}$`, "m"));
      expect(r.stdout).toMatch(/^warning: price signer .* was not checked against a trusted oracle/m);
      expect(r.stdout).toMatch(/^warning: price age was not checked/m);
    });

    it("verify with every check passing: --commitment (decimal), --oracle, --max-age, --now", async () => {
      const decimal = BigInt(readJson(join(dir, BTC_POS)).commitment).toString();
      const r = await runCli(
        ["verify", "proof.json", "--commitment", decimal, "--oracle", DEV_ORACLE.toLowerCase(), "--max-age", "5m", "--now", String(TS + 300)],
        { cwd: dir },
      );
      expect(r.code, show(r)).toBe(0);
      expect(lines(r.stdout)[0]).toMatch(/^valid: /);
      expect(r.stdout).not.toContain("warning:");
    });

    it("verify --json (valid and invalid) parses as JSON", async () => {
      const [ok, bad] = await Promise.all([
        runCli(["--json", "verify", "proof.json", "--oracle", DEV_ORACLE, "--max-age", "60", "--now", String(TS + 1)], { cwd: dir }),
        runCli(["--json", "verify", "proof.json", "--oracle", OTHER_ORACLE], { cwd: dir }),
      ]);
      expect(ok.code, show(ok)).toBe(0);
      const j = JSON.parse(ok.stdout);
      expect(j).toMatchObject({ valid: true, warnings: [], oracle: DEV_ORACLE, public: bundle.public });
      expect(bad.code, show(bad)).toBe(1);
      const k = JSON.parse(bad.stdout);
      expect(k.valid).toBe(false);
      expect(k.reason).toMatch(/not by the trusted oracle/);
    });

    it("verify --commitment <another position> exits 1", async () => {
      const other = readJson(join(dir, ETH_POS)).commitment;
      const r = await runCli(["verify", "proof.json", "--commitment", other], { cwd: dir });
      expect(r.code, show(r)).toBe(1);
      expect(lines(r.stdout)[0]).toBe(
        `invalid: proof is about position ${bundle.public.positionCommitment}, not the expected ${other}`,
      );
    });

    it("verify --oracle <another address> exits 1", async () => {
      const r = await runCli(["verify", "proof.json", "--oracle", OTHER_ORACLE], { cwd: dir });
      expect(r.code, show(r)).toBe(1);
      expect(lines(r.stdout)[0]).toBe(`invalid: price was signed by ${DEV_ORACLE}, not by the trusted oracle ${OTHER_ORACLE}`);
    });

    it("verify --max-age 60: one second too old exits 1, exactly 60 s old exits 0", async () => {
      const [old, edge] = await Promise.all([
        runCli(["verify", "proof.json", "--oracle", DEV_ORACLE, "--max-age", "60", "--now", String(TS + 61)], { cwd: dir }),
        runCli(["verify", "proof.json", "--oracle", DEV_ORACLE, "--max-age", "60", "--now", String(TS + 60)], { cwd: dir }),
      ]);
      expect(old.code, show(old)).toBe(1);
      expect(lines(old.stdout)[0]).toBe("invalid: price is 61 s old, more than the allowed 60 s");
      expect(edge.code, show(edge)).toBe(0);
      expect(lines(edge.stdout)[0]).toMatch(/^valid: /);
    });

    it("verify --now before the price timestamp exits 1 (price from the future)", async () => {
      const r = await runCli(["verify", "proof.json", "--now", String(TS - 1)], { cwd: dir });
      expect(r.code, show(r)).toBe(1);
      expect(lines(r.stdout)[0]).toBe(`invalid: price timestamp ${TS} is in the future (now ${TS - 1})`);
    });

    it("a tampered proof (one digit of proof.pi_a[0]) exits 1", async () => {
      await expectInvalid(
        "tampered-pi-a.json",
        (b) => {
          const s: string = b.proof.pi_a[0];
          const d = Number(s.at(-1));
          b.proof.pi_a[0] = s.slice(0, -1) + String((d + 1) % 10);
          expect(b.proof.pi_a[0]).not.toBe(s);
        },
        [],
        /Groth16 proof does not verify/,
      );
    });

    const tampers: Record<string, { to: (v: bigint) => bigint; named: (v: bigint) => string; reason: RegExp }> = {
      positionCommitment: { to: (v) => v + 1n, named: hex32, reason: /Groth16 proof does not verify/ },
      priceCommitment: { to: (v) => v + 1n, named: hex32, reason: /proof's price commitment is not the attested price's/ },
      riskParamsHash: { to: () => 100n, named: hex32, reason: /proof uses risk parameters 0x0+64 but BTC-USD's tier table, penalty and lot step hash to/ },
      liquidator: {
        to: () => BigInt(LIQUIDATOR),
        named: (v) => "0x" + v.toString(16).padStart(40, "0"),
        reason: /Groth16 proof does not verify/,
      },
    };
    for (const [name, t] of Object.entries(tampers)) {
      it(`public signal ${name} tampered (in publicSignals and public alike) exits 1`, async () => {
        await expectInvalid(
          `tampered-${name}.json`,
          (b) => {
            const i = PUBLIC_NAMES.indexOf(name);
            expect(i).toBeGreaterThanOrEqual(0);
            const v = t.to(BigInt(b.publicSignals[i]));
            expect(v).not.toBe(BigInt(b.publicSignals[i]));
            expect(v < FIELD_ORDER).toBe(true);
            b.publicSignals[i] = v.toString();
            b.public[name] = t.named(v);
          },
          [],
          t.reason,
        );
      });
    }

    it("publicSignals disagreeing with the named public values exits 1", async () => {
      await expectInvalid(
        "tampered-signals-only.json",
        (b) => {
          b.publicSignals[PUBLIC_NAMES.indexOf("riskParamsHash")] = "100";
        },
        [],
        /named public value "riskParamsHash" does not match publicSignals/,
      );
    });

    it("a bundle whose attested price was edited exits 1", async () => {
      await expectInvalid(
        "tampered-price.json",
        (b) => {
          b.price.markPrice = "60000";
        },
        [],
        /price commitment does not match the attested price fields/,
      );
    });

    it("prove --json with --liquidator binds the liquidator; verify --liquidator checks it", async () => {
      const p = await runCli(
        ["--json", "prove", "--position", BTC_POS, "--price", BTC_PRICE, "--liquidator", LIQUIDATOR, "--out", "out/bound.json"],
        { cwd: dir },
      );
      expect(p.code, show(p)).toBe(0);
      const j = JSON.parse(p.stdout);
      expect(j.file).toBe("out/bound.json");
      expect(j.public).toEqual(readJson(join(dir, "out/bound.json")).public);
      expect(j.public.liquidator).toBe(LIQUIDATOR);
      expect(typeof j.ms).toBe("number");

      const [ok, other] = await Promise.all([
        runCli(["verify", "out/bound.json", "--liquidator", LIQUIDATOR], { cwd: dir }),
        runCli(["verify", "out/bound.json", "--liquidator", "0x0000000000000000000000000000000000000001"], { cwd: dir }),
      ]);
      expect(ok.code, show(ok)).toBe(0);
      expect(lines(ok.stdout)[0]).toMatch(/^valid: /);
      expect(other.code, show(other)).toBe(1);
      expect(lines(other.stdout)[0]).toMatch(/^invalid: proof is bound to liquidator 0x0+d3e70, not 0x0+1$/i);
    });

    it("snarkjs accepts the extracted proof.json / public.json (and rejects a changed signal)", async () => {
      const pkg = readJson(join(REPO, "node_modules", "snarkjs", "package.json"));
      const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin.snarkjs;
      const snarkjs = join(REPO, "node_modules", "snarkjs", bin);
      const sub = join(dir, "snarkjs");
      mkdirSync(sub);
      writeJson(join(sub, "proof.json"), bundle.proof);
      writeJson(join(sub, "public.json"), bundle.publicSignals);
      writeJson(join(sub, "public-bad.json"), bundle.publicSignals.map((s: string, i: number) => (i === 2 ? "100" : s)));
      const [ok, bad] = await Promise.all([
        runNode(snarkjs, ["groth16", "verify", VKEY, "public.json", "proof.json"], { cwd: sub }),
        runNode(snarkjs, ["groth16", "verify", VKEY, "public-bad.json", "proof.json"], { cwd: sub }),
      ]);
      expect(ok.code, show(ok)).toBe(0);
      expect(ok.stdout).toContain("OK");
      expect(bad.code, show(bad)).not.toBe(0);
      expect(bad.stdout + bad.stderr).toContain("Invalid proof");
    });

    it("prove on a healthy position exits 1 with the margin figures and writes nothing", async () => {
      await expectFailure({
        args: ["prove", "--position", ETH_POS, "--price", ETH_PRICE, "--out", "healthy.json"],
        code: 1,
        out: "healthy.json",
        reason:
          /^zkliq: position is healthy: margin ratio 6\.45% >= maintenance 0\.91% \(equity 2000 >= requirement 285\); no liquidation proof exists$/,
      });
    });
  });

  // ----------------------------------------------------------------------------------------------

  describe("bad input: exit 2, one-line reason, no output file", () => {
    const newBtc = (over: Record<string, string>, out = "pos.json"): string[] => {
      const o = { "--market": "BTC-USD", "--side": "long", "--size": "0.5", "--entry-price": "60000", "--collateral": "3000", ...over };
      return ["position", "new", ...Object.entries(o).flat(), "--out", out];
    };
    const prove = (position: string, price: string): string[] => ["prove", "--position", position, "--price", price, "--out", "proof.json"];
    const writeText = (name: string, text: string) => (dir: string) => writeFileSync(join(dir, name), text);

    it("malformed JSON position file (commit and prove)", async () => {
      const setup = writeText("broken.json", '{"format": "zkliq.position.v1",');
      await expectFailure({ args: ["commit", "broken.json"], code: 2, setup, reason: /^zkliq: position file broken\.json is not valid JSON \(/ });
      await expectFailure({ args: prove("broken.json", BTC_PRICE), code: 2, setup, out: "proof.json", reason: /position file broken\.json is not valid JSON/ });
    });

    it("a JSON file that is not a position file", async () => {
      await expectFailure({ args: ["commit", BTC_PRICE], code: 2, reason: /"format" must be "zkliq\.position\.v1" \(is this a position file\?\)/ });
    });

    it("missing files (position, price, proof)", async () => {
      await expectFailure({ args: ["commit", "nope.json"], code: 2, reason: /^zkliq: position file nope\.json does not exist$/ });
      await expectFailure({ args: prove(BTC_POS, "nope.json"), code: 2, out: "proof.json", reason: /^zkliq: price file nope\.json does not exist$/ });
      await expectFailure({ args: ["verify", "nope.json"], code: 2, reason: /^zkliq: proof file nope\.json does not exist$/ });
    });

    it("size with more decimals than the market allows (BTC: 8)", async () => {
      await expectFailure({ args: newBtc({ "--size": "0.123456789" }), code: 2, out: "pos.json", reason: /^zkliq: size "0\.123456789" has 9 decimals; this market allows at most 8$/ });
    });

    it("negative size", async () => {
      await expectFailure({ args: newBtc({ "--size": "-0.5" }), code: 2, out: "pos.json", reason: /^zkliq: size "-0\.5" is negative: it must be >= 0$/ });
    });

    it("zero size", async () => {
      await expectFailure({ args: newBtc({ "--size": "0" }), code: 2, out: "pos.json", reason: /^zkliq: size must be greater than zero$/ });
    });

    it("collateral with too many decimals (BTC-USD value units: 10)", async () => {
      await expectFailure({ args: newBtc({ "--collateral": "3000.00000000001" }), code: 2, out: "pos.json", reason: /collateral "3000\.00000000001" has 11 decimals; this market allows at most 10/ });
    });

    it("entry price beyond the circuit width, and in exponent notation", async () => {
      await expectFailure({
        args: newBtc({ "--entry-price": "1" + "0".repeat(30) }),
        code: 2,
        out: "pos.json",
        reason: /^zkliq: entry price is out of range: the circuit accepts 0 \.\. 184467440737095516\.15$/,
      });
      await expectFailure({ args: newBtc({ "--entry-price": "1e30" }), code: 2, out: "pos.json", reason: /entry price "1e30" is not a decimal number .*no exponent/ });
    });

    it("unknown market: the message names the known markets", async () => {
      await expectFailure({
        args: newBtc({ "--market": "XRP-USD" }),
        code: 2,
        out: "pos.json",
        reason: /^zkliq: unknown market "XRP-USD": known markets are BTC-USD, ETH-USD, SOL-USD \(add others with --markets file\.json\)$/,
      });
    });

    it("unknown side (option and position file)", async () => {
      await expectFailure({ args: newBtc({ "--side": "sideways" }), code: 2, out: "pos.json", reason: /argument 'sideways' is invalid\. Allowed choices are long, short/ });
      await expectFailure({
        args: ["commit", "side.json"],
        code: 2,
        setup: (d) => editJson(d, BTC_POS, "side.json", (j) => (j.side = "sideways")),
        reason: /^zkliq: side "sideways" must be "long" or "short"$/,
      });
    });

    it("bad owner address", async () => {
      await expectFailure({ args: newBtc({ "--owner": "0x1234" }), code: 2, out: "pos.json", reason: /^zkliq: owner "0x1234" is not an address: expected 0x followed by 40 hex digits$/ });
    });

    it("price file for another market than the position (prove and status)", async () => {
      await expectFailure({ args: prove(BTC_POS, ETH_PRICE), code: 2, out: "proof.json", reason: /^zkliq: price is for ETH-USD but the position is on BTC-USD$/ });
      await expectFailure({ args: ["status", "--position", BTC_POS, "--price", ETH_PRICE], code: 2, reason: /price is for ETH-USD but the position is on BTC-USD/ });
    });

    it("price file with a tampered signature", async () => {
      await expectFailure({
        args: prove(BTC_POS, "forged.json"),
        code: 2,
        out: "proof.json",
        // Another valid (r, s) with the recovery byte flipped: recovers to some other address.
        setup: (d) => editJson(d, BTC_PRICE, "forged.json", (j) => (j.signature = j.signature.slice(0, -2) + (j.signature.endsWith("1b") ? "1c" : "1b"))),
        reason: /price signature was made by 0x[0-9a-fA-F]{40}, not by the named oracle 0xC824e29c1c5e0375Bb558c743246D97Cd0a0378a/,
      });
    });

    it("price file with an edited markPrice (commitment mismatch): prove and status", async () => {
      const setup = (d: string) => editJson(d, BTC_PRICE, "edited-price.json", (j) => (j.markPrice = "50000"));
      await expectFailure({ args: prove(BTC_POS, "edited-price.json"), code: 2, out: "proof.json", setup, reason: /price commitment does not match the attested price fields/ });
      await expectFailure({
        args: ["status", "--position", BTC_POS, "--price", "edited-price.json"],
        code: 2,
        setup,
        reason: /^zkliq: edited-price\.json: price commitment does not match the attested price fields$/,
      });
    });

    it("position file with an edited size (stored commitment mismatch): commit and prove", async () => {
      const setup = (d: string) => editJson(d, BTC_POS, "edited-pos.json", (j) => (j.size = "0.4"));
      const reason = /^zkliq: edited-pos\.json: the stored commitment does not match the fields \(edited file or wrong market units\?\)$/;
      await expectFailure({ args: ["commit", "edited-pos.json"], code: 2, setup, reason });
      await expectFailure({ args: prove("edited-pos.json", BTC_PRICE), code: 2, out: "proof.json", setup, reason });
    });

    it("missing required options", async () => {
      await expectFailure({ args: newBtc({}).slice(0, -2), code: 2, reason: /^error: required option '--out <file>' not specified$/ });
      await expectFailure({ args: ["prove", "--position", BTC_POS, "--out", "proof.json"], code: 2, out: "proof.json", reason: /required option '--price <file>' not specified/ });
      await expectFailure({ args: ["verify"], code: 2, reason: /missing required argument 'proof\.json'/ });
    });

    it("excess arguments", async () => {
      await expectFailure({ args: ["commit", BTC_POS, "extra"], code: 2, reason: /too many arguments for 'commit'\. Expected 1 argument but got 2/ });
      await expectFailure({ args: [...prove(BTC_POS, BTC_PRICE), "extra"], code: 2, out: "proof.json", reason: /too many arguments for 'prove'/ });
    });

    it("bad --max-age", async () => {
      const setup = (d: string) => writeJson(join(d, "p.json"), { format: "zkliq.proof.v1" });
      for (const v of ["abc", "-5"]) {
        await expectFailure({ args: ["verify", "p.json", "--max-age", v], code: 2, setup, reason: new RegExp(`^zkliq: --max-age "${v}" must be a whole number of seconds`) });
      }
    });

    it("bad --now names --now", async () => {
      const setup = (d: string) => writeJson(join(d, "p.json"), { format: "zkliq.proof.v1" });
      await expectFailure({ args: ["verify", "p.json", "--now", "yesterday"], code: 2, setup, reason: /^zkliq: --now "yesterday" must be unix seconds/ });
    });

    it("bad --commitment / --oracle for verify, bad --timestamp / key for price sign", async () => {
      const setup = (d: string) => writeJson(join(d, "p.json"), { format: "zkliq.proof.v1" });
      await expectFailure({ args: ["verify", "p.json", "--commitment", "0xZZ"], code: 2, setup, reason: /--commitment "0xZZ" is not a field element/ });
      await expectFailure({ args: ["verify", "p.json", "--oracle", "0x1234"], code: 2, setup, reason: /--oracle "0x1234" is not an address/ });
      const sign = ["price", "sign", "--market", "BTC-USD", "--price", "54200", "--out", "px.json"];
      await expectFailure({ args: [...sign, "--timestamp", "1.5"], code: 2, out: "px.json", reason: /--timestamp "1\.5" must be unix seconds/ });
      await expectFailure({ args: sign, code: 2, out: "px.json", env: { ZKLIQ_ORACLE_KEY: "0x1234" }, reason: /oracle key must be 0x followed by 64 hex digits/ });
    });

    it("malformed --markets files", async () => {
      const args = ["--markets", "m.json", ...newBtc({})];
      await expectFailure({ args, code: 2, out: "pos.json", setup: writeText("m.json", "{markets: ["), reason: /^zkliq: markets file m\.json: .*JSON/ });
      await expectFailure({ args, code: 2, out: "pos.json", setup: writeText("m.json", '{"markets": {}}'), reason: /^zkliq: markets file m\.json: expected \{"markets": \[ \.\.\. \]\}$/ });
      await expectFailure({
        args,
        code: 2,
        out: "pos.json",
        setup: writeText("m.json", '{"markets": [{"id": 7, "symbol": "DOGE-USD", "sizeDecimals": 0, "priceDecimals": 6, "mmrBps": 0}]}'),
        reason: /^zkliq: markets file m\.json, entry 0: "mmrBps" must be an integer in \[1, 9999\], got 0$/,
      });
      await expectFailure({ args: ["--markets", "none.json", ...newBtc({})], code: 2, out: "pos.json", reason: /^zkliq: markets file none\.json: .*no such file/ });
    });

    it("--out that cannot be written (an existing directory, a path under a file) is bad input and leaves nothing behind", async () => {
      const sign = ["price", "sign", "--market", "BTC-USD", "--price", "54200", "--timestamp", String(TS)];
      await expectFailure({ args: [...sign, "--out", "outdir"], code: 2, setup: (d) => mkdirSync(join(d, "outdir")), reason: /outdir/ });
      await expectFailure({ args: [...sign, "--out", "plain.txt/px.json"], code: 2, out: "plain.txt/px.json", setup: writeText("plain.txt", "x"), reason: /plain\.txt/ });
    });
  });

  // ----------------------------------------------------------------------------------------------

  describe("custom markets (--markets examples/markets.json)", () => {
    let dir: string;
    beforeAll(() => {
      dir = workspace();
    });

    it("DOGE-USD end to end: position new, price sign, status, prove, verify", async () => {
      const m = ["--markets", MARKETS];
      const pos = await runCli(
        [...m, "position", "new", "--market", "DOGE-USD", "--side", "long", "--size", "10000", "--entry-price", "0.2", "--collateral", "100", "--out", "doge.json"],
        { cwd: dir },
      );
      expect(pos.code, show(pos)).toBe(0);
      expect(readJson(join(dir, "doge.json"))).toMatchObject({ market: "DOGE-USD", marketId: 7, size: "10000", entryPrice: "0.2", collateral: "100" });
      const commitment = /^commitment (0x[0-9a-f]{64})$/m.exec(pos.stdout)![1];

      const px = await runCli([...m, "price", "sign", "--market", "DOGE-USD", "--price", "0.19", "--timestamp", String(TS), "--out", "doge-px.json"], { cwd: dir });
      expect(px.code, show(px)).toBe(0);
      expect(readJson(join(dir, "doge-px.json"))).toMatchObject({ market: "DOGE-USD", marketId: 7, markPrice: "0.19", timestamp: TS });

      // long 10000 DOGE @ 0.2, collateral 100, mark 0.19, mmr 2%: equity = 100 - 10000 * 0.01 = 0,
      // notional 1900, requirement 38, liq. price = 1900 / (10000 * 0.98) = 0.193877...
      const st = await runCli([...m, "--json", "status", "--position", "doge.json", "--price", "doge-px.json"], { cwd: dir });
      expect(st.code, show(st)).toBe(0);
      expect(JSON.parse(st.stdout)).toMatchObject({
        market: "DOGE-USD",
        equity: "0",
        notional: "1900",
        requirement: "38",
        maintenanceRate: "2.00%",
        liquidationPrice: "0.193877",
        liquidatable: true,
        bankrupt: false,
      });

      const pr = await runCli([...m, "prove", "--position", "doge.json", "--price", "doge-px.json", "--out", "doge-proof.json"], { cwd: dir });
      expect(pr.code, show(pr)).toBe(0);
      expect(readJson(join(dir, "doge-proof.json")).public).toMatchObject({ positionCommitment: commitment });

      const [ok, builtinOnly] = await Promise.all([
        runCli([...m, "verify", "doge-proof.json", "--commitment", commitment!, "--oracle", DEV_ORACLE], { cwd: dir }),
        runCli(["verify", "doge-proof.json"], { cwd: dir }),
      ]);
      expect(ok.code, show(ok)).toBe(0);
      expect(lines(ok.stdout)[0]).toMatch(/^valid: .* below its maintenance margin \(DOGE-USD tier table 0x[0-9a-f]{8}\.\.\.\)/);
      // Without the market table the verifier cannot know DOGE-USD's maintenance rate.
      expect(builtinOnly.code, show(builtinOnly)).toBe(1);
      expect(lines(builtinOnly.stdout)[0]).toMatch(/^invalid: unknown market "DOGE-USD"/);
    });

    it("without --markets the custom market is unknown (exit 2, names the built-in markets)", async () => {
      await expectFailure({
        args: ["position", "new", "--market", "DOGE-USD", "--side", "long", "--size", "1", "--entry-price", "0.2", "--collateral", "1", "--out", "d.json"],
        code: 2,
        out: "d.json",
        reason: /unknown market "DOGE-USD": known markets are BTC-USD, ETH-USD, SOL-USD/,
      });
    });

    it("custom market units are enforced (DOGE-USD sizes are whole coins)", async () => {
      await expectFailure({
        args: ["--markets", MARKETS, "position", "new", "--market", "DOGE-USD", "--side", "short", "--size", "1.5", "--entry-price", "0.2", "--collateral", "1", "--out", "d.json"],
        code: 2,
        out: "d.json",
        reason: /^zkliq: size "1\.5" has 1 decimals; this market allows at most 0$/,
      });
    });
  });
});
