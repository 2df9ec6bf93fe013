/**
 * The circuit tester (circomkit-style) every circuit test uses, over the COMMITTED artifacts:
 * - witnesses come from the committed .wasm, exactly what the prover runs;
 * - constraints come from the committed .r1cs and are evaluated here in plain bigint arithmetic,
 *   independently of snarkjs / ffjavascript, so an edited or forged witness is judged by the
 *   constraint system itself (the witness generator's asserts only bind an honest prover);
 * - signal names come from the committed .sym (labelIdx,witnessIdx,componentIdx,name; witnessIdx
 *   -1 = eliminated by the optimiser, no witness slot). Every component has an explicit name (no
 *   line-numbered anonymous ones), so tests name the check they expect to fail:
 *   `t.expectConstraintFail(w, "main.strictlyBelowGap")`.
 *
 * `forge(input)` runs the honest witness code with its asserts switched off: the honest prover's
 * computation carried through a false statement or a lying hint, as a cheating prover would run
 * it. The code stops at the first failed check (later signals stay 0, a fresh instance each time),
 * so the witness is honest up to that check, and the constraints judge it.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import { readR1cs } from "r1csfile";
import { expect } from "vitest";
import { PACKAGE_ROOT } from "../../src/root.js";
import { FIELD_ORDER } from "../../src/units.js";

export const P = FIELD_ORDER;
export const mod = (x: bigint): bigint => ((x % P) + P) % P;
/** Little-endian bits of a non-negative integer. */
export const bitsOf = (v: bigint, n: number): bigint[] => Array.from({ length: n }, (_, i) => (v >> BigInt(i)) & 1n);

/** A linear combination sum coeffs[k] * w[vars[k]]; a constraint is A * B - C == 0 (mod p). */
interface LC {
  vars: number[];
  coeffs: bigint[];
}
interface Constraint {
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

type Input = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Witness-generation failures, located by component name
// ---------------------------------------------------------------------------------------------

/** circom_runtime's names for the wasm's exception codes. */
const EXCEPTION = ["", "Signal not found", "Too many signals set", "Signal already set", "Assert Failed", "Not enough memory", "Input signal array access exceeds the size"];
const ASSERT_FAILED = 4;

/** template name -> its source lines, for circuits/ and circomlib (read once, when a failure is located). */
let templateSources: Map<string, string[]> | undefined;
function templateSource(template: string): string[] {
  if (!templateSources) {
    templateSources = new Map();
    const circomlib = join(dirname(createRequire(import.meta.url).resolve("circomlib/package.json")), "circuits");
    const dirs = [join(PACKAGE_ROOT, "circuits", "statements"), join(PACKAGE_ROOT, "circuits", "gadgets"), circomlib];
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((x) => x.endsWith(".circom"))) {
        const lines = readFileSync(join(dir, f), "utf8").split("\n");
        for (const l of lines) {
          const m = /^\s*template\s+(\w+)\s*\(/.exec(l);
          if (m && !templateSources.has(m[1]!)) templateSources.set(m[1]!, lines);
        }
      }
    }
  }
  const lines = templateSources.get(template);
  if (!lines) throw new Error(`no source for template ${template}`);
  return lines;
}

/**
 * Why witness generation failed. The runtime reports template instances and source lines
 * ("Error in template UintRange_5 line: 14", innermost first); `path` turns them into the component
 * path that failed and `statement` into the failing source statement, so tests match names, e.g.
 * path "main.position.range[2].bits", statement "lc1 === in;" (a loop-made component keeps its
 * index expression: "tierWindow[j]").
 */
export class WitnessError extends Error {
  readonly frames: { template: string; line: number }[];
  constructor(
    readonly kind: string,
    /** The runtime's trace: "Error in template X_n line: L" lines, innermost first. */
    readonly trace: string,
  ) {
    super(`${kind} ${trace}`.trim());
    this.frames = [...trace.matchAll(/Error in template (\w+)_\d+ line: (\d+)/g)].map((m) => ({ template: m[1]!, line: Number(m[2]) }));
  }

  private sourceLine(frame: { template: string; line: number }): string {
    return (templateSource(frame.template)[frame.line - 1] ?? "").trim();
  }

  /** Component path of the innermost template that failed ("main" for a check of the main template). */
  get path(): string {
    let path = "main";
    // Each outer frame's line is the input assignment that ran the next component: `name.input <== ...`.
    for (const frame of this.frames.slice(1).reverse()) {
      const m = /^([A-Za-z_]\w*(?:\[[^\]]+\])*)\.\w+/.exec(this.sourceLine(frame));
      if (!m) throw new Error(`cannot read a component from ${frame.template} line ${frame.line}: "${this.sourceLine(frame)}"`);
      path += `.${m[1]}`;
    }
    return path;
  }

  /** The failing statement (source text of the innermost frame), e.g. "positionHash === positionCommitment;". */
  get statement(): string {
    return this.frames.length ? this.sourceLine(this.frames[0]!) : "";
  }
}

export type WitnessResult = { ok: true; witness: bigint[] } | { ok: false; error: WitnessError };

/** The wasm's runtime imports; `onException` decides what a failed check does. */
function runtimeImports(instance: () => WebAssembly.Instance, onException: (code: number, trace: string) => void) {
  let trace = "";
  const exports = () => instance().exports as unknown as { getMessageChar(): number };
  const message = (): string => {
    let s = "";
    for (let c = exports().getMessageChar(); c !== 0; c = exports().getMessageChar()) s += String.fromCharCode(c);
    return s;
  };
  return {
    runtime: {
      exceptionHandler: (code: number) => {
        const t = trace.trim();
        trace = "";
        onException(code, t);
      },
      printErrorMessage: () => (trace += `${message()}\n`),
      writeBufferMessage: () => void message(), // log() output: read and dropped
      showSharedRWMemory: (): void => {},
    },
  };
}

/** circom_runtime's calculator over an instance we made (its typings only admit the wasm bytes). */
const calculatorOf = (instance: WebAssembly.Instance): Promise<WitnessCalculator> =>
  WitnessCalculatorBuilder(instance as unknown as Uint8Array);

// ---------------------------------------------------------------------------------------------
// r1cs / sym loading
// ---------------------------------------------------------------------------------------------

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

const artifactDir = (circuit: string): string => join(PACKAGE_ROOT, "artifacts", circuit);

async function readHeader(file: string, loadConstraints: boolean) {
  const r1cs = await readR1cs(file, { loadConstraints, loadMap: false, loadCustomGates: false, F: bigintField });
  const header: R1csHeader = {
    prime: BigInt(r1cs.prime),
    nVars: r1cs.nVars,
    nOutputs: r1cs.nOutputs,
    nPubInputs: r1cs.nPubInputs,
    nPrvInputs: r1cs.nPrvInputs,
    nLabels: Number(r1cs.nLabels),
    nConstraints: r1cs.nConstraints,
  };
  return { header, raw: r1cs };
}

// ---------------------------------------------------------------------------------------------

export class CircuitTester {
  /** constraint indices touching each variable, built lazily. */
  private touching?: number[][];
  /** The failure the strict instance reported during the current witness() call. */
  private failure?: WitnessError;

  private constructor(
    readonly name: string,
    private readonly module: WebAssembly.Module,
    private readonly calculator: WitnessCalculator,
    readonly header: R1csHeader,
    private readonly constraints: readonly Constraint[],
    /** name -> witness index (only signals that have a witness slot). */
    readonly signals: ReadonlyMap<string, number>,
    /** names of signals removed by the optimiser (witnessIdx -1). */
    readonly eliminated: ReadonlySet<string>,
    /** witness index -> names, outermost first (several names can share one slot). */
    private readonly names: ReadonlyMap<number, string[]>,
  ) {}

  /** Load a circuit's committed artifacts (artifacts/<circuit>/), or those in `dir`. */
  static async load(circuit: string, dir = artifactDir(circuit)): Promise<CircuitTester> {
    const module = await WebAssembly.compile(readFileSync(join(dir, `${circuit}.wasm`)));
    let instance: WebAssembly.Instance | undefined;
    let tester: CircuitTester | undefined;
    const strict = runtimeImports(
      () => instance!,
      (code, trace) => {
        const e = new WitnessError(EXCEPTION[code] ?? "Unknown error", trace);
        tester!.failure = e;
        throw e;
      },
    );
    instance = await WebAssembly.instantiate(module, strict);
    const calculator = await calculatorOf(instance);

    const { header, raw } = await readHeader(join(dir, `${circuit}.r1cs`), true);
    const constraints = (raw.constraints as Record<string, bigint>[][]).map(([a, b, c]) => ({ a: toLC(a!), b: toLC(b!), c: toLC(c!) }));

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
    tester = new CircuitTester(circuit, module, calculator, header, constraints, signals, eliminated, names);
    return tester;
  }

  /** The r1cs header of a committed circuit, without loading the constraints or the wasm (sizes). */
  static async readHeader(circuit: string, dir = artifactDir(circuit)): Promise<R1csHeader> {
    return (await readHeader(join(dir, `${circuit}.r1cs`), false)).header;
  }

  get nVars(): number {
    return this.header.nVars;
  }
  get nConstraints(): number {
    return this.header.nConstraints;
  }
  /** Public signals: outputs and public inputs. */
  get nPublic(): number {
    return this.header.nOutputs + this.header.nPubInputs;
  }

  // -- witnesses --------------------------------------------------------------------------------

  /**
   * Full witness (w[0] = 1). Throws WitnessError if a check (`===`, range check) fails. Inputs go to
   * the runtime as given: NO SDK range checks (the runtime reduces them mod p, negatives x to p + x).
   */
  async witness(input: Input): Promise<bigint[]> {
    this.failure = undefined;
    try {
      return await this.calculator.calculateWitness(input, true);
    } catch (e) {
      // circom_runtime re-wraps what the exception handler throws: hand back the WitnessError. Any
      // other error (unknown input name, wrong array length...) is a bug in the test.
      throw this.failure ?? e;
    }
  }

  async tryWitness(input: Input): Promise<WitnessResult> {
    try {
      return { ok: true, witness: await this.witness(input) };
    } catch (e) {
      if (e instanceof WitnessError) return { ok: false, error: e };
      throw e;
    }
  }

  /** Witness of the honest prover, checked against every constraint; throws (with the trace) when the statement is false. */
  async honestWitness(input: Input): Promise<bigint[]> {
    const w = await this.witness(input);
    this.expectConstraintPass(w, "honest witness");
    return w;
  }

  /** Expect witness generation to fail, returning the error (component path, statement) for further checks. */
  async expectWitnessFail(input: Input, what = "input"): Promise<WitnessError> {
    const r = await this.tryWitness(input);
    expect(r.ok, `${what}: witness generation succeeded`).toBe(false);
    return (r as { ok: false; error: WitnessError }).error;
  }

  /**
   * Does the circuit accept this input with the honest hints? Witness generation asserts every
   * `===` constraint (and `<==` ones hold by construction), so its success is the verdict;
   * `fullCheck` also evaluates the whole R1CS on the witness (slower).
   */
  async accepts(input: Input, fullCheck = false): Promise<boolean> {
    const r = await this.tryWitness(input);
    return r.ok && (!fullCheck || this.satisfied(r.witness));
  }

  /**
   * The witness the honest witness code computes for `input` with the checks' failures swallowed
   * (what a cheating prover gets by running it on a false statement or a lying hint), how many
   * checks failed, and where the first one was. The code stops at the first failed check, so later
   * signals are 0 (a fresh instance every call: nothing left over from another run).
   */
  async forge(input: Input): Promise<{ witness: bigint[]; failedAsserts: number; error?: WitnessError }> {
    let failedAsserts = 0;
    let error: WitnessError | undefined;
    let instance: WebAssembly.Instance | undefined;
    const lenient = runtimeImports(
      () => instance!,
      (code, trace) => {
        if (code !== ASSERT_FAILED) throw new WitnessError(EXCEPTION[code] ?? "Unknown error", trace);
        failedAsserts++;
        error ??= new WitnessError(EXCEPTION[code]!, trace);
      },
    );
    instance = await WebAssembly.instantiate(this.module, lenient);
    const witness = await (await calculatorOf(instance)).calculateWitness(input, true);
    return { witness, failedAsserts, error };
  }

  // -- the constraint system ------------------------------------------------------------------

  holds(ci: number, w: readonly bigint[]): boolean {
    const c = this.constraints[ci]!;
    return (evalLC(c.a, w) * evalLC(c.b, w) - evalLC(c.c, w)) % P === 0n;
  }

  /** Index of the first violated constraint (among `only`, if given), -1 for a malformed witness, null if all hold. */
  firstFailure(w: readonly bigint[], only?: Iterable<number>): number | null {
    if (w.length !== this.nVars || w[0] !== 1n) return -1;
    for (const x of w) if (x < 0n || x >= P) return -1;
    for (const i of only ?? this.constraints.keys()) if (!this.holds(i, w)) return i;
    return null;
  }

  /** Does `w` satisfy A*B - C == 0 (mod p) for every constraint (and w[0] == 1, every value < p)? */
  satisfied(w: readonly bigint[]): boolean {
    return this.firstFailure(w) === null;
  }

  /** Indices of every violated constraint (among `only`, if given). */
  failures(w: readonly bigint[], only?: Iterable<number>): number[] {
    const out: number[] = [];
    for (const i of only ?? this.constraints.keys()) if (!this.holds(i, w)) out.push(i);
    return out;
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
      const t: number[][] = Array.from({ length: this.nVars }, () => []);
      this.constraints.forEach((_, ci) => this.varsOf(ci).forEach((v) => t[v]!.push(ci)));
      this.touching = t;
    }
    const out = new Set<number>();
    for (const v of vars) for (const ci of this.touching[v] ?? []) out.add(ci);
    return [...out].sort((x, y) => x - y);
  }

  /** Does some constraint that uses witness slot `v` fail? (Only those are evaluated: fast.) */
  breaksAt(v: number, w: readonly bigint[]): boolean {
    return this.constraintsTouching([v]).some((ci) => !this.holds(ci, w));
  }

  // -- names ----------------------------------------------------------------------------------

  /** Witness index of a signal, e.g. "main.size". Throws for unknown or optimised-away signals. */
  index(name: string): number {
    const i = this.signals.get(name);
    if (i !== undefined) return i;
    if (this.eliminated.has(name)) throw new Error(`signal ${name} was eliminated by the optimiser (no witness slot)`);
    throw new Error(`no signal named ${name} in ${this.name}.sym`);
  }

  /** Value of a named signal in a witness. */
  get(w: readonly bigint[], name: string): bigint {
    return w[this.index(name)]!;
  }

  /** Outermost name of a witness slot (for messages and for attributing constraints to components). */
  nameOf(idx: number): string {
    return this.names.get(idx)?.[0] ?? (idx === 0 ? "ONE" : `#${idx}`);
  }

  /** All witness-slot signals whose name matches `re`, as [name, index], sorted by index. */
  select(re: RegExp): [string, number][] {
    return [...this.signals].filter(([n]) => re.test(n)).sort((x, y) => x[1] - y[1]);
  }

  /** Names of the signals a constraint uses (outermost name of each slot, the constant ONE left out). */
  describe(ci: number): string[] {
    return this.varsOf(ci)
      .filter((v) => v !== 0)
      .map((v) => this.nameOf(v));
  }

  /** Names of the signals in every constraint `w` violates, for messages and regex checks. */
  violated(w: readonly bigint[]): string {
    return this.failures(w)
      .map((ci) => this.describe(ci).join(" "))
      .join(" | ");
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

  /**
   * Edits setting the n bits `${prefix}[i]` (e.g. "main.tierLine.row.range[1].bits.out") to
   * `value`'s. The optimiser may have folded one bit into a linear constraint (no witness slot): it
   * then follows from the others.
   */
  bitEdits(prefix: string, value: bigint, n: number): Record<string, bigint> {
    const edits: Record<string, bigint> = {};
    bitsOf(value, n).forEach((b, i) => {
      if (this.signals.has(`${prefix}[${i}]`)) edits[`${prefix}[${i}]`] = b;
    });
    expect(Object.keys(edits).length, `bits of ${prefix}`).toBeGreaterThanOrEqual(n - 1);
    return edits;
  }

  // -- verdicts by component ------------------------------------------------------------------

  /**
   * The components directly under `parent` (e.g. "main", "main.nextPosition") with a violated
   * constraint, sorted. A constraint is attributed to the components of the outermost names of
   * the signals it uses, so a component's internal signals (bits, hints) place its checks.
   */
  failingComponents(w: readonly bigint[], parent = "main"): string[] {
    const out = new Set<string>();
    const prefix = `${parent}.`;
    for (const ci of this.failures(w)) {
      for (const name of this.describe(ci)) {
        if (!name.startsWith(prefix)) continue;
        const rest = name.slice(prefix.length);
        const dot = rest.indexOf(".");
        if (dot > 0) out.add(rest.slice(0, dot)); // a signal of a component, not of `parent` itself
      }
    }
    return [...out].sort();
  }

  expectConstraintPass(w: readonly bigint[], what = "witness"): void {
    const f = this.firstFailure(w);
    expect(f, `${what}: constraint ${f} fails (${f !== null && f >= 0 ? this.describe(f).join(", ") : "malformed"})`).toBeNull();
  }

  /**
   * Expect a WELL-FORMED witness (right length, w[0] = 1, values < p) to violate some constraint,
   * and, when `component` is given (e.g. "main.strictlyBelowGap"), one of that component's.
   */
  expectConstraintFail(w: readonly bigint[], component?: string, what = "forged witness"): void {
    // a malformed witness would "fail" for the wrong reason and hide a missing constraint
    expect(w.length, `${what}: witness length`).toBe(this.nVars);
    expect(w[0], `${what}: w[0]`).toBe(1n);
    expect(w.every((x) => x >= 0n && x < P), `${what}: values in [0, p)`).toBe(true);
    expect(this.satisfied(w), `${what} satisfies every constraint`).toBe(false);
    if (component !== undefined) {
      const dot = component.lastIndexOf(".");
      const failing = this.failingComponents(w, component.slice(0, dot));
      expect(failing, `${what}: no constraint of ${component} fails`).toContain(component.slice(dot + 1));
    }
  }

  /**
   * The honest witness code, run on a lie, stops at a comparison whose gap is negative (p - k): no
   * assignment of W boolean bits recomposes it, so no witness exists. Check it is `component`'s (a
   * UintRange) and, where its input kept a witness slot, that the gap is negative.
   */
  expectNegativeGap(w: readonly bigint[], component: string): void {
    this.expectConstraintFail(w, component, `gap of ${component}`);
    if (this.signals.has(`${component}.in`)) expect(this.get(w, `${component}.in`) > P / 2n, `${component}.in is a negative integer`).toBe(true);
  }
}

/** Stop the bn128 curve's worker threads if anything created them (r1csfile / snarkjs may). */
export async function terminateCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } };
  const c = g.curve_bn128;
  if (c) {
    g.curve_bn128 = undefined;
    await c.terminate();
  }
}
