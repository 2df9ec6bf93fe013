/** Proving shared by every statement: prepare (the statement's checks), load or reuse a prover, prove, bundle. */
import { badInput } from "../errors.js";
import type { Statement } from "../statements/types.js";
import { type ProofBundle, makeBundle } from "./bundle.js";
import { CIRCUITS } from "./circuits.js";
import { Prover, type ProverOptions } from "./prover.js";

/** How to prove: a loaded prover to reuse, or the options of the one loaded for this call (artifacts, backend). */
export interface ProveOptions extends Pick<ProverOptions, "artifactsDir" | "backend" | "native" | "onWarning"> {
  /** Reuse a loaded prover for this statement's circuit; otherwise one is loaded (and its workers stopped) per call. */
  prover?: Prover;
  /** Told which prover made the proof (its `lastProof` says which backend, how long). */
  onProver?: (prover: Prover) => void;
}

/**
 * Prove `statement` for `args`. Throws what the statement's `prepare` throws (bad-input, or
 * statement-false saying why no proof exists) before any proving work.
 */
export async function prove<Args, Extra extends object>(
  statement: Statement<Args, Extra>,
  args: Args,
  opts: ProveOptions = {},
): Promise<{ bundle: ProofBundle } & Extra> {
  const prepared = await statement.prepare(args);
  if (opts.prover && opts.prover.circuit !== statement.id) {
    throw badInput(`the prover is for circuit "${opts.prover.circuit}", not "${statement.id}"`);
  }
  const prover = opts.prover ?? (await Prover.load({ ...proverOptions(opts), circuit: statement.id }));
  try {
    const { proof, publicSignals } = await prover.prove(prepared.input);
    const circuit = { id: statement.id, public: CIRCUITS[statement.id]!.public };
    const bundle = makeBundle(circuit, prover.vkeyHash, prepared.market, prepared.price, proof, publicSignals, prepared.bundleFields);
    opts.onProver?.(prover);
    return { bundle, ...prepared.extra };
  } finally {
    if (!opts.prover) await prover.close();
  }
}

/** The prover options among a call's options (which also hold the statement's arguments). */
const proverOptions = ({ artifactsDir, backend, native, onWarning }: ProveOptions): ProverOptions => ({ artifactsDir, backend, native, onWarning });
