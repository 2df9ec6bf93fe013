pragma circom 2.1.0;

/// @title UnitMove
/// @notice Splits one size unit's mark-to-market value, net of funding, into two non-negative parts
///         so that no signed value ever enters the field:
///           up - down = s * ((markPrice - entryPrice) - (fundingIndex - entryFunding))
///         with s = +1 for a long (side 0) and -1 for a short (side 1):
///           X = markPrice + entryFunding, Y = entryPrice + fundingIndex,
///           long: up = X, down = Y;   short: up = Y, down = X.
///         A position of size q then has equity = collateral + q*up - q*down (the margin-math guide's
///         collateral + PnL - funding owed), and closing d units realises d*up - d*down.
/// @dev ASSUMES side is 0 or 1 and the prices / funding indices are range-checked by the caller
///      (PositionCommitment and PriceCommitment do it); then up, down < 2^(max(PB, FB) + 1).
///      The funding indices carry the same 2^(FB-1) offset, which cancels in up - down.
/// Constraints: 1.
template UnitMove() {
    signal input side;
    signal input markPrice;
    signal input entryPrice;
    signal input fundingIndex;
    signal input entryFunding;
    signal output up;
    signal output down;

    signal x <== markPrice + entryFunding;
    signal y <== entryPrice + fundingIndex;
    up <== x + side * (y - x);
    down <== x + y - up;
}
