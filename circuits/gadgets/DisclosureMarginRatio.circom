pragma circom 2.1.0;

include "circomlib/circuits/comparators.circom";

/// @title DisclosureMarginRatio
/// @notice If `enabled`, proves margin ratio (equity / notional) >= minMarginBps / 10000, i.e.
///           10000 * (pos - neg) >= minMarginBps * notional
///         checked as 10000*pos >= minMarginBps*notional + 10000*neg (both sides non-negative, no
///         division). Negative equity (neg > pos) fails every minMarginBps >= 0. Needs no
///         maintenance rate. If not enabled it constrains nothing (the comparison is still
///         computed, and stays in range, so a disabled claim never makes the circuit unsatisfiable).
/// @dev ASSUMES enabled is a bit, pos, neg < 2^EB, notional < 2^NTB, minMarginBps < 2^XB (the
///      caller range-checks them). Both compared sides stay below 2^W, W asserted <= 252.
/// @param EB bits of pos / neg, NTB notional bits, XB bits of minMarginBps.
/// Constraints (EB, NTB, XB = 130, 128, 20): 1 product + GreaterEqThan(149) 150 + 1 gate = 152.
template DisclosureMarginRatio(EB, NTB, XB) {
    var L = EB + 14;                                     // 10000 < 2^14
    var R = XB + NTB;
    var W = (L > R ? L : R) + 1;
    assert(W <= 252);

    signal input enabled;
    signal input pos;
    signal input neg;
    signal input notional;
    signal input minMarginBps;

    signal required <== minMarginBps * notional;
    component ratioCmp = GreaterEqThan(W);
    ratioCmp.in <== [10000 * pos, required + 10000 * neg];
    signal holds <== ratioCmp.out;
    enabled * (1 - holds) === 0;
}
