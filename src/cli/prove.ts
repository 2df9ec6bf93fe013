/** zkliq prove, zkliq prove --partial: liquidation proofs. */
import type { Command } from "commander";
import { badInput } from "../errors.js";
import { type ProverFlags, globalsOf, loadPosition, loadPrice, proverChoice, proverOption, verboseOption, writeJson } from "./options.js";
import { type GlobalOpts, emit } from "./output.js";

interface ProveFlags extends ProverFlags {
  position: string;
  price: string;
  liquidator?: string;
  partial?: boolean;
  closeSize?: string;
  newPosition?: string;
  out: string;
}

export function registerProve(program: Command): void {
  program
    .command("prove")
    .description(
      "prove the position is below maintenance margin at the signed price (exit 1 if it is healthy);\n" +
        "with --partial, prove a partial liquidation that closes the minimal size (or --close-size) into a new position",
    )
    .requiredOption("--position <file>", "position opening")
    .requiredOption("--price <file>", "signed price")
    .option("--liquidator <address>", "address bound into the proof (only it may use the proof on-chain)")
    .option("--partial", "prove a partial liquidation (a state transition to a new committed position)")
    .option("--close-size <amount>", "with --partial: size to close (default: the minimal one, in whole lots)")
    .option("--new-position <file>", "with --partial: where to write the new position opening (default: next to --out)")
    .requiredOption("--out <file>", "where to write the proof bundle")
    .addOption(proverOption())
    .addOption(verboseOption())
    .action(async (o: ProveFlags, cmd: Command) => {
      if (!o.partial && (o.closeSize !== undefined || o.newPosition !== undefined)) {
        throw badInput("--close-size and --new-position need --partial");
      }
      return o.partial ? provePartial(o, globalsOf(cmd)) : proveFull(o, globalsOf(cmd));
    });
}

/** zkliq prove: the whole position is below maintenance margin. */
async function proveFull(o: ProveFlags, g: GlobalOpts): Promise<void> {
  const { proveLiquidation } = await import("../statements/liquidation.js");
  const t0 = performance.now();
  const position = await loadPosition(o.position, g);
  const price = await loadPrice(o.price, g);
  const how = proverChoice(o);
  const bundle = await proveLiquidation({ position, price, liquidator: o.liquidator, ...how.options });
  await writeJson(o.out, bundle);
  const ms = Math.round(performance.now() - t0);
  emit(g, { file: o.out, public: bundle.public, ms, ...how.report() }, [
    `proved: position ${bundle.public.positionCommitment} is liquidatable (${ms} ms)`,
    `wrote ${o.out}`,
  ]);
}

/** zkliq prove --partial: plan the close (minimal size by default), prove it, write the bundle and the new opening. */
async function provePartial(o: ProveFlags, g: GlobalOpts): Promise<void> {
  const [{ describePlan, provePartialLiquidation }, { positionToJson }, { parseDecimal }, { BITS }] = await Promise.all([
    import("../statements/partial.js"),
    import("../position/position.js"),
    import("../units.js"),
    import("../proof/circuits.js"),
  ]);
  const position = await loadPosition(o.position, g);
  const price = await loadPrice(o.price, g);
  const closeSize =
    o.closeSize === undefined
      ? undefined
      : parseDecimal(o.closeSize, position.market.sizeDecimals, "--close-size", { bits: BITS.size, positive: true });
  const newFile = o.newPosition ?? o.out.replace(/(\.json)?$/, ".new-position.json");
  if (newFile === o.out) throw badInput("--new-position must differ from --out");
  const t0 = performance.now();
  const how = proverChoice(o);
  const r = await provePartialLiquidation({ position, price, liquidator: o.liquidator, closeSize, ...how.options });
  const ms = Math.round(performance.now() - t0);
  await writeJson(newFile, positionToJson(r.newPosition));
  await writeJson(o.out, r.bundle);
  const { closeSize: size, minimalCloseSize } = r.plan;
  emit(g, { file: o.out, newPosition: newFile, closeSize: size, minimalCloseSize, public: r.bundle.public, ms, ...how.report() }, [
    ...describePlan(position, price, r.plan),
    `proved: partial liquidation ${r.bundle.public.positionCommitment} -> ${r.bundle.public.newPositionCommitment} (${ms} ms)`,
    `wrote ${o.out} and ${newFile} (secret: it opens the new commitment)`,
  ]);
}
