/**
 * A small typed witness tester (circomkit-style) over the COMMITTED circuit artifacts:
 * - witnesses come from the committed .wasm (circom_runtime), exactly what the prover runs;
 * - constraints come from the committed .r1cs and are evaluated here in plain bigint arithmetic,
 *   independently of snarkjs / ffjavascript, so a forged witness can be checked against the
 *   constraint system itself (the witness generator's asserts only bind an honest prover);
 * - signal names come from the committed .sym (labelIdx,witnessIdx,componentIdx,name; -1 = the
 *   signal was eliminated by the optimiser and has no witness slot).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import { readR1cs } from "r1csfile";
import { expect } from "vitest";
import { PACKAGE_ROOT } from "../../src/root.js";
import { FIELD_ORDER } from "../../src/units.js";

export const P = FIELD_ORDER;
export const mod = (x: bigint): bigint => ((x % P) + P) % P;

/** One linear combination: sum coeffs[k] * w[vars[k]]. */
interface LC {
  vars: number[];
  coeffs: bigint[];
}
/** A * B - C == 0 (mod p). */
export interface Constraint {
  a: LC;
  b: LC;
  c: LC;
}

export interface R1csHeader {
  prime: bigint;
  nVars: number;
  nOutputs: number;
  nPubInputs: number;
  nPrvInputs: number;
  nLabels: number;
  nConstraints: number;
}

/** Why witness generation failed, with only THIS call's part of the runtime's error text. */
export class WitnessError extends Error {
  constructor(
    readonly kind: string,
    /** Template / line trace of this failure ("Error in template X_n line: L" lines, innermost first). */
    readonly trace: string,
  ) {
    super(`${kind} ${trace}`.trim());
  }
}

const RUNTIME_ERROR =
  /^(?:Error: )*(Signal not found|Too many signals set|Signal already set|Assert Failed|Not enough memory|Input signal array access exceeds the size|Unknown error)\. ([\s\S]*)$/;

export type WitnessResult = { ok: true; witness: bigint[] } | { ok: false; error: WitnessError };

/** Minimal "field" for r1csfile: coefficients are read as plain bigints (little-endian, n8 bytes). */
const bigintField = {
  p: P,
  fromRprLE(buff: Uint8Array, offset: number, n8 = 32): bigint {
    let v = 0n;
    for (let i = n8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(buff[offset + i]!);
    return v;
  },
};

function toLC(raw: Record<string, bigint>): LC {
  const vars: number[] = [];
  const coeffs: bigint[] = [];
  for (const [k, v] of Object.entries(raw)) {
    vars.push(Number(k));
    coeffs.push(v);
  }
  return { vars, coeffs };
}

function evalLC(lc: LC, w: readonly bigint[]): bigint {
  let s = 0n;
  for (let k = 0; k < lc.vars.length; k++) s += lc.coeffs[k]! * w[lc.vars[k]!]!;
  return s % P;
}

export class CircuitTester {
  /** Running text of the runtime's error buffer (circom_runtime never clears it). */
  private errSeen = "";
  /** constraint indices touching each variable, built lazily. */
  private touching?: number[][];

  private constructor(
    readonly name: string,
    private readonly calculator: WitnessCalculator,
    readonly header: R1csHeader,
    readonly constraints: readonly Constraint[],
    /** name -> witness index (only signals that have a witness slot). */
    readonly signals: ReadonlyMap<string, number>,
    /** names of signals removed by the optimiser (witnessIdx -1). */
    readonly eliminated: ReadonlySet<string>,
    /** witness index -> names (several names can share one slot). */
    readonly names: ReadonlyMap<number, string[]>,
  ) {}

  static async load(circuit = "liquidation", dir = join(PACKAGE_ROOT, "artifacts", circuit)): Promise<CircuitTester> {
    const wasm = readFileSync(join(dir, `${circuit}.wasm`));
    const calculator = await WitnessCalculatorBuilder(wasm);

    const r1cs = await readR1cs(join(dir, `${circuit}.r1cs`), {
      loadConstraints: true,
      loadMap: false,
      loadCustomGates: false,
      F: bigintField,
    });
    const header: R1csHeader = {
      prime: BigInt(r1cs.prime),
      nVars: r1cs.nVars,
      nOutputs: r1cs.nOutputs,
      nPubInputs: r1cs.nPubInputs,
      nPrvInputs: r1cs.nPrvInputs,
      nLabels: Number(r1cs.nLabels),
      nConstraints: r1cs.nConstraints,
    };
    const constraints: Constraint[] = (r1cs.constraints as Record<string, bigint>[][]).map(([a, b, c]) => ({
      a: toLC(a!),
      b: toLC(b!),
      c: toLC(c!),
    }));

    const signals = new Map<string, number>();
    const eliminated = new Set<string>();
    const names = new Map<number, string[]>();
    for (const line of readFileSync(join(dir, `${circuit}.sym`), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const parts = line.split(",");
      if (parts.length < 4) throw new Error(`${circuit}.sym: bad line "${line}"`);
      const witnessIdx = Number(parts[1]);
      const name = parts.slice(3).join(",");
      if (witnessIdx < 0) {
        eliminated.add(name);
        continue;
      }
      signals.set(name, witnessIdx);
      names.set(witnessIdx, [...(names.get(witnessIdx) ?? []), name]);
    }
    return new CircuitTester(circuit, calculator, header, constraints, signals, eliminated, names);
  }

  get nVars(): number {
    return this.header.nVars;
  }

  /** Witness index of a signal, e.g. "main.size". Throws for unknown or optimised-away signals. */
  index(name: string): number {
    const i = this.signals.get(name);
    if (i !== undefined) return i;
    if (this.eliminated.has(name)) throw new Error(`signal ${name} was eliminated by the optimiser (no witness slot)`);
    throw new Error(`no signal named ${name} in ${this.name}.sym`);
  }

  /** First name of a witness slot (for messages). */
  nameOf(idx: number): string {
    return this.names.get(idx)?.[0] ?? (idx === 0 ? "ONE" : `#${idx}`);
  }

  /** All witness-slot signals whose name matches `re`, as [name, index], sorted by index. */
  select(re: RegExp): [string, number][] {
    return [...this.signals].filter(([n]) => re.test(n)).sort((x, y) => x[1] - y[1]);
  }

  /**
   * Full witness (w[0] = 1). Throws WitnessError if an assert (`===`, range check) fails.
   * Inputs are passed to the runtime as given: NO SDK range checks. Note that circom_runtime reduces
   * every input mod p (and maps negatives x to p + x) before the circuit sees it.
   */
  async witness(input: Record<string, unknown>): Promise<bigint[]> {
    const { error, log } = console;
    // The runtime prints every failed assert to the console; the failure is reported to the caller instead.
    console.error = () => {};
    console.log = () => {};
    try {
      return await this.calculator.calculateWitness(input, true);
    } catch (e) {
      // circom_runtime's exceptionHandler throws "<kind>. <trace>"; anything else (unknown input name,
      // wrong array length...) is a bug in the test, not a rejection by the circuit: rethrow it.
      const msg = e instanceof Error ? e.message : String(e);
      const m = RUNTIME_ERROR.exec(msg);
      if (!m) throw e;
      const rest = m[2]!;
      // The runtime appends each failure's trace to one ever-growing buffer: keep only the new part.
      let fresh = rest;
      if (rest.startsWith(this.errSeen)) fresh = rest.slice(this.errSeen.length);
      this.errSeen = rest;
      throw new WitnessError(m[1]!, fresh.trim());
    } finally {
      console.error = error;
      console.log = log;
    }
  }

  async tryWitness(input: Record<string, unknown>): Promise<WitnessResult> {
    try {
      return { ok: true, witness: await this.witness(input) };
    } catch (e) {
      if (e instanceof WitnessError) return { ok: false, error: e };
      throw e;
    }
  }

  /** The circuit's verdict: witness generation succeeds AND the witness satisfies every constraint. */
  async accepts(input: Record<string, unknown>): Promise<boolean> {
    const r = await this.tryWitness(input);
    return r.ok && this.checkConstraints(r.witness);
  }

  /** Does `w` satisfy A*B - C == 0 (mod p) for every constraint (and w[0] == 1, every value < p)? */
  checkConstraints(w: readonly bigint[]): boolean {
    return this.firstFailure(w) === null;
  }

  /** Index of the first violated constraint, -1 for a malformed witness, null if all hold. */
  firstFailure(w: readonly bigint[], only?: Iterable<number>): number | null {
    if (w.length !== this.header.nVars || w[0] !== 1n) return -1;
    for (const x of w) if (x < 0n || x >= P) return -1;
    const list = only ?? this.constraints.keys();
    for (const i of list) {
      if (!this.satisfies(i, w)) return i;
    }
    return null;
  }

  /** Indices of every violated constraint. */
  failures(w: readonly bigint[]): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.constraints.length; i++) if (!this.satisfies(i, w)) out.push(i);
    return out;
  }

  satisfies(ci: number, w: readonly bigint[]): boolean {
    const c = this.constraints[ci]!;
    return (evalLC(c.a, w) * evalLC(c.b, w) - evalLC(c.c, w)) % P === 0n;
  }

  /** Witness indices used (with a non-zero coefficient) by constraint `ci`. */
  varsOf(ci: number): number[] {
    const c = this.constraints[ci]!;
    const s = new Set<number>();
    for (const lc of [c.a, c.b, c.c]) lc.vars.forEach((v, k) => lc.coeffs[k]! % P !== 0n && s.add(v));
    return [...s].sort((x, y) => x - y);
  }

  /** Constraint indices that use any of `vars`. */
  constraintsTouching(vars: Iterable<number>): number[] {
    if (!this.touching) {
      const t: number[][] = Array.from({ length: this.header.nVars }, () => []);
      this.constraints.forEach((_, ci) => this.varsOf(ci).forEach((v) => t[v]!.push(ci)));
      this.touching = t;
    }
    const out = new Set<number>();
    for (const v of vars) for (const ci of this.touching[v] ?? []) out.add(ci);
    return [...out].sort((x, y) => x - y);
  }

  /** A copy of `w` with named signals (or "#<index>") set to new values (reduced mod p). */
  editWitness(w: readonly bigint[], edits: Record<string, bigint>): bigint[] {
    const out = [...w];
    for (const [k, v] of Object.entries(edits)) {
      const i = k.startsWith("#") ? Number(k.slice(1)) : this.index(k);
      if (!Number.isInteger(i) || i < 0 || i >= out.length) throw new Error(`bad witness index ${k}`);
      out[i] = mod(v);
    }
    return out;
  }

  /** Value of a named signal in a witness. */
  get(w: readonly bigint[], name: string): bigint {
    return w[this.index(name)]!;
  }

  expectConstraintPass(w: readonly bigint[], what = "witness"): void {
    const f = this.firstFailure(w);
    expect(f, `${what}: constraint ${f} fails (${f !== null && f >= 0 ? this.describe(f) : "malformed"})`).toBeNull();
  }

  /** Expect a WELL-FORMED witness (right length, w[0] = 1, values < p) to violate some constraint. */
  expectConstraintFail(w: readonly bigint[], what = "forged witness"): void {
    // a malformed witness would "fail" for the wrong reason and hide a missing constraint
    expect(w.length, `${what}: witness length`).toBe(this.header.nVars);
    expect(w[0], `${what}: w[0]`).toBe(1n);
    expect(w.every((x) => x >= 0n && x < P), `${what}: values in [0, p)`).toBe(true);
    expect(this.checkConstraints(w), `${what} satisfies every constraint`).toBe(false);
  }

  /** Human-readable summary of a constraint's signals. */
  describe(ci: number): string {
    return this.varsOf(ci)
      .map((v) => this.nameOf(v))
      .join(", ");
  }
}

/** Witness of the honest prover; throws (with the trace) when the statement is false. */
export async function honestWitness(t: CircuitTester, input: Record<string, unknown>): Promise<bigint[]> {
  const w = await t.witness(input);
  t.expectConstraintPass(w, "honest witness");
  return w;
}

/** Expect witness generation to fail, returning the error (trace) for further checks. */
export async function expectWitnessFail(t: CircuitTester, input: Record<string, unknown>, what = "input"): Promise<WitnessError> {
  const r = await t.tryWitness(input);
  expect(r.ok, `${what}: witness generation succeeded`).toBe(false);
  return (r as { ok: false; error: WitnessError }).error;
}

/** 1-based line of the first line of a circuit source file containing `needle` (for matching traces). */
export function sourceLine(file: string, needle: string): number {
  const lines = readFileSync(join(PACKAGE_ROOT, "circuits", file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`circuits/${file}: no line contains "${needle}"`);
  return i + 1;
}

/** Little-endian bits of a non-negative integer. */
export const bitsOf = (v: bigint, n: number): bigint[] => Array.from({ length: n }, (_, i) => (v >> BigInt(i)) & 1n);

/** Stop the bn128 curve's worker threads if anything created them (r1csfile / snarkjs may). */
export async function terminateCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } };
  const c = g.curve_bn128;
  if (c) {
    g.curve_bn128 = undefined;
    await c.terminate();
  }
}
