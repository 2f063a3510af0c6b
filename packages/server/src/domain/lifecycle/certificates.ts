import { and, eq, inArray, ne } from 'drizzle-orm';
import { CertificateStatus } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificates } from '../../db/schema/index.js';
import { recordEvent } from './timeline.js';
import { CERTIFICATE_TRANSITIONS } from './transitions.js';

/** The statuses a certificate may leave for `to` (the lifecycle table read backwards). */
function sourcesOf(to: CertificateStatus): CertificateStatus[] {
  return CertificateStatus.options.filter((from) => CERTIFICATE_TRANSITIONS[from].includes(to));
}

/**
 * Move certificates to `to`: each one whose current status may become `to` (per the lifecycle table)
 * changes and gets a timeline event on its submission; the others are left as they are. Returns the
 * ids that changed.
 */
export async function moveCertificates(
  tx: DbOrTx,
  where: { id: string } | { submissionId: string; exceptId: string },
  to: CertificateStatus,
  reason: string,
): Promise<string[]> {
  const target = 'id' in where ? eq(certificates.id, where.id) : and(eq(certificates.submissionId, where.submissionId), ne(certificates.id, where.exceptId));
  const moved = await tx
    .update(certificates)
    .set({ status: to })
    .where(and(target, inArray(certificates.status, sourcesOf(to))))
    .returning({ id: certificates.id, submissionId: certificates.submissionId });
  for (const c of moved) {
    await recordEvent(tx, c.submissionId, {
      type: `certificate.${to.toLowerCase()}`,
      message: `Certificate ${c.id} is ${to}: ${reason}.`,
      data: { certificateId: c.id, status: to },
    });
  }
  return moved.map((c) => c.id);
}
