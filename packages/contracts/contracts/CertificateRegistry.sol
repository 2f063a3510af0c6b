// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title CertificateRegistry — anchors SIGMA certificate payload hashes.
/// @notice One commitment per submission key, written once by ISSUER_ROLE, revocable (finally) by
///         ISSUER_ROLE with a reason. Key = keccak256(utf8(submissionId)) where submissionId is the
///         24-hex-digit lowercase SIGMA id (see docs/contracts.md). The block number of the commit is kept in
///         state so a reader can find the commit transaction with one filtered getLogs on that block.
contract CertificateRegistry is AccessControl {
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    struct Commitment {
        bytes32 payloadHash;
        address issuer;
        uint64 blockNumber;
        uint64 committedAt;
        uint64 revokedAt;
        uint64 revokedBlockNumber;
        string revocationReason;
    }

    mapping(bytes32 => Commitment) private _commitments;
    uint256 public commitmentCount;

    event CertificateCommitted(bytes32 indexed key, bytes32 indexed payloadHash, address indexed issuer);
    event CertificateRevoked(bytes32 indexed key, address indexed revoker, string reason);

    error ZeroKey();
    error ZeroPayloadHash();
    error AlreadyCommitted(bytes32 key, bytes32 existingPayloadHash);
    error NotCommitted(bytes32 key);
    error AlreadyRevoked(bytes32 key);
    error EmptyReason();

    constructor(address admin, address issuer) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (issuer != address(0)) _grantRole(ISSUER_ROLE, issuer);
    }

    /// @notice Commit `payloadHash` under `key`. Once per key; a second commit reverts with AlreadyCommitted
    ///         (whatever the hash) so a commitment can never be rewritten.
    function commit(bytes32 key, bytes32 payloadHash) external onlyRole(ISSUER_ROLE) {
        if (key == bytes32(0)) revert ZeroKey();
        if (payloadHash == bytes32(0)) revert ZeroPayloadHash();
        Commitment storage c = _commitments[key];
        if (c.payloadHash != bytes32(0)) revert AlreadyCommitted(key, c.payloadHash);
        c.payloadHash = payloadHash;
        c.issuer = msg.sender;
        c.blockNumber = uint64(block.number);
        c.committedAt = uint64(block.timestamp);
        unchecked {
            commitmentCount += 1;
        }
        emit CertificateCommitted(key, payloadHash, msg.sender);
    }

    /// @notice Revoke the commitment under `key`, with a non-empty reason. Final.
    function revoke(bytes32 key, string calldata reason) external onlyRole(ISSUER_ROLE) {
        Commitment storage c = _commitments[key];
        if (c.payloadHash == bytes32(0)) revert NotCommitted(key);
        if (c.revokedAt != 0) revert AlreadyRevoked(key);
        if (bytes(reason).length == 0) revert EmptyReason();
        c.revokedAt = uint64(block.timestamp);
        c.revokedBlockNumber = uint64(block.number);
        c.revocationReason = reason;
        emit CertificateRevoked(key, msg.sender, reason);
    }

    /// @notice The full record for `key` (all zero when never committed).
    function getCommitment(bytes32 key) external view returns (Commitment memory) {
        return _commitments[key];
    }

    function payloadHashOf(bytes32 key) external view returns (bytes32) {
        return _commitments[key].payloadHash;
    }

    function isCommitted(bytes32 key) external view returns (bool) {
        return _commitments[key].payloadHash != bytes32(0);
    }

    function isRevoked(bytes32 key) external view returns (bool) {
        return _commitments[key].revokedAt != 0;
    }

    /// @notice True when `key` holds exactly `payloadHash` and is not revoked.
    function verify(bytes32 key, bytes32 payloadHash) external view returns (bool) {
        Commitment storage c = _commitments[key];
        return payloadHash != bytes32(0) && c.payloadHash == payloadHash && c.revokedAt == 0;
    }
}
