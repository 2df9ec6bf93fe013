/**
 * npm run bench:cli: whole-process latency of the zkliq CLI against the snarkjs CLI, and the cost
 * of importing the package, as issue 8 measures them. Every figure is a fresh `node` process,
 * alternating with its baseline in each round (the order flips every round), so load from other
 * work hits both sides alike:
 *   - `zkliq verify proof.json`   vs `snarkjs groth16 verify vkey public proof` (same proof);
 *   - one-shot `zkliq prove ...`  vs `snarkjs groth16 fullprove input wasm zkey proof public`
 *     (same witness input: position-btc-long + price-btc, liquidator 0x...01);
 *   - `import(<pkg>/dist/src/verify.js)` and `import(<pkg>/dist/src/index.js)` vs an empty
 *     process: import time (performance.now around the import, inside the child) and RSS after it.
 * Prints medians, the ratios, the targets and the load average at start and end. Targets are
 * printed, never asserted: the exit code is non-zero only on an error (a failed command, a proof
 * snarkjs rejects, inputs that do not describe the same statement).
 *
 * Options: --runs N (default 9), --only verify,prove,import (default all), --keep (keep the temp folder).
 * Peak RSS of the CLI children comes from /usr/bin/time -f %M when it exists.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Pair, alternate, fmtLoad, mb, median, ms, reportPair, run } from "./bench-lib.js";
import { attestationFromJson } from "../src/price/attestation.js";
import { positionFromJson } from "../src/position/position.js";
import { liquidationInput } from "../src/statements/liquidation.js";
import { PACKAGE_ROOT } from "../src/root.js";

const LIQUIDATOR = "0x0000000000000000000000000000000000000001";
const TARGETS = { verifyRatio: 1.2, proveRatio: 1.0, importMs: 150, importMb: 40 };

interface Args {
  runs: number;
  only: Set<string>;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 9, only: new Set(["verify", "prove", "import"]), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--runs") {
      args.runs = Number(value());
      if (!Number.isSafeInteger(args.runs) || args.runs < 1) throw new Error("--runs must be a positive integer");
    } else if (a === "--only") {
      args.only = new Set(value().split(","));
      for (const k of args.only) if (!["verify", "prove", "import"].includes(k)) throw new Error(`--only: unknown part "${k}"`);
    } else if (a === "--keep") args.keep = true;
    else throw new Error(`unknown argument ${a} (options: --runs N, --only verify,prove,import, --keep)`);
  }
  return args;
}

/** The child that measures one import: prints {ms, rss} after the import (or after nothing). */
const importChild = (url: string | undefined): string =>
  `const t = performance.now();${url === undefined ? "" : ` await import(${JSON.stringify(url)});`}` +
  ` const ms = performance.now() - t;` +
  ` process.stdout.write(JSON.stringify({ ms, rss: process.memoryUsage().rss }));`;

interface ImportRun {
  ms: number;
  rss: number;
  wallMs: number;
  exitedAlone: boolean;
}

function importRun(url: string | undefined): ImportRun {
  const t = process.hrtime.bigint();
  // A script that only imports must exit by itself; give it 15 s, then report that it did not.
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", importChild(url)], {
    cwd: tmpdir(),
    encoding: "utf8",
    timeout: 15_000,
  });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  const timedOut = r.signal === "SIGTERM";
  if (r.status !== 0 && !timedOut) throw new Error(`import ${url ?? "(nothing)"}: exit ${r.status ?? r.signal}\n${r.stderr}`);
  const o = JSON.parse(r.stdout) as { ms: number; rss: number };
  return { ...o, wallMs, exitedAlone: !timedOut };
}

function benchImports(runs: number): void {
  const entries: [string, string][] = [];
  const verifyJs = join(PACKAGE_ROOT, "dist", "src", "verify.js");
  if (existsSync(verifyJs)) entries.push(["zkliq/verify (dist/src/verify.js)", verifyJs]);
  else console.log("\nimport zkliq/verify: skipped, dist/src/verify.js does not exist yet (the verify-only entry point)");
  entries.push(["zkliq (dist/src/index.js)", join(PACKAGE_ROOT, "dist", "src", "index.js")]);
  const empty: ImportRun[] = [];
  const got = entries.map((): ImportRun[] => []);
  for (let i = 0; i < runs; i++) {
    // empty, then each entry, each followed by another empty one, so every import has a neighbour baseline
    for (let k = 0; k < entries.length; k++) {
      const order = (i + k) % 2 === 0 ? ["empty", "entry"] : ["entry", "empty"];
      for (const which of order) {
        if (which === "empty") empty.push(importRun(undefined));
        else got[k]!.push(importRun(pathToFileURL(entries[k]![1]).href));
      }
    }
    process.stderr.write(`  imports: round ${i + 1}/${runs}\r`);
  }
  process.stderr.write("\n");
  const e = { ms: median(empty.map((x) => x.ms)), rss: median(empty.map((x) => x.rss)), wall: median(empty.map((x) => x.wallMs)) };
  console.log(`\nimport in a fresh process (median of ${runs}; import time inside the child, RSS after it, whole-process wall)`);
  console.log(`  ${"empty node process".padEnd(36)} ${"-".padStart(9)}  RSS ${mb(e.rss)}  wall ${ms(e.wall)}`);
  entries.forEach(([label], k) => {
    const xs = got[k]!;
    const t = median(xs.map((x) => x.ms));
    const rss = median(xs.map((x) => x.rss));
    const wall = median(xs.map((x) => x.wallMs));
    const hung = xs.filter((x) => !x.exitedAlone).length;
    console.log(
      `  ${label.padEnd(36)} ${ms(t).padStart(9)}  RSS ${mb(rss)} (+${mb(rss - e.rss)})  wall ${ms(wall)} (+${ms(wall - e.wall)})` +
        (hung ? `  did NOT exit by itself ${hung}/${xs.length} times` : ""),
    );
    if (label.startsWith("zkliq/verify")) {
      const okMs = t <= TARGETS.importMs;
      const okMb = (rss - e.rss) / 2 ** 20 <= TARGETS.importMb;
      console.log(
        `    target: <= ${TARGETS.importMs} ms and <= ${TARGETS.importMb} MB over an empty process: ${okMs && okMb ? "met" : "NOT met"}`,
      );
    }
  });
}

/** Temp folder: the bundle (made by zkliq prove), proof.json/public.json from it, the fullprove input. */
function prepare(dir: string, cli: string, snarkjsCli: string, art: (ext: string) => string) {
  const ex = (f: string) => join(PACKAGE_ROOT, "examples", f);
  const f = {
    position: ex("position-btc-long.json"),
    price: ex("price-btc.json"),
    bundle: join(dir, "bundle.json"),
    proveOut: join(dir, "bundle-bench.json"),
    proof: join(dir, "proof.json"),
    public: join(dir, "public.json"),
    input: join(dir, "input.json"),
    fpProof: join(dir, "fullprove-proof.json"),
    fpPublic: join(dir, "fullprove-public.json"),
  };
  const position = positionFromJson(JSON.parse(readFileSync(f.position, "utf8")), undefined, f.position);
  const price = attestationFromJson(JSON.parse(readFileSync(f.price, "utf8")), undefined, f.price);
  const input = liquidationInput(position, price, BigInt(LIQUIDATOR));
  writeFileSync(f.input, JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));

  const node = process.execPath;
  run("zkliq prove (preparing)", [node, cli, "prove", "--position", f.position, "--price", f.price, "--liquidator", LIQUIDATOR, "--out", f.bundle], {
    cwd: PACKAGE_ROOT,
  });
  const bundle = JSON.parse(readFileSync(f.bundle, "utf8")) as { proof: unknown; publicSignals: string[] };
  writeFileSync(f.proof, JSON.stringify(bundle.proof, null, 1));
  writeFileSync(f.public, JSON.stringify(bundle.publicSignals, null, 1));
  // Both sides must prove and verify the same statement, else the comparison means nothing.
  run("snarkjs groth16 verify (preparing)", [node, snarkjsCli, "groth16", "verify", art("vkey.json"), f.public, f.proof], { cwd: PACKAGE_ROOT });
  run("zkliq verify (preparing)", [node, cli, "verify", f.bundle], { cwd: PACKAGE_ROOT });
  run("snarkjs groth16 fullprove (preparing)", [node, snarkjsCli, "groth16", "fullprove", f.input, art("wasm"), art("zkey"), f.fpProof, f.fpPublic], {
    cwd: PACKAGE_ROOT,
  });
  const fpPublic = JSON.parse(readFileSync(f.fpPublic, "utf8")) as string[];
  if (JSON.stringify(fpPublic) !== JSON.stringify(bundle.publicSignals)) {
    throw new Error(`fullprove's public signals ${JSON.stringify(fpPublic)} differ from zkliq's ${JSON.stringify(bundle.publicSignals)}`);
  }
  return f;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cli = join(PACKAGE_ROOT, "dist", "src", "cli", "main.js");
  const snarkjsCli = join(PACKAGE_ROOT, "node_modules", "snarkjs", "build", "cli.cjs");
  const art = (ext: string) => join(PACKAGE_ROOT, "artifacts", "liquidation", `liquidation.${ext}`);
  for (const file of [cli, snarkjsCli, art("wasm"), art("zkey"), art("vkey.json")]) {
    if (!existsSync(file)) throw new Error(`missing ${file} (run npm run build; artifacts are committed)`);
  }
  const cpu = cpus();
  console.log(
    `bench:cli  ${new Date().toISOString()}  node ${process.version}  ${cpu.length} x ${cpu[0]?.model.trim() ?? "?"}  ${mb(totalmem())} RAM`,
  );
  console.log(`load average at start: ${fmtLoad()}  (${args.runs} rounds)`);
  const dir = mkdtempSync(join(tmpdir(), "zkliq-bench-cli-"));
  try {
    const node = process.execPath;
    if (args.only.has("verify") || args.only.has("prove")) {
      const f = prepare(dir, cli, snarkjsCli, art);
      if (args.only.has("verify")) {
        const pair: Pair = {
          name: "verify",
          base: { label: "snarkjs groth16 verify", argv: [node, snarkjsCli, "groth16", "verify", art("vkey.json"), f.public, f.proof] },
          ours: { label: "zkliq verify proof.json", argv: [node, cli, "verify", f.bundle] },
        };
        reportPair(pair, alternate(pair, args.runs, dir), { ratio: "zkliq / snarkjs", target: TARGETS.verifyRatio });
      }
      if (args.only.has("prove")) {
        const pair: Pair = {
          name: "prove (one-shot)",
          base: {
            label: "snarkjs groth16 fullprove",
            argv: [node, snarkjsCli, "groth16", "fullprove", f.input, art("wasm"), art("zkey"), f.fpProof, f.fpPublic],
          },
          ours: {
            label: "zkliq prove",
            argv: [node, cli, "prove", "--position", f.position, "--price", f.price, "--liquidator", LIQUIDATOR, "--out", f.proveOut],
          },
        };
        reportPair(pair, alternate(pair, args.runs, dir), { ratio: "zkliq / snarkjs", target: TARGETS.proveRatio });
      }
    }
    if (args.only.has("import")) benchImports(args.runs);
    console.log(`\nload average at end: ${fmtLoad()}`);
    if (args.keep) console.log(`kept ${dir}`);
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:cli: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
