/**
 * Flag helpers shared by the verbs: durations, timestamps, addresses, the options of the verbs
 * that talk to a node, and loading the position, price and markets files a flag names. The SDK
 * modules that read those files are imported when a verb first needs them, not before parsing.
 */
import { type Command, Option } from "commander";
import { badInput } from "../errors.js";
import type { Market } from "../market/markets.js";
import type { Position } from "../position/position.js";
import type { PriceAttestation } from "../price/attestation.js";
import type { Prover, ProverBackend } from "../proof/prover.js";
import type { GlobalOpts } from "./output.js";

/** The global flags (--json, --markets) as seen from a verb's action. */
export const globalsOf = (cmd: Command): GlobalOpts => cmd.optsWithGlobals() as GlobalOpts;

/** "300", "90s", "5m", "1h", "2d" -> seconds. */
export function parseSeconds(text: string, what: string): number {
  const m = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!m) throw badInput(`${what} "${text}" must be a whole number of seconds (or with s/m/h/d, e.g. 90s, 5m)`);
  const mult = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? "s") as "s"];
  return Number(m[1]) * mult;
}

/** Unix seconds, as an integer. */
export function parseTimestamp(text: string, option: string): number {
  if (!/^\d+$/.test(text)) throw badInput(`${option} "${text}" must be unix seconds (an integer)`);
  return Number(text);
}

/** A flag's name for an SDK option, for messages: maxAgeSeconds -> --max-age, newCommitment -> --new-commitment. */
export const flagName = (option: string): string =>
  option === "maxAgeSeconds" ? "--max-age" : `--${option.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`;

/** The --address of a ZkliqLiquidation contract. */
export function contractAddress(text: unknown): `0x${string}` {
  if (typeof text !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw badInput(`--address "${String(text)}" is not an address (the ZkliqLiquidation contract printed by zkliq deploy)`);
  }
  return text as `0x${string}`;
}

/** Options shared by the verbs that talk to a node. */
export function chainOptions(cmd: Command, withKey = true): Command {
  cmd.requiredOption("--rpc <url>", "JSON-RPC URL of the node, e.g. http://127.0.0.1:8545");
  if (withKey) cmd.option("--key <hex>", "transaction key (prefer the ZKLIQ_KEY variable: command lines leak)");
  return cmd;
}

/** The built-in markets plus those of --markets. */
export async function marketsOf(g: GlobalOpts): Promise<Market[]> {
  const { loadMarkets } = await import("../market/markets.js");
  return loadMarkets(g.markets);
}

/** A JSON file a flag names (bad input, one line, when missing or malformed). */
export async function readJson(file: string, what: string): Promise<unknown> {
  const { readJsonFile } = await import("../files.js");
  return readJsonFile(file, what);
}

/** Write JSON atomically (temp file + rename). */
export async function writeJson(file: string, value: unknown): Promise<void> {
  const { writeJsonFile } = await import("../files.js");
  writeJsonFile(file, value);
}

/** A position opening file (--position). */
export async function loadPosition(file: string, g: GlobalOpts): Promise<Position> {
  const [{ positionFromJson }, raw] = await Promise.all([import("../position/position.js"), readJson(file, "position")]);
  return positionFromJson(raw, await marketsOf(g), file);
}

/** A signed price file (--price). */
export async function loadPrice(file: string, g: GlobalOpts): Promise<PriceAttestation> {
  const [{ attestationFromJson }, raw] = await Promise.all([import("../price/attestation.js"), readJson(file, "price")]);
  return attestationFromJson(raw, await marketsOf(g), file);
}

/** The flags proverOptions adds. */
export interface ProverFlags {
  prover: ProverBackend;
  verbose?: boolean;
}

/** --prover, for the verbs that prove (with --verbose). */
export const proverOption = (): Option =>
  new Option("--prover <backend>", "auto: the native prover ($ZKLIQ_NATIVE_PROVER) when it works, else snarkjs; native: only it; snarkjs: in-process")
    .choices(["auto", "native", "snarkjs"])
    .default("auto");

export const verboseOption = (): Option => new Option("--verbose", "say on stderr which prover made the proof and how long it took");

/** A prover for `circuit` with the backend --prover chose. */
/**
 * The proving options of --prover (the prover is loaded after the statement's checks, so a false
 * statement exits at once), and afterwards, for --verbose, how the proof was made.
 */
export function proverChoice(o: ProverFlags) {
  let used: Prover | undefined;
  return {
    options: { backend: o.prover, onProver: (p: Prover) => void (used = p) },
    report: (): ReturnType<typeof reportProver> => (used ? reportProver(o, used) : {}),
  };
}

/** With --verbose: how the proof was made, on stderr; returned for the JSON output too. */
function reportProver(o: ProverFlags, prover: Prover): { prover?: Prover["lastProof"] } {
  const r = prover.lastProof;
  if (!o.verbose || !r) return {};
  const how = r.backend === "native" ? `native (${r.binary}, output verified against the ${prover.circuit} verification key)` : "snarkjs";
  process.stderr.write(`zkliq: prover: ${how}${r.fallback ? " after the native prover failed" : ""}, ${Math.round(r.ms)} ms\n`);
  return { prover: r };
}
