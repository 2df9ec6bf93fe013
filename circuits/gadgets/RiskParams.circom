pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

/// @title RiskParams
/// @notice Outputs the hash that publishes one market's risk parameters:
///           riskParamsHash = Poseidon(TAG * 2^MB + marketId, unit, penaltyBps, lotSize, row[0..K-1])
///         where row[t] = mmrBps_t + cumBps_t * 2^RB is tier t of the maintenance-margin table
///         (see TierRow) and unit = 10^(sizeDecimals + priceDecimals) converts the table's quote
///         amounts into the market's value units. src/market/risk-params.ts computes the same hash.
/// @dev Each parameter is its own Poseidon input, so nothing here needs a range check: the hash
///      binds the exact field elements, and the verifier recomputes it from its own market table,
///      which it checks is well-formed (floors and rates increasing, cum derived, widths respected).
///      The only packed word is TAG * 2^MB + marketId: TAG is a constant and marketId is
///      ASSUMED range-checked to MB bits by the caller (PositionCommitment), so it is injective.
/// @param K number of tier rows (unused tiers repeat the last one); K + 4 <= 16 (circomlib Poseidon).
/// @param MB market id bits.
/// Constraints (K = 8): Poseidon(12) = 504.
template RiskParams(K, MB) {
    assert(K + 4 <= 16);
    signal input marketId;
    signal input unit;
    signal input penaltyBps;
    signal input lotSize;
    signal input rows[K];
    signal output hash;

    // "zkliq.risk.v1" as a field element.
    var TAG = 0x7a6b6c69712e7269736b2e7631;

    component h = Poseidon(K + 4);
    h.inputs[0] <== TAG * (1 << MB) + marketId;
    h.inputs[1] <== unit;
    h.inputs[2] <== penaltyBps;
    h.inputs[3] <== lotSize;
    for (var i = 0; i < K; i++) h.inputs[4 + i] <== rows[i];
    hash <== h.out;
}
