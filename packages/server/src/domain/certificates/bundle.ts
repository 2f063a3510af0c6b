import { BUNDLE_VERSION, certificateKey, type CertificateBundle, type OnChain } from '@sigma/core';
import type { ValidityCheck } from './live-status.js';
import { parseSnapshot, type CertificateRow } from './rows.js';

/** The signature scheme the issuer uses (also published at /.well-known/sigma-issuer). */
export const SIGNATURE_SCHEME = 'eip191-personal-sign-over-raw-payload-hash';

/**
 * The offline verification bundle: the sealed snapshot exactly as hashed, its signature and issuer,
 * and whatever the server holds of the on-chain commitment, in one JSON (`@sigma/core` verifyBundle).
 * The live status at export is carried beside it, outside what is signed.
 */
export function certificateBundle(row: CertificateRow, onChain: OnChain, validity: ValidityCheck, now: Date): CertificateBundle {
  return {
    bundleVersion: BUNDLE_VERSION,
    certificateId: row.id,
    snapshot: parseSnapshot(row),
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    signatureScheme: SIGNATURE_SCHEME,
    issuer: row.issuer,
    chainProof: {
      committed: onChain.committed,
      network: onChain.network,
      chainId: onChain.chainId,
      registryAddress: onChain.registryAddress,
      txHash: onChain.txHash,
      blockNumber: onChain.blockNumber,
      explorerUrl: onChain.explorerUrl,
      committedAt: row.committedAt?.toISOString() ?? null,
      certificateKey: certificateKey(row.id),
      payloadHash: row.txHash ? row.payloadHash : null,
      note: onChain.note,
    },
    exported: { at: now.toISOString(), status: validity.status, valid: validity.valid, invalidReasons: validity.reasons },
  };
}
