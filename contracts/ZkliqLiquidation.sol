// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationHook} from "./ILiquidationHook.sol";
import {ILiquidationVerifier} from "./ILiquidationVerifier.sol";

/// @title ZkliqLiquidation: a registry of private position commitments whose liquidations are
/// authorised by zero-knowledge proofs.
/// @notice A position is registered by its Poseidon commitment only (side, size, entry price and
/// collateral stay private). Anyone may liquidate an open position by proving, for an oracle-signed
/// price commitment, that the committed position is below its market's maintenance margin; the
/// proof binds the liquidator's address, so only msg.sender can use it.
///
/// What binds what:
///   - the proof's public signals are built HERE, not taken from the caller:
///     [commitment, price.priceCommitment, riskParams[position's market], msg.sender];
///   - the price commitment is attested by an oracle over EIP-712 with this chain id and this
///     contract's address in the domain, so an attestation (and with it the proof's use) cannot be
///     replayed on another chain or another deployment;
///   - replay protection is keyed on the position commitment (its status), never on proof bytes:
///     Groth16 proofs are malleable ((-A, -B, C) verifies too).
/// The registry holds no funds: settlement is the venue's (see ILiquidationHook).
contract ZkliqLiquidation {
    /// BN254 scalar field order: every public input must be below it.
    uint256 internal constant FIELD_ORDER =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// secp256k1 order / 2: signatures with a larger s are the malleated twin of a low-s one.
    uint256 internal constant HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant PRICE_TYPEHASH =
        keccak256("PriceAttestation(uint32 marketId,uint64 timestamp,uint256 priceCommitment)");
    bytes32 internal constant NAME_HASH = keccak256("zkliq");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    enum Status {
        None,
        Open,
        Liquidated,
        Closed
    }

    /// One storage slot per position.
    struct Position {
        address owner;
        uint32 marketId;
        Status status;
    }

    /// What the oracle signs (EIP-712 type PriceAttestation), as in src/attestation.ts.
    struct PriceAttestation {
        uint32 marketId;
        uint64 timestamp;
        uint256 priceCommitment;
    }

    /// A Groth16 proof in the verifier's encoding (B's Fp2 coordinates as [imaginary, real]), and
    /// the liquidator address bound into it (public signal #4), which must be msg.sender.
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
        address liquidator;
    }

    ILiquidationVerifier public immutable verifier;
    /// The venue called on open and liquidation (zero: none). Fixed at deployment: a registry
    /// serves one venue, and neither side can swap the other out later.
    ILiquidationHook public immutable hook;
    uint256 private immutable cachedChainId;
    bytes32 private immutable cachedDomainSeparator;

    address public admin;

    /// The oracle set: each oracle's maximum price age in seconds (oracles differ in heartbeat);
    /// zero means "not an oracle". One storage read answers both questions per liquidation.
    mapping(address oracle => uint64 maxPriceAge) public oracleMaxPriceAge;
    /// Public input #3 each market's proofs must carry: today the flat maintenance rate in basis
    /// points; a hash of the market's risk-parameter table when the circuit publishes one.
    /// Zero means "no such market".
    mapping(uint32 marketId => uint256) public riskParams;
    mapping(uint256 commitment => Position) public positions;

    event PositionOpened(uint256 indexed commitment, address indexed owner, uint32 marketId);
    event PositionLiquidated(
        uint256 indexed commitment,
        address indexed owner,
        address indexed liquidator,
        uint32 marketId,
        uint256 priceCommitment,
        uint64 priceTimestamp
    );
    event PositionClosed(uint256 indexed commitment, address indexed owner, address by);
    /// maxPriceAge zero: the oracle was removed.
    event OracleSet(address indexed oracle, uint64 maxPriceAge);
    event MarketSet(uint32 indexed marketId, uint256 riskParams);
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);

    error NotAdmin(address caller);
    error ZeroAddress();
    error NotAContract(address account);
    error LengthMismatch();
    error InvalidRiskParams(uint32 marketId, uint256 riskParams);
    error UnknownMarket(uint32 marketId);
    error PositionAlreadyRegistered(uint256 commitment);
    error PositionNotOpen(uint256 commitment);
    error PositionAlreadyLiquidated(uint256 commitment);
    error NotAllowedToClose(address caller);
    /// `index` is the public signal's position: 0 commitment, 1 price commitment, 2 risk params.
    error PublicInputNotInField(uint256 index, uint256 value);
    error LiquidatorNotSender(address boundLiquidator, address sender);
    error MarketMismatch(uint32 positionMarket, uint32 attestedMarket);
    error PriceFromFuture(uint64 priceTimestamp, uint256 blockTimestamp);
    error PriceTooOld(uint64 priceTimestamp, uint256 blockTimestamp, uint64 maxPriceAge);
    error InvalidSignature();
    error OracleNotAuthorised(address signer);
    error InvalidProof();

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        _;
    }

    /// @param hook_ the venue (zero for none); it may not exist yet (deploy the venue next and
    /// let it learn this registry's address), so it is not checked for code.
    /// @param oracles with `maxPriceAges`: the initial oracle set and each one's maximum price age.
    /// @param marketIds with `marketRiskParams`: the initial markets (see riskParams).
    constructor(
        ILiquidationVerifier verifier_,
        ILiquidationHook hook_,
        address admin_,
        address[] memory oracles,
        uint64[] memory maxPriceAges,
        uint32[] memory marketIds,
        uint256[] memory marketRiskParams
    ) {
        if (address(verifier_).code.length == 0) revert NotAContract(address(verifier_));
        if (admin_ == address(0)) revert ZeroAddress();
        if (oracles.length != maxPriceAges.length || marketIds.length != marketRiskParams.length) revert LengthMismatch();
        verifier = verifier_;
        hook = hook_;
        cachedChainId = block.chainid;
        cachedDomainSeparator = _buildDomainSeparator();
        admin = admin_;
        emit AdminTransferred(address(0), admin_);
        for (uint256 i; i < oracles.length; ++i) _setOracle(oracles[i], maxPriceAges[i]);
        for (uint256 i; i < marketIds.length; ++i) _setMarket(marketIds[i], marketRiskParams[i]);
    }

    // ---------------------------------------------------------------- positions

    /// @notice Register a position commitment on `marketId`; msg.sender is recorded as its owner.
    /// With a hook set, the venue may refuse (e.g. no collateral escrowed for this commitment).
    function open(uint256 commitment, uint32 marketId) external {
        if (commitment >= FIELD_ORDER) revert PublicInputNotInField(0, commitment);
        if (riskParams[marketId] == 0) revert UnknownMarket(marketId);
        if (positions[commitment].status != Status.None) revert PositionAlreadyRegistered(commitment);
        positions[commitment] = Position({owner: msg.sender, marketId: marketId, status: Status.Open});
        emit PositionOpened(commitment, msg.sender, marketId);
        if (address(hook) != address(0)) hook.onOpen(commitment, msg.sender, marketId);
    }

    /// @notice Remove an open position after a normal close. Only the venue (the hook) may do this
    /// once a hook is set; without one, the owner may. A closed commitment can never be reopened.
    function close(uint256 commitment) external {
        Position storage pos = positions[commitment];
        _requireOpen(pos.status, commitment);
        if (address(hook) != address(0) ? msg.sender != address(hook) : msg.sender != pos.owner) {
            revert NotAllowedToClose(msg.sender);
        }
        pos.status = Status.Closed;
        emit PositionClosed(commitment, pos.owner, msg.sender);
    }

    /// @notice Liquidate the open position under `commitment` with a proof that it is below its
    /// market's maintenance margin at the oracle-signed `price`. msg.sender must be the liquidator
    /// bound in the proof. Every refusal is a named error.
    function liquidate(
        uint256 commitment,
        PriceAttestation calldata price,
        bytes calldata signature,
        Proof calldata proof
    ) external {
        // Front-running: someone replaying this calldata is not the bound liquidator. (Editing
        // proof.liquidator does not help: the proof is verified for msg.sender below.)
        if (proof.liquidator != msg.sender) revert LiquidatorNotSender(proof.liquidator, msg.sender);

        Position storage pos = positions[commitment];
        Position memory p = pos;
        _requireOpen(p.status, commitment);
        if (price.marketId != p.marketId) revert MarketMismatch(p.marketId, price.marketId);
        _checkPrice(price, signature);

        // Public inputs, each below the field order: the commitment was checked by open(), risk
        // params by _setMarket(), the price commitment by _checkPrice(); the liquidator is 160 bits.
        uint256[4] memory pub = [commitment, price.priceCommitment, riskParams[p.marketId], uint256(uint160(msg.sender))];
        if (!verifier.verifyProof(proof.a, proof.b, proof.c, pub)) revert InvalidProof();

        pos.status = Status.Liquidated;
        emit PositionLiquidated(commitment, p.owner, msg.sender, p.marketId, price.priceCommitment, price.timestamp);
        if (address(hook) != address(0)) {
            hook.onLiquidate(commitment, p.owner, msg.sender, p.marketId, price.priceCommitment, price.timestamp);
        }
    }

    // ---------------------------------------------------------------- views

    /// @notice EIP-712 domain separator of price attestations for this deployment.
    function domainSeparator() public view returns (bytes32) {
        return block.chainid == cachedChainId ? cachedDomainSeparator : _buildDomainSeparator();
    }

    /// @notice The EIP-712 digest an oracle signs for `price` on this deployment.
    function priceDigest(PriceAttestation calldata price) external view returns (bytes32) {
        return _priceDigest(price);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Add an oracle, change its maximum price age (seconds), or remove it (zero).
    function setOracle(address oracle, uint64 maxPriceAge) external onlyAdmin {
        _setOracle(oracle, maxPriceAge);
    }

    /// @notice Add a market or change its risk parameters (public input #3 of its proofs).
    /// Markets cannot be removed: that would freeze the liquidation of their open positions.
    function setMarket(uint32 marketId, uint256 riskParams_) external onlyAdmin {
        _setMarket(marketId, riskParams_);
    }

    function transferAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        emit AdminTransferred(admin, newAdmin);
        admin = newAdmin;
    }

    // ---------------------------------------------------------------- internals

    function _setOracle(address oracle, uint64 maxPriceAge) internal {
        if (oracle == address(0)) revert ZeroAddress();
        oracleMaxPriceAge[oracle] = maxPriceAge;
        emit OracleSet(oracle, maxPriceAge);
    }

    function _setMarket(uint32 marketId, uint256 riskParams_) internal {
        if (riskParams_ == 0 || riskParams_ >= FIELD_ORDER) revert InvalidRiskParams(marketId, riskParams_);
        riskParams[marketId] = riskParams_;
        emit MarketSet(marketId, riskParams_);
    }

    /// The price is not from the future, signed by an oracle for this chain and deployment, not
    /// older than that oracle's maximum price age, and its commitment is a field element.
    function _checkPrice(PriceAttestation calldata price, bytes calldata signature) internal view {
        if (price.timestamp > block.timestamp) revert PriceFromFuture(price.timestamp, block.timestamp);
        address signer = _recover(_priceDigest(price), signature);
        uint64 maxAge = oracleMaxPriceAge[signer];
        if (maxAge == 0) revert OracleNotAuthorised(signer);
        if (block.timestamp - price.timestamp > maxAge) revert PriceTooOld(price.timestamp, block.timestamp, maxAge);
        if (price.priceCommitment >= FIELD_ORDER) revert PublicInputNotInField(1, price.priceCommitment);
    }

    function _requireOpen(Status status, uint256 commitment) internal pure {
        if (status == Status.Open) return;
        if (status == Status.Liquidated) revert PositionAlreadyLiquidated(commitment);
        revert PositionNotOpen(commitment);
    }

    function _buildDomainSeparator() internal view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function _priceDigest(PriceAttestation calldata price) internal view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(PRICE_TYPEHASH, price.marketId, price.timestamp, price.priceCommitment));
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    /// ecrecover of a 65-byte (r, s, v) signature, refusing high-s and bad v (malleable twins)
    /// and the zero address ecrecover returns for garbage.
    function _recover(bytes32 digest, bytes calldata signature) internal pure returns (address signer) {
        if (signature.length != 65) revert InvalidSignature();
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(signature.offset)
            s := calldataload(add(signature.offset, 32))
            v := byte(0, calldataload(add(signature.offset, 64)))
        }
        if (uint256(s) > HALF_CURVE_ORDER || (v != 27 && v != 28)) revert InvalidSignature();
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature();
    }
}
