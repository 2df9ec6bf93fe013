pragma circom 2.1.0;

include "RowSelect.circom";
include "TierRow.circom";

/// @title TierLine
/// @notice The maintenance line of the tier the bits pick, evaluated at a notional, in two
///         non-negative parts (value units times 10000):
///           line(notional) = mmrTimesNotional - cumTimesUnit = mmrBps_t * notional - cumBps_t * unit
///         With rates rising by tier and cum derived as the venues do, the maintenance requirement
///         is MM(N) = max_t line_t(N) / 10000 (convex, piecewise linear), so every line is a lower
///         bound of the requirement, and the line of N's own tier equals it.
/// @dev ASSUMES rows are bound to a verified table (RiskParams) and bits are boolean.
///      Outputs are < 2^(RB + bits(notional)) and < 2^(CQB + bits(unit)).
/// @param K rows (a power of two), RB rate bits, CQB cum bits.
/// Constraints: (K - 1) + (RB + CQB) + 2 = 77 for K = 8, RB = 14, CQB = 54.
template TierLine(K, RB, CQB) {
    var L = rowIndexBits(K);
    signal input rows[K];
    signal input bits[L];
    signal input notional;
    signal input unit;
    signal output mmrTimesNotional;
    signal output cumTimesUnit;

    component mux = RowSelect(K);
    mux.bits <== bits;
    mux.rows <== rows;
    signal word <== mux.out;
    component row = TierRow(RB, CQB);
    row.word <== word;
    mmrTimesNotional <== row.mmrBps * notional;
    cumTimesUnit <== row.cumBps * unit;
}
