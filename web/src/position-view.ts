/**
 * "Plot a position": a position file (and optionally a signed price), read in this browser and
 * never sent anywhere, drawn with uPlot: equity and maintenance requirement against the mark price,
 * the tier breaks, the mark and the liquidation price, and for a liquidatable position the same after
 * the minimal partial liquidation (dashed). The figures are src/plot/margin-curve.ts's, i.e. the
 * reference model's, as in `zkliq status --plot`.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { valueDecimals } from "../../src/market/markets.js";
import { formatRatio } from "../../src/model/index.js";
import { type MarginCurve, pointInQuote, ratioToNumber, unitsToNumber } from "../../src/plot/margin-curve.js";
import { marginCurve } from "../../src/plot/margin-curve.js";
import { type Position, positionFromJson } from "../../src/position/position.js";
import { positionStatus } from "../../src/position/status.js";
import { type PriceAttestation, attestationFromJson } from "../../src/price/attestation.js";
import { formatDecimal, parseDecimal } from "../../src/units.js";
import { byId, factTable, parseJsonText, readLocalFile } from "./dom.js";

let position: Position | undefined;
let price: PriceAttestation | undefined;
let chart: uPlot | undefined;

const COLORS = { equity: "#1f6feb", requirement: "#d9480f", mark: "#222", liquidation: "#c92a2a", tier: "#868e96" };

async function readJsonFile(input: HTMLInputElement, what: string): Promise<unknown> {
  const file = input.files?.[0];
  if (!file) return undefined;
  const parsed = parseJsonText(await readLocalFile(file), `${what} file`);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

function showError(message: string | null): void {
  const el = byId("position-error");
  el.hidden = message === null;
  el.textContent = message ?? "";
  if (message !== null) byId("position-out").hidden = true;
}

/** The mark price and funding index to draw at: the typed mark, else the price file's, else the entry price. */
function pricePoint(p: Position): { markPrice: bigint; fundingIndex: bigint } {
  const typed = byId<HTMLInputElement>("mark-price").value.trim();
  const markPrice = typed
    ? parseDecimal(typed.replace(/,/g, ""), p.market.priceDecimals, "mark price", { bits: 64 })
    : (price?.markPrice ?? p.entryPrice);
  return { markPrice, fundingIndex: price?.fundingIndex ?? p.entryFunding };
}

function update(): void {
  if (!position) return;
  try {
    if (price && price.marketId !== position.marketId) throw new Error(`the price is for ${price.market.symbol} but the position is on ${position.market.symbol}`);
    const q = pricePoint(position);
    const curve = marginCurve(position, q);
    showError(null);
    byId("position-out").hidden = false;
    byId("position-title").textContent = `${position.market.symbol} ${position.side} ${formatDecimal(position.size, position.market.sizeDecimals)} at mark ${formatDecimal(q.markPrice, position.market.priceDecimals)}`;
    drawChart(curve);
    byId("position-facts").replaceChildren(facts(position, q, curve));
  } catch (e) {
    showError((e as Error).message);
  }
}

function facts(p: Position, q: { markPrice: bigint; fundingIndex: bigint }, c: MarginCurve): HTMLElement {
  const t = positionStatus(p, q).text;
  const o = c.partial?.outcome;
  const size = (v: bigint): string => formatDecimal(v, p.market.sizeDecimals);
  const quote = p.market.symbol.split("-")[1] ?? "";
  const value = (v: bigint): string => `${formatDecimal(v, valueDecimals(p.market))} ${quote}`;
  const after = c.partial?.after?.liquidationPrice;
  return factTable(
    [
      ["Equity", `${t.equity} ${quote}`],
      ["Notional", `${t.notional} ${quote}`],
      ["Tier", t.tier],
      ["Requirement", `${t.requirement} ${quote} (maintenance ${t.maintenanceRate} of notional)`],
      ["Margin ratio", t.marginRatio],
      ["Liquidation price", t.liquidationPrice],
      ["Distance", `${t.distanceToLiquidation} of the mark price`],
      ["Liquidatable", o ? "yes" : "no"],
      ["Minimal partial liquidation", o ? `closes ${size(o.closeSize)}${o.closedInFull ? " (all of it)" : `, leaves ${size(o.newSize)}`}; penalty ${value(o.penalty)}; equity after ${value(o.newEquity)}` : ""],
      ["Liquidation price after", after ? formatRatio(after, p.market.priceDecimals, p.market.priceDecimals) : ""],
    ],
    { id: "position-figures" },
  );
}

interface Marker {
  price: number;
  label: string;
  color: string;
  dash: number[];
}

function markersOf(c: MarginCurve): Marker[] {
  const pd = c.market.priceDecimals;
  const out: Marker[] = c.tierBreaks.map((b) => ({ price: ratioToNumber(b.price, pd), label: `tier ${b.tier + 1} (notional ${(unitsToNumber(b.floor, valueDecimals(c.market))).toLocaleString("en-US")})`, color: COLORS.tier, dash: [2, 3] }));
  out.push({ price: unitsToNumber(c.markPrice, pd), label: "mark", color: COLORS.mark, dash: [] });
  if (c.before.liquidationPrice) out.push({ price: ratioToNumber(c.before.liquidationPrice, pd), label: "liquidation", color: COLORS.liquidation, dash: [] });
  const after = c.partial?.after?.liquidationPrice;
  if (after) out.push({ price: ratioToNumber(after, pd), label: "liquidation after", color: COLORS.liquidation, dash: [6, 4] });
  return out;
}

/** uPlot hook: the markers as vertical lines, their labels packed into rows at the top so none overlap. */
const drawMarkers = (markers: Marker[]) => (u: uPlot) => {
  const { ctx, bbox } = u;
  const px = devicePixelRatio;
  const rows: number[] = []; // per row, where free space starts
  ctx.save();
  ctx.font = `${12 * px}px sans-serif`;
  ctx.textAlign = "left";
  for (const m of [...markers].sort((a, b) => a.price - b.price)) {
    const x = Math.round(u.valToPos(m.price, "x", true));
    const width = ctx.measureText(m.label).width + 8 * px;
    const left = x + width > bbox.left + bbox.width ? x - width : x + 4 * px;
    let row = rows.findIndex((free) => free <= left);
    if (row < 0) row = rows.push(0) - 1;
    rows[row] = left + width;
    ctx.strokeStyle = ctx.fillStyle = m.color;
    ctx.setLineDash(m.dash.map((d) => d * px));
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillText(m.label, left, bbox.top + (14 + 15 * row) * px);
  }
  ctx.restore();
};

function drawChart(c: MarginCurve): void {
  const box = byId("position-chart");
  const pts = (k: MarginCurve["before"]) => k.points.map((p) => pointInQuote(c, p));
  const before = pts(c.before);
  const after = c.partial?.after ? pts(c.partial.after) : null;
  const data: uPlot.AlignedData = [before.map((p) => p.price), before.map((p) => p.equity), before.map((p) => p.requirement)];
  const series: uPlot.Series[] = [
    { label: "mark price" },
    { label: "equity", stroke: COLORS.equity, width: 2 },
    { label: "requirement", stroke: COLORS.requirement, width: 2 },
  ];
  if (after) {
    data.push(after.map((p) => p.equity), after.map((p) => p.requirement));
    series.push({ label: "equity after", stroke: COLORS.equity, width: 2, dash: [6, 4] }, { label: "requirement after", stroke: COLORS.requirement, width: 2, dash: [6, 4] });
  }
  const pd = c.market.priceDecimals;
  box.dataset.liquidationPrice = c.before.liquidationPrice ? formatRatio(c.before.liquidationPrice, pd, pd + 4) : "";
  box.dataset.tierBreaks = c.tierBreaks.map((b) => formatRatio(b.price, pd, pd + 4)).join(" ");
  chart?.destroy();
  chart = new uPlot(
    {
      width: Math.max(480, box.clientWidth || 860),
      height: 420,
      scales: { x: { time: false } },
      legend: { live: false },
      axes: [{ label: `mark price (${c.market.symbol.split("-")[1]})` }, { label: c.market.symbol.split("-")[1], size: 70 }],
      series,
      hooks: { draw: [drawMarkers(markersOf(c))] },
    },
    data,
    box,
  );
}

export function initPositionView(): void {
  const positionInput = byId<HTMLInputElement>("position-file");
  const priceInput = byId<HTMLInputElement>("price-file");
  positionInput.addEventListener("change", async () => {
    try {
      const raw = await readJsonFile(positionInput, "position");
      position = raw === undefined ? undefined : positionFromJson(raw, undefined, positionInput.files?.[0]?.name ?? "position");
      update();
    } catch (e) {
      showError((e as Error).message);
    }
  });
  priceInput.addEventListener("change", async () => {
    try {
      const raw = await readJsonFile(priceInput, "price");
      price = raw === undefined ? undefined : attestationFromJson(raw, undefined, priceInput.files?.[0]?.name ?? "price");
      byId<HTMLInputElement>("mark-price").value = "";
      update();
    } catch (e) {
      showError((e as Error).message);
    }
  });
  byId("mark-price").addEventListener("change", update);
}
