/**
 * A position's margin against the mark price, for pictures (`zkliq status --plot`, the web page):
 * equity and maintenance requirement over a range of mark prices around the current mark and the
 * liquidation price, the prices where the notional crosses a tier floor, and, for a position that
 * is liquidatable now, the same after the minimal partial liquidation. Every figure is the
 * reference model's (src/model/) at that price, with the funding index held at the given one;
 * this module only chooses where to look.
 */
import { type Market, valueDecimals } from "../market/markets.js";
import { marginTable } from "../market/risk-params.js";
import * as model from "../model/index.js";
import { type Position, positionTerms } from "../position/position.js";

export interface CurvePoint {
  /** Mark price, in price units. */
  price: bigint;
  /** Equity at that price, in value units. */
  equity: bigint;
  /** Maintenance requirement x 10000 at that price, in value units (exact). */
  requirementTimesBps: bigint;
}

/** One position's curve: its points and its liquidation price. */
export interface Curve {
  terms: model.PositionTerms;
  points: CurvePoint[];
  /** Null when no price liquidates it (a fully collateralised long, or size 0). */
  liquidationPrice: model.Ratio | null;
  /** The tier (0-based) whose maintenance line sets the liquidation price. */
  liquidationTier: number | null;
}

/** Where the notional crosses the floor of tier `tier` (0-based, >= 1): price = floor / size. */
export interface TierBreak {
  tier: number;
  /** The floor, in value units. */
  floor: bigint;
  price: model.Ratio;
}

export interface MarginCurve {
  market: Market;
  markPrice: bigint;
  fundingIndex: bigint;
  /** The mark prices shown, in price units (lo < hi). */
  range: { lo: bigint; hi: bigint };
  before: Curve;
  /** The tier breaks of the position inside the range, by price. */
  tierBreaks: TierBreak[];
  /** For a position liquidatable at the mark: the minimal partial liquidation there (after: null when it closes in full). */
  partial?: { outcome: model.CloseOutcome; after: Curve | null };
}

const floorOf = (r: model.Ratio): bigint => (r.num >= 0n ? r.num / r.den : -((-r.num + r.den - 1n) / r.den));
const within = (r: model.Ratio, lo: bigint, hi: bigint): boolean => r.num >= lo * r.den && r.num <= hi * r.den;

/**
 * The range: the mark and every liquidation price shown, padded by a quarter of their spread and at
 * least 4% of the mark on each side (prices stay >= 0): near enough that the requirement, a few
 * percent of the notional, is not flattened by the equity's swing.
 */
function rangeAround(mark: bigint, prices: model.Ratio[]): { lo: bigint; hi: bigint } {
  const all = [mark, ...prices.map(floorOf)];
  const lo0 = all.reduce((a, b) => (b < a ? b : a));
  const hi0 = all.reduce((a, b) => (b > a ? b : a));
  let pad = (hi0 - lo0) / 4n;
  if (pad < mark / 25n) pad = mark / 25n;
  if (pad < 1n) pad = 1n;
  return { lo: lo0 - pad < 0n ? 0n : lo0 - pad, hi: hi0 + pad + 1n };
}

/** Prices to evaluate: `samples` even steps over the range, plus both sides of every kink and marker. */
function samplePrices(range: { lo: bigint; hi: bigint }, samples: number, exact: model.Ratio[], mark: bigint): bigint[] {
  const set = new Set<bigint>();
  const n = BigInt(samples);
  for (let i = 0n; i <= n; i++) set.add(range.lo + ((range.hi - range.lo) * i) / n);
  for (const r of exact) {
    const f = floorOf(r);
    for (const p of [f, f + 1n]) if (p >= range.lo && p <= range.hi) set.add(p);
  }
  set.add(mark);
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function curveOf(terms: model.PositionTerms, table: model.MarginTable, fundingIndex: bigint, prices: bigint[]): Curve {
  const lp = model.liquidationPrice(terms, { fundingIndex }, table);
  const points = prices.map((price) => {
    const q = { markPrice: price, fundingIndex };
    return { price, equity: model.equity(terms, q), requirementTimesBps: model.requirementTimesBps(table, model.notional(terms, q)) };
  });
  return { terms, points, liquidationPrice: lp?.price ?? null, liquidationTier: lp?.tier ?? null };
}

/** The tier breaks of a position of `size` (value-unit floors over size), for tiers 2 and up. */
export const tierBreaks = (table: model.MarginTable, size: bigint): TierBreak[] =>
  size === 0n ? [] : table.tiers.slice(1).map((t, i) => ({ tier: i + 1, floor: t.floor, price: { num: t.floor, den: size } }));

/** The margin curve of `position` at mark prices around `price.markPrice` (see the file header). */
export function marginCurve(position: Position, price: model.PriceTerms, opts: { samples?: number } = {}): MarginCurve {
  const table = marginTable(position.market);
  const terms = positionTerms(position);
  const { markPrice, fundingIndex } = price;
  const close = model.minimalClose(terms, price, table);
  const outcome = close === null ? null : model.closeOutcome(terms, price, table, close);
  const afterTerms = outcome && !outcome.closedInFull ? { ...terms, size: outcome.newSize, collateral: outcome.newCollateral } : null;
  const lps = [terms, afterTerms]
    .map((t) => (t ? model.liquidationPrice(t, price, table)?.price : undefined))
    .filter((r): r is model.Ratio => r !== undefined);
  const range = rangeAround(markPrice, lps);
  const breaks = tierBreaks(table, terms.size).filter((b) => within(b.price, range.lo, range.hi));
  const kinks = [...breaks, ...(afterTerms ? tierBreaks(table, afterTerms.size) : [])].map((b) => b.price);
  const prices = samplePrices(range, opts.samples ?? 160, [...lps, ...kinks], markPrice);
  return {
    market: position.market,
    markPrice,
    fundingIndex,
    range,
    before: curveOf(terms, table, fundingIndex, prices),
    tierBreaks: breaks,
    partial: outcome ? { outcome, after: afterTerms ? curveOf(afterTerms, table, fundingIndex, prices) : null } : undefined,
  };
}

/** A value in units of 10^-decimals as a JS number (for drawing only: figures shown as text use exact decimals). */
export const unitsToNumber = (v: bigint, decimals: number): number => Number(v) / 10 ** decimals;
export const ratioToNumber = (r: model.Ratio, decimals: number): number => Number(r.num) / Number(r.den) / 10 ** decimals;

/** A point's figures in quote, for drawing: price, equity and requirement. */
export function pointInQuote(c: MarginCurve, p: CurvePoint): { price: number; equity: number; requirement: number } {
  const vd = valueDecimals(c.market);
  return {
    price: unitsToNumber(p.price, c.market.priceDecimals),
    equity: unitsToNumber(p.equity, vd),
    requirement: unitsToNumber(p.requirementTimesBps, vd + 4),
  };
}
