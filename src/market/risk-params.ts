/**
 * A market's risk parameters, as venues publish them (Binance USDⓈ-M "leverage and margin
 * brackets"): notional tiers with rising maintenance rates and a maintenance amount ("cum") that
 * keeps the requirement continuous at the tier edges, a liquidation penalty rate and a lot step.
 * Also their encoding for the circuits: one field word per tier row and the Poseidon
 * `riskParamsHash` that the proofs carry as a public signal (circuits/gadgets/RiskParams.circom).
 *
 * Units: floors and cum in whole QUOTE units (as venues publish them), rates in basis points,
 * the lot step in size units. The circuits scale quote amounts into the market's value units with
 * unit = 10^(sizeDecimals + priceDecimals).
 */
import { poseidon12 } from "poseidon-lite/poseidon12";
import { BITS, TIER_ROWS } from "../proof/circuits.js";
import { badInput } from "../errors.js";
import { asciiTag } from "../units.js";
import type { MarginTable } from "../model/index.js";

export interface Tier {
  /** Notional floor in whole quote units: tier t covers floor_t < notional <= floor_{t+1} (floor_0 = 0). */
  floor: bigint;
  /** Maintenance margin rate in basis points (40 = 0.40%). */
  mmrBps: number;
  /**
   * The venue's maintenance amount ("cum") times 10000, in quote units, so it is an integer:
   * cumBps_0 = 0, cumBps_t = floor_t * (mmr_t - mmr_{t-1}) + cumBps_{t-1}.
   */
  cumBps: bigint;
}

/** The risk parameters a market carries (see markets.ts). */
export interface RiskParams {
  sizeDecimals: number;
  priceDecimals: number;
  tiers: readonly Tier[];
  /** Liquidation penalty on the closed notional, basis points; at most the first tier's rate. */
  penaltyBps: number;
  /** Lot step in size units: a partial liquidation may close at most one lot more than needed. */
  lotSize: bigint;
}

/** Rates must stay below 100% (a long's liquidation price divides by 1 - mmr). */
export const MAX_RATE_BPS = 9999;

/** cum from floors and rates, as the venues derive it. */
export function deriveTiers(spec: readonly { floor: bigint; mmrBps: number }[]): Tier[] {
  const out: Tier[] = [];
  spec.forEach((s, t) => {
    const prev = out[t - 1];
    const cumBps = prev ? s.floor * BigInt(s.mmrBps - prev.mmrBps) + prev.cumBps : 0n;
    out.push({ floor: s.floor, mmrBps: s.mmrBps, cumBps });
  });
  return out;
}

/** 10^(sizeDecimals + priceDecimals): one quote unit in value units. */
export const valueUnit = (r: Pick<RiskParams, "sizeDecimals" | "priceDecimals">): bigint =>
  10n ** BigInt(r.sizeDecimals + r.priceDecimals);

/**
 * Throw a one-line bad-input error unless the parameters are a well-formed table the circuits can
 * use: 1..K tiers, floor_0 = 0, floors and rates strictly increasing, cum derived, rates < 100%,
 * penalty <= the first tier's rate, a positive lot step, and every value within the circuit widths.
 * The circuits rely on this (they bind the table by hash and do not re-check it).
 */
export function checkRiskParams(r: RiskParams, where: string): void {
  const { tiers } = r;
  if (tiers.length < 1 || tiers.length > TIER_ROWS) {
    throw badInput(`${where}: "tiers" must list 1 to ${TIER_ROWS} tiers (the circuits' table size), got ${tiers.length}`);
  }
  if (tiers[0]!.floor !== 0n) throw badInput(`${where}: the first tier's floor must be 0`);
  const unit = valueUnit(r);
  const derived = deriveTiers(tiers);
  tiers.forEach((t, i) => {
    const at = `${where}: tier ${i + 1}`;
    if (!Number.isInteger(t.mmrBps) || t.mmrBps < 1 || t.mmrBps > MAX_RATE_BPS) {
      throw badInput(`${at}: "mmrBps" must be an integer in [1, ${MAX_RATE_BPS}], got ${t.mmrBps}`);
    }
    const prev = tiers[i - 1];
    if (prev && t.floor <= prev.floor) throw badInput(`${at}: floors must increase (${t.floor} <= ${prev.floor})`);
    if (prev && t.mmrBps <= prev.mmrBps) throw badInput(`${at}: maintenance rates must increase (${t.mmrBps} <= ${prev.mmrBps} bps)`);
    if (t.cumBps !== derived[i]!.cumBps) {
      throw badInput(`${at}: maintenance amount (cum) ${formatCum(t.cumBps)} is not the derived ${formatCum(derived[i]!.cumBps)}`);
    }
    if (t.cumBps >= 1n << BigInt(BITS.cum) || t.cumBps * unit >= 1n << BigInt(BITS.cum + BITS.unit)) {
      throw badInput(`${at}: floor ${t.floor} is too large for the circuits (cum x 10000 < 2^${BITS.cum}, in value units < 2^${BITS.cum + BITS.unit})`);
    }
  });
  if (!Number.isInteger(r.penaltyBps) || r.penaltyBps < 0 || r.penaltyBps > tiers[0]!.mmrBps) {
    throw badInput(`${where}: "penaltyBps" must be an integer in [0, ${tiers[0]!.mmrBps}] (at most the first tier's rate), got ${r.penaltyBps}`);
  }
  if (r.lotSize < 1n || r.lotSize >= 1n << BigInt(BITS.size)) {
    throw badInput(`${where}: "lotSize" must be at least one size unit and below 2^${BITS.size} units`);
  }
}

/** cumBps as the venue's cum in quote, e.g. 500000 -> "50". */
export function formatCum(cumBps: bigint): string {
  const whole = cumBps / 10_000n;
  const frac = (cumBps % 10_000n).toString().padStart(4, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole.toString();
}

/** The table in the market's value units, for the reference model (src/model/margin.ts). */
export function marginTable(r: RiskParams): MarginTable {
  const unit = valueUnit(r);
  return {
    tiers: r.tiers.map((t) => ({ floor: t.floor * unit, mmrBps: BigInt(t.mmrBps), cumBps: t.cumBps * unit })),
    penaltyBps: BigInt(r.penaltyBps),
    lotSize: r.lotSize,
  };
}

/** The K row words the circuits hash: mmrBps + cumBps * 2^RB, unused rows repeating the last tier. */
export function tierRows(r: RiskParams): bigint[] {
  const shift = 1n << BigInt(BITS.rate);
  const words = r.tiers.map((t) => BigInt(t.mmrBps) + t.cumBps * shift);
  while (words.length < TIER_ROWS) words.push(words[words.length - 1]!);
  return words;
}

/** Field element of "zkliq.risk.v1", as circuits/gadgets/RiskParams.circom writes it. */
export const RISK_TAG = asciiTag("zkliq.risk.v1");

/**
 * The public riskParamsHash of a market: Poseidon(TAG * 2^MB + marketId, unit, penaltyBps, lotSize,
 * row_0, ..., row_{K-1}). Proofs carry it in place of a flat maintenance rate; verifiers recompute
 * it from their own (checked) market table.
 */
export function riskParamsHash(r: RiskParams & { id: number }): bigint {
  if (TIER_ROWS + 4 !== 12) throw new Error("riskParamsHash: poseidon12 assumes 8 tier rows (circuits.json K)");
  const cached = hashCache.get(r);
  if (cached !== undefined) return cached;
  const h = poseidon12([
    RISK_TAG * (1n << BigInt(BITS.marketId)) + BigInt(r.id),
    valueUnit(r),
    BigInt(r.penaltyBps),
    r.lotSize,
    ...tierRows(r),
  ]);
  hashCache.set(r, h);
  return h;
}
/** Poseidon(12) costs ~20 ms in JavaScript; market objects are not mutated, so cache per object. */
const hashCache = new WeakMap<object, bigint>();

/** The risk-parameter signals both liquidation circuits take (hashed into riskParamsHash). */
export function riskParamsSignals(r: RiskParams & { id: number }) {
  return {
    riskParamsHash: riskParamsHash(r),
    unit: valueUnit(r),
    penaltyBps: BigInt(r.penaltyBps),
    lotSize: r.lotSize,
    tierRows: tierRows(r),
  };
}
