#!/usr/bin/env node
/**
 * zkliq CLI: a thin layer over the SDK, one module per command group. Only commander and those
 * small modules load before the arguments are parsed; each verb imports the SDK modules it uses
 * when it runs, so off-chain verbs never load viem's chain code or @ethereumjs, and `--help`
 * loads no SDK at all. Exit codes: 0 success / valid; 1 proof invalid or statement false; 2 bad
 * input or usage; 3 internal error.
 */
import { Command } from "commander";
import { PACKAGE_VERSION } from "../root.js";
import { registerChain } from "./chain.js";
import { registerDemo } from "./demo.js";
import { registerDisclose } from "./disclose.js";
import { exitCodeOf } from "./output.js";
import { registerPosition } from "./position.js";
import { registerPrice } from "./price.js";
import { registerProve } from "./prove.js";
import { registerStatus } from "./status.js";
import { registerVerify } from "./verify.js";
import { registerWeb } from "./web.js";

const DESCRIPTION =
  "Zero-knowledge liquidation proofs: prove a hidden, committed perpetual position is below its maintenance margin " +
  "at an oracle-signed price, without revealing side, size, entry or collateral.\n" +
  "Exit codes: 0 ok/valid, 1 proof invalid or statement false, 2 bad input or usage, 3 internal error.";

const EXAMPLES = `
Examples:
  zkliq demo
  zkliq position new --market BTC-USD --side long --size 0.5 --entry-price 60000 \\
      --collateral 3000 --out position.json
  zkliq price sign --market BTC-USD --price 54200 --out price.json
  zkliq status --position position.json --price price.json
  zkliq prove --position position.json --price price.json --liquidator 0x... \\
      --out proof.json
  zkliq verify proof.json --commitment 0x... --oracle 0x... --max-age 5m
  zkliq web                   # the same checks in a browser page
Run zkliq <command> --help for a command's options.`;

/** The command tree, in the order `zkliq --help` lists it. */
export function buildProgram(): Command {
  const program = new Command("zkliq")
    .description(DESCRIPTION)
    .version(PACKAGE_VERSION)
    .option("--json", "print machine-readable JSON instead of text")
    .option("--markets <file>", "JSON file of extra markets: {\"markets\": [{id, symbol, sizeDecimals, priceDecimals, tiers | mmrBps, penaltyBps, lotSize}]}")
    .showHelpAfterError("(run with --help for usage)")
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText("after", EXAMPLES);
  for (const register of [registerPosition, registerPrice, registerStatus, registerProve, registerDisclose, registerVerify, registerChain, registerDemo, registerWeb]) {
    register(program);
  }
  return program;
}

/**
 * Run the CLI on `argv`; resolves to the exit code. Curve worker threads a verb started are left
 * running: the bin exits the process right after (curve.terminate() would sleep 200 ms first).
 * Every output was written synchronously (files by temp + rename, stdout/stderr lines) by then.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    return exitCodeOf(e);
  }
}

// A reader that closes early (`zkliq verify p.json | head -1`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
});
main(process.argv).then((code) => process.exit(code));
