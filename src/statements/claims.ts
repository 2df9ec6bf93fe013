/**
 * A disclosure's claims: parsed from what people write, range-checked against the circuit widths,
 * in words, the ones a position violates (why no proof exists), and their public signals.
 */
import { badInput } from "../errors.js";
import { type Market, valueDecimals } from "../market/markets.js";
import { marginTable } from "../market/risk-params.js";
import * as model from "../model/index.js";
import type { DisclosureClaims } from "../model/index.js";
import { type Position, positionTerms } from "../position/position.js";
import { positionStatus } from "../position/status.js";
import type { PriceAttestation } from "../price/attestation.js";
import type { BundleClaim } from "../proof/bundle.js";
import { CIRCUITS } from "../proof/circuits.js";
import { checkBits, formatDecimal, parseDecimal } from "../units.js";

export type { DisclosureClaims } from "../model/index.js";

const CIRCUIT = "disclosure";

function circuitParam(name: string): number {
  const v = CIRCUITS[CIRCUIT]?.params[name];
  if (v === undefined) throw new Error(`circuits.json: ${CIRCUIT}.params.${name} missing`);
  return v;
}

/** Widths of the disclosure circuit's own public inputs (the position widths are BITS in circuits.ts). */
export const DISCLOSURE_BITS = {
  minMarginBps: circuitParam("XB"),
  maxLeverageBps: circuitParam("LB"),
  price: circuitParam("PB"),
  notional: circuitParam("SB") + circuitParam("PB"),
  expiresAt: circuitParam("TB"),
} as const;

/** Claim ids and their bit in the circuit's `claimMask`. */
export const CLAIM_BITS = {
  minMarginRatio: 1,
  maxLeverage: 2,
  liquidationPriceBeyond: 4,
  notionalRange: 8,
} as const;
export type ClaimId = keyof typeof CLAIM_BITS;

/** Claims as people write them (CLI flags): "10%" or "1000bps", "5" or "5x", a price, "min:max" in quote. */
export interface ClaimsText {
  minMarginRatio?: string;
  maxLeverage?: string;
  liqPriceBeyond?: string;
  notionalRange?: string;
}

const quote = (m: Market): string => m.symbol.split("-")[1] ?? "";
const pct = (bps: bigint): string => `${formatDecimal(bps, 2)}%`;
const times = (levBps: bigint): string => `${formatDecimal(levBps, 4)}x`;
const priceText = (v: bigint, m: Market): string => `${formatDecimal(v, m.priceDecimals)} ${quote(m)}`;
const valueText = (v: bigint, m: Market): string => `${formatDecimal(v, valueDecimals(m))} ${quote(m)}`;

/** Parse claims written by people into market units (bad input on anything malformed). */
export function parseClaims(text: ClaimsText, market: Market): DisclosureClaims {
  const c: DisclosureClaims = {};
  if (text.minMarginRatio !== undefined) {
    const s = text.minMarginRatio.trim();
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(s);
    const bps = /^(\d+)\s*bps$/.exec(s);
    if (!percent && !bps) {
      throw badInput(`minimum margin ratio "${s}" must be a percentage such as "10%" or "12.5%", or basis points such as "1000bps"`);
    }
    c.minMarginBps = percent
      ? parseDecimal(percent[1], 2, "minimum margin ratio (in %)", { bits: DISCLOSURE_BITS.minMarginBps })
      : parseDecimal(bps![1], 0, "minimum margin ratio (in bps)", { bits: DISCLOSURE_BITS.minMarginBps });
  }
  if (text.maxLeverage !== undefined) {
    const s = text.maxLeverage.trim().replace(/x$/i, "");
    c.maxLeverageBps = parseDecimal(s, 4, "maximum leverage", { bits: DISCLOSURE_BITS.maxLeverageBps, positive: true });
  }
  if (text.liqPriceBeyond !== undefined) {
    c.liqPriceBound = parseDecimal(text.liqPriceBeyond, market.priceDecimals, "liquidation price bound", { bits: DISCLOSURE_BITS.price });
  }
  if (text.notionalRange !== undefined) {
    const parts = text.notionalRange.split(":");
    if (parts.length !== 2) throw badInput(`notional range "${text.notionalRange}" must be "min:max" in ${quote(market)}, e.g. "10000:50000"`);
    const opts = { bits: DISCLOSURE_BITS.notional };
    c.notionalMin = parseDecimal(parts[0], valueDecimals(market), "notional range minimum", opts);
    c.notionalMax = parseDecimal(parts[1], valueDecimals(market), "notional range maximum", opts);
  }
  checkClaims(c);
  return c;
}

/** Range and shape checks of claims in market units (bad input). */
export function checkClaims(c: DisclosureClaims): void {
  if (Object.values(c).every((v) => v === undefined)) {
    throw badInput("no claim to prove: give at least one of a minimum margin ratio, a maximum leverage, a liquidation price bound or a notional range");
  }
  if (c.minMarginBps !== undefined) checkBits(c.minMarginBps, "minimum margin ratio (bps)", DISCLOSURE_BITS.minMarginBps);
  if (c.maxLeverageBps !== undefined) {
    checkBits(c.maxLeverageBps, "maximum leverage (x 10000)", DISCLOSURE_BITS.maxLeverageBps);
    if (c.maxLeverageBps === 0n) throw badInput("maximum leverage must be greater than zero");
  }
  if (c.liqPriceBound !== undefined) checkBits(c.liqPriceBound, "liquidation price bound", DISCLOSURE_BITS.price);
  if ((c.notionalMin === undefined) !== (c.notionalMax === undefined)) {
    throw badInput("a notional range needs both a minimum and a maximum");
  }
  if (c.notionalMin !== undefined && c.notionalMax !== undefined) {
    checkBits(c.notionalMin, "notional range minimum", DISCLOSURE_BITS.notional);
    checkBits(c.notionalMax, "notional range maximum", DISCLOSURE_BITS.notional);
    if (c.notionalMin > c.notionalMax) throw badInput("notional range minimum is above its maximum");
  }
}

/**
 * The claims in words, in claim-bit order. `market` gives units and the tier table. A margin ratio
 * says "not liquidatable" only at or above the table's HIGHEST rate: every tier line is at most
 * that rate times the notional (cum >= 0), while the first tier's rate bounds only small notionals.
 */
export function describeClaims(c: DisclosureClaims, market: Market): BundleClaim[] {
  const out: BundleClaim[] = [];
  const top = BigInt(market.tiers[market.tiers.length - 1]!.mmrBps);
  if (c.minMarginBps !== undefined) {
    const safe =
      c.minMarginBps >= top
        ? ` (at or above ${market.symbol}'s highest maintenance rate ${pct(top)}: not liquidatable at this price, whatever the notional's tier)`
        : "";
    out.push({ claim: "minMarginRatio", text: `margin ratio (equity / notional) >= ${pct(c.minMarginBps)}${safe}` });
  }
  if (c.maxLeverageBps !== undefined) {
    out.push({ claim: "maxLeverage", text: `leverage (notional / equity) <= ${times(c.maxLeverageBps)}, with positive equity` });
  }
  if (c.liqPriceBound !== undefined) {
    const b = priceText(c.liqPriceBound, market);
    out.push({
      claim: "liquidationPriceBeyond",
      text:
        `liquidation price beyond ${b}: not liquidatable at a mark price of ${b} (funding index as attested), ` +
        `i.e. liquidation price <= ${b} if long, >= ${b} if short (the side stays hidden)`,
    });
  }
  if (c.notionalMin !== undefined && c.notionalMax !== undefined) {
    out.push({
      claim: "notionalRange",
      text: `notional (size x mark price) between ${valueText(c.notionalMin, market)} and ${valueText(c.notionalMax, market)}`,
    });
  }
  return out;
}

/** The claims that do NOT hold for this position at this price, in words (empty: all hold). */
export function claimViolations(position: Position, price: PriceAttestation, c: DisclosureClaims): string[] {
  const m = position.market;
  const p = positionTerms(position);
  const table = marginTable(m);
  const s = positionStatus(position, price);
  const out: string[] = [];
  if (c.minMarginBps !== undefined && !model.marginRatioAtLeast(p, price, c.minMarginBps)) {
    out.push(`margin ratio ${s.text.marginRatio} is below the claimed ${pct(c.minMarginBps)}`);
  }
  if (c.maxLeverageBps !== undefined && !model.leverageAtMost(p, price, c.maxLeverageBps)) {
    if (s.equity <= 0n) out.push(`equity ${s.text.equity} ${quote(m)} is not positive, so leverage is not at most ${times(c.maxLeverageBps)}`);
    else {
      // Round up so the figure shown is above the claim whenever the claim fails.
      const lev = (s.notional * 100n + s.equity - 1n) / s.equity;
      out.push(`leverage ${formatDecimal(lev, 2)}x is above the claimed ${times(c.maxLeverageBps)}`);
    }
  }
  if (c.liqPriceBound !== undefined && !model.liquidationPriceBeyond(p, price, c.liqPriceBound, table)) {
    const at = { markPrice: c.liqPriceBound, fundingIndex: price.fundingIndex };
    const eq = model.equity(p, at);
    const req = model.requirementTimesBps(table, model.notional(p, at));
    const dir = p.side === "long" ? "above" : "below";
    out.push(
      `liquidation price ${s.text.liquidationPrice} ${quote(m)} is ${dir} the claimed ${priceText(c.liqPriceBound, m)} (${p.side}): ` +
        `at that mark price equity ${valueText(eq, m)} < requirement ` +
        `${model.formatRatio({ num: req, den: model.BPS }, valueDecimals(m), valueDecimals(m) + 4).replace(/\.?0+$/, "")} ${quote(m)}`,
    );
  }
  if (c.notionalMin !== undefined && c.notionalMax !== undefined && !model.notionalWithin(p, price, c.notionalMin, c.notionalMax)) {
    out.push(
      `notional ${valueText(s.notional, m)} is outside the claimed range ${valueText(c.notionalMin, m)} .. ${valueText(c.notionalMax, m)}`,
    );
  }
  return out;
}

/** The claim part of the public signals: mask + thresholds, 0 for claims not made. */
export function claimSignals(c: DisclosureClaims) {
  let mask = 0n;
  if (c.minMarginBps !== undefined) mask |= BigInt(CLAIM_BITS.minMarginRatio);
  if (c.maxLeverageBps !== undefined) mask |= BigInt(CLAIM_BITS.maxLeverage);
  if (c.liqPriceBound !== undefined) mask |= BigInt(CLAIM_BITS.liquidationPriceBeyond);
  if (c.notionalMin !== undefined) mask |= BigInt(CLAIM_BITS.notionalRange);
  return {
    claimMask: mask,
    minMarginBps: c.minMarginBps ?? 0n,
    maxLeverageBps: c.maxLeverageBps ?? 0n,
    liqPriceBound: c.liqPriceBound ?? 0n,
    notionalMin: c.notionalMin ?? 0n,
    notionalMax: c.notionalMax ?? 0n,
  };
}

/** Inverse of claimSignals (claims not in the mask are absent). */
export function claimsFromSignals(s: ReturnType<typeof claimSignals>): DisclosureClaims {
  const on = (bit: number): boolean => (s.claimMask & BigInt(bit)) !== 0n;
  const c: DisclosureClaims = {};
  if (on(CLAIM_BITS.minMarginRatio)) c.minMarginBps = s.minMarginBps;
  if (on(CLAIM_BITS.maxLeverage)) c.maxLeverageBps = s.maxLeverageBps;
  if (on(CLAIM_BITS.liquidationPriceBeyond)) c.liqPriceBound = s.liqPriceBound;
  if (on(CLAIM_BITS.notionalRange)) {
    c.notionalMin = s.notionalMin;
    c.notionalMax = s.notionalMax;
  }
  return c;
}

