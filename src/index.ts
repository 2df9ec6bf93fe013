// zkliq SDK: commit positions, attest prices, prove and verify liquidations and disclosures.
// `zkliq/verify` (src/verify.ts) is the light verification-only entry point.
export * from "./errors.js";
export * from "./units.js";
export * from "./market/markets.js";
export * from "./market/risk-params.js";
export * as model from "./model/index.js";
/** @deprecated the one reference model is `model` (the flat-rate and tiered models merged). */
export * as margin from "./model/index.js";
/** @deprecated the disclosure predicates are in `model`. */
export * as disclosureModel from "./model/index.js";
export type { Side, Ratio, PositionTerms, PriceTerms, MarginTable, MarginTier, DisclosureClaims } from "./model/index.js";
export * from "./position/commitment.js";
export * from "./position/position.js";
export * from "./position/status.js";
export { marginCurve, tierBreaks, type MarginCurve, type Curve, type CurvePoint, type TierBreak } from "./plot/margin-curve.js";
export { marginCurveSvg } from "./plot/svg.js";
export * from "./price/attestation.js";
export * from "./proof/artifacts.js";
export * from "./proof/prover.js";
export { NATIVE_PROVER_ENV, NativeProverError, type NativeProverOptions, proveNative, witnessPublicSignals } from "./proof/native.js";
export * from "./proof/bundle.js";
export * from "./proof/prove.js";
export * from "./proof/verify.js";
export * from "./statements/types.js";
export * from "./statements/registry.js";
export {
  statement as liquidation,
  liquidationInput,
  proveLiquidation,
  verifyLiquidation,
  type ProveLiquidationOptions,
  type VerifyLiquidationOptions,
} from "./statements/liquidation.js";
export {
  statement as partialLiquidation,
  PARTIAL_CIRCUIT,
  planPartialLiquidation,
  positionAfterClose,
  partialTierHints,
  partialInput,
  provePartialLiquidation,
  describePlan,
  verifyPartialLiquidation,
  type ClosePlan,
  type ProvePartialOptions,
  type PartialLiquidationResult,
  type VerifyPartialOptions,
} from "./statements/partial.js";
export * from "./statements/claims.js";
export {
  statement as disclosure,
  isDisclosureBundle,
  newChallenge,
  disclosureInput,
  proveDisclosure,
  verifyDisclosure,
  type ProveDisclosureOptions,
  type VerifyDisclosureOptions,
  type DisclosureVerification,
} from "./statements/disclosure.js";
export * from "./chain/index.js";
export { BITS, CIRCUITS, TIER_ROWS } from "./proof/circuits.js";
