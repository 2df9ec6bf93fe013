/**
 * Every proof kind zkliq knows. A statement is found by its circuit id: circuits/circuits.json
 * lists the circuits, and `src/statements/<id>.ts` exports the circuit's `statement` descriptor.
 * So adding a statement edits no list here, and `verifyBundle`, which dispatches on the bundle's
 * `circuit`, loads only the statement it needs; callers (the CLI's verify among them) never need to
 * know which statements exist.
 */
import { importStatement } from "../platform.js";
import { parseBundle } from "../proof/bundle.js";
import { CIRCUITS } from "../proof/circuits.js";
import {
  EXPECTATIONS,
  type OptionNamer,
  type VerificationResult,
  type VerifyOptions,
  optionProblem,
  sdkOptionName,
  verifyStatement,
} from "../proof/verify.js";
import type { Statement } from "./types.js";

export type AnyStatement = Statement<never, object>;

/** The circuit ids that have a statement (every circuit of circuits.json). */
export const statementIds = (): string[] => Object.keys(CIRCUITS);

/** The statement of circuit `id` (undefined for an id circuits.json does not list). */
export async function loadStatement(id: string): Promise<AnyStatement | undefined> {
  if (!Object.hasOwn(CIRCUITS, id)) return undefined;
  const mod = (await importStatement(id)) as { statement?: AnyStatement };
  if (mod.statement?.id !== id) throw new Error(`src/statements/${id}.ts must export the "${id}" statement as \`statement\``);
  return mod.statement;
}

/** Every statement, in circuits.json order. */
export const loadStatements = async (): Promise<AnyStatement[]> =>
  Promise.all(statementIds().map(async (id) => (await loadStatement(id))!));

/** The statement a bundle (or a circuit id) claims to prove; undefined for an unknown one. */
export async function statementFor(bundleOrCircuit: unknown): Promise<AnyStatement | undefined> {
  const id = typeof bundleOrCircuit === "string" ? bundleOrCircuit : (bundleOrCircuit as { circuit?: unknown } | null)?.circuit;
  return typeof id === "string" ? loadStatement(id) : undefined;
}

/** The titles of the statements an expectation option (e.g. "challenge") applies to: "disclosure". */
async function appliesTo(): Promise<(option: string) => string | undefined> {
  const all = await loadStatements();
  return (option) => {
    const signal = EXPECTATIONS.find((e) => e.option === option)?.signal;
    const titles = all.filter((s) => signal !== undefined && CIRCUITS[s.id]!.public.includes(signal)).map((s) => s.title);
    return titles.length ? titles.join(" and ") : undefined;
  };
}

/**
 * What is wrong with `opts` for verifying `bundle` (a malformed value, an option that does not apply
 * to its statement, a required one missing), or null. `name` says how options are called (the CLI
 * passes its flags). Callers that tell "your options are wrong" from "the proof is invalid" (exit 2
 * vs 1) ask this first; verifyBundle reports the same problems as an invalid result.
 */
export async function verifyOptionProblem(bundle: unknown, opts: VerifyOptions, name: OptionNamer = sdkOptionName): Promise<string | null> {
  const s = await statementFor(bundle);
  return s ? optionProblem(s, opts, name, await appliesTo()) : null;
}

/**
 * Verify any zkliq proof bundle: the statement is the bundle's `circuit`; every check of
 * src/proof/verify.ts plus the statement's own. Never throws: returns { valid: false, reason }.
 */
export async function verifyBundle(bundle: unknown, opts: VerifyOptions = {}): Promise<VerificationResult> {
  try {
    parseBundle(bundle);
  } catch (e) {
    return { valid: false, reason: (e as Error).message, warnings: [] };
  }
  const circuit = (bundle as { circuit: string }).circuit;
  const s = await loadStatement(circuit);
  if (!s) {
    return { valid: false, reason: `unknown statement "${circuit}" (this zkliq verifies ${statementIds().join(", ")})`, warnings: [] };
  }
  const problem = optionProblem(s, opts, sdkOptionName, await appliesTo());
  if (problem) return { valid: false, reason: problem, warnings: [], statement: s.id };
  return verifyStatement(s, bundle, opts);
}
