/**
 * Browser tests: Debian's chromium driven by playwright-core (no browser download), with a fresh
 * empty profile and no network beyond the test's own 127.0.0.1 server; and `zkliq web` started as a
 * child process (its first stdout line is the URL) and stopped with SIGTERM.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { CLI } from "./cli.js";

/** Debian's chromium (`apt-get install -y chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.ZKLIQ_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launch chromium on a new empty user-data-dir (removed on close). */
export async function launchChromium(viewport = { width: 1280, height: 1000 }): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set ZKLIQ_CHROMIUM)`);
  const profile = mkdtempSync(join(tmpdir(), "zkliq-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WebProcess {
  url: string;
  /** SIGTERM, then the exit code and everything it printed. */
  stop(): Promise<{ code: number | null; stdout: string }>;
}

/** `zkliq web --port 0`: resolves with the URL it printed. */
export function startZkliqWeb(cwd: string): Promise<WebProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, "web", "--port", "0"], { cwd, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`zkliq web printed no URL in 30 s:\n${stdout}${stderr}`));
    }, 30_000);
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        stop: async () => {
          child.kill("SIGTERM");
          return { code: await exited, stdout };
        },
      });
    });
    exited.then((code) => reject(new Error(`zkliq web exited (${code}) before printing a URL:\n${stdout}${stderr}`)));
  });
}
