// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationHook} from "../ILiquidationHook.sol";

/// @title ExampleVenue: a minimal venue behind the zkliq registry (an example, not a product)
/// @notice Shows the integration: the trader escrows collateral (ETH) for a position commitment,
/// then registers the commitment with the registry, which asks this venue (onOpen) whether the
/// escrow is there. When a liquidator's proof is accepted, the registry calls onLiquidate and the
/// venue seizes the escrow: a reward for the liquidator, the rest to the insurance fund, both
/// credited for withdrawal (pull payments, so a reverting recipient cannot block a liquidation).
/// A real venue also settles PnL on normal closes (it knows, or is shown, the position opening)
/// and then calls registry.close(commitment); that part is left out here.
///
/// Wiring: deploy the registry with this venue's future address as its hook (the deployer's next
/// CREATE address), then deploy this venue with the registry's address.
contract ExampleVenue is ILiquidationHook {
    address public immutable registry;
    address public immutable insuranceFund;
    /// Share of a seized escrow paid to the liquidator, in basis points.
    uint16 public immutable liquidatorRewardBps;

    struct Escrow {
        address trader;
        uint96 amount;
    }

    mapping(uint256 commitment => Escrow) public escrows;
    mapping(address account => uint256) public withdrawable;

    event Deposited(uint256 indexed commitment, address indexed trader, uint256 amount);
    event Seized(uint256 indexed commitment, address indexed liquidator, uint256 reward, uint256 toInsurance);

    error NotRegistry(address caller);
    error EscrowExists(uint256 commitment);
    error NoEscrow(uint256 commitment, address owner);
    error BadAmount();
    error TransferFailed();

    modifier onlyRegistry() {
        if (msg.sender != registry) revert NotRegistry(msg.sender);
        _;
    }

    constructor(address registry_, address insuranceFund_, uint16 liquidatorRewardBps_) {
        if (liquidatorRewardBps_ > 10_000) revert BadAmount();
        registry = registry_;
        insuranceFund = insuranceFund_;
        liquidatorRewardBps = liquidatorRewardBps_;
    }

    /// Escrow collateral for a position commitment, before registering it with the registry.
    function deposit(uint256 commitment) external payable {
        if (escrows[commitment].trader != address(0)) revert EscrowExists(commitment);
        if (msg.value == 0 || msg.value > type(uint96).max) revert BadAmount();
        escrows[commitment] = Escrow(msg.sender, uint96(msg.value));
        emit Deposited(commitment, msg.sender, msg.value);
    }

    function onOpen(uint256 commitment, address owner, uint32) external view onlyRegistry {
        if (escrows[commitment].trader != owner) revert NoEscrow(commitment, owner);
    }

    function onLiquidate(uint256 commitment, address, address liquidator, uint32, uint256, uint64)
        external
        onlyRegistry
    {
        uint256 amount = escrows[commitment].amount;
        delete escrows[commitment];
        uint256 reward = (amount * liquidatorRewardBps) / 10_000;
        withdrawable[liquidator] += reward;
        withdrawable[insuranceFund] += amount - reward;
        emit Seized(commitment, liquidator, reward, amount - reward);
    }

    function withdraw() external {
        uint256 amount = withdrawable[msg.sender];
        withdrawable[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }
}
