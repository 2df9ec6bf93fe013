pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "../gadgets/BpsFloor.circom";
include "../gadgets/PositionCommitment.circom";
include "../gadgets/PriceCommitment.circom";
include "../gadgets/RiskParams.circom";
include "../gadgets/TierLine.circom";
include "../gadgets/UintRange.circom";
include "../gadgets/UnitMove.circom";

/// @title PartialLiquidation
/// @notice A liquidation as a state transition: the position under `positionCommitment` is reduced
///         by a private close size d into the position under `newPositionCommitment`, at the
///         attested price, under the risk parameters `riskParamsHash`. Proves, with
///         E = equity before, N = notional, MM(N) = max_t (mmrBps_t * N - cumBps_t * unit) / 10000:
///         1. the new position keeps market, side, entry price, entry funding and owner; its size is
///            size - d (0 <= d <= size), its nonce is nonce + 1, its salt is fresh (private);
///         2. penalty = floor(penaltyBps * d * markPrice / 10000) (public, to the insurance fund);
///         3. newCollateral + penalty = collateral + (realised PnL - funding on the d closed units)
///            + shortfall, where shortfall (public) is non-zero only when the position is closed in
///            full and nothing is left (newCollateral = 0): the part of the losses and the penalty
///            the position could not pay, for the insurance fund. New equity = E - penalty.
///         4. no over-liquidation, and liquidatable before: with d' = d - lotSize if d > lotSize,
///            else d' = 0, closing only d' would leave the position below maintenance:
///              10000 * (E - penalty(d')) < 10000 * MM((size - d') * markPrice)
///            (penalty(d') rounded like the penalty; d' = 0: "liquidatable now"). Any line may witness
///            this (every line is <= MM). Because penaltyBps <= the lowest maintenance rate (checked
///            with the table), it also implies the position was liquidatable before the close.
///         5. unless closed in full (new size 0): the new position is at or above maintenance,
///            10000 * (E - penalty) >= 10000 * MM(N') with N' = (size - d) * markPrice, using N''s own
///            tier t, pinned by line_t(N') > line_{t-1}(N') and line_t(N') >= line_{t+1}(N'), i.e.
///            floor_t < N' <= floor_{t+1} (at a tier edge both tiers give the same requirement).
///            Rows past the table's last tier repeat it, so they can never be picked: their line
///            equals the one before. Tier 0 is compared with a zero line (N' > 0 holds for any partial
///            close at a positive price), the last row with itself.
///         Public signals, in this order: positionCommitment, priceCommitment, riskParamsHash,
///         liquidator, newPositionCommitment, penalty, shortfall.
/// @dev ASSUMES the table behind riskParamsHash is well-formed (verifier-checked, src/market/risk-params.ts):
///      mmr strictly rising over real tiers, cum derived, 0 <= penaltyBps <= mmr_0, 1 <= lotSize < 2^SB,
///      cumBps < 2^CQB, unit < 2^UB. Every comparison is a range check of the gap between two
///      non-negative sums (see the widths below); gated checks multiply the gap by (1 - closedInFull).
///      Components, in key order: floorPenalty, floorPrevPenalty (penalty(d), penalty(d')), fullClose
///      (new size 0), lotBelowClose (d > lotSize), lotLessTierBits, newTierBits (the tierPrev and
///      tierAfter hints' bits), nextPosition, oldPosition, price, riskParams (the four hashes),
///      safeCloseSize (d fits SB bits), shortfallRange, stillBelowGap (check 4), sufficientGap,
///      tierLowerGap, tierUpperGap (check 5 and its tier pin), tierWindow[3] (lines t - 1, t, t + 1
///      at N'), unitMove, witnessLine (the line of check 4).
///      Component names: circom lays out a template's subcomponents (witness slots, constraint
///      order) sorted by NAME, so the names are chosen to sort in the order the keys were generated
///      with (once circom's line-numbered names of anonymous components). Renaming a component can
///      therefore re-key the circuit; `npm run artifacts:check` reports it. Anonymous components
///      (`T(...)(...)`) are not used: their names carry source line numbers.
/// @param as Liquidation.
/// Constraints (defaults in circuits/circuits.json): 4,049; fits the 2^12 dev ptau. Pinned in
///   circuits/circuits.json ("constraints"), checked by test/circuits/sizes.test.ts.
template PartialLiquidation(MB, SB, PB, CB, FB, NB, OB, TB, RB, K, CQB, UB) {
    assert(K >= 8);
    var L = rowIndexBits(K);
    var XB = (PB > FB ? PB : FB) + 1;                    // bits of up / down
    var POSB = (CB > SB + XB ? CB : SB + XB) + 1;        // bits of pos
    var NEGB = SB + XB;                                  // bits of neg
    var MNB = RB + SB + PB;                              // bits of rate * notional
    var CUB = CQB + UB;                                  // bits of cum * unit
    // A check "gap = A - B (- 1) >= 0" is a range check of the gap to the bits of A: an honest gap
    // fits, a negative one is p - k with k < 2^252, far above 2^252 > 2^W. Widths of each A:
    var MAX1 = MNB > NEGB + 14 ? MNB : NEGB + 14;
    var WPREV = (MAX1 > CB + 14 ? MAX1 : CB + 14) + 2;   // mmr*N + 10000*neg + 10000*penalty
    var WHEALTHY = (POSB + 14 > CUB ? POSB + 14 : CUB) + 1;  // 10000*pos + cum*unit
    var WTIER = (MNB > CUB ? MNB : CUB) + 1;             // mmr*N + cum*unit
    assert(WPREV <= 250 && WHEALTHY <= 250 && WTIER <= 250);

    signal input positionCommitment;
    signal input priceCommitment;
    signal input riskParamsHash;
    signal input liquidator;
    signal input newPositionCommitment;
    signal input penalty;
    signal input shortfall;

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
    signal input unit;
    signal input penaltyBps;
    signal input lotSize;
    signal input tierRows[K];
    // The transition's hints: close size, the new opening, and the tiers of the two checks.
    signal input closeSize;
    signal input newCollateral;
    signal input newSalt;
    signal input tierPrev;
    signal input tierAfter;

    // -- the three commitments --------------------------------------------------------------
    component oldPosition = PositionCommitment(MB, SB, PB, CB, FB, NB, OB);
    oldPosition.marketId <== marketId;
    oldPosition.side <== side;
    oldPosition.size <== size;
    oldPosition.entryPrice <== entryPrice;
    oldPosition.collateral <== collateral;
    oldPosition.entryFunding <== entryFunding;
    oldPosition.owner <== owner;
    oldPosition.nonce <== nonce;
    oldPosition.salt <== salt;
    signal positionHash <== oldPosition.commitment;
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

    // closeSize and newSize both fit SB bits and sum to size: 0 <= closeSize <= size, no wrap.
    component safeCloseSize = UintRange(SB);
    safeCloseSize.in <== closeSize;
    signal newSize <== size - closeSize;
    component nextPosition = PositionCommitment(MB, SB, PB, CB, FB, NB, OB);
    nextPosition.marketId <== marketId;
    nextPosition.side <== side;
    nextPosition.size <== newSize;
    nextPosition.entryPrice <== entryPrice;
    nextPosition.collateral <== newCollateral;
    nextPosition.entryFunding <== entryFunding;
    nextPosition.owner <== owner;
    nextPosition.nonce <== nonce + 1;
    nextPosition.salt <== newSalt;
    signal newHash <== nextPosition.commitment;
    newHash === newPositionCommitment;

    // -- equity and the collateral bookkeeping ----------------------------------------------
    component unitMove = UnitMove();
    unitMove.side <== side;
    unitMove.markPrice <== markPrice;
    unitMove.entryPrice <== entryPrice;
    unitMove.fundingIndex <== fundingIndex;
    unitMove.entryFunding <== entryFunding;
    signal pos <== collateral + size * unitMove.up;      // equity E = pos - neg
    signal neg <== size * unitMove.down;
    signal closedUp <== closeSize * unitMove.up;         // realised on the closed part = closedUp - closedDown
    signal closedDown <== closeSize * unitMove.down;

    signal closedNotional <== closeSize * markPrice;
    signal penaltyTimesBps <== penaltyBps * closedNotional;
    component floorPenalty = BpsFloor(CB);
    floorPenalty.x <== penaltyTimesBps;
    signal penaltyDue <== floorPenalty.q;
    penaltyDue === penalty;

    component shortfallRange = UintRange(CB);
    shortfallRange.in <== shortfall;
    // newCollateral is range-checked by the new commitment; all terms < 2^(SB+XB+1): no wrap.
    newCollateral + penalty + closedDown === collateral + closedUp + shortfall;
    shortfall * newCollateral === 0;
    shortfall * newSize === 0;

    // -- 4. one lot less would not have been enough (and the position was liquidatable) -----
    component lotBelowClose = LessThan(SB);
    lotBelowClose.in <== [lotSize, closeSize];
    signal closesMoreThanLot <== lotBelowClose.out;
    signal prevClose <== closesMoreThanLot * (closeSize - lotSize);
    signal prevNotional <== (size - prevClose) * markPrice;
    signal prevClosedNotional <== prevClose * markPrice;
    component floorPrevPenalty = BpsFloor(CB);
    floorPrevPenalty.x <== penaltyBps * prevClosedNotional;
    signal prevPenalty <== floorPrevPenalty.q;
    component lotLessTierBits = Num2Bits(L);             // the tierPrev hint: any line will do
    lotLessTierBits.in <== tierPrev;
    signal prevBits[L] <== lotLessTierBits.out;
    component witnessLine = TierLine(K, RB, CQB);
    witnessLine.rows <== tierRows;
    witnessLine.bits <== prevBits;
    witnessLine.notional <== prevNotional;
    witnessLine.unit <== unit;
    // 10000*pos + cum*unit < mmr*N + 10000*neg + 10000*penalty(d')
    component stillBelowGap = UintRange(WPREV);
    stillBelowGap.in <== witnessLine.mmrTimesNotional + 10000 * neg + 10000 * prevPenalty
        - 10000 * pos - witnessLine.cumTimesUnit - 1;

    // -- 5. at or above maintenance after the close, in the new notional's own tier ---------
    component fullClose = IsZero();
    fullClose.in <== newSize;
    signal closedInFull <== fullClose.out;
    signal newNotional <== newSize * markPrice;
    component newTierBits = Num2Bits(L);                 // the tierAfter hint, pinned below
    newTierBits.in <== tierAfter;
    signal afterBits[L] <== newTierBits.out;
    signal rowsBelow[K];                                 // row t - 1 (a zero line below tier 0)
    signal rowsAbove[K];                                 // row t + 1 (the last row repeats itself)
    for (var i = 0; i < K; i++) {
        rowsBelow[i] <== i == 0 ? 0 : tierRows[i - 1];
        rowsAbove[i] <== i == K - 1 ? tierRows[K - 1] : tierRows[i + 1];
    }
    // tierWindow[0], [1], [2]: the lines of tiers t - 1, t, t + 1 at N'.
    component tierWindow[3];
    for (var j = 0; j < 3; j++) {
        tierWindow[j] = TierLine(K, RB, CQB);
        tierWindow[j].rows <== j == 0 ? rowsBelow : (j == 1 ? tierRows : rowsAbove);
        tierWindow[j].bits <== afterBits;
        tierWindow[j].notional <== newNotional;
        tierWindow[j].unit <== unit;
    }
    signal open <== 1 - closedInFull;
    // 10000*(E - penalty) >= line_t(N'):  10000*pos + cum_t*unit >= mmr_t*N' + 10000*neg + 10000*penalty
    component sufficientGap = UintRange(WHEALTHY);
    sufficientGap.in <== open * (10000 * pos + tierWindow[1].cumTimesUnit
        - tierWindow[1].mmrTimesNotional - 10000 * neg - 10000 * penalty);
    // line_t(N') > line_{t-1}(N'): N' is above tier t's floor
    component tierLowerGap = UintRange(WTIER);
    tierLowerGap.in <== open * (tierWindow[1].mmrTimesNotional + tierWindow[0].cumTimesUnit
        - tierWindow[0].mmrTimesNotional - tierWindow[1].cumTimesUnit - 1);
    // line_t(N') >= line_{t+1}(N'): N' is at most tier t + 1's floor
    component tierUpperGap = UintRange(WTIER);
    tierUpperGap.in <== open * (tierWindow[1].mmrTimesNotional + tierWindow[2].cumTimesUnit
        - tierWindow[2].mmrTimesNotional - tierWindow[1].cumTimesUnit);

    signal liquidatorSquared <== liquidator * liquidator;
}
