// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The generated verifier of the liquidation circuit (artifacts/liquidation/
/// liquidation.verifier.sol, from snarkjs's Groth16 template). Public signals, in circuit order:
/// [positionCommitment, priceCommitment, riskParams (the market tier table's riskParamsHash), liquidator].
interface ILiquidationVerifier {
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[4] calldata pubSignals
    ) external view returns (bool);
}
