/**
 * Which modules a child process loads, for tests of what each entry point pulls in: ES modules
 * through a resolve hook (node:module register, Node >= 20.6), each with its importer, and
 * CommonJS ones (snarkjs is loaded through its CommonJS build) from require.cache at exit. Set
 * `env(log)` on the child; read the log with `read(log)`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** A loaded module's URL and the URL of the module that imported it ("require" for CommonJS ones). */
export interface Load {
  url: string;
  parent: string;
}

const HOOKS = `
import { appendFileSync } from "node:fs";
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(out, r.url + " " + (context.parentURL ?? "-") + "\\n");
  return r;
}`;
const PROBE = (hooks: string) => `
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";
const out = process.env.ZKLIQ_LOAD_LOG;
register(${JSON.stringify(hooks)}, { data: { out } });
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  for (const f of Object.keys(cache)) appendFileSync(out, pathToFileURL(f).href + " require\\n");
});`;

/** Can this Node trace ES module loading (module.register, Node >= 20.6)? */
export const canTrace = typeof (nodeModule as { register?: unknown }).register === "function";

/** Write the hook files into `dir`; `env(log)` makes a child process log what it loads to `log`. */
export function moduleTracer(dir: string) {
  const hooks = join(dir, "load-hooks.mjs");
  writeFileSync(hooks, HOOKS);
  const probe = join(dir, "load-probe.mjs");
  writeFileSync(probe, PROBE(pathToFileURL(hooks).href));
  return {
    env(log: string): Record<string, string> {
      writeFileSync(log, "");
      return { NODE_OPTIONS: `--import ${pathToFileURL(probe).href}`, ZKLIQ_LOAD_LOG: log };
    },
    read(log: string): Load[] {
      return readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => {
          const [url, parent] = line.split(" ");
          return { url: url!, parent: parent! };
        });
    },
  };
}

/** Did the module come from package `name` (e.g. "viem", "@ethereumjs")? */
export const fromPackage = (l: Load, name: string): boolean => l.url.includes(`/node_modules/${name}/`);

/** The packages among the loads, e.g. ["@noble/curves", "snarkjs"]. */
export const packagesOf = (loads: Load[]): string[] =>
  [...new Set(loads.map((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l.url)?.[1]).filter((p): p is string => p !== undefined))].sort();
