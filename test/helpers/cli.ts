/**
 * Helpers for the end-to-end CLI tests: run the built bin (`node dist/src/cli/main.js`) in a child
 * process, inside a throwaway temp directory, and inspect what it printed and wrote.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI = join(REPO, "dist", "src", "cli", "main.js");
export const EXAMPLES = join(REPO, "examples");
export const VKEY = join(REPO, "artifacts", "liquidation", "liquidation.vkey.json");

/** The hint commander prints after a usage error (showHelpAfterError). */
export const USAGE_HINT = "(run with --help for usage)";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Fail early, with the fix, when the bin is missing or older than any source under src/ (the CLI
 * is src/cli/*.ts and imports the SDK modules of every folder): each source's compiled file must
 * exist and be newer than it.
 */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run "npm run build" (npm test does it in pretest)`);
  const sources = listFiles(join(REPO, "src")).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  for (const rel of sources) {
    const built = join(REPO, "dist", "src", rel.replace(/\.ts$/, ".js"));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(REPO, "src", rel)).mtimeMs) {
      throw new Error(`dist is older than src/${rel}: run "npm run build" (npm test does it in pretest)`);
    }
  }
}

/** Run any node script as a child process (async), collecting its output. */
export function runNode(
  script: string,
  args: readonly string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<RunResult> {
  // Never let a key from the developer's shell leak into the tests.
  const env: Record<string, string | undefined> = { ...process.env, ZKLIQ_ORACLE_KEY: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: opts.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 90_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Run `node dist/src/cli/main.js ...args` with `cwd` as working directory. */
export const runCli = (
  args: readonly string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<RunResult> => runNode(CLI, args, opts);

/** A fresh temp directory holding a copy of examples/ (so relative paths like examples/x.json work). */
export function tempWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "zkliq-cli-"));
  cpSync(EXAMPLES, join(dir, "examples"), { recursive: true });
  return dir;
}

export const removeWorkspace = (dir: string | undefined): void => {
  if (dir) rmSync(dir, { recursive: true, force: true });
};

/** All files under `dir`, relative, sorted (to prove a failed command wrote nothing). */
export function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(rel + "/", ...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

export const readJson = (file: string): any => JSON.parse(readFileSync(file, "utf8"));
export const writeJson = (file: string, value: unknown): void => writeFileSync(file, JSON.stringify(value, null, 2) + "\n");

/** The non-empty lines of an output stream. */
export const lines = (text: string): string[] => text.split("\n").filter((l) => l.trim() !== "");

/**
 * The single-line reason of a failed command: stderr must hold exactly one line besides
 * commander's usage hint (no stack trace, no help dump).
 */
export function reasonOf(stderr: string): string {
  const reason = lines(stderr).filter((l) => l !== USAGE_HINT);
  if (reason.length !== 1) throw new Error(`expected a one-line reason on stderr, got ${reason.length} lines:\n${stderr}`);
  return reason[0]!;
}

/** Show the whole result when an assertion on it fails. */
export const show = (r: RunResult): string =>
  `exit ${r.code}${r.signal ? ` (signal ${r.signal})` : ""}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
