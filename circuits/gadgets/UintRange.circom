pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";

/// @title UintRange
/// @notice Proves 0 <= in < 2^n, i.e. `in`, read as an integer in [0, p), fits in n bits.
/// @dev Assumes n <= 252 so that no x + p alias can decompose into n bits (2^252 < p).
///      The bits are hints pinned by Num2Bits' booleanity and recomposition constraints.
///      Constraints: n + 1 (the recomposition is linear and may fold away under --O2).
template UintRange(n) {
    assert(n > 0 && n <= 252);
    signal input in;
    component bits = Num2Bits(n);
    bits.in <== in;
}
