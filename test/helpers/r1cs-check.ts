// A small R1CS constraint checker for soundness tests: load a circuit's r1cs and symbols, then
// check a (possibly forged) witness against every constraint, A·w * B·w = C·w (mod p).
// Witness-calculator asserts run on the honest prover's side only; this is what a verifier enforces.
import { readFileSync } from "node:fs";
import { readR1cs } from "r1csfile";

export const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A linear combination: [witness index, coefficient] pairs. */
type LC = [number, bigint][];

export interface R1cs {
  nVars: number;
  nConstraints: number;
  constraints: [LC, LC, LC][];
  /** For each witness index, the constraints it appears in. */
  uses: number[][];
}

const plainField = (prime: bigint) => ({
  p: prime,
  // r1cs files store coefficients as plain little-endian integers.
  fromRprLE(buff: Uint8Array, offset: number): bigint {
    let v = 0n;
    for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(buff[offset + i]!);
    return v;
  },
});

export async function loadR1cs(file: string): Promise<R1cs> {
  const raw = await readR1cs(file, { loadConstraints: true, loadMap: false, getFieldFromPrime: plainField });
  if (raw.prime !== P) throw new Error("r1cs is not over the BN254 scalar field");
  const toLc = (o: Record<string, bigint>): LC => Object.entries(o).map(([k, v]) => [Number(k), v]);
  const constraints = (raw.constraints as Record<string, bigint>[][]).map(
    ([a, b, c]) => [toLc(a!), toLc(b!), toLc(c!)] as [LC, LC, LC],
  );
  const uses: number[][] = Array.from({ length: raw.nVars }, () => []);
  constraints.forEach((abc, i) => {
    for (const lc of abc) for (const [idx] of lc) if (uses[idx]!.at(-1) !== i) uses[idx]!.push(i);
  });
  return { nVars: raw.nVars, nConstraints: raw.nConstraints, constraints, uses };
}

const evalLc = (lc: LC, w: readonly bigint[]): bigint => {
  let s = 0n;
  for (const [idx, coef] of lc) s += coef * w[idx]!;
  return s % P;
};

/** Indexes of the constraints the witness violates (only among `which`, when given). */
export function violated(r: R1cs, w: readonly bigint[], which?: Iterable<number>): number[] {
  if (w.length !== r.nVars) throw new Error(`witness has ${w.length} values, the r1cs ${r.nVars} variables`);
  if (w[0] !== 1n) return [-1]; // the constant-one wire
  const out: number[] = [];
  for (const i of which ?? r.constraints.keys()) {
    const [a, b, c] = r.constraints[i]!;
    if ((evalLc(a, w) * evalLc(b, w) - evalLc(c, w)) % P !== 0n) out.push(i);
  }
  return out;
}

export const satisfies = (r: R1cs, w: readonly bigint[]): boolean => violated(r, w).length === 0;

/** Symbol table: signal name -> witness index, for the signals the optimiser kept. */
export function loadSymbols(symFile: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of readFileSync(symFile, "utf8").split("\n")) {
    const [, wit, , name] = line.split(",");
    if (name !== undefined && Number(wit) >= 0) map.set(name, Number(wit));
  }
  return map;
}

/** The witness index of the one kept signal whose name matches `re` (anonymous components carry line numbers). */
export function signalIndex(sym: Map<string, number>, re: RegExp): number {
  const hits = [...sym].filter(([name]) => re.test(name));
  if (hits.length !== 1) throw new Error(`expected one signal matching ${re}, found ${hits.length}`);
  return hits[0]![1];
}
