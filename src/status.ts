import type { PriceFields } from "./commitment.js";
import { type Market, valueDecimals } from "./markets.js";
import * as model from "./model.js";
import { type Position, positionTerms } from "./position.js";
import { formatDecimal } from "./units.js";

/** A position's margin figures at one price, exact (bigint / ratios) and formatted for people. */
export interface PositionStatus {
  market: string;
  side: model.Side;
  equity: bigint;
  notional: bigint;
  /** Maintenance requirement * 10000 (exact). */
  requirementTimesBps: bigint;
  marginRatio: model.Ratio | null;
  liquidationPrice: model.Ratio | null;
  liquidatable: boolean;
  bankrupt: boolean;
  text: {
    equity: string;
    notional: string;
    requirement: string;
    marginRatio: string;
    maintenanceRate: string;
    liquidationPrice: string;
    markPrice: string;
  };
}

const pct = (r: model.Ratio | null): string => (r === null ? "n/a" : `${model.formatRatio({ num: r.num * 100n, den: r.den }, 0, 2)}%`);

export function positionStatus(position: Position, price: Pick<PriceFields, "markPrice" | "fundingIndex">, market: Market = position.market): PositionStatus {
  const p = positionTerms(position);
  const vd = valueDecimals(market);
  const mmr = BigInt(market.mmrBps);
  const eq = model.equity(p, price);
  const req = model.requirementTimesBps(p, price, mmr);
  const lp = model.liquidationPrice(p, price, mmr);
  return {
    market: market.symbol,
    side: p.side,
    equity: eq,
    notional: model.notional(p, price),
    requirementTimesBps: req,
    marginRatio: model.marginRatio(p, price),
    liquidationPrice: lp,
    liquidatable: model.isLiquidatable(p, price, mmr),
    bankrupt: model.isBankrupt(p, price),
    text: {
      equity: formatDecimal(eq, vd),
      notional: formatDecimal(model.notional(p, price), vd),
      requirement: model.formatRatio({ num: req, den: model.BPS }, vd, vd + 4).replace(/\.?0+$/, ""),
      marginRatio: pct(model.marginRatio(p, price)),
      maintenanceRate: pct({ num: mmr, den: model.BPS }),
      liquidationPrice:
        lp === null ? "none (fully collateralised long)" : model.formatRatio(lp, market.priceDecimals, market.priceDecimals),
      markPrice: formatDecimal(price.markPrice, market.priceDecimals),
    },
  };
}

/** "position is healthy: margin ratio 7.31% >= maintenance 0.50%; ..." */
export const healthyMessage = (s: PositionStatus): string =>
  `position is healthy: margin ratio ${s.text.marginRatio} >= maintenance ${s.text.maintenanceRate} ` +
  `(equity ${s.text.equity} >= requirement ${s.text.requirement}); no liquidation proof exists`;
