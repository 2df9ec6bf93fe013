// A script that only verifies a bundle with `zkliq/verify`, as a user would write it: no
// shutdown() call. Prints one JSON line; with --trace, also the packages it loaded.
// Usage: node verify-only.mjs <package root> <bundle.json> <options JSON> [--trace]
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";

const [root, file, optsJson, trace] = process.argv.slice(2);
const loaded = new Set();
if (trace === "--trace") {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", (url) => loaded.add(url));
  port1.unref();
  register(pathToFileURL(join(root, "test", "helpers", "module-trace-hooks.mjs")), { data: { port: port2 }, transferList: [port2] });
}
const t0 = performance.now();
const { verifyBundle } = await import(pathToFileURL(join(root, "dist", "src", "verify.js")).href);
const importMs = performance.now() - t0;
const r = await verifyBundle(JSON.parse(readFileSync(file, "utf8")), JSON.parse(optsJson));
for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve)); // let the last trace messages arrive
const packages = [...new Set([...loaded].map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter(Boolean))].sort();
console.log(JSON.stringify({ valid: r.valid, reason: r.reason, importMs, packages }));
