import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { certificates, rounds } from '../../db/schema/index.js';
import { openRound, type RoundRow } from '../assembly/rounds.js';
import { moveCertificates } from '../lifecycle/certificates.js';
import type { Next } from '../lifecycle/next.js';
import { recordEvent } from '../lifecycle/timeline.js';

/**
 * Re-audits (SPEC §6 "Flags"): an upheld flag suspends a certificate and opens a REAUDIT round on the
 * same submission (same content, same evidence report) with a fresh assembly (`drawPhase`). The round
 * names the certificate it judges (`rounds.certificate_id`); its outcome restores the certificate
 * (SUSPENDED → APPROVED) or revokes it (→ REVOKED). It never seals a new certificate, and the
 * submission's own status (APPROVED) does not change.
 */

/** Open the REAUDIT round of a suspended certificate, or return the one already open for it. */
export async function startReaudit(tx: Tx, next: Next, certificateId: string, cause: { flagId: string }): Promise<{ roundId: string; opened: boolean } | null> {
  const cert = (await tx.select().from(certificates).where(eq(certificates.id, certificateId)).for('update').limit(1))[0];
  if (!cert || cert.status !== 'SUSPENDED') return null;
  const open = (
    await tx
      .select({ id: rounds.id })
      .from(rounds)
      .where(and(eq(rounds.certificateId, certificateId), eq(rounds.roundType, 'REAUDIT'), eq(rounds.status, 'OPEN')))
      .limit(1)
  )[0];
  if (open) return { roundId: open.id, opened: false };
  const round = await openRound(tx, next, { submissionId: cert.submissionId, roundType: 'REAUDIT', triggerSource: 'FLAG', certificateId });
  await recordEvent(tx, cert.submissionId, {
    type: 'reaudit.opened',
    message: `Re-audit round ${round.roundNumber} opened for certificate ${certificateId} (flag ${cause.flagId} upheld); a fresh assembly reviews the same content.`,
    data: { certificateId, roundId: round.id, flagId: cause.flagId, roundType: 'REAUDIT' },
  });
  return { roundId: round.id, opened: true };
}

/**
 * Apply a settled REAUDIT round to its certificate: APPROVE restores it, REJECT revokes it. A
 * certificate that moved on meanwhile (expired, superseded) is left as it is; the event says so.
 */
export async function applyReauditOutcome(tx: Tx, round: RoundRow, outcome: 'APPROVE' | 'REJECT', why: string): Promise<string | null> {
  const certificateId = round.certificateId;
  if (!certificateId) throw new Error(`REAUDIT round ${round.id} names no certificate`);
  const to = outcome === 'APPROVE' ? 'APPROVED' : 'REVOKED';
  const data = { roundId: round.id, roundType: 'REAUDIT' };
  const moved = await moveCertificates(
    tx,
    { id: certificateId },
    to,
    outcome === 'APPROVE' ? `re-audit round ${round.roundNumber} approved it again (${why})` : `re-audit round ${round.roundNumber} rejected it (${why})`,
    { from: ['SUSPENDED', ...(to === 'REVOKED' ? (['APPROVED'] as const) : [])], data },
  );
  const status = moved.length ? to : null;
  await recordEvent(tx, round.submissionId, {
    type: 'reaudit.completed',
    message: `Re-audit round ${round.roundNumber}: ${outcome}${status ? `; certificate ${certificateId} is ${status}` : `; certificate ${certificateId} had already left SUSPENDED and is unchanged`}.`,
    data: { ...data, certificateId, outcome, status },
  });
  return status;
}
