pragma circom 2.1.0;

include "circomlib/circuits/comparators.circom";

/// @title MaintenanceMargin
/// @notice Outputs liquidatable = 1 iff the position's equity is strictly below its maintenance
///         requirement at the given mark price (equality is NOT liquidatable):
///           equity      = collateral + s*size*(markPrice - entryPrice) - s*size*(fundingIndex - entryFunding)
///           requirement = mmrBps / 10000 * size * markPrice
///         with s = +1 for a long (side 0) and -1 for a short (side 1). Equity may be negative.
///         Everything is kept non-negative by moving the negative terms to the other side and
///         cross-multiplying by 10000, so no field wrap-around and no division:
///           X = markPrice + entryFunding, Y = entryPrice + fundingIndex, M = long ? X : Y
///           pos = collateral + size*M,   neg = size*(X + Y - M)          (equity = pos - neg)
///           liquidatable  <=>  10000*pos < mmrBps*size*markPrice + 10000*neg
///         The funding indices carry the same 2^(FB-1) offset, which cancels in pos - neg.
/// @dev ASSUMES every input is already range-checked by the caller to its width (side to 1 bit);
///      PositionCommitment / PriceCommitment do that. With those widths both sides stay below
///      2^W (computed below, asserted <= 252), so LessThan(W) is sound.
/// @param SB size bits, PB price bits, CB collateral bits, FB funding-index bits, RB rate bits.
/// Constraints (64,64,96,64,14): 5 products + LessThan(144) 145 = 150.
template MaintenanceMargin(SB, PB, CB, FB, RB) {
    var XB = (PB > FB ? PB : FB) + 1;                    // bits of X and Y
    var POSB = (CB > SB + XB ? CB : SB + XB) + 1;        // bits of pos
    var LHSB = POSB + 14;                                // 10000 < 2^14
    var RHS1 = RB + SB + PB;                             // bits of mmrBps*size*markPrice
    var RHS2 = SB + XB + 14;                             // bits of 10000*neg
    var RHSB = (RHS1 > RHS2 ? RHS1 : RHS2) + 1;
    var W = LHSB > RHSB ? LHSB : RHSB;
    assert(W <= 252);

    signal input side;
    signal input size;
    signal input entryPrice;
    signal input collateral;
    signal input entryFunding;
    signal input markPrice;
    signal input fundingIndex;
    signal input mmrBps;
    signal output liquidatable;

    signal x <== markPrice + entryFunding;
    signal y <== entryPrice + fundingIndex;
    signal m <== x + side * (y - x);
    signal pos <== collateral + size * m;
    signal neg <== size * (x + y - m);
    signal notional <== size * markPrice;
    signal requirement <== mmrBps * notional;

    liquidatable <== LessThan(W)([10000 * pos, requirement + 10000 * neg]);
}
