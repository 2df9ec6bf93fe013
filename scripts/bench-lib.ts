/** Helpers shared by the whole-process benches (bench:cli, bench:native): child runs, alternation, medians. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../src/root.js";

export const TIME_BIN = "/usr/bin/time";

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const fmtLoad = (): string => loadavg().map((x) => x.toFixed(2)).join(" ");
export const ms = (x: number): string => `${Math.round(x).toLocaleString("en-US")} ms`;
export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export interface Run {
  wallMs: number;
  /** Peak RSS in bytes, when /usr/bin/time is there. */
  peakRss?: number;
  stdout: string;
}

/** Run one child process to completion; throw with its output if it fails. */
export function run(label: string, argv: string[], opts: { cwd: string; timeMs?: number; rssFile?: string }): Run {
  const useTime = opts.rssFile !== undefined;
  const [cmd, ...rest] = useTime ? [TIME_BIN, "-f", "%M", "-o", opts.rssFile!, ...argv] : argv;
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd!, rest, { cwd: opts.cwd, encoding: "utf8", timeout: opts.timeMs ?? 600_000 });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw new Error(`${label}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${label}: exit ${r.status ?? r.signal}\n${argv.join(" ")}\n${r.stdout}\n${r.stderr}`);
  }
  let peakRss: number | undefined;
  if (useTime) {
    const kb = Number(readFileSync(opts.rssFile!, "utf8").trim().split("\n").pop());
    if (Number.isFinite(kb)) peakRss = kb * 1024;
  }
  return { wallMs, peakRss, stdout: r.stdout };
}

export interface Pair {
  name: string;
  base: { label: string; argv: string[] };
  ours: { label: string; argv: string[] };
}

/** N alternating rounds of a pair; the order flips every round. */
export function alternate(pair: Pair, runs: number, dir: string): { base: Run[]; ours: Run[] } {
  const base: Run[] = [];
  const ours: Run[] = [];
  const rssFile = existsSync(TIME_BIN) ? join(dir, "rss.txt") : undefined;
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (["base", "ours"] as const) : (["ours", "base"] as const);
    for (const side of order) {
      const c = pair[side];
      (side === "base" ? base : ours).push(run(c.label, c.argv, { cwd: PACKAGE_ROOT, rssFile }));
    }
    process.stderr.write(`  ${pair.name}: round ${i + 1}/${runs}\r`);
  }
  process.stderr.write("\n");
  return { base, ours };
}

/** Print a pair's medians, ranges and peak RSS, and the ratio ours / base (against a target when given). */
export function reportPair(pair: Pair, r: { base: Run[]; ours: Run[] }, how: { ratio: string; target?: number }): void {
  const b = median(r.base.map((x) => x.wallMs));
  const o = median(r.ours.map((x) => x.wallMs));
  const rss = (xs: Run[]): string => (xs[0]?.peakRss === undefined ? "-" : mb(median(xs.map((x) => x.peakRss!))));
  const range = (xs: Run[]): string => {
    const w = xs.map((x) => x.wallMs);
    return `${ms(Math.min(...w))} .. ${ms(Math.max(...w))}`;
  };
  console.log(`\n${pair.name} (median of ${r.base.length}, wall time of the whole process; peak RSS)`);
  console.log(`  ${pair.base.label.padEnd(34)} ${ms(b).padStart(9)}  (${range(r.base)})  ${rss(r.base)}`);
  console.log(`  ${pair.ours.label.padEnd(34)} ${ms(o).padStart(9)}  (${range(r.ours)})  ${rss(r.ours)}`);
  const ratio = o / b;
  const verdict = how.target === undefined ? "" : ` (target <= ${how.target.toFixed(1)}x: ${ratio <= how.target ? "met" : "NOT met"})`;
  console.log(`  ratio ${how.ratio}: ${ratio.toFixed(2)}x${verdict}`);
}

