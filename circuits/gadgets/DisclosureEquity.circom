pragma circom 2.1.0;

/// Bits that bound both parts (pos, neg) of the equity split made by DisclosureEquity.
function disclosureEquityBits(SB, PB, CB, FB) {
    var XB = (PB > FB ? PB : FB) + 1;                    // bits of X and Y below
    return (CB > SB + XB ? CB : SB + XB) + 1;
}

/// @title DisclosureEquity
/// @notice Splits a position's signed equity at `markPrice` into two non-negative parts and
///         outputs its notional, so callers can compare equity without field wrap-around:
///           X = markPrice + entryFunding, Y = entryPrice + fundingIndex, M = long ? X : Y
///           pos = collateral + size*M,   neg = size*(X + Y - M),   notional = size*markPrice
///           equity = pos - neg = collateral + s*size*(markPrice - entryPrice) - s*size*(fundingIndex - entryFunding)
///         with s = +1 for a long (side 0), -1 for a short (side 1). Equity may be negative (neg > pos).
///         The funding indices carry the same 2^(FB-1) offset, which cancels in pos - neg.
///         Shared by the claims that need no maintenance requirement (the liquidation-price claim
///         evaluates equity at its bound price instead, in DisclosureLiquidationBound).
/// @dev ASSUMES every input is range-checked by the caller (side to 1 bit, the others to SB, PB,
///      CB, FB bits): PositionCommitment / PriceCommitment do that. Then pos, neg < 2^disclosureEquityBits
///      and notional < 2^(SB+PB).
/// @param SB size bits, PB price bits, CB collateral bits, FB funding-index bits.
/// Constraints: 4 products (M, pos, neg, notional); the sums are linear.
template DisclosureEquity(SB, PB, CB, FB) {
    assert(disclosureEquityBits(SB, PB, CB, FB) <= 252);

    signal input side;
    signal input size;
    signal input entryPrice;
    signal input collateral;
    signal input entryFunding;
    signal input markPrice;
    signal input fundingIndex;
    signal output pos;
    signal output neg;
    signal output notional;

    signal x <== markPrice + entryFunding;
    signal y <== entryPrice + fundingIndex;
    signal m <== x + side * (y - x);
    pos <== collateral + size * m;
    neg <== size * (x + y - m);
    notional <== size * markPrice;
}
