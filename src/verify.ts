/**
 * `zkliq/verify`: verification only. Loads neither viem, @ethereumjs, the CLI nor (until the first
 * verification) snarkjs, and leaves no worker threads behind, so a script that only verifies is
 * quick to start and exits by itself.
 */
export { verifyBundle, verifyOptionProblem, statementFor, loadStatement, statementIds } from "./statements/registry.js";
export { verifyLiquidation, type VerifyLiquidationOptions } from "./statements/liquidation.js";
export { verifyPartialLiquidation, type VerifyPartialOptions } from "./statements/partial.js";
export { verifyDisclosure, newChallenge, type DisclosureVerification, type VerifyDisclosureOptions } from "./statements/disclosure.js";
export type { VerificationResult, VerifyOptions } from "./proof/verify.js";
export type { ProofBundle, BundleClaim } from "./proof/bundle.js";
export type { Statement } from "./statements/types.js";
export { ZkliqError } from "./errors.js";
