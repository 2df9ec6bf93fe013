// The verification page in a real browser (Debian's chromium via playwright-core), served by
// `zkliq web`: valid liquidation and disclosure bundles shown valid with their claims in words, a
// tampered bundle and one for another challenge shown invalid with the reason, the challenge page,
// and a position plotted from a file that never leaves the browser. Screenshots and the page's
// verification times go to test-output/web/. Expected texts come from the SDK's own descriptions
// (describeClaims) and the reference model, not from the page.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_MARKETS } from "../../src/market/markets.js";
import { marginTable } from "../../src/market/risk-params.js";
import * as model from "../../src/model/index.js";
import { newPosition, positionTerms, positionToJson } from "../../src/position/position.js";
import { positionStatus } from "../../src/position/status.js";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice, attestationToJson } from "../../src/price/attestation.js";
import type { ProofBundle } from "../../src/proof/bundle.js";
import { shutdown } from "../../src/proof/prover.js";
import { describeClaims, newChallenge, parseClaims, proveDisclosure } from "../../src/statements/disclosure.js";
import { proveLiquidation } from "../../src/statements/liquidation.js";
import { type Browser, type WebProcess, launchChromium, startZkliqWeb } from "../helpers/browser.js";
import { REPO, assertBuilt, removeWorkspace, runCli, show, tempWorkspace } from "../helpers/cli.js";

const OUT = join(REPO, "test-output", "web");
const BTC_USD = BUILTIN_MARKETS.find((m) => m.symbol === "BTC-USD")!;
const LIQUIDATOR = "0x00000000000000000000000000000000000000aa";
const CLAIMS = parseClaims({ minMarginRatio: "10%", maxLeverage: "9", liqPriceBeyond: "48300", notionalRange: "20000:30000" }, BTC_USD);
const CHALLENGE = newChallenge();

let dir: string;
let server: WebProcess;
let browser: Browser;
let page: Page;
let liquidation: ProofBundle;
let disclosure: ProofBundle;
const requests: string[] = [];
const problems: string[] = [];
const timings: Record<string, number> = {};

beforeAll(async () => {
  assertBuilt();
  mkdirSync(OUT, { recursive: true });
  dir = tempWorkspace();
  const now = Math.floor(Date.now() / 1000);
  const price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: now }, DEV_ORACLE_KEY);
  const weak = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000" });
  const healthy = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "6000" });
  liquidation = await proveLiquidation({ position: weak, price, liquidator: LIQUIDATOR });
  disclosure = await proveDisclosure({ position: healthy, price, claims: CLAIMS, challenge: CHALLENGE, expiresAt: now + 3600 });
  await shutdown();
  server = await startZkliqWeb(dir);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready]");
});

afterAll(async () => {
  await browser?.close();
  const stopped = await server?.stop();
  writeFileSync(join(OUT, "timings.json"), JSON.stringify(timings, null, 2) + "\n");
  console.log(`verification in the page (ms, SDK verifyBundle in chromium): ${JSON.stringify(timings)}; screenshots in ${OUT}`);
  removeWorkspace(dir);
  expect(stopped?.code).toBe(0);
  expect(stopped?.stdout).toMatch(/stopped \(SIGTERM\)/);
});

/** Drop a bundle on the drop zone as a file, the way a person drags one in. */
async function dropBundle(bundle: unknown, name: string): Promise<void> {
  await page.evaluate(
    ([text, fileName]) => {
      const data = new DataTransfer();
      data.items.add(new File([text], fileName, { type: "application/json" }));
      document.getElementById("drop-zone")!.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [JSON.stringify(bundle), name] as const,
  );
}

/** The verdict once the page has one for `name`'s bundle: valid/invalid/input, reason, time. */
async function verdict(name: string): Promise<{ kind: string; reason: string; ms: number; text: string }> {
  await page.waitForFunction((n) => document.getElementById("drop-zone")?.dataset.file === n && !!document.querySelector("#verdict [data-verdict]"), name);
  await page.waitForFunction(() => !document.getElementById("verdict")!.classList.contains("busy"));
  const kind = (await page.getAttribute("#verdict [data-verdict]", "data-verdict"))!;
  const ms = kind === "input" ? NaN : Number(await page.getAttribute("#verify-time", "data-ms"));
  return { kind, reason: (await page.textContent("#verdict .reason"))!, ms, text: (await page.textContent("#verdict"))! };
}

async function setOption(id: string, value: string): Promise<void> {
  await page.fill(`#${id}`, value);
}

describe("the page, served by zkliq web", () => {
  it("is a static page with relative asset paths and a policy that forbids connections", async () => {
    const html = await (await fetch(server.url)).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(1);
    for (const r of refs) expect(/^(\.\/|data:|#)/.test(r), r).toBe(true);
    expect(html).toMatch(/Content-Security-Policy" content="[^"]*connect-src 'none'/);
  });
});

describe("verify a proof", () => {
  it("shows a valid liquidation bundle valid, with what it proves and what was checked", async () => {
    await page.goto(`${server.url}#verify`);
    await setOption("opt-oracle", DEV_ORACLE_ADDRESS);
    await setOption("opt-liquidator", LIQUIDATOR);
    await dropBundle(liquidation, "liquidation-1.json");
    const v = await verdict("liquidation-1.json");
    timings.liquidationFirst = v.ms;
    expect(v.kind, v.text).toBe("valid");
    expect(v.reason).toMatch(/is below its maintenance margin \(BTC-USD tier table/);
    const facts = (await page.textContent("#verdict-facts"))!;
    expect(facts).toContain(`Oracle (signer)${DEV_ORACLE_ADDRESS} (as you required)`);
    expect(facts).toContain("MarketBTC-USD");
    expect(facts).toMatch(/Price54200 USD at \d{4}-\d\d-\d\dT/);
    expect(facts).toContain(`Liquidator${LIQUIDATOR} (as you required)`);
    expect(await page.textContent("#public-signals")).toContain(liquidation.public.positionCommitment);
    await page.screenshot({ path: join(OUT, "liquidation-valid.png"), fullPage: true });
    await dropBundle(liquidation, "liquidation-2.json");
    timings.liquidationAgain = (await verdict("liquidation-2.json")).ms;
  });

  it("shows a valid disclosure bundle valid, its claims in words, the challenge and the expiry counting down", async () => {
    await page.goto(`${server.url}#verify`);
    await setOption("opt-liquidator", "");
    await setOption("opt-challenge", CHALLENGE);
    await dropBundle(disclosure, "disclosure-1.json");
    const v = await verdict("disclosure-1.json");
    timings.disclosureFirst = v.ms;
    expect(v.kind, v.text).toBe("valid");
    const claims = await page.$$eval("#claims li", (els) => els.map((e) => e.textContent));
    expect(claims).toEqual(describeClaims(CLAIMS, BTC_USD).map((c) => c.text));
    const facts = (await page.textContent("#verdict-facts"))!;
    expect(facts).toContain(`Challenge${CHALLENGE} (as you required)`);
    const first = await page.textContent(".countdown");
    expect(first).toMatch(/in (59m|1h 00m) \d\ds$/);
    await page.waitForFunction((t) => document.querySelector(".countdown")!.textContent !== t, first, { timeout: 5000 });
    await page.screenshot({ path: join(OUT, "disclosure-valid.png"), fullPage: true });
    await dropBundle(disclosure, "disclosure-2.json");
    timings.disclosureAgain = (await verdict("disclosure-2.json")).ms;
  });

  it("shows a tampered bundle invalid with the reason", async () => {
    const tampered = structuredClone(disclosure);
    tampered.proof.pi_a[0] = (BigInt(tampered.proof.pi_a[0]!) + 1n).toString();
    await dropBundle(tampered, "tampered.json");
    const v = await verdict("tampered.json");
    expect(v.kind).toBe("invalid");
    expect(v.reason).toBe("the Groth16 proof does not verify against the trusted verification key");
    await page.screenshot({ path: join(OUT, "tampered-invalid.png"), fullPage: true });
  });

  it("shows a disclosure made for another challenge invalid: it was made for another verifier", async () => {
    const mine = newChallenge();
    await setOption("opt-challenge", mine);
    await dropBundle(disclosure, "other-challenge.json");
    const v = await verdict("other-challenge.json");
    expect(v.kind).toBe("invalid");
    expect(v.reason).toMatch(new RegExp(`proof answers challenge ${CHALLENGE}, not yours \\(${mine}\\): it was made for another verifier`));
    await page.screenshot({ path: join(OUT, "other-challenge-invalid.png"), fullPage: true });
  });

  it("tells a mistake in the verifier's input from an invalid proof (the CLI's exit 2)", async () => {
    await setOption("opt-challenge", "");
    await dropBundle(disclosure, "no-challenge.json");
    const v = await verdict("no-challenge.json");
    expect(v.kind).toBe("input");
    expect(v.reason).toMatch(/pass the challenge you gave the prover \(the "Challenge" field\)/);
  });
});

describe("create a challenge", () => {
  it("makes a fresh challenge to copy, and fills it in for verifying", async () => {
    await page.goto(`${server.url}#challenge`);
    await page.click("#challenge-new");
    const c = await page.inputValue("#challenge-value");
    expect(c).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await page.inputValue("#challenge-command")).toContain(`--challenge ${c}`);
    await page.click("#challenge-new");
    expect(await page.inputValue("#challenge-value")).not.toBe(c);
    expect(await page.inputValue("#opt-challenge")).toBe(await page.inputValue("#challenge-value"));
    await page.screenshot({ path: join(OUT, "challenge.png") });
  });
});

describe("plot a position", () => {
  it("draws a position file read in the browser, with the reference model's liquidation price, and sends nothing", async () => {
    // long 18 BTC @ 56000, collateral 20000, mark 55300: liquidatable (see test/cli/status-plot.test.ts).
    const position = newPosition({ market: "BTC-USD", side: "long", size: "18", entryPrice: "56000", collateral: "20000" });
    const price = await attestPrice({ market: "BTC-USD", markPrice: "55300", timestamp: 1_795_000_000 }, DEV_ORACLE_KEY);
    await page.goto(`${server.url}#position`);
    const sent = requests.length;
    const file = (name: string, value: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value)) });
    await page.setInputFiles("#position-file", file("position.json", positionToJson(position)));
    await page.setInputFiles("#price-file", file("price.json", attestationToJson(price)));
    await page.waitForSelector("#position-chart canvas");
    const q = { markPrice: price.markPrice, fundingIndex: price.fundingIndex };
    const lp = model.liquidationPrice(positionTerms(position), q, marginTable(BTC_USD))!;
    expect(await page.getAttribute("#position-chart", "data-liquidation-price")).toBe(model.formatRatio(lp.price, 2, 6));
    expect(await page.getAttribute("#position-chart", "data-tier-breaks")).toBe(model.formatRatio({ num: 1_000_000n * 10n ** 10n, den: position.size }, 2, 6));
    const figures = (await page.textContent("#position-figures"))!;
    expect(figures).toContain(`Liquidation price${positionStatus(position, q).text.liquidationPrice}`);
    expect(figures).toMatch(/Minimal partial liquidation\s*closes /);
    await page.screenshot({ path: join(OUT, "position-plot.png"), fullPage: true });
    expect(requests.slice(sent).filter((r) => !r.startsWith(`GET ${server.url}`))).toEqual([]);
    expect(requests.filter((r) => !r.startsWith(`GET ${server.url}`))).toEqual([]);
  });

  it("renders zkliq status --plot's SVG for the same position (the README's picture)", async () => {
    const position = newPosition({ market: "BTC-USD", side: "long", size: "18", entryPrice: "56000", collateral: "20000" });
    const price = await attestPrice({ market: "BTC-USD", markPrice: "55300", timestamp: 1_795_000_000 }, DEV_ORACLE_KEY);
    writeFileSync(join(dir, "plot-position.json"), JSON.stringify(positionToJson(position)));
    writeFileSync(join(dir, "plot-price.json"), JSON.stringify(attestationToJson(price)));
    const r = await runCli(["status", "--position", "plot-position.json", "--price", "plot-price.json", "--plot", "status.svg"], { cwd: dir });
    expect(r.code, show(r)).toBe(0);
    const svgPage = await browser.context.newPage();
    await svgPage.setContent(readFileSync(join(dir, "status.svg"), "utf8"));
    const box = (await svgPage.locator("svg").boundingBox())!;
    expect(box.width).toBeGreaterThan(800);
    await svgPage.locator("svg").screenshot({ path: join(OUT, "status-plot.png") });
    await svgPage.close();
  });

  it("the page logged no errors (no policy violation, no exception)", () => {
    expect(problems).toEqual([]);
  });
});
