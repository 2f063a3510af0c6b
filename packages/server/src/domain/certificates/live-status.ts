import { HASH_SCHEME, type CertificateStatus, type OnChain } from '@sigma/core';
import type { Clock } from '../../lib/clock.js';
import type { CertificateLite } from './rows.js';

/** How this deployment commits certificates on chain (null: no chain service). */
export type ChainInfo = {
  mode: string;
  network: string | null;
  chainId?: number;
  registryAddress?: string;
  explorerTx?: (hash: string) => string | null;
} | null;

export function onChainView(row: CertificateLite, chain: ChainInfo): OnChain {
  if (!chain || chain.mode === 'off') {
    return {
      network: null,
      chainId: null,
      registryAddress: null,
      committed: false,
      txHash: null,
      explorerUrl: null,
      blockNumber: null,
      note: 'On-chain commitment is disabled on this deployment.',
    };
  }
  return {
    network: chain.network,
    chainId: row.chainId ?? chain.chainId ?? null,
    registryAddress: row.registryAddress ?? chain.registryAddress ?? null,
    committed: row.txHash !== null,
    txHash: row.txHash,
    explorerUrl: row.txHash && chain.explorerTx ? chain.explorerTx(row.txHash) : null,
    blockNumber: row.blockNumber,
    note: row.txHash ? null : 'Commitment pending.',
  };
}

export interface ValidityCheck {
  valid: boolean;
  /**
   * The status as of now: the stored one, except that an APPROVED or SUSPENDED certificate past its
   * `expiresAt` is EXPIRED even before the `certificates.sweep` job has moved it.
   */
  status: CertificateStatus;
  reasons: string[];
  recomputedHash: string | null;
}

/** `valid` (SPEC §6): APPROVED, no escalated flag open, stored payload hashes to the committed value, not expired. */
export function checkValidity(
  row: CertificateLite,
  clock: Clock,
  extra: { recomputed: string | null; activeEscalatedFlags?: number; onChain?: { committed: boolean; payloadHash: string | null; revoked: boolean } },
): ValidityCheck {
  const reasons: string[] = [];
  const status = effectiveStatus(row, clock);
  if (status === 'EXPIRED') reasons.push('certificate has expired');
  else if (status !== 'APPROVED') reasons.push(`status is ${status}`);
  if ((extra.activeEscalatedFlags ?? 0) > 0) reasons.push(`${extra.activeEscalatedFlags} escalated flag(s) open`);
  const recomputed = extra.recomputed;
  if (recomputed === null) reasons.push('stored snapshot cannot be parsed');
  if (recomputed !== null && recomputed !== row.payloadHash) reasons.push('stored snapshot no longer hashes to the payload hash');
  if (row.hashScheme !== HASH_SCHEME) reasons.push(`unknown hash scheme ${row.hashScheme}`);
  const oc = extra.onChain;
  if (oc) {
    if (!oc.committed || !oc.payloadHash) reasons.push('the recorded on-chain commitment is not on chain');
    else if (recomputed !== null && oc.payloadHash.toLowerCase() !== recomputed) reasons.push('stored snapshot differs from the hash committed on chain');
    if (oc.revoked) reasons.push('revoked on chain');
  }
  return { valid: reasons.length === 0, status, reasons, recomputedHash: recomputed };
}

/** The stored status, or EXPIRED for a current (APPROVED/SUSPENDED) certificate whose `expiresAt` has passed. */
export function effectiveStatus(row: Pick<CertificateLite, 'status' | 'expiresAt'>, clock: Clock): CertificateStatus {
  if ((row.status === 'APPROVED' || row.status === 'SUSPENDED') && row.expiresAt.getTime() <= clock.now().getTime()) return 'EXPIRED';
  return row.status;
}
