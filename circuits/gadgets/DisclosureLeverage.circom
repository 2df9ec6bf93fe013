pragma circom 2.1.0;

include "circomlib/circuits/comparators.circom";

/// @title DisclosureLeverage
/// @notice If `enabled`, proves leverage (notional / equity) <= maxLeverageBps / 10000 with
///         positive equity:
///           10000 * notional <= maxLeverageBps * (pos - neg)   and   pos > neg
///         checked as maxLeverageBps*pos >= 10000*notional + maxLeverageBps*neg (both sides
///         non-negative, no division). Needs no maintenance rate. If not enabled it constrains
///         nothing (both comparisons stay in range, so they are always satisfiable).
/// @dev ASSUMES enabled is a bit, pos, neg < 2^EB, notional < 2^NTB, maxLeverageBps < 2^LB (the
///      caller range-checks them). Compared sides stay below 2^W, W asserted <= 252.
/// @param EB bits of pos / neg, NTB notional bits, LB bits of maxLeverageBps (leverage x 10000).
/// Constraints (EB, NTB, LB = 130, 128, 32): 2 products + GreaterEqThan(163) 164
///   + GreaterThan(130) 131 + 2 gates = 299.
template DisclosureLeverage(EB, NTB, LB) {
    var L = LB + EB;
    var R = NTB + 14;                                    // 10000 < 2^14
    var W = (L > R ? L : R) + 1;
    assert(W <= 252);

    signal input enabled;
    signal input pos;
    signal input neg;
    signal input notional;
    signal input maxLeverageBps;

    signal scaledPos <== maxLeverageBps * pos;
    signal scaledNeg <== maxLeverageBps * neg;
    component boundedCmp = GreaterEqThan(W);
    boundedCmp.in <== [scaledPos, 10000 * notional + scaledNeg];
    signal bounded <== boundedCmp.out;
    component solventCmp = GreaterThan(EB);
    solventCmp.in <== [pos, neg];
    signal solvent <== solventCmp.out;
    enabled * (1 - bounded) === 0;
    enabled * (1 - solvent) === 0;
}
