pragma circom 2.1.0;

/// Number of bits of an index into K rows (K a power of two).
function rowIndexBits(K) {
    var L = 0;
    while ((1 << L) < K) L++;
    return L;
}

/// Depth of node j in a heap-ordered binary tree (root j = 1 has depth 0).
function heapDepth(j) {
    var d = 0;
    while ((2 << d) <= j) d++;
    return d;
}

/// @title RowSelect
/// @notice out = rows[index] with index = sum bits[l] * 2^l, as a binary multiplexer tree.
/// @dev ASSUMES every bit is boolean (the caller range-checks the index with Num2Bits(L), which
///      pins the bits). With boolean bits each node is exactly one of its two children, so out is
///      one of the rows: the one the bits name. Cheaper than a one-hot selector (K - 1 vs 2K).
/// @param K number of rows, a power of two.
/// Constraints: K - 1 (7 for K = 8).
template RowSelect(K) {
    var L = rowIndexBits(K);
    assert(K >= 2 && (1 << L) == K);
    signal input bits[L];
    signal input rows[K];
    signal output out;

    // node[1] is the root, node[K + i] = rows[i]; node j's children are 2j and 2j + 1.
    signal node[2 * K];
    for (var i = 0; i < K; i++) node[K + i] <== rows[i];
    for (var j = K - 1; j >= 1; j--) {
        // The root splits on the top bit, the last level on bit 0.
        node[j] <== node[2 * j] + bits[L - 1 - heapDepth(j)] * (node[2 * j + 1] - node[2 * j]);
    }
    out <== node[1];
}
