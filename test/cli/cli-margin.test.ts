// The CLI's margin verbs end to end: spawn the built bin on the bundled examples (tiered status,
// prove --partial, verify of a transition, tiered markets files) and on bad input.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/root.js";

const CLI = join(PACKAGE_ROOT, "dist", "src", "cli", "main.js");
const EX = join(PACKAGE_ROOT, "examples");
const ORACLE = "0xC824e29c1c5e0375Bb558c743246D97Cd0a0378a";

function zkliq(...args: string[]): { code: number | null; out: string; err: string } {
  const env = { ...process.env };
  delete env.ZKLIQ_ORACLE_KEY; // never sign with a key from the developer's shell
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), "zkliq-cli-"));

describe("zkliq status with tiers", () => {
  it("shows the tier, requirement, liquidation price and distance (hand-worked in test/sdk/partial-proof.test.ts)", () => {
    const r = zkliq("status", "--position", join(EX, "position-btc-20-long.json"), "--price", join(EX, "price-btc-57000.json"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tier\s+tier 4 of 8: 1,000,000 < notional <= 10,000,000 USD, rate 2\.50%, cum 16300/);
    expect(r.out).toMatch(/requirement\s+12200 \(maintenance 1\.07% of notional\)/);
    // LP = (11,340,000,000 - 163,000,000) / (20 * 9,750) = 57,317.948...
    expect(r.out).toMatch(/liquidation price 57317\.94\n/);
    expect(r.out).toMatch(/distance\s+-0\.55% of the mark price/);
    expect(r.out).toMatch(/liquidatable\s+yes/);
  });

  it("--json carries the same figures", () => {
    const r = zkliq("--json", "status", "--position", join(EX, "position-btc-20-long.json"), "--price", join(EX, "price-btc-57000.json"));
    expect(JSON.parse(r.out)).toMatchObject({ tierIndex: 3, requirement: "12200", liquidationPrice: "57317.94", liquidatable: true });
  });
});

describe("zkliq prove --partial and verify", () => {
  it("proposes the minimal close size, proves it, writes the bundle and the new opening; verify prints the transition", () => {
    const dir = tmp();
    const out = join(dir, "partial.json");
    const r = zkliq("prove", "--partial", "--position", join(EX, "position-btc-20-long.json"), "--price", join(EX, "price-btc-57000.json"), "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/close 8\.992 of 20 BTC-USD long at 57000 \(the minimal close size\)/);
    expect(r.out).toMatch(/penalty 1025\.088 USD to the insurance fund/);
    const newFile = join(dir, "partial.new-position.json");
    expect(JSON.parse(readFileSync(newFile, "utf8"))).toMatchObject({ size: "11.008", collateral: "37998.912", nonce: "1" });
    const v = zkliq("verify", out, "--oracle", ORACLE, "--max-age", "5m", "--now", "1795000060", "--new-commitment", JSON.parse(readFileSync(newFile, "utf8")).commitment);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toMatch(/^valid: partial liquidation of 0x[0-9a-f]{64} into 0x[0-9a-f]{64}/);
    expect(v.out).toMatch(/closed size is at most one lot \(0\.001\) more than needed/);
    expect(v.out).toMatch(/penalty 1025\.088 USD goes to the insurance fund; no shortfall/);
    // the new position is back at maintenance
    const s = zkliq("status", "--position", newFile, "--price", join(EX, "price-btc-57000.json"));
    expect(s.out).toMatch(/liquidatable\s+no/);
    // a wrong expected new commitment: exit 1
    expect(zkliq("verify", out, "--now", "1795000060", "--new-commitment", "0x01").code).toBe(1);
  }, 60_000);

  it("exit 1 for an over-liquidating --close-size or a healthy position; exit 2 for bad input; never a file", () => {
    const dir = tmp();
    const out = join(dir, "p.json");
    const base = ["prove", "--partial", "--position", join(EX, "position-btc-20-long.json"), "--price", join(EX, "price-btc-57000.json"), "--out", out];
    const over = zkliq(...base, "--close-size", "9");
    expect(over.code).toBe(1);
    expect(over.err).toMatch(/^zkliq: closing 9 is not a valid partial liquidation: closing one lot less would already restore maintenance \(over-liquidation\) \(the minimal close size is 8\.992\)\n$/);
    expect(zkliq(...base, "--close-size", "0.000000001").err).toMatch(/has 9 decimals; this market allows at most 8/);
    expect(zkliq(...base, "--close-size", "21").code).toBe(2);
    expect(zkliq("prove", "--close-size", "1", ...base.slice(2)).err).toMatch(/need --partial/);
    const short = zkliq(...base, "--close-size", "1");
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/the remaining position would still be below maintenance/);
    const healthyFile = join(dir, "healthy.json");
    zkliq("position", "new", "--market", "BTC-USD", "--side", "long", "--size", "1", "--entry-price", "57000", "--collateral", "5000", "--out", healthyFile);
    const healthy = zkliq("prove", "--partial", "--position", healthyFile, "--price", join(EX, "price-btc-57000.json"), "--out", out);
    expect(healthy.code).toBe(1);
    // notional 57,000 is in tier 2: 0.5% * 57,000 - 50 = 235
    expect(healthy.err).toMatch(/position is healthy: margin ratio 8\.77% >= maintenance 0\.41% \(equity 5000 >= requirement 235\)/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "p.new-position.json"))).toBe(false);
  });
});

describe("markets files with tier tables", () => {
  it("a tiered custom market (examples/markets-tiered.json) works end to end in status", () => {
    const dir = tmp();
    const m = ["--markets", join(EX, "markets-tiered.json")];
    expect(zkliq(...m, "position", "new", "--market", "XRP-USD", "--side", "short", "--size", "40000", "--entry-price", "0.5", "--collateral", "700", "--out", join(dir, "x.json")).code).toBe(0);
    expect(zkliq(...m, "price", "sign", "--market", "XRP-USD", "--price", "0.51", "--timestamp", "1795000000", "--out", join(dir, "px.json")).code).toBe(0);
    const r = zkliq(...m, "status", "--position", join(dir, "x.json"), "--price", join(dir, "px.json"));
    // short 40,000 @ 0.5 at 0.51: equity 700 - 400 = 300; notional 20,400 in tier 2: 2.5% * 20,400 - 75 = 435
    expect(r.out).toMatch(/tier\s+tier 2 of 6: 5,000 < notional <= 25,000 USD, rate 2\.50%, cum 75/);
    expect(r.out).toMatch(/requirement\s+435 /);
    expect(r.out).toMatch(/liquidatable\s+yes/);
  });

  const bad: [string, unknown, RegExp][] = [
    ["a cum that is not derived", { tiers: [{ floor: "0", mmrBps: 100 }, { floor: "5000", mmrBps: 250, cum: "70" }] }, /tier 2 "cum" 70 is not floor x \(rate - previous rate\) \+ previous cum = 750000 \/ 10000/],
    ["floors not increasing", { tiers: [{ floor: "0", mmrBps: 100 }, { floor: "0", mmrBps: 250 }] }, /tier 2: floors must increase/],
    ["rates not increasing", { tiers: [{ floor: "0", mmrBps: 100 }, { floor: "10", mmrBps: 100 }] }, /tier 2: maintenance rates must increase/],
    ["a first floor above 0", { tiers: [{ floor: "10", mmrBps: 100 }] }, /the first tier's floor must be 0/],
    ["more tiers than the circuits hold", { tiers: Array.from({ length: 9 }, (_, i) => ({ floor: String(i * 10), mmrBps: 10 + i })) }, /1 to 8/],
    ["a penalty above the first tier's rate", { mmrBps: 100, penaltyBps: 101 }, /"penaltyBps" must be an integer in \[0, 100\]/],
    ["a fractional floor", { tiers: [{ floor: "0", mmrBps: 100 }, { floor: "10.5", mmrBps: 200 }] }, /whole quote units/],
    ["mmrBps disagreeing with the first tier", { mmrBps: 90, tiers: [{ floor: "0", mmrBps: 100 }] }, /differs from the first tier's rate 100/],
    ["a lot with too many decimals", { mmrBps: 100, lotSize: "0.001" }, /lotSize.*decimals/],
    ["neither tiers nor mmrBps", {}, /give "tiers"/],
  ];
  for (const [what, extra, msg] of bad) {
    it(`refuses ${what} (exit 2, one line)`, () => {
      const file = join(tmp(), "m.json");
      writeFileSync(file, JSON.stringify({ markets: [{ id: 9, symbol: "ABC-USD", sizeDecimals: 2, priceDecimals: 2, ...(extra as object) }] }));
      const r = zkliq("--markets", file, "status", "--position", join(EX, "position-btc-20-long.json"), "--price", join(EX, "price-btc-57000.json"));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    });
  }
});
