// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title SBYTE — the SIGMA economy token (stake, plugin fees, marketplace).
/// @notice Plain OpenZeppelin ERC-20 with 18 decimals and a role-gated mint. On the local chain the deployer
///         holds MINTER_ROLE; on a real network the token is whatever the deployment names.
contract SBYTE is ERC20, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    constructor(address admin) ERC20("Soulbyte", "SBYTE") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    /// @notice Create `amount` (smallest units) for `to`. Only MINTER_ROLE.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }
}
