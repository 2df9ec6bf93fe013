/** zkliq status: a position's margin figures at a signed price. */
import type { Command } from "commander";
import { badInput } from "../errors.js";
import type { Position } from "../position/position.js";
import type { PriceAttestation } from "../price/attestation.js";
import { globalsOf, loadPosition, loadPrice } from "./options.js";
import { emit } from "./output.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("margin figures of a position at a signed price: equity, tier, requirement, margin ratio, liquidation price and distance")
    .requiredOption("--position <file>", "position opening")
    .requiredOption("--price <file>", "signed price")
    .option("--plot <file.svg>", "also draw equity and maintenance requirement against the mark price (tier breaks, mark, liquidation price) as an SVG")
    .action(statusAction);
}

async function statusAction(o: { position: string; price: string; plot?: string }, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const p = await loadPosition(o.position, g);
  const px = await loadPrice(o.price, g);
  const [{ checkPriceFor }, { positionStatus }] = await Promise.all([import("../statements/common.js"), import("../position/status.js")]);
  await checkPriceFor(p, px, { what: o.price });
  const s = positionStatus(p, px);
  const t = s.text;
  if (o.plot !== undefined) await writePlot(o.plot, p, px);
  const lpTier = s.liquidationTier === null || s.liquidationTier === s.tier ? "" : ` (in tier ${s.liquidationTier + 1})`;
  const plotted = o.plot === undefined ? {} : { plot: o.plot };
  emit(g, { ...t, side: s.side, market: s.market, tierIndex: s.tier, liquidatable: s.liquidatable, bankrupt: s.bankrupt, ...plotted }, [
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
    ...(o.plot === undefined ? [] : [`wrote ${o.plot}`]),
  ]);
}

/** --plot: the margin curve as an SVG (src/plot/), written atomically. */
async function writePlot(file: string, position: Position, price: PriceAttestation): Promise<void> {
  if (!/\.svg$/i.test(file)) throw badInput(`--plot ${file}: the plot is an SVG, name the file *.svg`);
  const [{ marginCurve }, { marginCurveSvg }, { writeTextFile }] = await Promise.all([
    import("../plot/margin-curve.js"),
    import("../plot/svg.js"),
    import("../files.js"),
  ]);
  writeTextFile(file, marginCurveSvg(marginCurve(position, price)));
}
