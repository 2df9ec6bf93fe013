// `zkliq disclose` / `zkliq verify` end to end, by spawning the built bin (dist/src/cli/main.js).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/root.js";

const BIN = join(PACKAGE_ROOT, "dist", "src", "cli", "main.js");
const EXAMPLES = join(PACKAGE_ROOT, "examples", "disclosure");
const POSITION = join(EXAMPLES, "position.json"); // BTC-USD long 0.5 @ 60000, collateral 6000
const PRICE = join(EXAMPLES, "price.json"); // mark 54200, dev oracle; margin ratio 11.43%, leverage 8.74x, LP 48192.77 (tier 1, 0.40%)
const ORACLE = "0xC824e29c1c5e0375Bb558c743246D97Cd0a0378a";
const COMMITMENT = JSON.parse(readFileSync(POSITION, "utf8")).commitment as string;

const zkliq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir: string;
let challenge: string;
let proof: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "zkliq-disclose-"));
  expect(existsSync(BIN)).toBe(true); // `npm test` builds it first (pretest)
  const c = zkliq("challenge");
  expect(c.code).toBe(0);
  challenge = c.out.trim();
  expect(challenge).toMatch(/^0x[0-9a-f]{64}$/);
  proof = join(dir, "disclosure.json");
  const r = zkliq(
    "disclose", "--position", POSITION, "--price", PRICE,
    "--min-margin-ratio", "10%", "--max-leverage", "9", "--liq-price-beyond", "48300", "--notional-range", "20000:30000",
    "--challenge", challenge, "--expires-in", "1h", "--out", proof,
  );
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^proved for challenge 0x[0-9a-f]{64}, valid until /);
  expect(r.out).toContain("claim: margin ratio (equity / notional) >= 10%");
  expect(r.out).toContain(`wrote ${proof}`);
});

describe("zkliq disclose + verify on the bundled examples", () => {
  it("verify prints valid and each claim in words", () => {
    const r = zkliq("verify", proof, "--challenge", challenge, "--commitment", COMMITMENT, "--oracle", ORACLE);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^valid: position 0x[0-9a-f]{64} on BTC-USD: 4 claims proven at the price signed by/);
    expect(r.out).toContain("  claim: leverage (notional / equity) <= 9x, with positive equity");
    expect(r.out).toContain("  claim: liquidation price beyond 48300 USD: not liquidatable at a mark price of 48300 USD");
    expect(r.out).toContain("  claim: notional (size x mark price) between 20000 USD and 30000 USD");
    expect(r.out).toContain("warning: price age was not checked");
  });

  it("verify --json", () => {
    const r = zkliq("--json", "verify", proof, "--challenge", challenge);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.valid).toBe(true);
    expect(j.claims.map((c: { claim: string }) => c.claim)).toEqual(["minMarginRatio", "maxLeverage", "liquidationPriceBeyond", "notionalRange"]);
    expect(j.public.challenge).toBe(challenge);
  });

  it("another verifier's challenge: exit 1", () => {
    const r = zkliq("verify", proof, "--challenge", "0x1234");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^invalid: proof answers challenge .* it was made for another verifier/);
  });

  it("after the expiry: exit 1", () => {
    const expiresAt = Number(JSON.parse(readFileSync(proof, "utf8")).public.expiresAt);
    expect(zkliq("verify", proof, "--challenge", challenge, "--now", String(expiresAt)).code).toBe(0);
    const r = zkliq("verify", proof, "--challenge", challenge, "--now", String(expiresAt + 1));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^invalid: disclosure expired at /);
  });

  it("another commitment or oracle, or a price older than --max-age: exit 1", () => {
    expect(zkliq("verify", proof, "--challenge", challenge, "--commitment", "0x1").code).toBe(1);
    expect(zkliq("verify", proof, "--challenge", challenge, "--oracle", "0x" + "11".repeat(20)).code).toBe(1);
    expect(zkliq("verify", proof, "--challenge", challenge, "--max-age", "5m").out).toMatch(/^invalid: price is \d+ s old/);
  });

  it("a tampered claim: exit 1", () => {
    const b = JSON.parse(readFileSync(proof, "utf8"));
    b.publicSignals[6] = "1100";
    b.public.minMarginBps = "1100";
    b.claims[0].text = "margin ratio (equity / notional) >= 11%";
    const forged = join(dir, "forged.json");
    writeFileSync(forged, JSON.stringify(b));
    const r = zkliq("verify", forged, "--challenge", challenge);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Groth16 proof does not verify/);
  });

  it("usage errors: no --challenge for a disclosure, --challenge or --liquidator on the wrong kind: exit 2", () => {
    expect(zkliq("verify", proof).err).toMatch(/pass the challenge you gave the prover \(--challenge\)/);
    expect(zkliq("verify", proof).code).toBe(2);
    expect(zkliq("verify", proof, "--challenge", challenge, "--liquidator", "0x" + "11".repeat(20)).code).toBe(2);
    const liq = join(dir, "liquidation.json");
    writeFileSync(liq, JSON.stringify({ ...JSON.parse(readFileSync(proof, "utf8")), circuit: "liquidation" }));
    const r = zkliq("verify", liq, "--challenge", challenge);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--challenge applies to disclosure proofs, not liquidation proofs/);
  });
});

describe("zkliq disclose refuses", () => {
  const disclose = (out: string, ...claims: string[]) =>
    zkliq("disclose", "--position", POSITION, "--price", PRICE, ...claims, "--challenge", challenge, "--out", join(dir, out));

  const falseClaims: [string, string[], RegExp][] = [
    ["margin ratio", ["--min-margin-ratio", "12%"], /^zkliq: claim is false: margin ratio 11\.43% is below the claimed 12%; no disclosure proof exists\n$/],
    ["leverage", ["--max-leverage", "8.5"], /^zkliq: claim is false: leverage 8\.75x is above the claimed 8\.5x;/],
    ["liquidation price", ["--liq-price-beyond", "48000"], /^zkliq: claim is false: liquidation price 48192\.77 USD is above the claimed 48000 USD \(long\)/],
    ["notional range", ["--notional-range", "30000:40000"], /^zkliq: claim is false: notional 27100 USD is outside the claimed range 30000 USD \.\. 40000 USD/],
  ];
  for (const [what, args, re] of falseClaims) {
    it(`a false ${what} claim: exit 1, the claim in words, no file`, () => {
      const out = `false-${what.replace(/ /g, "-")}.json`;
      const r = disclose(out, ...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(re);
      expect(existsSync(join(dir, out))).toBe(false);
    });
  }

  const badInput: [string, string[], RegExp][] = [
    ["no claim", [], /no claim to prove/],
    ["a ratio without %", ["--min-margin-ratio", "10"], /must be a percentage such as "10%"/],
    ["an upside-down range", ["--notional-range", "5:1"], /minimum is above its maximum/],
    ["a malformed duration", ["--min-margin-ratio", "10%", "--expires-in", "soon"], /--expires-in "soon" must be a whole number of seconds/],
    ["a zero duration", ["--min-margin-ratio", "10%", "--expires-in", "0"], /is not in the future/],
  ];
  for (const [what, args, re] of badInput) {
    it(`${what}: exit 2, one line, no file`, () => {
      const out = `bad-${what.replace(/ /g, "-")}.json`;
      const r = disclose(out, ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(existsSync(join(dir, out))).toBe(false);
    });
  }

  it("a challenge that is not a field element, or none: exit 2", () => {
    const r = zkliq("disclose", "--position", POSITION, "--price", PRICE, "--min-margin-ratio", "10%", "--challenge", "0xzz", "--out", join(dir, "x.json"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/challenge "0xzz" is not a field element/);
    const none = zkliq("disclose", "--position", POSITION, "--price", PRICE, "--min-margin-ratio", "10%", "--out", join(dir, "x.json"));
    expect(none.code).toBe(2);
    expect(existsSync(join(dir, "x.json"))).toBe(false);
  });
});
