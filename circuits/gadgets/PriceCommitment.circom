pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "UintRange.circom";

/// @title PriceCommitment
/// @notice Range-checks an oracle price point and outputs its commitment
///         commitment = Poseidon(TAG, w), w = markPrice + fundingIndex * 2^PB
///                                          + timestamp * 2^(PB+FB) + marketId * 2^(PB+FB+TB).
///         The oracle signs this commitment (EIP-712, see src/price/).
/// @param MB market id bits, PB price bits, FB funding-index bits, TB timestamp bits.
/// @input fundingIndex the market's cumulative funding index, offset by 2^(FB-1) (see src/units.ts).
/// @input timestamp unix seconds.
/// Components: hash (the Poseidon), range[0..3] (range checks of marketId, markPrice, fundingIndex,
///   timestamp: the inputs in declaration order).
/// Constraints (MB,PB,FB,TB = 32,64,64,40): 200 range + 243 Poseidon(2) = 443.
template PriceCommitment(MB, PB, FB, TB) {
    assert(MB + PB + FB + TB <= 252);

    signal input marketId;
    signal input markPrice;
    signal input fundingIndex;
    signal input timestamp;
    signal output commitment;

    // "zkliq.price.v1" as a field element.
    var TAG = 0x7a6b6c69712e70726963652e7631;

    // range[i] checks the i-th input.
    component range[4];
    range[0] = UintRange(MB);
    range[0].in <== marketId;
    range[1] = UintRange(PB);
    range[1].in <== markPrice;
    range[2] = UintRange(FB);
    range[2].in <== fundingIndex;
    range[3] = UintRange(TB);
    range[3].in <== timestamp;

    signal w <== markPrice + fundingIndex * (1 << PB) + timestamp * (1 << (PB + FB)) + marketId * (1 << (PB + FB + TB));
    component hash = Poseidon(2);
    hash.inputs <== [TAG, w];
    commitment <== hash.out;
}
