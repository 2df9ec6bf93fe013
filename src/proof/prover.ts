import type { WitnessCalculator } from "circom_runtime";
import { DEFAULT_ARTIFACTS_DIR, loadManifest, loadVerificationKey, readArtifact } from "./artifacts.js";
import { loadCircomRuntime, loadSnarkjs, noteCurve, shutdown } from "./snarkjs.js";

export { shutdown };

export type SignalInput = Record<string, bigint | bigint[]>;

export interface Groth16Proof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol: string;
  curve: string;
}

export interface ProverOptions {
  /** Circuit id from circuits/circuits.json (default "liquidation"). */
  circuit?: string;
  /** Artifacts folder (default: the package's committed artifacts/). */
  artifactsDir?: string;
}

/**
 * Loads a circuit's artifacts once (wasm and zkey hash-checked against the manifest, the
 * verification key checked and refused without a phase-2 contribution), compiles the witness WASM
 * once and keeps the proving key in memory, so repeated proofs pay only witness + prove time.
 * Call `close()` (or `shutdown()`) when done: the curve's worker threads keep the process alive.
 */
export class Prover {
  private constructor(
    readonly circuit: string,
    private readonly calculator: WitnessCalculator,
    private readonly zkey: Uint8Array,
    readonly vkey: unknown,
    readonly vkeyHash: string,
  ) {}

  static async load(opts: ProverOptions = {}): Promise<Prover> {
    const circuit = opts.circuit ?? "liquidation";
    const dir = opts.artifactsDir ?? DEFAULT_ARTIFACTS_DIR;
    const manifest = loadManifest(dir);
    const wasm = readArtifact(circuit, "wasm", dir, manifest);
    // The manifest pins the zkey and its verification key together (npm run setup wrote both), so
    // the committed vkey.json is this zkey's: no need to re-derive it from the zkey.
    const zkey = new Uint8Array(readArtifact(circuit, "zkey", dir, manifest));
    const { vkey, hash } = loadVerificationKey(circuit, dir, manifest);
    const { WitnessCalculatorBuilder } = loadCircomRuntime();
    const calculator = await WitnessCalculatorBuilder(wasm);
    return new Prover(circuit, calculator, zkey, vkey, hash);
  }

  /** Full witness (for tests and debugging); throws if a constraint assertion fails. */
  witness(input: SignalInput): Promise<bigint[]> {
    return this.calculator.calculateWitness(input, true);
  }

  async prove(input: SignalInput): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
    const wtns = await this.calculator.calculateWTNSBin(input, true);
    try {
      return await loadSnarkjs().groth16.prove({ type: "mem", data: this.zkey }, { type: "mem", data: wtns });
    } finally {
      noteCurve();
    }
  }

  close(): Promise<void> {
    return shutdown();
  }
}
