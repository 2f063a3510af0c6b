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
 * Move certificates to `to`: each one whose current status may become `to` (per the lifecycle table,
 * narrowed to `opts.from` when given) changes and gets a timeline event on its submission; the others
 * are left as they are. `opts.supersededBy` (with SUPERSEDED) records the certificate that replaced
 * it. Returns the ids that changed.
 */
export async function moveCertificates(
  tx: DbOrTx,
  where: { id: string } | { submissionId: string; exceptId: string },
  to: CertificateStatus,
  reason: string,
  opts: { from?: readonly CertificateStatus[]; supersededBy?: string; data?: Record<string, unknown> } = {},
): Promise<string[]> {
  const target = 'id' in where ? eq(certificates.id, where.id) : and(eq(certificates.submissionId, where.submissionId), ne(certificates.id, where.exceptId));
  const sources = sourcesOf(to).filter((f) => !opts.from || opts.from.includes(f));
  if (!sources.length) return [];
  const moved = await tx
    .update(certificates)
    .set({ status: to, ...(opts.supersededBy && to === 'SUPERSEDED' ? { supersededBy: opts.supersededBy } : {}) })
    .where(and(target, inArray(certificates.status, sources)))
    .returning({ id: certificates.id, submissionId: certificates.submissionId });
  for (const c of moved) {
    await recordEvent(tx, c.submissionId, {
      type: `certificate.${to.toLowerCase()}`,
      message: `Certificate ${c.id} is ${to}: ${reason}.`,
      data: { ...opts.data, certificateId: c.id, status: to, ...(opts.supersededBy ? { supersededBy: opts.supersededBy } : {}) },
    });
  }
  return moved.map((c) => c.id);
}
