// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title PluginMarketplace — SBYTE marketplace for APPROVED SIGMA validator plugins.
/// @notice REGISTRAR_ROLE (the SIGMA server) records who owns an approved plugin id
///         (keccak256(utf8(pluginId)), see docs/contracts.md); only that owner can list it. A purchase pulls the
///         price from the buyer: `price * feeBps / 10000` (rounded down) to the treasury, the rest to the seller.
///         One copy per plugin per buyer. `maxPrice` protects the buyer against a price change in flight.
contract PluginMarketplace is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    uint16 public constant BPS_DENOMINATOR = 10_000;
    uint16 public constant MAX_FEE_BPS = 5_000;

    struct Listing {
        address seller;
        uint256 price;
        bool active;
        uint64 listedAt;
        uint64 salesCount;
    }

    IERC20 public immutable sbyte;
    address public treasury;
    uint16 public feeBps;

    mapping(bytes32 => address) public pluginOwner;
    mapping(bytes32 => Listing) private _listings;
    mapping(bytes32 => mapping(address => bool)) public hasPurchased;

    event PluginOwnerSet(bytes32 indexed pluginId, address indexed owner);
    event Listed(bytes32 indexed pluginId, address indexed seller, uint256 price);
    event PriceChanged(bytes32 indexed pluginId, uint256 oldPrice, uint256 newPrice);
    event Delisted(bytes32 indexed pluginId, address indexed by);
    event Purchased(
        bytes32 indexed pluginId, address indexed buyer, address indexed seller, uint256 price, uint256 fee
    );
    event FeeChanged(uint16 oldFeeBps, uint16 newFeeBps);
    event TreasuryChanged(address indexed oldTreasury, address indexed newTreasury);

    error ZeroAddress();
    error ZeroPrice();
    error FeeTooHigh(uint256 feeBps, uint256 max);
    error NotPluginOwner(bytes32 pluginId, address caller);
    error AlreadyListed(bytes32 pluginId);
    error NotListed(bytes32 pluginId);
    error NotSeller(bytes32 pluginId, address caller);
    error SellerCannotBuy(bytes32 pluginId);
    error AlreadyPurchased(bytes32 pluginId, address buyer);
    error PriceAboveMax(uint256 price, uint256 maxPrice);

    constructor(address admin, address governance, IERC20 sbyteToken, address treasury_, uint16 feeBps_) {
        if (admin == address(0) || address(sbyteToken) == address(0) || treasury_ == address(0)) revert ZeroAddress();
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (governance != address(0)) _grantRole(GOVERNANCE_ROLE, governance);
        sbyte = sbyteToken;
        treasury = treasury_;
        feeBps = feeBps_;
    }

    // ------------------------------------------------------------------ registrar (server)

    /// @notice Record the owner of an approved plugin (zero = no owner, e.g. suspended). A change of owner ends
    ///         any active listing. Only REGISTRAR_ROLE.
    function setPluginOwner(bytes32 pluginId, address owner) external onlyRole(REGISTRAR_ROLE) {
        pluginOwner[pluginId] = owner;
        emit PluginOwnerSet(pluginId, owner);
        Listing storage l = _listings[pluginId];
        if (l.active && l.seller != owner) {
            l.active = false;
            emit Delisted(pluginId, msg.sender);
        }
    }

    // ------------------------------------------------------------------ seller

    function list(bytes32 pluginId, uint256 price) external {
        if (pluginOwner[pluginId] != msg.sender) revert NotPluginOwner(pluginId, msg.sender);
        if (price == 0) revert ZeroPrice();
        Listing storage l = _listings[pluginId];
        if (l.active) revert AlreadyListed(pluginId);
        l.seller = msg.sender;
        l.price = price;
        l.active = true;
        l.listedAt = uint64(block.timestamp);
        emit Listed(pluginId, msg.sender, price);
    }

    function setPrice(bytes32 pluginId, uint256 newPrice) external {
        Listing storage l = _activeListing(pluginId);
        if (l.seller != msg.sender) revert NotSeller(pluginId, msg.sender);
        if (newPrice == 0) revert ZeroPrice();
        emit PriceChanged(pluginId, l.price, newPrice);
        l.price = newPrice;
    }

    /// @notice End a listing. The seller or REGISTRAR_ROLE (moderation) may delist.
    function delist(bytes32 pluginId) external {
        Listing storage l = _activeListing(pluginId);
        if (l.seller != msg.sender && !hasRole(REGISTRAR_ROLE, msg.sender)) revert NotSeller(pluginId, msg.sender);
        l.active = false;
        emit Delisted(pluginId, msg.sender);
    }

    // ------------------------------------------------------------------ buyer

    /// @notice Buy a copy of `pluginId`, paying at most `maxPrice` SBYTE (needs an allowance for the price).
    function buy(bytes32 pluginId, uint256 maxPrice) external returns (uint256 fee) {
        Listing storage l = _activeListing(pluginId);
        address seller = l.seller;
        uint256 price = l.price;
        if (msg.sender == seller) revert SellerCannotBuy(pluginId);
        if (hasPurchased[pluginId][msg.sender]) revert AlreadyPurchased(pluginId, msg.sender);
        if (price > maxPrice) revert PriceAboveMax(price, maxPrice);
        hasPurchased[pluginId][msg.sender] = true;
        l.salesCount += 1;
        fee = (price * feeBps) / BPS_DENOMINATOR;
        if (fee > 0) sbyte.safeTransferFrom(msg.sender, treasury, fee);
        sbyte.safeTransferFrom(msg.sender, seller, price - fee);
        emit Purchased(pluginId, msg.sender, seller, price, fee);
    }

    // ------------------------------------------------------------------ governance / admin

    function setFeeBps(uint16 newFeeBps) external onlyRole(GOVERNANCE_ROLE) {
        if (newFeeBps > MAX_FEE_BPS) revert FeeTooHigh(newFeeBps, MAX_FEE_BPS);
        emit FeeChanged(feeBps, newFeeBps);
        feeBps = newFeeBps;
    }

    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryChanged(treasury, newTreasury);
        treasury = newTreasury;
    }

    // ------------------------------------------------------------------ views

    function getListing(bytes32 pluginId) external view returns (Listing memory) {
        return _listings[pluginId];
    }

    /// @notice Fee and seller proceeds for `price` at the current fee.
    function quote(uint256 price) external view returns (uint256 fee, uint256 sellerProceeds) {
        fee = (price * feeBps) / BPS_DENOMINATOR;
        sellerProceeds = price - fee;
    }

    function _activeListing(bytes32 pluginId) private view returns (Listing storage l) {
        l = _listings[pluginId];
        if (!l.active) revert NotListed(pluginId);
    }
}
