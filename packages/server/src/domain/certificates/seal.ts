import { asc, eq } from 'drizzle-orm';
import { canonicalJson, HASH_SCHEME, newId24, payloadHash, type CertificateSnapshot } from '@sigma/core';
import { certificates, certificateViews, evidenceReports, rounds, seats, submissions, validators } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { moveCertificates } from '../lifecycle/certificates.js';
import { lockRound } from '../assembly/rounds.js';
import { closeRound } from '../lifecycle/rounds.js';
import { moveSubmission, recordEvent } from '../lifecycle/timeline.js';
import { planLiveChecks } from '../live/checks.js';
import { buildSnapshot } from './snapshot.js';

/**
 * Step `certificate.seal`: snapshot, payload hash, issuer signature, one certificate per round
 * (a unique index, not a hope). Idempotent: a retry after a crash finds the certificate and stops.
 */
export async function runSealStep(s: Services, roundId: string): Promise<string | null> {
  const existing = (await s.db.select({ id: certificates.id }).from(certificates).where(eq(certificates.roundId, roundId)).limit(1))[0];
  if (existing) return existing.id;
  const round = (await s.db.select().from(rounds).where(eq(rounds.id, roundId)).limit(1))[0];
  // A re-audit restores its certificate instead (certificates/reaudit.ts); it never seals a new one.
  if (!round || round.outcome !== 'APPROVE' || round.roundType === 'REAUDIT') return null;
  const sub = (await s.db.select().from(submissions).where(eq(submissions.id, round.submissionId)).limit(1))[0];
  const ev = (await s.db.select().from(evidenceReports).where(eq(evidenceReports.submissionId, round.submissionId)).limit(1))[0];
  if (!sub || !ev) throw new Error(`cannot seal round ${roundId}: submission or evidence missing`);
  const phases = round.decidedBy === 'ESCALATION_ASSEMBLY' ? [1, 2, 3] : round.decidedBy === 'OPERATOR' ? [1, 2, 3] : [1, 2];
  const seated = await s.db
    .select({ seat: seats, owner: validators.ownerAddress, session: validators.sessionAddress })
    .from(seats)
    .innerJoin(validators, eq(validators.id, seats.validatorId))
    .where(eq(seats.roundId, roundId))
    .orderBy(asc(seats.phase), asc(seats.createdAt), asc(seats.id));
  const certificateId = newId24();
  const issuedAt = s.clock.now();
  const snapshot: CertificateSnapshot = buildSnapshot({
    certificateId,
    submission: sub,
    evidence: ev.report,
    round,
    // A canary's round (CANARY_LABEL) is never sealed; an undecided one cannot be either.
    decidedBy: round.decidedBy === 'ESCALATION_ASSEMBLY' || round.decidedBy === 'OPERATOR' ? round.decidedBy : 'CONSENSUS',
    verdicts: seated
      .filter((x) => phases.includes(x.seat.phase) && x.seat.status !== 'PENDING')
      .map((x) => ({ ...x.seat, ownerAddress: x.owner, sessionAddress: x.session })),
    issuedAt,
    validityDays: s.config.certValidityDays,
    policyVersion: round.policyVersion ?? 'unknown',
  });
  const text = canonicalJson(snapshot);
  const hash = payloadHash(snapshot);
  const signature = await s.issuer.signPayloadHash(hash);

  return s.transact(async (tx, next) => {
    const inserted = await tx
      .insert(certificates)
      .values({
        id: certificateId,
        submissionId: sub.id,
        roundId,
        snapshotJson: text,
        payloadHash: hash,
        hashScheme: HASH_SCHEME,
        signature,
        issuer: s.issuer.address,
        status: 'APPROVED',
        skillName: snapshot.skillName,
        skillVersion: snapshot.skillVersion,
        productType: snapshot.productType,
        securityLevel: snapshot.review.securityLevel,
        issuedAt,
        expiresAt: new Date(snapshot.expiresAt),
      })
      .onConflictDoNothing({ target: certificates.roundId })
      .returning({ id: certificates.id });
    if (inserted.length === 0) return null;
    await tx.insert(certificateViews).values({ certificateId, views: 0 });
    const locked = await lockRound(tx, roundId);
    if (locked?.status === 'OPEN') await closeRound(tx, locked, issuedAt);
    const moved = await moveSubmission(
      tx,
      sub.id,
      ['IN_AUDIT', 'ESCALATED'],
      'APPROVED',
      { type: 'certificate.sealed', message: `Certificate ${certificateId} sealed (payload hash ${hash}).`, data: { certificateId, payloadHash: hash } },
      { certificateId },
    );
    if (!moved) await recordEvent(tx, sub.id, { type: 'certificate.sealed', message: `Certificate ${certificateId} sealed.`, data: { certificateId } });
    // A newer certificate supersedes older ones for the same submission.
    await moveCertificates(tx, { submissionId: sub.id, exceptId: certificateId }, 'SUPERSEDED', `certificate ${certificateId} was sealed for this submission`, {
      supersededBy: certificateId,
    });
    // A renewal or a new version supersedes the certificate it names, if that one is still current
    // (APPROVED or EXPIRED): a SUSPENDED one is left to its re-audit, a REVOKED one stays revoked.
    const replaced = sub.renewsCertificateId ?? sub.supersedesCertificateId;
    if (replaced) {
      const kind = sub.renewsCertificateId ? 'renewal' : 'new version';
      const moved = await moveCertificates(tx, { id: replaced }, 'SUPERSEDED', `its ${kind} ${certificateId} was certified`, {
        from: ['APPROVED', 'EXPIRED'],
        supersededBy: certificateId,
        data: { replacedBy: sub.id, kind },
      });
      await recordEvent(tx, sub.id, {
        type: 'certificate.replaces',
        message: moved.length
          ? `Certificate ${certificateId} supersedes ${replaced} (${kind}).`
          : `Certificate ${certificateId} was sealed; ${replaced} was no longer current and is unchanged.`,
        data: { certificateId, replaces: replaced, kind, superseded: moved.length > 0 },
      });
    }
    await planLiveChecks(tx, next, s.config, { certificateId, snapshot, now: issuedAt });
    if (s.chain) await next.commit(certificateId);
    return certificateId;
  });
}
