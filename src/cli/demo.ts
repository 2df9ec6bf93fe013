/** zkliq demo: the whole flow on a bundled example, settled on an embedded EVM or a node. */
import type { Command } from "commander";
import { globalsOf } from "./options.js";
import { EXIT } from "./output.js";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "run the whole flow on a bundled example: commit, attest, status, prove, verify, then deploy, open, " +
        "verify and liquidate on an embedded EVM (or on --rpc with --key playing every role)",
    )
    .option("--rpc <url>", "settle on this node instead of the embedded EVM")
    .option("--key <hex>", "with --rpc: a funded key (prefer ZKLIQ_KEY)")
    .action(async (o: { rpc?: string; key?: string }, cmd: Command) => {
      const g = globalsOf(cmd);
      const { runDemo } = await import("../demo.js");
      // --json: only the final result object on stdout, not the steps.
      const ok = await runDemo((line) => (g.json ? undefined : console.log(line)), { rpcUrl: o.rpc, key: o.key });
      if (g.json) console.log(JSON.stringify(ok, null, 2));
      if (!ok.valid) process.exitCode = EXIT.invalid;
    });
}
