import type { WitnessCalculator } from "circom_runtime";
import { badInput } from "../errors.js";
import { joinPath, loadNativeBackend } from "../platform.js";
import { DEFAULT_ARTIFACTS_DIR, loadManifest, loadVerificationKey, readArtifact } from "./artifacts.js";
import type { NativeProverOptions } from "./native.js";

/** The native backend's module (src/proof/native.ts: child processes, temp files), through the platform. */
type Native = typeof import("./native.js");
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

/**
 * "snarkjs": in-process. "native": the external prover binary (rapidsnark; see
 * docs/native-prover.md), an error when it is missing or misbehaves. "auto" (default): native when
 * a binary is configured and works, else snarkjs, with a warning when it falls back.
 */
export type ProverBackend = "snarkjs" | "native" | "auto";
export const PROVER_BACKENDS: readonly ProverBackend[] = ["auto", "native", "snarkjs"];

export interface ProverOptions {
  /** Circuit id from circuits/circuits.json (default "liquidation"). */
  circuit?: string;
  /** Artifacts folder (default: the package's committed artifacts/). */
  artifactsDir?: string;
  /** Which prover makes the proofs (default "auto"). */
  backend?: ProverBackend;
  /** The native binary (default $ZKLIQ_NATIVE_PROVER), its timeout and temp folder. */
  native?: NativeProverOptions;
  /** Where "auto" reports falling back to snarkjs (default: one line on stderr). */
  onWarning?: (message: string) => void;
}

/** How the last proof was made, for --verbose and benches. */
export interface ProofReport {
  backend: "snarkjs" | "native";
  /** The native binary, when it made the proof. */
  binary?: string;
  /** Why "auto" fell back to snarkjs for this proof. */
  fallback?: string;
  ms: number;
}

const warnOnStderr = (message: string): void => void process.stderr.write(`zkliq: warning: ${message}\n`);

/**
 * Loads a circuit's artifacts once (wasm and zkey hash-checked against the manifest, the
 * verification key checked and refused without a phase-2 contribution), compiles the witness WASM
 * once and keeps the proving key in memory, so repeated proofs pay only witness + prove time.
 * With a native binary, each proof runs it as a child process on the hash-checked zkey and checks
 * its output against the committed verification key (see native.ts). With "auto", the first
 * native failure is warned about and the prover uses snarkjs from then on.
 * Call `close()` (or `shutdown()`) when done: the curve's worker threads keep the process alive.
 */
export class Prover {
  /** How the last proof was made (undefined before the first). */
  lastProof?: ProofReport;

  private constructor(
    readonly circuit: string,
    private readonly calculator: WitnessCalculator,
    private readonly zkey: Uint8Array,
    private readonly zkeyPath: string,
    readonly vkey: unknown,
    readonly vkeyHash: string,
    private readonly opts: ProverOptions,
    private readonly native: Native,
    /** The native binary in use (absolute path); undefined: snarkjs. */
    private nativeBinary: string | undefined,
  ) {}

  static async load(opts: ProverOptions = {}): Promise<Prover> {
    const circuit = opts.circuit ?? "liquidation";
    const dir = opts.artifactsDir ?? DEFAULT_ARTIFACTS_DIR;
    const native = await loadNativeBackend();
    const binary = nativeBinaryFor(opts, native);
    const manifest = loadManifest(dir);
    const wasm = readArtifact(circuit, "wasm", dir, manifest);
    // The manifest pins the zkey and its verification key together (npm run setup wrote both), so
    // the committed vkey.json is this zkey's: no need to re-derive it from the zkey.
    const zkey = new Uint8Array(readArtifact(circuit, "zkey", dir, manifest));
    const zkeyPath = joinPath(dir, manifest.circuits[circuit]!.files.zkey!.path);
    const { vkey, hash } = loadVerificationKey(circuit, dir, manifest);
    const { WitnessCalculatorBuilder } = loadCircomRuntime();
    const calculator = await WitnessCalculatorBuilder(wasm);
    return new Prover(circuit, calculator, zkey, zkeyPath, vkey, hash, opts, native, binary);
  }

  /** The backend the next proof will use. */
  get backend(): "snarkjs" | "native" {
    return this.nativeBinary ? "native" : "snarkjs";
  }

  /** "native (/path/to/prover)" or "snarkjs": the backend in words. */
  describe(): string {
    return this.nativeBinary ? `native (${this.nativeBinary})` : "snarkjs";
  }

  /** Full witness (for tests and debugging); throws if a constraint assertion fails. */
  witness(input: SignalInput): Promise<bigint[]> {
    return this.calculator.calculateWitness(input, true);
  }

  async prove(input: SignalInput): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
    const t0 = performance.now();
    const wtns = await this.calculator.calculateWTNSBin(input, true);
    let fallback: string | undefined;
    const binary = this.nativeBinary;
    if (binary) {
      try {
        const out = await this.native.proveNative({ binary, zkeyPath: this.zkeyPath, wtns, vkey: this.vkey as { nPublic: number }, circuit: this.circuit, opts: this.opts.native });
        this.lastProof = { backend: "native", binary, ms: performance.now() - t0 };
        return out;
      } catch (e) {
        if (this.opts.backend === "native" || !(e instanceof this.native.NativeProverError)) throw e;
        fallback = e.message;
        this.nativeBinary = undefined;
        (this.opts.onWarning ?? warnOnStderr)(`${e.message}; falling back to snarkjs`);
      }
    }
    try {
      const out = await loadSnarkjs().groth16.prove({ type: "mem", data: this.zkey }, { type: "mem", data: wtns });
      this.lastProof = { backend: "snarkjs", fallback, ms: performance.now() - t0 };
      return out;
    } finally {
      noteCurve();
    }
  }

  close(): Promise<void> {
    return shutdown();
  }
}

/** The native binary a new prover uses: checked for "native", checked with a warning for "auto", none for "snarkjs". */
function nativeBinaryFor(opts: ProverOptions, { checkBinary, configuredBinary }: Native): string | undefined {
  const backend = opts.backend ?? "auto";
  if (!PROVER_BACKENDS.includes(backend)) throw badInput(`prover backend "${backend}" is not one of ${PROVER_BACKENDS.join(", ")}`);
  const binary = backend === "snarkjs" ? undefined : configuredBinary(opts.native);
  if (backend === "native" && !binary) {
    throw badInput(`the native prover needs ZKLIQ_NATIVE_PROVER=/path/to/prover (a rapidsnark build; see docs/native-prover.md)`);
  }
  if (!binary) return undefined;
  try {
    return checkBinary(binary);
  } catch (e) {
    if (backend === "native") throw e;
    (opts.onWarning ?? warnOnStderr)(`${(e as Error).message}; falling back to snarkjs`);
    return undefined;
  }
}
