// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title SigmaTreasury — holds the platform's USDC and SBYTE and pays out by role.
/// @notice Receives tokens either by plain transfer (x402 settlements, marketplace fees, slashed stake) or by
///         `deposit` (pull with allowance, emits Deposited with a reference). PAYER_ROLE pays round payouts
///         and refunds with a 32-byte reference (e.g. keccak256 of the round or ledger entry id).
///         Only tokens the admin enabled can be deposited or paid out.
contract SigmaTreasury is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant PAYER_ROLE = keccak256("PAYER_ROLE");

    mapping(address => bool) public supportedToken;

    event TokenSupportSet(address indexed token, bool supported);
    event Deposited(address indexed token, address indexed from, uint256 amount, bytes32 indexed ref);
    event Paid(address indexed token, address indexed to, uint256 amount, bytes32 indexed ref, address payer);

    error UnsupportedToken(address token);
    error ZeroAddress();
    error ZeroAmount();
    error LengthMismatch(uint256 recipients, uint256 amounts);
    error InsufficientTreasuryBalance(address token, uint256 balance, uint256 needed);

    constructor(address admin, address usdc, address sbyte) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setSupported(usdc, true);
        _setSupported(sbyte, true);
    }

    function setSupportedToken(address token, bool supported) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSupported(token, supported);
    }

    /// @notice Pull `amount` of `token` from the caller (needs an allowance) and record `ref`.
    function deposit(address token, uint256 amount, bytes32 ref) external {
        if (!supportedToken[token]) revert UnsupportedToken(token);
        if (amount == 0) revert ZeroAmount();
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(token, msg.sender, amount, ref);
    }

    /// @notice Pay `amount` of `token` to `to`. Only PAYER_ROLE.
    function pay(address token, address to, uint256 amount, bytes32 ref) external onlyRole(PAYER_ROLE) {
        _checkToken(token);
        _requireBalance(token, amount);
        _pay(token, to, amount, ref);
    }

    /// @notice Pay several recipients of one round in one transaction (all or nothing). Only PAYER_ROLE.
    function payBatch(address token, address[] calldata to, uint256[] calldata amounts, bytes32 ref)
        external
        onlyRole(PAYER_ROLE)
    {
        _checkToken(token);
        if (to.length != amounts.length) revert LengthMismatch(to.length, amounts.length);
        uint256 total;
        for (uint256 i = 0; i < amounts.length; i++) {
            total += amounts[i];
        }
        _requireBalance(token, total);
        for (uint256 i = 0; i < to.length; i++) {
            _pay(token, to[i], amounts[i], ref);
        }
    }

    function balanceOf(address token) external view returns (uint256) {
        return IERC20(token).balanceOf(address(this));
    }

    function _pay(address token, address to, uint256 amount, bytes32 ref) private {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        IERC20(token).safeTransfer(to, amount);
        emit Paid(token, to, amount, ref, msg.sender);
    }

    function _checkToken(address token) private view {
        if (!supportedToken[token]) revert UnsupportedToken(token);
    }

    function _requireBalance(address token, uint256 needed) private view {
        uint256 bal = IERC20(token).balanceOf(address(this));
        if (bal < needed) revert InsufficientTreasuryBalance(token, bal, needed);
    }

    function _setSupported(address token, bool supported) private {
        if (token == address(0)) revert ZeroAddress();
        supportedToken[token] = supported;
        emit TokenSupportSet(token, supported);
    }
}
