import { and, eq, isNull } from 'drizzle-orm';
import { commitCertificate, submissionKey } from '@sigma/contracts';
import type { Hex } from '@sigma/core';
import { certificates } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { recordEvent } from '../lifecycle/timeline.js';

/**
 * Step `certificate.commit`: write the payload hash to the certificate registry under
 * keccak256(certificateId). Idempotent: a key already committed with the same hash (a retry after
 * the transaction went through) returns the existing commitment instead of sending again; a key
 * committed with a different hash is an error that needs a person.
 */
export async function runCommitStep(s: Services, certificateId: string): Promise<void> {
  const chain = s.chain;
  if (!chain) return;
  const row = (await s.db.select().from(certificates).where(eq(certificates.id, certificateId)).limit(1))[0];
  if (!row || row.txHash) return;
  const result = await commitCertificate(chain.walletClient, chain.contracts.certificateRegistry, submissionKey(row.id), row.payloadHash as Hex);
  await s.db.transaction(async (tx) => {
    const updated = await tx
      .update(certificates)
      .set({
        chainId: chain.chainId,
        registryAddress: chain.contracts.certificateRegistry,
        txHash: result.txHash,
        blockNumber: Number(result.blockNumber),
        committedAt: s.clock.now(),
      })
      .where(and(eq(certificates.id, row.id), isNull(certificates.txHash)))
      .returning({ id: certificates.id });
    if (updated.length) {
      await recordEvent(tx, row.submissionId, {
        type: 'certificate.committed',
        message: `Payload hash committed on ${chain.network} (chain ${chain.chainId}) in block ${result.blockNumber}.`,
        data: { certificateId: row.id, txHash: result.txHash, blockNumber: Number(result.blockNumber), alreadyCommitted: result.alreadyCommitted },
      });
    }
  });
}
