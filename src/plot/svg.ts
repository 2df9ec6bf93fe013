/**
 * `zkliq status --plot`: a margin curve (src/plot/margin-curve.ts) as a small standalone SVG.
 * Equity and maintenance requirement against the mark price, the tier breaks, the current mark and
 * the liquidation price; dashed, the same after the minimal partial liquidation when the position is
 * liquidatable. Markers carry their exact price (`data-price`) and the plot area its scale
 * (`data-*` on #plot), so a reader (or a test) can check where each one sits.
 */
import { formatRatio } from "../model/index.js";
import { formatDecimal } from "../units.js";
import { type Curve, type MarginCurve, pointInQuote, ratioToNumber, unitsToNumber } from "./margin-curve.js";

const W = 880;
const H = 520;
const AREA = { x0: 84, x1: W - 28, y0: 64, y1: H - 60 };
const COLORS = { equity: "#1f6feb", requirement: "#d9480f", mark: "#222", liquidation: "#c92a2a", tier: "#868e96" };

const n2 = (v: number): string => (Math.round(v * 100) / 100).toString();
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
const human = (v: number): string => v.toLocaleString("en-US", { maximumFractionDigits: 2 });
/** An exact decimal string with thousands separators: "55299.98" -> "55,299.98" (labels show exact, truncated figures, as zkliq status does). */
const grouped = (decimal: string): string => decimal.replace(/^(-?\d+)/, (w) => w.replace(/\B(?=(\d{3})+(?!\d))/g, ","));

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

interface Scale {
  x(price: number): number;
  y(value: number): number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

function scaleOf(c: MarginCurve): Scale {
  const curves = [c.before, c.partial?.after].filter((k): k is Curve => !!k);
  const values = curves.flatMap((k) => k.points.map((p) => pointInQuote(c, p))).flatMap((p) => [p.equity, p.requirement]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const pad = (hi - lo) * 0.05 || 1;
  const [xMin, xMax] = [unitsToNumber(c.range.lo, c.market.priceDecimals), unitsToNumber(c.range.hi, c.market.priceDecimals)];
  const [yMin, yMax] = [lo - pad, hi + pad];
  return {
    xMin,
    xMax,
    yMin,
    yMax,
    x: (p) => AREA.x0 + ((p - xMin) / (xMax - xMin)) * (AREA.x1 - AREA.x0),
    y: (v) => AREA.y1 - ((v - yMin) / (yMax - yMin)) * (AREA.y1 - AREA.y0),
  };
}

function axes(s: Scale, quote: string): string[] {
  const out: string[] = [];
  for (const t of niceTicks(s.xMin, s.xMax)) {
    const x = n2(s.x(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${AREA.y0}" y2="${AREA.y1}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${AREA.y1 + 18}" text-anchor="middle">${human(t)}</text>`);
  }
  for (const t of niceTicks(s.yMin, s.yMax)) {
    const y = n2(s.y(t));
    out.push(`<line x1="${AREA.x0}" x2="${AREA.x1}" y1="${y}" y2="${y}" stroke="${t === 0 ? "#999" : "#eee"}"/>`);
    out.push(`<text x="${AREA.x0 - 8}" y="${y}" dy="4" text-anchor="end">${human(t)}</text>`);
  }
  out.push(`<rect x="${AREA.x0}" y="${AREA.y0}" width="${AREA.x1 - AREA.x0}" height="${AREA.y1 - AREA.y0}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${(AREA.x0 + AREA.x1) / 2}" y="${H - 16}" text-anchor="middle">mark price (${esc(quote)})</text>`);
  out.push(`<text transform="translate(18 ${(AREA.y0 + AREA.y1) / 2}) rotate(-90)" text-anchor="middle">${esc(quote)}</text>`);
  return out;
}

function lines(c: MarginCurve, s: Scale, curve: Curve, which: "before" | "after"): string[] {
  const pts = curve.points.map((p) => pointInQuote(c, p));
  const dash = which === "after" ? ` stroke-dasharray="6 4"` : "";
  return (["equity", "requirement"] as const).map(
    (k) =>
      `<polyline class="${k}" data-curve="${which}" fill="none" stroke="${COLORS[k]}" stroke-width="2"${dash} ` +
      `points="${pts.map((p) => `${n2(s.x(p.price))},${n2(s.y(p[k]))}`).join(" ")}"/>`,
  );
}

/** A vertical marker line with its exact price; its label is placed by `labels`. */
interface Marker {
  cls: string;
  price: number;
  exact: string;
  label: string;
  color: string;
  attrs?: string;
  dash?: string;
}

/** The markers' lines, and their labels packed greedily into rows at the top so none overlap. */
function drawMarkers(s: Scale, list: Marker[]): string[] {
  const rows: number[] = []; // per row, the x where free space starts
  return list
    .sort((a, b) => a.price - b.price)
    .map((m) => {
      const x = s.x(m.price);
      const width = m.label.length * 6.4 + 8;
      const left = x + width > AREA.x1 ? x - width : x + 3;
      let row = rows.findIndex((free) => free <= left);
      if (row < 0) row = rows.push(0) - 1;
      rows[row] = left + width;
      const dash = m.dash ? ` stroke-dasharray="${m.dash}"` : "";
      return (
        `<line class="marker ${m.cls}" data-price="${m.exact}"${m.attrs ?? ""} x1="${n2(x)}" x2="${n2(x)}" y1="${AREA.y0}" y2="${AREA.y1}" stroke="${m.color}" stroke-width="1.5"${dash}/>` +
        `<text x="${n2(left + 3)}" y="${AREA.y0 + 14 + row * 15}" fill="${m.color}">${esc(m.label)}</text>`
      );
    });
}

function markers(c: MarginCurve, s: Scale): string[] {
  const pd = c.market.priceDecimals;
  const exact = (r: { num: bigint; den: bigint }): string => formatRatio(r, pd, pd + 4);
  const quote = c.market.symbol.split("-")[1] ?? "";
  const list: Marker[] = c.tierBreaks.map((b) => ({
    cls: "tier-break",
    price: ratioToNumber(b.price, pd),
    exact: exact(b.price),
    label: `tier ${b.tier + 1} (notional ${human(unitsToNumber(b.floor, pd + c.market.sizeDecimals))} ${quote})`,
    color: COLORS.tier,
    attrs: ` data-tier="${b.tier + 1}"`,
    dash: "2 3",
  }));
  list.push({ cls: "mark", price: unitsToNumber(c.markPrice, pd), exact: formatDecimal(c.markPrice, pd), label: `mark ${grouped(formatDecimal(c.markPrice, pd))}`, color: COLORS.mark });
  for (const [k, which] of [[c.before, "before"], [c.partial?.after, "after"]] as const) {
    if (!k?.liquidationPrice) continue;
    const v = ratioToNumber(k.liquidationPrice, pd);
    list.push({
      cls: "liquidation-price",
      price: v,
      exact: exact(k.liquidationPrice),
      label: `liquidation ${grouped(formatRatio(k.liquidationPrice, pd, pd))}${which === "after" ? " after" : ""}`,
      color: COLORS.liquidation,
      attrs: ` data-curve="${which}"`,
      dash: which === "after" ? "6 4" : undefined,
    });
  }
  return drawMarkers(s, list);
}

function legend(c: MarginCurve): string[] {
  const rows: [string, string, string][] = [
    ["equity", COLORS.equity, ""],
    ["maintenance requirement", COLORS.requirement, ""],
  ];
  if (c.partial?.after) rows.push(["after the minimal partial liquidation", "#555", "6 4"]);
  return rows.map(([label, color, dash], i) => {
    const y = AREA.y1 - 14 - (rows.length - 1 - i) * 18;
    const x = AREA.x1 - 250;
    return `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/><text x="${x + 30}" y="${y}" dy="4">${esc(label)}</text>`;
  });
}

/** The plot's title and a second line: what the minimal partial liquidation does, for a liquidatable position. */
function titles(c: MarginCurve): [string, string] {
  const t = c.before.terms;
  const [base, quote] = c.market.symbol.split("-");
  const size = (v: bigint): string => `${formatDecimal(v, c.market.sizeDecimals)} ${base}`;
  const head = `${c.market.symbol} ${t.side} ${size(t.size)}: equity and maintenance requirement by mark price (${quote})`;
  const mark = grouped(formatDecimal(c.markPrice, c.market.priceDecimals));
  const o = c.partial?.outcome;
  if (!o) return [head, `not liquidatable at the mark ${mark}`];
  if (o.closedInFull) return [head, `liquidatable at the mark ${mark}: a liquidation closes all of it`];
  return [head, `liquidatable at the mark ${mark}: the minimal partial liquidation closes ${size(o.closeSize)}, leaving ${size(o.newSize)} (dashed)`];
}

export function marginCurveSvg(c: MarginCurve): string {
  const s = scaleOf(c);
  const [head, sub] = titles(c);
  const quote = c.market.symbol.split("-")[1] ?? "quote";
  const plot = [lines(c, s, c.before, "before"), c.partial?.after ? lines(c, s, c.partial.after, "after") : [], markers(c, s)].flat();
  const data =
    `data-x0="${AREA.x0}" data-x1="${AREA.x1}" data-y0="${AREA.y0}" data-y1="${AREA.y1}" ` +
    `data-price-min="${s.xMin}" data-price-max="${s.xMax}" data-value-min="${s.yMin}" data-value-max="${s.yMax}"`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(head)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${AREA.x0}" y="24" font-size="14" font-weight="bold">${esc(head)}</text>`,
    `<text x="${AREA.x0}" y="44">${esc(sub)}</text>`,
    ...axes(s, quote),
    `<g id="plot" ${data}>`,
    ...plot,
    `</g>`,
    ...legend(c),
    `</svg>`,
    "",
  ].join("\n");
}
