/**
 * A real JSON-RPC node for end-to-end tests: Hardhat 2's node (Hardhat 3 refuses Node 20), on
 * 127.0.0.1 at a free port, started by the test and always stopped: by stop() (call it in
 * afterAll), by a bounded lifetime timer, and when the test process exits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** Hardhat's well-known development accounts (public keys: never use them anywhere else). */
export const HARDHAT_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
] as const;

export interface HardhatNode {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => srv.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export async function startHardhatNode(
  opts: { lifetimeMs?: number; startTimeoutMs?: number; /** Chain clock starts this many seconds behind the wall clock. */ behindSeconds?: number } = {},
): Promise<HardhatNode> {
  const lifetimeMs = opts.lifetimeMs ?? 10 * 60_000;
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const dir = mkdtempSync(join(tmpdir(), "zkliq-hardhat-"));
  const config = join(dir, "hardhat.config.cjs");
  // Nothing to compile: the node only serves JSON-RPC. Prague rules, as the embedded EVM. A
  // reverting transaction is mined with status 0, as on a real chain (Hardhat throws by default).
  const initialDate = new Date(Date.now() - (opts.behindSeconds ?? 0) * 1000).toISOString();
  writeFileSync(
    config,
    `module.exports = { networks: { hardhat: { chainId: 31337, hardfork: "prague", initialDate: "${initialDate}", throwOnTransactionFailures: false } }, ` +
      `paths: { sources: "./contracts", cache: "./cache", artifacts: "./artifacts" } };\n`,
  );
  const port = await freePort();
  const cli = join(dirname(require.resolve("hardhat/package.json")), "internal", "cli", "cli.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, "node", "--hostname", "127.0.0.1", "--port", String(port), "--config", config],
    {
      // Hardhat insists on a local installation, found from the working directory.
      cwd: dirname(dirname(dirname(cli))),
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const kill = (): void => {
    if (!exited) child.kill("SIGKILL");
  };
  const lifetime = setTimeout(kill, lifetimeMs);
  lifetime.unref();
  process.once("exit", kill);

  const stop = async (): Promise<void> => {
    clearTimeout(lifetime);
    process.removeListener("exit", kill);
    if (!exited) {
      child.kill("SIGTERM");
      const t = setTimeout(kill, 5_000);
      await exitedPromise;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hardhat node did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
      const onData = (d: Buffer): void => {
        output += d.toString();
        if (output.includes("Started HTTP and WebSocket JSON-RPC server at")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`hardhat node exited with ${code} before starting:\n${output}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  // Keep draining its output (one line per RPC call) so the pipe never fills up and blocks the node.
  child.stdout!.removeAllListeners("data");
  child.stderr!.removeAllListeners("data");
  child.stdout!.resume();
  child.stderr!.resume();
  return { url: `http://127.0.0.1:${port}`, stop };
}
