/** zkliq position new, zkliq commit: create a position opening, print a commitment. */
import { type Command, Option } from "commander";
import { globalsOf, loadPosition, marketsOf, writeJson } from "./options.js";
import { emit } from "./output.js";

interface NewPositionFlags {
  market: string;
  side: "long" | "short";
  size: string;
  entryPrice: string;
  collateral: string;
  entryFundingIndex: string;
  owner: string;
  nonce: string;
  out: string;
}

export function registerPosition(program: Command): void {
  registerPositionNew(program);
  registerCommit(program);
}

function registerPositionNew(program: Command): void {
  const position = program.command("position").description("create position openings");
  position
    .command("new")
    .description("create a position opening with a fresh random salt and print its commitment (keep the file secret)")
    .requiredOption("--market <symbol>", "market symbol or id, e.g. BTC-USD")
    .addOption(new Option("--side <side>", "long or short").choices(["long", "short"]).makeOptionMandatory())
    .requiredOption("--size <amount>", "size in base asset, e.g. 0.5 (at most the market's size decimals)")
    .requiredOption("--entry-price <price>", "entry price in quote per base, e.g. 60000")
    .requiredOption("--collateral <amount>", "collateral in quote, e.g. 3000")
    .option("--entry-funding-index <index>", "cumulative funding index at entry, quote per base (signed)", "0")
    .option("--owner <address>", "owner address committed in the position", "0x0000000000000000000000000000000000000000")
    .option("--nonce <n>", "position nonce (integer)", "0")
    .requiredOption("--out <file>", "where to write the position opening")
    .action(newPositionAction);
}

function registerCommit(program: Command): void {
  program
    .command("commit")
    .description("print the commitment of a position file")
    .argument("<position.json>")
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const g = globalsOf(cmd);
      const { commitPosition } = await import("../position/position.js");
      const { toHex32 } = await import("../units.js");
      const c = toHex32(commitPosition(await loadPosition(file, g)));
      emit(g, { commitment: c }, [c]);
    });
}

async function newPositionAction(o: NewPositionFlags, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const { newPosition, positionToJson } = await import("../position/position.js");
  const { market, side, size, entryPrice, collateral, entryFundingIndex, owner, nonce } = o;
  const p = newPosition({ market, side, size, entryPrice, collateral, entryFundingIndex, owner, nonce }, await marketsOf(g));
  const json = positionToJson(p);
  await writeJson(o.out, json);
  emit(g, { commitment: json.commitment, file: o.out }, [`commitment ${json.commitment}`, `wrote ${o.out} (secret: it opens the commitment)`]);
}
