// How SIGMA ids become on-chain keys, and the well-known local development accounts.
import { keccak256, stringToBytes, toHex, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { ContractsError } from './errors.js';

const ID24 = /^[0-9a-f]{24}$/;

/**
 * The CertificateRegistry key of a submission: keccak256 of the UTF-8 bytes of the submission id, where the id is
 * exactly 24 lowercase hex digits (as produced by @sigma/core `newId24`). Anything else is rejected rather than
 * normalised, so one submission can never map to two keys.
 *   submissionKey('5ab000000000000000000001') === keccak256(toBytes('5ab000000000000000000001'))
 */
export function submissionKey(submissionId: string): Hex {
  if (!ID24.test(submissionId)) {
    throw new ContractsError('INVALID_ID', `submission id must be 24 lowercase hex digits, got ${JSON.stringify(submissionId)}`);
  }
  return keccak256(stringToBytes(submissionId));
}

/** The PluginMarketplace id of a plugin: keccak256 of the UTF-8 bytes of the plugin id (1–128 characters, no trimming). */
export function pluginKey(pluginId: string): Hex {
  if (pluginId.length === 0 || pluginId.length > 128) {
    throw new ContractsError('INVALID_ID', `plugin id must be 1–128 characters, got ${pluginId.length}`);
  }
  return keccak256(stringToBytes(pluginId));
}

/** A 32-byte reference for treasury payouts (round id, ledger entry id …): keccak256 of the UTF-8 string. */
export function refKey(ref: string): Hex {
  return ref.length === 0 ? toHex(0, { size: 32 }) : keccak256(stringToBytes(ref));
}

/** The public Hardhat development mnemonic. Its accounts are funded with 10,000 ETH on the local chain. NEVER use on a real network. */
export const LOCAL_DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** The private key of Hardhat development account `index` (0–19 are funded on the local chain). Local use only. */
export function localDevKey(index: number): Hex {
  if (!Number.isInteger(index) || index < 0 || index > 19) throw new RangeError(`dev account index out of range: ${index}`);
  const key = mnemonicToAccount(LOCAL_DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error('could not derive dev key');
  return toHex(key);
}
