import type { PriceFields } from "./commitment.js";
import { type Market, valueDecimals } from "../market/markets.js";
import * as margin from "../model/index.js";
import { formatCum, marginTable } from "../market/risk-params.js";
import * as model from "../model/index.js";
import { type Position, positionTerms } from "./position.js";
import { formatDecimal } from "../units.js";

/** A position's margin figures at one price, exact (bigint / ratios) and formatted for people. */
export interface PositionStatus {
  market: string;
  side: model.Side;
  equity: bigint;
  notional: bigint;
  /** Maintenance requirement * 10000 (exact), from the market's tier table. */
  requirementTimesBps: bigint;
  marginRatio: model.Ratio | null;
  liquidationPrice: model.Ratio | null;
  liquidatable: boolean;
  bankrupt: boolean;
  /** The notional's tier (0-based) and its row: floor_t < notional <= floor_{t+1}. */
  tier: number;
  /** The tier whose maintenance line sets the liquidation price (null when there is none). */
  liquidationTier: number | null;
  /** How far the price may move against the position before liquidation, as a fraction of the mark (negative: already beyond). */
  distanceToLiquidation: model.Ratio | null;
  text: {
    equity: string;
    notional: string;
    requirement: string;
    marginRatio: string;
    /** The requirement as a rate of the notional (the tier's rate minus its cum's share). */
    maintenanceRate: string;
    tier: string;
    liquidationPrice: string;
    distanceToLiquidation: string;
    markPrice: string;
  };
}

const pct = (r: model.Ratio | null): string => (r === null ? "n/a" : `${model.formatRatio({ num: r.num * 100n, den: r.den }, 0, 2)}%`);
const quote = (m: Market): string => m.symbol.split("-")[1] ?? "quote";
const grouped = (v: bigint): string => v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** "tier 2 of 8: 50,000 < notional <= 250,000 USD, rate 0.50%, cum 50" */
export function describeTier(market: Market, t: number): string {
  const row = market.tiers[t]!;
  const next = market.tiers[t + 1];
  const range = next
    ? `${grouped(row.floor)} < notional <= ${grouped(next.floor)} ${quote(market)}`
    : `notional > ${grouped(row.floor)} ${quote(market)}`;
  return `tier ${t + 1} of ${market.tiers.length}: ${range}, rate ${pct({ num: BigInt(row.mmrBps), den: model.BPS })}, cum ${formatCum(row.cumBps)}`;
}

export function positionStatus(position: Position, price: Pick<PriceFields, "markPrice" | "fundingIndex">, market: Market = position.market): PositionStatus {
  const p = positionTerms(position);
  const table = marginTable(market);
  const vd = valueDecimals(market);
  const eq = model.equity(p, price);
  const n = model.notional(p, price);
  const req = margin.requirementTimesBps(table, n);
  const tier = margin.tierOf(table, n);
  const lp = margin.liquidationPrice(p, price, table);
  // long: (mark - LP) / mark; short: (LP - mark) / mark
  const distance: model.Ratio | null =
    lp === null || price.markPrice === 0n
      ? null
      : {
          num: (p.side === "long" ? 1n : -1n) * (price.markPrice * lp.price.den - lp.price.num),
          den: price.markPrice * lp.price.den,
        };
  const effective = n === 0n ? null : { num: req, den: n * model.BPS };
  return {
    market: market.symbol,
    side: p.side,
    equity: eq,
    notional: n,
    requirementTimesBps: req,
    marginRatio: model.marginRatio(p, price),
    liquidationPrice: lp?.price ?? null,
    liquidatable: margin.isLiquidatable(p, price, table),
    bankrupt: model.isBankrupt(p, price),
    tier,
    liquidationTier: lp?.tier ?? null,
    distanceToLiquidation: distance,
    text: {
      equity: formatDecimal(eq, vd),
      notional: formatDecimal(n, vd),
      requirement: model.formatRatio({ num: req, den: model.BPS }, vd, vd + 4).replace(/\.?0+$/, ""),
      marginRatio: pct(model.marginRatio(p, price)),
      maintenanceRate: effective === null ? pct({ num: BigInt(market.tiers[0]!.mmrBps), den: model.BPS }) : pct(effective),
      tier: describeTier(market, tier),
      liquidationPrice:
        lp === null
          ? p.size === 0n
            ? "none (closed position)"
            : "none (fully collateralised long)"
          : model.formatRatio(lp.price, market.priceDecimals, market.priceDecimals),
      distanceToLiquidation: distance === null ? "n/a" : pct(distance),
      markPrice: formatDecimal(price.markPrice, market.priceDecimals),
    },
  };
}

/** "position is healthy: margin ratio 7.31% >= maintenance 0.50%; ..." */
export const healthyMessage = (s: PositionStatus): string =>
  `position is healthy: margin ratio ${s.text.marginRatio} >= maintenance ${s.text.maintenanceRate} ` +
  `(equity ${s.text.equity} >= requirement ${s.text.requirement}); no liquidation proof exists`;
