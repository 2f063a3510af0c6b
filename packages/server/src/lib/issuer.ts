import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import type { Hex } from '@sigma/core';

/** The certificate issuer: a secp256k1 key that signs payload hashes (EIP-191 personal message). */
export interface Issuer {
  address: `0x${string}`;
  /** Sign the raw 32-byte payload hash (never its hex text). */
  signPayloadHash(hash: Hex): Promise<Hex>;
  account: PrivateKeyAccount;
  /** Needed to sign chain transactions with the issuer account (local chain); never logged. */
  privateKey: Hex;
}

export function issuerFromKey(key: Hex): Issuer {
  const account = privateKeyToAccount(key);
  return {
    address: account.address,
    account,
    privateKey: key,
    signPayloadHash: (hash) => account.signMessage({ message: { raw: hash } }),
  };
}

/** Load the issuer key from `file`, creating it (mode 0600) on first start. The key is never logged. */
export function loadOrCreateIssuer(file: string): Issuer {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${generatePrivateKey()}\n`, { mode: 0o600, flag: 'wx' });
  }
  const key = readFileSync(file, 'utf8').trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new Error(`issuer key file ${file} does not hold a 32-byte hex key`);
  return issuerFromKey(key as Hex);
}
