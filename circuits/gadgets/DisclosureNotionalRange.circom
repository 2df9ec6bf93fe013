pragma circom 2.1.0;

include "circomlib/circuits/comparators.circom";

/// @title DisclosureNotionalRange
/// @notice If `enabled`, proves notionalMin <= notional <= notionalMax (a size bucket at the
///         committed mark price). Needs no maintenance rate. If not enabled it constrains nothing.
/// @dev ASSUMES enabled is a bit and notional, notionalMin, notionalMax < 2^NTB (the caller
///      range-checks them), so both comparators are sound and always satisfiable.
/// @param NTB notional bits (size bits + price bits).
/// Constraints (NTB = 128): 2 x comparator(128) 129 + 2 gates = 260.
template DisclosureNotionalRange(NTB) {
    signal input enabled;
    signal input notional;
    signal input notionalMin;
    signal input notionalMax;

    component aboveMinCmp = GreaterEqThan(NTB);
    aboveMinCmp.in <== [notional, notionalMin];
    signal aboveMin <== aboveMinCmp.out;
    component belowMaxCmp = LessEqThan(NTB);
    belowMaxCmp.in <== [notional, notionalMax];
    signal belowMax <== belowMaxCmp.out;
    enabled * (1 - aboveMin) === 0;
    enabled * (1 - belowMax) === 0;
}
