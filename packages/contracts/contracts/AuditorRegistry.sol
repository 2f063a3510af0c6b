// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title AuditorRegistry — validator registration, SBYTE stake, unstake cooldown and slashing.
/// @notice An owner wallet registers at most one validator (ids start at 1) with a session key (unique across
///         validators). The owner stakes SBYTE, requests an unstake (moved to `pendingUnstake`, unlocked after
///         `unstakeCooldown` seconds; a further request adds to it and restarts the cooldown) and withdraws after
///         the cooldown. GOVERNANCE_ROLE slashes: first from active stake, then from the pending unstake (so a
///         pending request does not escape a slash); slashed SBYTE goes to the treasury.
///         Status (ACTIVE, SUSPENDED, ...), reputation and eligibility live off chain.
contract AuditorRegistry is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    uint64 public constant MAX_UNSTAKE_COOLDOWN = 90 days;
    uint16 public constant BPS_DENOMINATOR = 10_000;

    struct Validator {
        address owner;
        address sessionKey;
        uint256 stake;
        uint256 pendingUnstake;
        uint64 unlockAt;
        uint64 registeredAt;
        uint256 slashedTotal;
    }

    IERC20 public immutable sbyte;
    address public treasury;
    uint64 public unstakeCooldown;
    uint256 public validatorCount;
    uint256 public totalStaked;

    mapping(uint256 => Validator) private _validators;
    mapping(address => uint256) public validatorIdOf;
    mapping(address => uint256) public validatorIdBySessionKey;

    event ValidatorRegistered(uint256 indexed validatorId, address indexed owner, address indexed sessionKey);
    event SessionKeyChanged(uint256 indexed validatorId, address indexed oldSessionKey, address indexed newSessionKey);
    event Staked(uint256 indexed validatorId, uint256 amount, uint256 newStake);
    event UnstakeRequested(uint256 indexed validatorId, uint256 amount, uint256 pendingUnstake, uint64 unlockAt);
    event Withdrawn(uint256 indexed validatorId, address indexed owner, uint256 amount);
    event Slashed(
        uint256 indexed validatorId,
        uint256 amount,
        uint256 fromStake,
        uint256 fromPending,
        address indexed by,
        string reason
    );
    event UnstakeCooldownChanged(uint64 oldCooldown, uint64 newCooldown);
    event TreasuryChanged(address indexed oldTreasury, address indexed newTreasury);

    error ZeroAddress();
    error ZeroAmount();
    error AlreadyRegistered(address owner, uint256 validatorId);
    error SessionKeyInUse(address sessionKey, uint256 validatorId);
    error NotRegistered(address owner);
    error UnknownValidator(uint256 validatorId);
    error InsufficientStake(uint256 stake, uint256 requested);
    error NothingToWithdraw(uint256 validatorId);
    error CooldownActive(uint64 unlockAt, uint256 nowTimestamp);
    error SlashExceedsStake(uint256 validatorId, uint256 requested, uint256 available);
    error InvalidBasisPoints(uint256 bps);
    error CooldownTooLong(uint64 cooldown, uint64 max);
    error EmptyReason();

    constructor(address admin, address governance, IERC20 sbyteToken, address treasury_, uint64 cooldown) {
        if (admin == address(0) || address(sbyteToken) == address(0) || treasury_ == address(0)) revert ZeroAddress();
        if (cooldown > MAX_UNSTAKE_COOLDOWN) revert CooldownTooLong(cooldown, MAX_UNSTAKE_COOLDOWN);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (governance != address(0)) _grantRole(GOVERNANCE_ROLE, governance);
        sbyte = sbyteToken;
        treasury = treasury_;
        unstakeCooldown = cooldown;
    }

    // ------------------------------------------------------------------ validator (owner) actions

    /// @notice Register the caller as a validator owner with `sessionKey`. Returns the new validator id.
    function register(address sessionKey) external returns (uint256 validatorId) {
        if (sessionKey == address(0)) revert ZeroAddress();
        uint256 existing = validatorIdOf[msg.sender];
        if (existing != 0) revert AlreadyRegistered(msg.sender, existing);
        uint256 keyOwner = validatorIdBySessionKey[sessionKey];
        if (keyOwner != 0) revert SessionKeyInUse(sessionKey, keyOwner);
        validatorId = ++validatorCount;
        Validator storage v = _validators[validatorId];
        v.owner = msg.sender;
        v.sessionKey = sessionKey;
        v.registeredAt = uint64(block.timestamp);
        validatorIdOf[msg.sender] = validatorId;
        validatorIdBySessionKey[sessionKey] = validatorId;
        emit ValidatorRegistered(validatorId, msg.sender, sessionKey);
    }

    /// @notice Rotate the caller's validator session key.
    function setSessionKey(address newSessionKey) external {
        if (newSessionKey == address(0)) revert ZeroAddress();
        uint256 id = _idOfCaller();
        uint256 keyOwner = validatorIdBySessionKey[newSessionKey];
        if (keyOwner != 0) revert SessionKeyInUse(newSessionKey, keyOwner);
        Validator storage v = _validators[id];
        address old = v.sessionKey;
        delete validatorIdBySessionKey[old];
        v.sessionKey = newSessionKey;
        validatorIdBySessionKey[newSessionKey] = id;
        emit SessionKeyChanged(id, old, newSessionKey);
    }

    /// @notice Add `amount` SBYTE (needs an allowance) to the caller's validator stake.
    function stake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 id = _idOfCaller();
        Validator storage v = _validators[id];
        v.stake += amount;
        totalStaked += amount;
        sbyte.safeTransferFrom(msg.sender, address(this), amount);
        emit Staked(id, amount, v.stake);
    }

    /// @notice Move `amount` from stake to the pending unstake; it unlocks `unstakeCooldown` seconds from now.
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 id = _idOfCaller();
        Validator storage v = _validators[id];
        if (amount > v.stake) revert InsufficientStake(v.stake, amount);
        v.stake -= amount;
        v.pendingUnstake += amount;
        v.unlockAt = uint64(block.timestamp) + unstakeCooldown;
        emit UnstakeRequested(id, amount, v.pendingUnstake, v.unlockAt);
    }

    /// @notice Withdraw the whole pending unstake after the cooldown.
    function withdraw() external {
        uint256 id = _idOfCaller();
        Validator storage v = _validators[id];
        uint256 amount = v.pendingUnstake;
        if (amount == 0) revert NothingToWithdraw(id);
        if (block.timestamp < v.unlockAt) revert CooldownActive(v.unlockAt, block.timestamp);
        v.pendingUnstake = 0;
        v.unlockAt = 0;
        totalStaked -= amount;
        sbyte.safeTransfer(msg.sender, amount);
        emit Withdrawn(id, msg.sender, amount);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Slash `amount` SBYTE from validator `validatorId` to the treasury. Only GOVERNANCE_ROLE.
    function slash(uint256 validatorId, uint256 amount, string calldata reason) external onlyRole(GOVERNANCE_ROLE) {
        _slash(validatorId, amount, reason);
    }

    /// @notice Slash `bps` basis points (1..10000) of the validator's stake plus pending unstake, rounded down.
    function slashBasisPoints(uint256 validatorId, uint256 bps, string calldata reason)
        external
        onlyRole(GOVERNANCE_ROLE)
        returns (uint256 amount)
    {
        if (bps == 0 || bps > BPS_DENOMINATOR) revert InvalidBasisPoints(bps);
        Validator storage v = _requireValidator(validatorId);
        amount = ((v.stake + v.pendingUnstake) * bps) / BPS_DENOMINATOR;
        _slash(validatorId, amount, reason);
    }

    function setUnstakeCooldown(uint64 cooldown) external onlyRole(GOVERNANCE_ROLE) {
        if (cooldown > MAX_UNSTAKE_COOLDOWN) revert CooldownTooLong(cooldown, MAX_UNSTAKE_COOLDOWN);
        emit UnstakeCooldownChanged(unstakeCooldown, cooldown);
        unstakeCooldown = cooldown;
    }

    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryChanged(treasury, newTreasury);
        treasury = newTreasury;
    }

    // ------------------------------------------------------------------ views

    function getValidator(uint256 validatorId) external view returns (Validator memory) {
        return _validators[validatorId];
    }

    // ------------------------------------------------------------------ internals

    function _slash(uint256 validatorId, uint256 amount, string calldata reason) private {
        if (amount == 0) revert ZeroAmount();
        if (bytes(reason).length == 0) revert EmptyReason();
        Validator storage v = _requireValidator(validatorId);
        uint256 available = v.stake + v.pendingUnstake;
        if (amount > available) revert SlashExceedsStake(validatorId, amount, available);
        uint256 fromStake = amount <= v.stake ? amount : v.stake;
        uint256 fromPending = amount - fromStake;
        v.stake -= fromStake;
        v.pendingUnstake -= fromPending;
        if (v.pendingUnstake == 0) v.unlockAt = 0;
        v.slashedTotal += amount;
        totalStaked -= amount;
        sbyte.safeTransfer(treasury, amount);
        emit Slashed(validatorId, amount, fromStake, fromPending, msg.sender, reason);
    }

    function _idOfCaller() private view returns (uint256 id) {
        id = validatorIdOf[msg.sender];
        if (id == 0) revert NotRegistered(msg.sender);
    }

    function _requireValidator(uint256 validatorId) private view returns (Validator storage v) {
        v = _validators[validatorId];
        if (v.owner == address(0)) revert UnknownValidator(validatorId);
    }
}
