/**
 * A minimal constraint checker over the COMMITTED artifacts, for forged-witness tests:
 * witnesses come from the committed .wasm (what the prover runs), constraints from the committed
 * .r1cs, evaluated here in plain bigint arithmetic, and signal names from the .sym file. An edited
 * witness is judged by the constraint system itself, not by the witness generator's asserts
 * (which only bind an honest prover).
 *
 * `forge(input)` runs the witness code with its asserts switched off: the honest prover's
 * computation carried through a false statement or a lying hint, as a cheating prover would,
 * giving a complete witness for the constraints to judge.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import { readR1cs } from "r1csfile";
import { PACKAGE_ROOT } from "../../src/root.js";
import { FIELD_ORDER as P } from "../../src/units.js";

type LC = [number, bigint][];

/** r1csfile reads coefficients through this "field": plain little-endian bigints. */
const bigintField = {
  p: P,
  fromRprLE(buff: Uint8Array, offset: number, n8 = 32): bigint {
    let v = 0n;
    for (let i = n8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(buff[offset + i]!);
    return v;
  },
};

const evalLC = (lc: LC, w: readonly bigint[]): bigint => {
  let s = 0n;
  for (const [v, c] of lc) s += c * w[v]!;
  return s % P;
};

export class R1csCheck {
  private touching?: number[][];
  private names?: Map<number, string>;

  private constructor(
    readonly circuit: string,
    private readonly calculator: WitnessCalculator,
    private readonly lenient: { calculator: WitnessCalculator; failedAsserts: number },
    readonly nConstraints: number,
    readonly nPubInputs: number,
    private readonly constraints: [LC, LC, LC][],
    private readonly index: Map<string, number>,
  ) {}

  static async load(circuit: string): Promise<R1csCheck> {
    const dir = join(PACKAGE_ROOT, "artifacts", circuit);
    const wasm = readFileSync(join(dir, `${circuit}.wasm`));
    const calculator = await WitnessCalculatorBuilder(wasm);
    const lenient = { calculator: undefined as unknown as WitnessCalculator, failedAsserts: 0 };
    lenient.calculator = await WitnessCalculatorBuilder((await lenientInstance(wasm, () => lenient.failedAsserts++)) as never);
    const r1cs = await readR1cs(join(dir, `${circuit}.r1cs`), { loadConstraints: true, loadMap: false, F: bigintField });
    const constraints = (r1cs.constraints as Record<string, bigint>[][]).map(
      (abc) => abc.map((lc) => Object.entries(lc).map(([k, v]) => [Number(k), v] as [number, bigint])) as [LC, LC, LC],
    );
    const index = new Map<string, number>();
    for (const line of readFileSync(join(dir, `${circuit}.sym`), "utf8").split("\n")) {
      const [, witnessIdx, , ...name] = line.split(",");
      if (witnessIdx !== undefined && Number(witnessIdx) >= 0) index.set(name.join(","), Number(witnessIdx));
    }
    return new R1csCheck(circuit, calculator, lenient, r1cs.nConstraints, r1cs.nPubInputs, constraints, index);
  }

  /**
   * The witness the honest witness code computes for `input` with the asserts' exceptions
   * swallowed (what a cheating prover gets by running it on a false statement or a lying hint),
   * and how many asserts failed. The witness code stops at the first failed check, so signals
   * computed after it are left unset: the witness is honest up to the failing check, and
   * `failedRangeChecks` tells which check that was.
   */
  async forge(input: Record<string, unknown>): Promise<{ witness: bigint[]; failedAsserts: number }> {
    this.lenient.failedAsserts = 0;
    const witness = await this.lenient.calculator.calculateWitness(input, true);
    return { witness, failedAsserts: this.lenient.failedAsserts };
  }

  /** The witness for an input; throws when the witness generator's asserts (= constraints) fail. */
  witness(input: Record<string, unknown>): Promise<bigint[]> {
    const { error, log } = console;
    console.error = () => {}; // the runtime prints each failed assert; callers see the throw instead
    console.log = () => {};
    return this.calculator.calculateWitness(input, true).finally(() => {
      console.error = error;
      console.log = log;
    });
  }

  /**
   * Does the circuit accept this input with the honest hints? Witness generation asserts every
   * `===` constraint (and `<==` ones hold by construction), so its success is the verdict;
   * `fullCheck` also evaluates the whole R1CS on the witness (slower).
   */
  async accepts(input: Record<string, unknown>, fullCheck = false): Promise<boolean> {
    let w: bigint[];
    try {
      w = await this.witness(input);
    } catch {
      return false;
    }
    return !fullCheck || this.satisfied(w);
  }

  /** Witness index of a signal, e.g. "main.tier". */
  signal(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`${this.circuit}: no witness slot for ${name} (unknown or optimised away)`);
    return i;
  }

  /** Names with a witness slot matching `re`. */
  signals(re: RegExp): string[] {
    return [...this.index.keys()].filter((n) => re.test(n));
  }

  get(w: readonly bigint[], name: string): bigint {
    return w[this.signal(name)]!;
  }

  /** A copy of `w` with named signals set (values reduced mod p). */
  edit(w: readonly bigint[], edits: Record<string, bigint>): bigint[] {
    const out = [...w];
    for (const [k, v] of Object.entries(edits)) out[this.signal(k)] = ((v % P) + P) % P;
    return out;
  }

  holds(i: number, w: readonly bigint[]): boolean {
    const [a, b, c] = this.constraints[i]!;
    return (evalLC(a, w) * evalLC(b, w) - evalLC(c, w)) % P === 0n;
  }

  /** Index of the first violated constraint, or null when A*B = C holds for all of them. */
  firstViolation(w: readonly bigint[]): number | null {
    if (w[0] !== 1n) return -1;
    for (let i = 0; i < this.constraints.length; i++) if (!this.holds(i, w)) return i;
    return null;
  }

  /** Every violated constraint. */
  violations(w: readonly bigint[]): number[] {
    return this.constraints.map((_, i) => i).filter((i) => !this.holds(i, w));
  }

  satisfied(w: readonly bigint[]): boolean {
    return this.firstViolation(w) === null;
  }

  /** Does some constraint that uses witness slot `v` fail? (Only those are evaluated: fast.) */
  breaksAt(v: number, w: readonly bigint[]): boolean {
    if (!this.touching) {
      this.touching = Array.from({ length: w.length }, () => []);
      this.constraints.forEach((abc, ci) => {
        const vars = new Set(abc.flatMap((lc) => lc.map(([x]) => x)));
        for (const x of vars) this.touching![x]!.push(ci);
      });
    }
    return this.touching[v]!.some((ci) => !this.holds(ci, w));
  }

  /**
   * The range checks (anonymous `UintRange(W)(gap)` components of `component` in `file`) that
   * `w` violates, as { line, gap }: circom names an anonymous component after its source line, so
   * the line says which comparison failed; `gap` is the value that was to fit W bits (null when
   * the optimiser folded it away).
   */
  failedRangeChecks(w: readonly bigint[], component = "main"): { line: number; gap: bigint | null }[] {
    const re = new RegExp(`^${component.replace(/[.[\]]/g, "\\$&")}\\.UintRange_(\\d+)_\\d+\\.`);
    const out = new Map<number, bigint | null>();
    for (const ci of this.violations(w)) {
      for (const name of this.describe(ci)) {
        const m = re.exec(name);
        if (!m) continue;
        const inName = name.slice(0, name.indexOf(".", component.length + 1)) + ".in";
        const line = Number(m[1]);
        out.set(line, this.index.has(inName) ? w[this.index.get(inName)!]! : null);
      }
    }
    return [...out].map(([line, gap]) => ({ line, gap }));
  }

  /** Names of the signals a constraint uses, for messages and for asserting WHICH check failed. */
  describe(ci: number): string[] {
    if (!this.names) {
      this.names = new Map();
      for (const [n, i] of this.index) if (!this.names.has(i)) this.names.set(i, n);
    }
    const vars = new Set(this.constraints[ci]!.flatMap((lc) => lc.map(([x]) => x)));
    return [...vars].filter((x) => x !== 0).map((x) => this.names!.get(x) ?? `#${x}`);
  }
}

/** The witness WASM instantiated with an assert handler that records failures and carries on. */
async function lenientInstance(wasm: Buffer, onAssert: () => void): Promise<WebAssembly.Instance> {
  const noop = (): void => {};
  const fail = (what: string) => (code: number) => {
    throw new Error(`witness ${what} ${code}`);
  };
  return WebAssembly.instantiate(await WebAssembly.compile(new Uint8Array(wasm)), {
    env: { memory: new WebAssembly.Memory({ initial: 32767 }) },
    runtime: {
      exceptionHandler: (code: number) => (code === 4 ? onAssert() : fail("exception")(code)),
      error: fail("error"),
      printErrorMessage: noop,
      writeBufferMessage: noop,
      showSharedRWMemory: noop,
      printDebug: noop,
      log: noop,
      logGetSignal: noop,
      logSetSignal: noop,
      logStartComponent: noop,
      logFinishComponent: noop,
    },
  });
}

/** Stop the bn128 curve's worker threads if r1csfile created them. */
export async function stopCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } };
  const c = g.curve_bn128;
  if (c) {
    g.curve_bn128 = undefined;
    await c.terminate();
  }
}

/** 1-based line of the first line of circuits/{statements,gadgets}/<file> containing `needle` (matches component names). */
export function sourceLine(file: string, needle: string): number {
  const dir = ["statements", "gadgets"].find((d) => existsSync(join(PACKAGE_ROOT, "circuits", d, file)));
  const lines = readFileSync(join(PACKAGE_ROOT, "circuits", dir ?? "gadgets", file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`circuits/${dir}/${file}: no line contains "${needle}"`);
  return i + 1;
}

/** Little-endian bits of a non-negative integer. */
export const bitsOf = (v: bigint, n: number): bigint[] => Array.from({ length: n }, (_, i) => (v >> BigInt(i)) & 1n);
