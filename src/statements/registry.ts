/**
 * Every proof kind zkliq knows, by circuit id. `verifyBundle` dispatches on the bundle's `circuit`,
 * so callers (the CLI's verify among them) never need to know which statements exist.
 */
import { parseBundle } from "../proof/bundle.js";
import { type OptionNamer, type VerificationResult, type VerifyOptions, optionProblem, publicSignalsOf, sdkOptionName, verifyStatement } from "../proof/verify.js";
import { disclosure } from "./disclosure.js";
import { liquidation } from "./liquidation.js";
import { partial } from "./partial.js";
import type { Statement } from "./types.js";

export const STATEMENTS: Readonly<Record<string, Statement<never, object>>> = Object.fromEntries(
  [liquidation, partial, disclosure].map((s) => [s.id, s as Statement<never, object>]),
);

/** The statement a bundle (or a circuit id) claims to prove; undefined for an unknown one. */
export function statementFor(bundleOrCircuit: unknown): Statement<never, object> | undefined {
  const id = typeof bundleOrCircuit === "string" ? bundleOrCircuit : (bundleOrCircuit as { circuit?: unknown } | null)?.circuit;
  return typeof id === "string" && Object.hasOwn(STATEMENTS, id) ? STATEMENTS[id] : undefined;
}

/** The titles of the statements an expectation option (e.g. "challenge") applies to, e.g. "disclosure". */
function appliesTo(option: string): string | undefined {
  const signal = { challenge: "challenge", commitment: "positionCommitment", liquidator: "liquidator", newCommitment: "newPositionCommitment" }[option];
  const titles = Object.values(STATEMENTS)
    .filter((s) => signal !== undefined && publicSignalsOf(s).includes(signal))
    .map((s) => s.title);
  return titles.length ? titles.join(" and ") : undefined;
}

/**
 * What is wrong with `opts` for verifying `bundle` (a malformed value, an option that does not apply
 * to its statement, a required one missing), or null. `name` says how options are called (the CLI
 * passes its flags). Callers that tell "your options are wrong" from "the proof is invalid" (exit 2
 * vs 1) ask this first; verifyBundle reports the same problems as an invalid result.
 */
export function verifyOptionProblem(bundle: unknown, opts: VerifyOptions, name: OptionNamer = sdkOptionName): string | null {
  const s = statementFor(bundle);
  return s ? optionProblem(s, opts, name, appliesTo) : null;
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
  const s = statementFor(bundle);
  if (!s) {
    const circuit = (bundle as { circuit?: unknown }).circuit;
    const known = Object.keys(STATEMENTS).join(", ");
    return { valid: false, reason: `unknown statement "${String(circuit)}" (this zkliq verifies ${known})`, warnings: [] };
  }
  const problem = optionProblem(s, opts, sdkOptionName, appliesTo);
  if (problem) return { valid: false, reason: problem, warnings: [], statement: s.id };
  return verifyStatement(s, bundle, opts);
}
