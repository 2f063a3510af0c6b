// AccessControl role ids (keccak256 of the role name, as in the contracts).
import { keccak256, stringToBytes, zeroHash, type Hex } from 'viem';

const role = (name: string): Hex => keccak256(stringToBytes(name));

export const ROLES = {
  /** OpenZeppelin DEFAULT_ADMIN_ROLE (0x00…00): grants and revokes the other roles. */
  DEFAULT_ADMIN: zeroHash as Hex,
  /** CertificateRegistry: commit and revoke. */
  ISSUER: role('ISSUER_ROLE'),
  /** SigmaTreasury: pay and payBatch. */
  PAYER: role('PAYER_ROLE'),
  /** AuditorRegistry: slash, cooldown; PluginMarketplace: fee. */
  GOVERNANCE: role('GOVERNANCE_ROLE'),
  /** PluginMarketplace: record plugin owners, delist for moderation. */
  REGISTRAR: role('REGISTRAR_ROLE'),
  /** SBYTE and TestUSDC: mint. */
  MINTER: role('MINTER_ROLE'),
} as const;
