/** zkliq web: serve the verification page on 127.0.0.1 until Ctrl-C (or SIGTERM). */
import type { Command } from "commander";
import { badInput } from "../errors.js";
import { globalsOf } from "./options.js";
import { emit } from "./output.js";

export function registerWeb(program: Command): void {
  program
    .command("web")
    .description(
      "serve the verification page on 127.0.0.1: verify bundles, create challenges and plot positions in a browser " +
        "(files are read by the page and never uploaded); runs until Ctrl-C",
    )
    .option("--port <n>", "port to listen on (0: any free port)", "8787")
    .action(webAction);
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw badInput(`--port "${text}" must be a port number from 0 to 65535`);
  return Number(text);
}

async function webAction(o: { port: string }, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const port = parsePort(o.port);
  const { startWebServer } = await import("../web-server.js");
  const server = await startWebServer({ port });
  emit(g, { url: server.url }, [`zkliq verification page at ${server.url} (Ctrl-C to stop)`]);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  if (!g.json) console.log(`stopped (${signal})`);
}
