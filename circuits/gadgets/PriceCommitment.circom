pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "UintRange.circom";

/// @title PriceCommitment
/// @notice Range-checks an oracle price point and outputs its commitment
///         commitment = Poseidon(TAG, w), w = markPrice + fundingIndex * 2^PB
///                                          + timestamp * 2^(PB+FB) + marketId * 2^(PB+FB+TB).
///         The oracle signs this commitment (EIP-712, see src/attestation.ts).
/// @param MB market id bits, PB price bits, FB funding-index bits, TB timestamp bits.
/// @input fundingIndex the market's cumulative funding index, offset by 2^(FB-1) (see src/units.ts).
/// @input timestamp unix seconds.
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

    UintRange(MB)(marketId);
    UintRange(PB)(markPrice);
    UintRange(FB)(fundingIndex);
    UintRange(TB)(timestamp);

    signal w <== markPrice + fundingIndex * (1 << PB) + timestamp * (1 << (PB + FB)) + marketId * (1 << (PB + FB + TB));
    commitment <== Poseidon(2)([TAG, w]);
}
