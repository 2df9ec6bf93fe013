// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ILiquidationHook: how a venue plugs into the zkliq registry
/// @notice The registry (ZkliqLiquidation) records private position commitments and decides, by
/// checking a zero-knowledge proof, WHEN a position may be liquidated. It holds no funds. Moving
/// collateral, paying the liquidator and closing the position on the books stay with the venue's
/// own contracts, which implement this interface and are fixed as the registry's hook when the
/// registry is deployed (deploy the registry with the venue's future address, then the venue with
/// the registry's address; the SDK's deployZkliq does this with `hook`).
///
/// Call order, so a venue can trust what it is told:
///   - the registry has already done every check and written its own state before calling;
///   - it calls only the configured hook, with msg.sender == the registry;
///   - a revert in the hook reverts the whole open or liquidation (the venue can refuse).
/// A normal close is a settlement the venue performs itself; it then calls the registry's
/// close(commitment) (only the hook may close once a hook is set).
/// A venue that prefers not to be called can leave the hook unset and follow the registry's
/// events (PositionOpened, PositionLiquidated, PositionClosed) instead.
/// See contracts/examples/ExampleVenue.sol for a minimal escrow venue.
interface ILiquidationHook {
    /// A position commitment was registered by `owner` on `marketId`. Revert to refuse it
    /// (e.g. no collateral escrowed for this commitment).
    function onOpen(uint256 commitment, address owner, uint32 marketId) external;

    /// `liquidator` proved that the position under `commitment` is below its maintenance margin at
    /// the oracle-attested price `priceCommitment` (signed for `priceTimestamp`). The registry has
    /// marked it liquidated; the venue now settles (seize collateral, reward the liquidator).
    function onLiquidate(
        uint256 commitment,
        address owner,
        address liquidator,
        uint32 marketId,
        uint256 priceCommitment,
        uint64 priceTimestamp
    ) external;
}
