// A script that only verifies a bundle with `zkliq/verify`, as a user would write it: no
// shutdown() call. Prints one JSON line.
// Usage: node verify-only.mjs <package root> <bundle.json> <options JSON>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [root, file, optsJson] = process.argv.slice(2);
const { verifyBundle } = await import(pathToFileURL(join(root, "dist", "src", "verify.js")).href);
const r = await verifyBundle(JSON.parse(readFileSync(file, "utf8")), JSON.parse(optsJson));
console.log(JSON.stringify({ valid: r.valid, reason: r.reason }));
