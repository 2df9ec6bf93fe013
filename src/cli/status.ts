/** zkliq status: a position's margin figures at a signed price. */
import type { Command } from "commander";
import { globalsOf, loadPosition, loadPrice } from "./options.js";
import { emit } from "./output.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("margin figures of a position at a signed price: equity, tier, requirement, margin ratio, liquidation price and distance")
    .requiredOption("--position <file>", "position opening")
    .requiredOption("--price <file>", "signed price")
    .action(statusAction);
}

async function statusAction(o: { position: string; price: string }, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const p = await loadPosition(o.position, g);
  const px = await loadPrice(o.price, g);
  const [{ checkPriceFor }, { positionStatus }] = await Promise.all([import("../statements/common.js"), import("../position/status.js")]);
  await checkPriceFor(p, px, { what: o.price });
  const s = positionStatus(p, px);
  const t = s.text;
  const lpTier = s.liquidationTier === null || s.liquidationTier === s.tier ? "" : ` (in tier ${s.liquidationTier + 1})`;
  emit(g, { ...t, side: s.side, market: s.market, tierIndex: s.tier, liquidatable: s.liquidatable, bankrupt: s.bankrupt }, [
    `market            ${s.market} ${s.side}`,
    `mark price        ${t.markPrice}`,
    `equity            ${t.equity}`,
    `notional          ${t.notional}`,
    `tier              ${t.tier}`,
    `requirement       ${t.requirement} (maintenance ${t.maintenanceRate} of notional)`,
    `margin ratio      ${t.marginRatio}`,
    `liquidation price ${t.liquidationPrice}${lpTier}`,
    `distance          ${t.distanceToLiquidation} of the mark price`,
    `liquidatable      ${s.liquidatable ? "yes" : "no"}${s.bankrupt ? " (bankrupt: equity < 0)" : ""}`,
  ]);
}
