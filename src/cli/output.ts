/**
 * What the CLI prints and how it exits: JSON with --json, else lines for people; one line on
 * stderr per error. Exit codes: 0 ok / valid; 1 proof invalid or statement false; 2 bad input or
 * usage; 3 internal error. Imports nothing heavy: every verb loads this module before parsing.
 */
import { CommanderError } from "commander";
import { EXIT_CODES, ZkliqError } from "../errors.js";

/** The global flags every verb sees (`cmd.optsWithGlobals()`). */
export interface GlobalOpts {
  json?: boolean;
  markets?: string;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

/** Print a result: JSON with --json (bigints as decimal strings), else the human lines. */
export function emit(g: GlobalOpts, json: unknown, lines: readonly string[]): void {
  if (g.json) console.log(JSON.stringify(json, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
  else for (const l of lines) console.log(l);
}

/** Print a verdict (verify, liquidate...) and exit 1 when it is negative. */
export function emitVerdict(g: GlobalOpts, r: { valid: boolean }, lines: readonly string[]): void {
  emit(g, r, lines);
  if (!r.valid) process.exitCode = EXIT.invalid;
}

/** "valid: ..." or "invalid: ..." */
export const verdictLine = (r: { valid: boolean; reason: string }): string => `${r.valid ? "valid" : "invalid"}: ${r.reason}`;

/** Gas and other counts with thousands separators: 1,234,567. */
export const gas = (n: bigint | string): string => BigInt(n).toLocaleString("en-US");

/** 2025-11-19T10:13:20Z */
export const isoSeconds = (unix: number | bigint | string): string => new Date(Number(unix) * 1000).toISOString().replace(".000Z", "Z");

/**
 * The exit code for what a command threw, after writing its one-line reason to stderr (commander
 * has already printed its own usage errors and help).
 */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) {
    // help/version asked for exit 0; help shown because a command is missing, and usage errors, exit 2
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof ZkliqError) {
    process.stderr.write(`zkliq: ${e.message}\n`);
    return EXIT_CODES[e.kind];
  }
  process.stderr.write(`zkliq: internal error: ${(e as Error).message?.split("\n")[0] ?? String(e)}\n`);
  return EXIT.internal;
}
