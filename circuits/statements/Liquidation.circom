pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "../gadgets/PositionCommitment.circom";
include "../gadgets/PriceCommitment.circom";
include "../gadgets/RiskParams.circom";
include "../gadgets/TierLine.circom";
include "../gadgets/UintRange.circom";
include "../gadgets/UnitMove.circom";

/// @title Liquidation
/// @notice Proves knowledge of an opening of `positionCommitment` and of the price point behind
///         `priceCommitment`, for the same market, such that the position's equity is strictly
///         below its tiered maintenance requirement under the risk parameters `riskParamsHash`:
///           equity = collateral + s*size*(markPrice - entryPrice) - s*size*(fundingIndex - entryFunding)
///           10000 * equity < mmrBps_t * notional - cumBps_t * unit,   notional = size * markPrice
///         for the tier t the prover names (a private hint). Equality is NOT liquidatable; negative
///         equity (bankrupt) is.
///         Why any tier will do: with rates rising by tier and cum derived for continuity, the
///         requirement is MM(N) = max_t (mmrBps_t * N - cumBps_t * unit) / 10000, so a line of any
///         tier is at most MM(N) and "below some line" implies "below MM(N)"; the honest prover
///         names N's own tier, whose line is MM(N). Checking floor_t < N <= floor_{t+1} as well
///         would add ~440 constraints and prove nothing more (see docs/margin.md). The partial
///         liquidation circuit, which must show a position is at or ABOVE maintenance, does pin
///         the tier.
///         Side, size, entry price, collateral, entry funding, owner, nonce, salt and the tier stay
///         private; so do the price fields, which the verifier learns from the signed attestation.
/// @dev Public signals, in this order: positionCommitment, priceCommitment, riskParamsHash, liquidator.
///      `liquidator` (an address) is bound by a quadratic constraint: a signal that appears in no
///      constraint could be changed by anyone relaying the proof (front-running); the verifier
///      (and contract) must check it is the caller. `riskParamsHash` must be checked by the verifier
///      against the market's published table (src/market/risk-params.ts); the table is public, so its
///      well-formedness is checked there, not here. Every sum compared stays below 2^252.
///      Components, in key order: anyTierBits (the tier hint's bits), position, price, riskParams
///      (the three hashes, with the range checks of every committed field), strictlyBelowGap (the
///      liquidation check: 10000 * equity < line_t(N)), tierLine (line_t), unitMove (equity parts).
///      Component names: circom lays out a template's subcomponents (witness slots, constraint
///      order) sorted by NAME, so the names are chosen to sort in the order the keys were generated
///      with (once circom's line-numbered names of anonymous components). Renaming a component can
///      therefore re-key the circuit; `npm run artifacts:check` reports it. Anonymous components
///      (`T(...)(...)`) are not used: their names carry source line numbers.
/// @param MB, SB, PB, CB, FB, NB, OB, TB widths as in PositionCommitment / PriceCommitment;
///        RB rate bits, K tier rows (a power of two, >= 8), CQB cum bits, UB unit bits.
/// Constraints (defaults in circuits/circuits.json): 2,033 (commitments 1,312, risk-parameter hash
///   504, the rest the tier line, equity and gap); fits the 2^12 dev ptau. Pinned in
///   circuits/circuits.json ("constraints"), checked by test/circuits/sizes.test.ts.
template Liquidation(MB, SB, PB, CB, FB, NB, OB, TB, RB, K, CQB, UB) {
    assert(K >= 8);
    var L = rowIndexBits(K);
    var XB = (PB > FB ? PB : FB) + 1;                    // bits of up / down
    var POSB = (CB > SB + XB ? CB : SB + XB) + 1;        // bits of pos
    var LHSB = (POSB + 14 > CQB + UB ? POSB + 14 : CQB + UB) + 1;   // bits of 10000*pos + cum*unit
    var W = (RB + SB + PB > SB + XB + 14 ? RB + SB + PB : SB + XB + 14) + 1;  // of mmr*N + 10000*neg
    assert(W <= 252 && LHSB <= 252);

    signal input positionCommitment;
    signal input priceCommitment;
    signal input riskParamsHash;
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
    // The market's risk parameters (hashed into riskParamsHash) and the tier hint.
    signal input unit;
    signal input penaltyBps;
    signal input lotSize;
    signal input tierRows[K];
    signal input tier;

    component position = PositionCommitment(MB, SB, PB, CB, FB, NB, OB);
    position.marketId <== marketId;
    position.side <== side;
    position.size <== size;
    position.entryPrice <== entryPrice;
    position.collateral <== collateral;
    position.entryFunding <== entryFunding;
    position.owner <== owner;
    position.nonce <== nonce;
    position.salt <== salt;
    signal positionHash <== position.commitment;
    positionHash === positionCommitment;
    component price = PriceCommitment(MB, PB, FB, TB);
    price.marketId <== marketId;
    price.markPrice <== markPrice;
    price.fundingIndex <== fundingIndex;
    price.timestamp <== timestamp;
    signal priceHash <== price.commitment;
    priceHash === priceCommitment;
    component riskParams = RiskParams(K, MB);
    riskParams.marketId <== marketId;
    riskParams.unit <== unit;
    riskParams.penaltyBps <== penaltyBps;
    riskParams.lotSize <== lotSize;
    riskParams.rows <== tierRows;
    signal paramsHash <== riskParams.hash;
    paramsHash === riskParamsHash;

    // equity = pos - neg, both non-negative.
    component unitMove = UnitMove();
    unitMove.side <== side;
    unitMove.markPrice <== markPrice;
    unitMove.entryPrice <== entryPrice;
    unitMove.fundingIndex <== fundingIndex;
    unitMove.entryFunding <== entryFunding;
    signal pos <== collateral + size * unitMove.up;
    signal neg <== size * unitMove.down;
    signal notional <== size * markPrice;

    component anyTierBits = Num2Bits(L);                 // the tier hint: any tier will do (see above)
    anyTierBits.in <== tier;
    signal tierBits[L] <== anyTierBits.out;
    component tierLine = TierLine(K, RB, CQB);
    tierLine.rows <== tierRows;
    tierLine.bits <== tierBits;
    tierLine.notional <== notional;
    tierLine.unit <== unit;

    // 10000*pos - 10000*neg < mmr*notional - cum*unit, rearranged so both sides are non-negative:
    // the gap (right - left - 1) must be a W-bit number. W covers the right side, so an honest gap
    // fits; a negative gap is p - k with k <= 2^LHSB, far above 2^W, so it does not.
    component strictlyBelowGap = UintRange(W);
    strictlyBelowGap.in <== tierLine.mmrTimesNotional + 10000 * neg - 10000 * pos - tierLine.cumTimesUnit - 1;

    signal liquidatorSquared <== liquidator * liquidator;
}
