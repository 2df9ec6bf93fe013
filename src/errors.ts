/**
 * One error type for everything a user can get wrong or that can be false. The CLI maps `kind`
 * to its exit code; the SDK throws these so callers can tell "your input is bad" from
 * "the statement you asked to prove is false".
 */
export type ErrorKind =
  /** Malformed or out-of-range input, unknown market, missing file: fix the input (exit 2). */
  | "bad-input"
  /** The statement is false, e.g. a healthy position asked to prove liquidation (exit 1). */
  | "statement-false"
  /** A proof, signature or artifact failed a check (exit 1). */
  | "invalid";

export class ZkliqError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = "ZkliqError";
    this.kind = kind;
  }
}

export const badInput = (message: string): ZkliqError => new ZkliqError("bad-input", message);

export const EXIT_CODES: Record<ErrorKind, number> = {
  "bad-input": 2,
  "statement-false": 1,
  invalid: 1,
};
