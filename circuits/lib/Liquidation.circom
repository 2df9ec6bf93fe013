pragma circom 2.1.0;

include "PositionCommitment.circom";
include "PriceCommitment.circom";
include "MaintenanceMargin.circom";
include "UintRange.circom";

/// @title Liquidation
/// @notice Proves knowledge of an opening of `positionCommitment` and of the price point behind
///         `priceCommitment`, for the same market, such that the position's equity is strictly
///         below its maintenance requirement at rate `mmrBps` (see MaintenanceMargin).
///         Side, size, entry price, collateral, entry funding, owner, nonce and salt stay private;
///         so do the price fields, which the verifier learns from the signed attestation instead.
/// @dev Public signals, in this order: positionCommitment, priceCommitment, mmrBps, liquidator.
///      `liquidator` (an address) is bound by a quadratic constraint: a signal that appears in no
///      constraint could be changed by anyone relaying the proof (front-running); the verifier
///      (and contract) must check it is the caller. mmrBps must be checked by the verifier against
///      the market's published rate; it is range-checked here so products stay in range.
/// @param widths as in PositionCommitment / PriceCommitment; RB rate bits (mmrBps < 2^RB).
/// Constraints (defaults in circuits/circuits.json): see the pinned count in test/circuit.test.ts.
template Liquidation(MB, SB, PB, CB, FB, NB, OB, TB, RB) {
    signal input positionCommitment;
    signal input priceCommitment;
    signal input mmrBps;
    signal input liquidator;

    signal input marketId;
    signal input side;
    signal input size;
    signal input entryPrice;
    signal input collateral;
    signal input entryFunding;
    signal input owner;
    signal input nonce;
    signal input salt;
    signal input markPrice;
    signal input fundingIndex;
    signal input timestamp;

    signal positionHash <== PositionCommitment(MB, SB, PB, CB, FB, NB, OB)(
        marketId, side, size, entryPrice, collateral, entryFunding, owner, nonce, salt);
    positionHash === positionCommitment;
    signal priceHash <== PriceCommitment(MB, PB, FB, TB)(marketId, markPrice, fundingIndex, timestamp);
    priceHash === priceCommitment;

    UintRange(RB)(mmrBps);
    signal liquidatable <== MaintenanceMargin(SB, PB, CB, FB, RB)(
        side, size, entryPrice, collateral, entryFunding, markPrice, fundingIndex, mmrBps);
    liquidatable === 1;

    signal liquidatorSquared <== liquidator * liquidator;
}
