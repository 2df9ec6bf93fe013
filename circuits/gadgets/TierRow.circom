pragma circom 2.1.0;

include "UintRange.circom";

/// @title TierRow
/// @notice Opens one row of a maintenance-margin table: word = mmrBps + cumBps * 2^RB, with
///         mmrBps < 2^RB the tier's maintenance rate in basis points and cumBps < 2^CQB its
///         "maintenance amount" (the venues' cum) times 10000, in whole quote units, so that the
///         tier's requirement is  10000 * MM = mmrBps * notional - cumBps * unit  (value units).
/// @dev Both fields are range-checked, which makes the split unique: with an unchecked field the
///      prover could move value between the two and still match the hashed word.
/// @param RB rate bits, CQB cum bits; RB + CQB <= 252.
/// Constraints: RB + CQB (68 for 14 + 54).
template TierRow(RB, CQB) {
    assert(RB + CQB <= 252);
    signal input word;
    signal output mmrBps;
    signal output cumBps;

    mmrBps <-- word & ((1 << RB) - 1);
    cumBps <-- word >> RB;
    // range[0] checks mmrBps, range[1] cumBps (the outputs in declaration order).
    component range[2];
    range[0] = UintRange(RB);
    range[0].in <== mmrBps;
    range[1] = UintRange(CQB);
    range[1].in <== cumBps;
    word === mmrBps + cumBps * (1 << RB);
}
