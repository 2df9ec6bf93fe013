pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "../gadgets/PositionCommitment.circom";
include "../gadgets/PriceCommitment.circom";
include "../gadgets/UintRange.circom";
include "../gadgets/RiskParams.circom";
include "../gadgets/DisclosureEquity.circom";
include "../gadgets/DisclosureMarginRatio.circom";
include "../gadgets/DisclosureLeverage.circom";
include "../gadgets/DisclosureLiquidationBound.circom";
include "../gadgets/DisclosureNotionalRange.circom";

/// @title Disclosure
/// @notice Proves knowledge of an opening of `positionCommitment` and of the price point behind
///         `priceCommitment`, for the same market, such that every claim enabled in `claimMask`
///         holds at that price, and nothing else about the position:
///           bit 0  margin ratio >= minMarginBps / 10000                 (DisclosureMarginRatio)
///           bit 1  leverage <= maxLeverageBps / 10000, equity > 0        (DisclosureLeverage)
///           bit 2  not liquidatable at mark price liqPriceBound under the  (DisclosureLiquidationBound)
///                  tiered requirement, in the notional's own (pinned) tier, i.e.
///                  long: liquidation price <= bound, short: >= bound
///           bit 3  notionalMin <= notional <= notionalMax               (DisclosureNotionalRange)
///         A disabled claim constrains nothing, and its parameters must be 0, so each set of claims
///         has exactly one public form.
/// @dev Public signals, in this order (what each reveals):
///        positionCommitment  the position it is about (already public; hides the opening)
///        priceCommitment     the oracle-signed price point (public through the attestation)
///        riskParamsHash      the market's risk parameters (tier table, penalty, lot step), computed
///                            in-circuit (RiskParams); claim bit 2 uses the tier rows; the verifier
///                            recomputes it from its own market table
///        challenge           the verifier's nonce, bound by a quadratic constraint: the proof
///                            answers one verifier and cannot be replayed to another
///        expiresAt           unix seconds after which verifiers refuse the proof (range-checked)
///        claimMask           which claims are made (4 bits)
///        minMarginBps, maxLeverageBps, liqPriceBound, notionalMin, notionalMax
///                            the thresholds the prover chose (0 when the claim is not made)
///      Private: the tier hint of claim bit 2, side (even for claim bit 2), size, entry price, collateral, entry funding index,
///      owner, nonce, salt, and so the exact equity, margin ratio, leverage, notional and
///      liquidation price. Each public signal costs ~6.2k gas on-chain: packing the mask and the
///      three small thresholds into one signal would save 3 at no constraint cost, at the price of
///      an opaque value; disclosures are mostly verified off-chain, so they are kept apart.
/// @param MB..UB as in Liquidation; XB bits of minMarginBps; LB bits of maxLeverageBps.
/// Constraints (circuits/circuits.json widths): 3,612 = commitments 1,312 + risk-parameter hash 504
///   + equity 4 + margin ratio 152 + leverage 299 + notional range 260 + tiered liquidation bound 672
///   + public-input ranges and binding ~409.
///   Fits the 2^12 dev ptau. Pinned in test/disclosure-circuit.test.ts.
template Disclosure(MB, SB, PB, CB, FB, NB, OB, TB, RB, K, CQB, UB, XB, LB) {
    var EB = disclosureEquityBits(SB, PB, CB, FB);
    var NTB = SB + PB;

    signal input positionCommitment;
    signal input priceCommitment;
    signal input riskParamsHash;
    signal input challenge;
    signal input expiresAt;
    signal input claimMask;
    signal input minMarginBps;
    signal input maxLeverageBps;
    signal input liqPriceBound;
    signal input notionalMin;
    signal input notionalMax;

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
    // The market's risk parameters (hashed into riskParamsHash) and the tier hint of claim bit 2.
    signal input unit;
    signal input penaltyBps;
    signal input lotSize;
    signal input tierRows[K];
    signal input tier;

    // The committed position and the attested price, for the same market (range-checked inside).
    signal positionHash <== PositionCommitment(MB, SB, PB, CB, FB, NB, OB)(
        marketId, side, size, entryPrice, collateral, entryFunding, owner, nonce, salt);
    positionHash === positionCommitment;
    signal priceHash <== PriceCommitment(MB, PB, FB, TB)(marketId, markPrice, fundingIndex, timestamp);
    priceHash === priceCommitment;
    signal paramsHash <== RiskParams(K, MB)(marketId, unit, penaltyBps, lotSize, tierRows);
    paramsHash === riskParamsHash;

    // Binding and ranges of the remaining public inputs.
    signal challengeSquared <== challenge * challenge;
    UintRange(TB)(expiresAt);
    signal enabled[4] <== Num2Bits(4)(claimMask);
    UintRange(XB)(minMarginBps);
    UintRange(LB)(maxLeverageBps);
    UintRange(PB)(liqPriceBound);
    UintRange(NTB)(notionalMin);
    UintRange(NTB)(notionalMax);
    minMarginBps * (1 - enabled[0]) === 0;
    maxLeverageBps * (1 - enabled[1]) === 0;
    liqPriceBound * (1 - enabled[2]) === 0;
    notionalMin * (1 - enabled[3]) === 0;
    notionalMax * (1 - enabled[3]) === 0;

    // Claims that need no maintenance rate: on the equity split at the mark price.
    component equity = DisclosureEquity(SB, PB, CB, FB);
    equity.side <== side;
    equity.size <== size;
    equity.entryPrice <== entryPrice;
    equity.collateral <== collateral;
    equity.entryFunding <== entryFunding;
    equity.markPrice <== markPrice;
    equity.fundingIndex <== fundingIndex;
    DisclosureMarginRatio(EB, NTB, XB)(enabled[0], equity.pos, equity.neg, equity.notional, minMarginBps);
    DisclosureLeverage(EB, NTB, LB)(enabled[1], equity.pos, equity.neg, equity.notional, maxLeverageBps);
    DisclosureNotionalRange(NTB)(enabled[3], equity.notional, notionalMin, notionalMax);

    // The one maintenance-dependent claim: not liquidatable at liqPriceBound, in its notional's own tier.
    DisclosureLiquidationBound(SB, PB, CB, FB, RB, K, CQB, UB)(
        enabled[2], side, size, entryPrice, collateral, entryFunding, liqPriceBound, fundingIndex,
        unit, tierRows, tier);
}
