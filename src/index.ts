// zkliq SDK: commit positions, attest prices, prove and verify liquidations.
export * from "./errors.js";
export * from "./units.js";
export * from "./markets.js";
export * as model from "./model.js";
export type { Side, Ratio, PositionTerms, PriceTerms } from "./model.js";
export * from "./commitment.js";
export * from "./position.js";
export * from "./attestation.js";
export * from "./status.js";
export * from "./artifacts.js";
export * from "./prover.js";
export * from "./bundle.js";
export * from "./liquidation.js";
export * from "./partial.js";
export * as margin from "./margin/model.js";
export * from "./margin/table.js";
export { BITS, CIRCUITS, TIER_ROWS } from "./circuits.js";
