pragma circom 2.1.0;

include "UintRange.circom";

/// @title BpsFloor
/// @notice q = floor(x / 10000) for x < 10000 * 2^QB: the quotient and remainder are hints pinned by
///           x === 10000 * q + r,  0 <= q < 2^QB,  0 <= r < 10000.
///         Used to turn "rate in basis points times an amount" into whole value units, rounding
///         down (e.g. the liquidation penalty). An x too large for QB bits of quotient has no witness.
/// @dev r < 10000 is checked as r < 2^14 and r + (2^14 - 10000) < 2^14. With q and r in range,
///      10000*q + r < 2^(QB+14) < p, so the equation holds over the integers and (q, r) is unique:
///      the alternative witness (q - 1, r + 10000) fails the remainder bound.
///      ASSUMES x < p is an integer below 2^252 (a product of range-checked values).
///      Components: qRange, rRange, rUnder10000 (the three range checks above, in that order).
/// @param QB quotient bits (QB + 14 <= 252).
/// Constraints: QB + 28.
template BpsFloor(QB) {
    assert(QB + 14 <= 252);
    signal input x;
    signal output q;
    signal r;

    q <-- x \ 10000;
    r <-- x % 10000;
    component qRange = UintRange(QB);                    // 0 <= q < 2^QB
    qRange.in <== q;
    component rRange = UintRange(14);                    // 0 <= r < 2^14
    rRange.in <== r;
    component rUnder10000 = UintRange(14);               // r < 10000
    rUnder10000.in <== r + (1 << 14) - 10000;
    x === 10000 * q + r;
}
