pragma circom 2.1.0;

include "MaintenanceMargin.circom";

/// @title DisclosureLiquidationBound
/// @notice If `enabled`, proves the position is NOT liquidatable at mark price `bound` (with the
///         attested funding index `fundingIndex`), by evaluating the shared MaintenanceMargin check
///         there. Equity minus requirement rises with the price for a long and falls for a short
///         (the rate is below 100%), so this is exactly
///           long:  liquidation price <= bound      short: liquidation price >= bound
///         without revealing which: `side` stays private and costs nothing extra.
///         This is the ONLY maintenance-dependent part of the disclosure circuit: swap
///         MaintenanceMargin (and `mmrBps`) here for the tiered version when it lands.
///         If not enabled it constrains nothing (MaintenanceMargin is total on ranged inputs).
/// @dev ASSUMES every input is range-checked by the caller (enabled and side to 1 bit, bound to PB
///      bits, mmrBps to RB bits, the rest as in MaintenanceMargin).
/// @param SB, PB, CB, FB, RB as in MaintenanceMargin.
/// Constraints (64, 64, 96, 64, 14): MaintenanceMargin 150 + 1 gate = 151.
template DisclosureLiquidationBound(SB, PB, CB, FB, RB) {
    signal input enabled;
    signal input side;
    signal input size;
    signal input entryPrice;
    signal input collateral;
    signal input entryFunding;
    signal input bound;
    signal input fundingIndex;
    signal input mmrBps;

    signal liquidatableAtBound <== MaintenanceMargin(SB, PB, CB, FB, RB)(
        side, size, entryPrice, collateral, entryFunding, bound, fundingIndex, mmrBps);
    enabled * liquidatableAtBound === 0;
}
