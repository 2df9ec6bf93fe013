pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "TierLine.circom";
include "UintRange.circom";
include "UnitMove.circom";

/// @title DisclosureLiquidationBound
/// @notice If `enabled`, proves the position is NOT liquidatable at mark price `bound` (with the
///         attested funding index `fundingIndex`) under the tiered maintenance requirement:
///           10000 * equity(bound) >= 10000 * MM(N),  N = size * bound,
///           MM(N) = max_t (mmrBps_t * N - cumBps_t * unit) / 10000
///         Since MM is the maximum of the tier lines, being at or above ONE line proves nothing: the
///         prover names N's own tier t (private hint), pinned as PartialLiquidation pins the tier
///         after a close: line_t(N) > line_{t-1}(N) (N > floor_t) and line_t(N) >= line_{t+1}(N)
///         (N <= floor_{t+1}); then line_t(N) = MM(N). Padding rows repeat the last tier, so they
///         can never be picked (their line equals the one before, the strict check fails). The last
///         row is compared with itself. Below tier 0 sits the line -unit (row word 2^RB: rate 0,
///         cum 1), so tier 0 is pinned by its upper edge alone and N = 0 (size 0 or bound 0) is
///         covered (PartialLiquidation's zero line would refuse it).
///         Equity minus requirement rises with the price for a long and falls for a short (rates
///         below 100%, MM convex), so this is exactly
///           long:  liquidation price <= bound      short: liquidation price >= bound
///         without revealing which: `side` stays private.
///         If not enabled it constrains nothing: every check is a range check of enabled * gap.
/// @dev ASSUMES every input is range-checked by the caller (enabled and side to 1 bit, bound to PB
///      bits, the position and funding fields as in PositionCommitment / PriceCommitment), and the
///      rows and unit are bound to a verified, well-formed table by RiskParams (rates strictly
///      rising over real tiers, cum derived, cumBps < 2^CQB, unit < 2^UB). A negative gap is p - k
///      with k < 2^252, far above every width used, so it has no decomposition.
///      Components (named in the order the disclosure keys were generated with; see the note in
///      statements/Disclosure.circom): boundTierBits (the hint's bits), sufficientGap (10000 * equity >=
///      line_t), tierLowerGap (line_t > line_{t-1}), tierUpperGap (line_t >= line_{t+1}), tierWindow[3]
///      (the lines of tiers t - 1, t, t + 1), unitMove.
/// @param SB, PB, CB, FB as in PositionCommitment; RB rate bits, K tier rows, CQB cum bits, UB unit bits.
/// Constraints (64, 64, 96, 64, 14, 8, 54, 64): 3 tier lines 231 + tier bits 3 + equity / notional 4
///   + gated gaps 3 + range checks 145 + 143 + 143 = 672.
template DisclosureLiquidationBound(SB, PB, CB, FB, RB, K, CQB, UB) {
    var L = rowIndexBits(K);
    var XB = (PB > FB ? PB : FB) + 1;                    // bits of up / down
    var POSB = (CB > SB + XB ? CB : SB + XB) + 1;        // bits of pos
    var MNB = RB + SB + PB;                              // bits of rate * notional
    var CUB = CQB + UB;                                  // bits of cum * unit
    var WHEALTHY = (POSB + 14 > CUB ? POSB + 14 : CUB) + 1;  // 10000*pos + cum*unit
    var WTIER = (MNB > CUB ? MNB : CUB) + 1;             // mmr*N + cum*unit
    assert(WHEALTHY <= 250 && WTIER <= 250);

    signal input enabled;
    signal input side;
    signal input size;
    signal input entryPrice;
    signal input collateral;
    signal input entryFunding;
    signal input bound;
    signal input fundingIndex;
    signal input unit;
    signal input tierRows[K];
    signal input tier;

    // equity at the bound = pos - neg, both non-negative.
    component unitMove = UnitMove();
    unitMove.side <== side;
    unitMove.markPrice <== bound;
    unitMove.entryPrice <== entryPrice;
    unitMove.fundingIndex <== fundingIndex;
    unitMove.entryFunding <== entryFunding;
    signal pos <== collateral + size * unitMove.up;
    signal neg <== size * unitMove.down;
    signal notional <== size * bound;

    component boundTierBits = Num2Bits(L);               // the tier hint, L bits
    boundTierBits.in <== tier;
    signal bits[L] <== boundTierBits.out;
    signal rowsBelow[K];                                 // row t - 1 (the line -unit below tier 0)
    signal rowsAbove[K];                                 // row t + 1 (the last row repeats itself)
    for (var i = 0; i < K; i++) {
        rowsBelow[i] <== i == 0 ? (1 << RB) : tierRows[i - 1];
        rowsAbove[i] <== i == K - 1 ? tierRows[K - 1] : tierRows[i + 1];
    }
    // tierWindow[0], [1], [2]: the lines of tiers t - 1, t, t + 1 at N.
    component tierWindow[3];
    for (var j = 0; j < 3; j++) {
        tierWindow[j] = TierLine(K, RB, CQB);
        tierWindow[j].rows <== j == 0 ? rowsBelow : (j == 1 ? tierRows : rowsAbove);
        tierWindow[j].bits <== bits;
        tierWindow[j].notional <== notional;
        tierWindow[j].unit <== unit;
    }
    // 10000*equity >= line_t(N):  10000*pos + cum_t*unit >= mmr_t*N + 10000*neg
    component sufficientGap = UintRange(WHEALTHY);
    sufficientGap.in <== enabled * (10000 * pos + tierWindow[1].cumTimesUnit - tierWindow[1].mmrTimesNotional - 10000 * neg);
    // line_t(N) > line_{t-1}(N): N is above tier t's floor
    component tierLowerGap = UintRange(WTIER);
    tierLowerGap.in <== enabled * (tierWindow[1].mmrTimesNotional + tierWindow[0].cumTimesUnit
        - tierWindow[0].mmrTimesNotional - tierWindow[1].cumTimesUnit - 1);
    // line_t(N) >= line_{t+1}(N): N is at most tier t + 1's floor
    component tierUpperGap = UintRange(WTIER);
    tierUpperGap.in <== enabled * (tierWindow[1].mmrTimesNotional + tierWindow[2].cumTimesUnit
        - tierWindow[2].mmrTimesNotional - tierWindow[1].cumTimesUnit);
}
