pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "UintRange.circom";

/// @title PositionCommitment
/// @notice Range-checks every field of a position opening and outputs its commitment
///         commitment = Poseidon(TAG, w1, w2, owner, salt), where the range-checked fields are
///         packed (linearly, so at no constraint cost) into words:
///           w1 = size + entryPrice * 2^SB + collateral * 2^(SB+PB)
///           w2 = entryFunding + nonce * 2^FB + marketId * 2^(FB+NB) + side * 2^(FB+NB+MB)
///         Packing is injective because each field is range-checked to its width and each word
///         stays below 2^253 < p. Five Poseidon inputs cost ~140 constraints less than ten.
/// @param MB market id bits, SB size bits, PB price bits, CB collateral bits, FB funding-index bits,
///        NB nonce bits, OB owner bits.
/// @input side 0 = long, 1 = short. entryFunding is the cumulative funding index at entry, stored
///        with an offset of 2^(FB-1) so signed indices are unsigned here (see src/units.ts).
/// @input salt a uniformly random field element; not range-checked because every field element is
///        a valid salt, and it is what stops a brute-force of the commitment.
/// @output commitment the position commitment.
/// Components: hash (the Poseidon), range[0..7] (range checks of marketId, side, size, entryPrice,
///   collateral, entryFunding, owner, nonce: the inputs in declaration order).
/// Constraints (MB,SB,PB,CB,FB,NB,OB = 32,64,64,96,64,64,160): 545 range + 324 Poseidon(5) = 869.
template PositionCommitment(MB, SB, PB, CB, FB, NB, OB) {
    assert(SB + PB + CB <= 252);
    assert(FB + NB + MB + 1 <= 252);
    assert(OB <= 252);

    signal input marketId;
    signal input side;
    signal input size;
    signal input entryPrice;
    signal input collateral;
    signal input entryFunding;
    signal input owner;
    signal input nonce;
    signal input salt;
    signal output commitment;

    // "zkliq.position.v1" as a field element: domain separation from every other hash we make.
    var TAG = 0x7a6b6c69712e706f736974696f6e2e7631;

    // range[i] checks the i-th input (salt, the last, is not range-checked).
    component range[8];
    range[0] = UintRange(MB);
    range[0].in <== marketId;
    range[1] = UintRange(1);
    range[1].in <== side;
    range[2] = UintRange(SB);
    range[2].in <== size;
    range[3] = UintRange(PB);
    range[3].in <== entryPrice;
    range[4] = UintRange(CB);
    range[4].in <== collateral;
    range[5] = UintRange(FB);
    range[5].in <== entryFunding;
    range[6] = UintRange(OB);
    range[6].in <== owner;
    range[7] = UintRange(NB);
    range[7].in <== nonce;

    signal w1 <== size + entryPrice * (1 << SB) + collateral * (1 << (SB + PB));
    signal w2 <== entryFunding + nonce * (1 << FB) + marketId * (1 << (FB + NB)) + side * (1 << (FB + NB + MB));

    component hash = Poseidon(5);
    hash.inputs <== [TAG, w1, w2, owner, salt];
    commitment <== hash.out;
}
