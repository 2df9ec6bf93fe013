// zkliq status --plot: the SVG is parsed and its markers checked against the reference model
// (src/model/) and the market's tier table, never against the plotting code.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_MARKETS } from "../../src/market/markets.js";
import { marginTable } from "../../src/market/risk-params.js";
import * as model from "../../src/model/index.js";
import { type Position, newPosition, positionTerms, positionToJson } from "../../src/position/position.js";
import { DEV_ORACLE_KEY, attestPrice, attestationToJson } from "../../src/price/attestation.js";
import { assertBuilt, listFiles, reasonOf, removeWorkspace, runCli, show, tempWorkspace, writeJson } from "../helpers/cli.js";

const BTC_USD = BUILTIN_MARKETS.find((m) => m.symbol === "BTC-USD")!;
let dir: string;

interface Marker {
  cls: string;
  price: string;
  attrs: string;
  x: number;
}

/** The plot area's scale and every marker line of a --plot SVG. */
function parsePlot(svg: string) {
  const g = /<g id="plot" ([^>]*)>/.exec(svg);
  if (!g) throw new Error("no <g id=\"plot\"> in the SVG");
  const attr = (name: string): number => Number(new RegExp(`data-${name}="([^"]+)"`).exec(g[1]!)![1]);
  const markers: Marker[] = [...svg.matchAll(/<line class="marker ([a-z-]+)" data-price="([^"]+)"([^>]*?) x1="([^"]+)"/g)].map((m) => ({
    cls: m[1]!,
    price: m[2]!,
    attrs: m[3]!,
    x: Number(m[4]),
  }));
  const scale = { x0: attr("x0"), x1: attr("x1"), min: attr("price-min"), max: attr("price-max") };
  /** Where the plot puts a price (in quote). */
  const xOf = (price: number): number => scale.x0 + ((price - scale.min) / (scale.max - scale.min)) * (scale.x1 - scale.x0);
  return { scale, markers, xOf, polylines: svg.match(/<polyline /g)?.length ?? 0 };
}

/** A ratio in price units as the quote number the plot's axis uses. */
const quote = (r: model.Ratio): number => Number(r.num) / Number(r.den) / 100;

async function plot(position: Position, markPrice: string, name: string): Promise<string> {
  const price = await attestPrice({ market: "BTC-USD", markPrice, timestamp: 1_795_000_000 }, DEV_ORACLE_KEY);
  writeJson(join(dir, `${name}.position.json`), positionToJson(position));
  writeJson(join(dir, `${name}.price.json`), attestationToJson(price));
  const r = await runCli(["status", "--position", `${name}.position.json`, "--price", `${name}.price.json`, "--plot", `${name}.svg`], { cwd: dir });
  expect(r.code, show(r)).toBe(0);
  expect(r.stdout).toContain(`wrote ${name}.svg`);
  return readFileSync(join(dir, `${name}.svg`), "utf8");
}

beforeAll(() => {
  assertBuilt();
  dir = tempWorkspace();
});
afterAll(() => removeWorkspace(dir));

describe("zkliq status --plot", () => {
  // long 18 BTC @ 56000, collateral 20000, mark 56000: notional 1,008,000 (tier 4). Tier 4's line
  // would put the liquidation price at 55,367.52, where the notional (996,615) is in tier 3, whose
  // line gives 9,867,000,000 / 178,200 = 55,370.37: the model takes the highest. Tier 4 starts at
  // a notional of 1,000,000, i.e. at 1,000,000 / 18 = 55,555.56.
  const position = newPosition({ market: "BTC-USD", side: "long", size: "18", entryPrice: "56000", collateral: "20000" });

  it("puts the liquidation price marker at the reference model's liquidation price", async () => {
    const svg = await plot(position, "56000", "healthy");
    const { markers, xOf } = parsePlot(svg);
    const lp = model.liquidationPrice(positionTerms(position), { fundingIndex: 0n }, marginTable(BTC_USD))!;
    expect(lp.tier).toBe(2);
    expect(quote(lp.price)).toBeCloseTo(55_370.37, 2);
    const liq = markers.filter((m) => m.cls === "liquidation-price");
    expect(liq).toHaveLength(1); // healthy: no "after" curve
    expect(liq[0]!.price).toBe(model.formatRatio(lp.price, 2, 6));
    expect(Math.abs(liq[0]!.x - xOf(quote(lp.price)))).toBeLessThan(0.01);
    const mark = markers.find((m) => m.cls === "mark")!;
    expect(mark.price).toBe("56000");
    expect(Math.abs(mark.x - xOf(56_000))).toBeLessThan(0.01);
  });

  it("draws the tier breaks at the table's floors (floor / size), every one inside the range and none outside", async () => {
    const { markers, scale, xOf } = parsePlot(readFileSync(join(dir, "healthy.svg"), "utf8"));
    // From the table: a notional floor F (whole USD) is crossed at F / 18 USD.
    const expected = BTC_USD.tiers
      .map((t, i) => ({ tier: i + 1, price: { num: t.floor * 10n ** 10n, den: position.size } }))
      .filter((b) => b.tier > 1 && quote(b.price) >= scale.min && quote(b.price) <= scale.max);
    expect(expected.map((b) => b.tier)).toEqual([4]);
    const breaks = markers.filter((m) => m.cls === "tier-break");
    expect(breaks.map((m) => /data-tier="(\d+)"/.exec(m.attrs)![1])).toEqual(expected.map((b) => String(b.tier)));
    breaks.forEach((m, i) => {
      expect(m.price).toBe(model.formatRatio(expected[i]!.price, 2, 6));
      expect(Math.abs(m.x - xOf(quote(expected[i]!.price)))).toBeLessThan(0.01);
    });
    expect(quote(expected[0]!.price)).toBeCloseTo(55_555.56, 2);
  });

  it("for a liquidatable position, also draws the position after the minimal partial liquidation", async () => {
    // long 20 BTC @ 60000, collateral 66000, mark 57000 (examples/position-btc-20-long.json): liquidatable.
    const weak = newPosition({ market: "BTC-USD", side: "long", size: "20", entryPrice: "60000", collateral: "66000" });
    const svg = await plot(weak, "57000", "weak");
    const { markers, xOf, polylines } = parsePlot(svg);
    const table = marginTable(BTC_USD);
    const q = { markPrice: 5_700_000n, fundingIndex: 0n };
    const terms = positionTerms(weak);
    const close = model.minimalClose(terms, q, table)!;
    const o = model.closeOutcome(terms, q, table, close);
    const after = model.liquidationPrice({ ...terms, size: o.newSize, collateral: o.newCollateral }, q, table)!;
    const before = model.liquidationPrice(terms, q, table)!;
    expect(polylines).toBe(4); // equity and requirement, before and after
    for (const [curve, lp] of [["before", before], ["after", after]] as const) {
      const m = markers.find((k) => k.cls === "liquidation-price" && k.attrs.includes(`data-curve="${curve}"`))!;
      expect(m.price).toBe(model.formatRatio(lp.price, 2, 6));
      expect(Math.abs(m.x - xOf(quote(lp.price)))).toBeLessThan(0.01);
    }
    expect(svg).toContain(`closes ${Number(close) / 1e8} BTC`);
  });

  it("refuses a plot file that is not .svg, with one line and nothing written", async () => {
    const before = listFiles(dir);
    const r = await runCli(["status", "--position", "healthy.position.json", "--price", "healthy.price.json", "--plot", "plot.png"], { cwd: dir });
    expect(r.code, show(r)).toBe(2);
    expect(reasonOf(r.stderr)).toMatch(/--plot plot\.png: the plot is an SVG/);
    expect(listFiles(dir)).toEqual(before);
    expect(existsSync(join(dir, "plot.png"))).toBe(false);
  });
});
