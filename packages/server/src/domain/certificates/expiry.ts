import { and, asc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import { certificates, developers, submissions } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { moveCertificates } from '../lifecycle/certificates.js';
import { recordEvent } from '../lifecycle/timeline.js';
import { createMailer } from '../portal/mail.js';
import { certificatePageUrl } from '../../lib/urls.js';

const BATCH = 200;

/**
 * Step `certificates.sweep` (cron, and once when workers start): certificates past `expiresAt` become
 * EXPIRED (verify already answers EXPIRED / valid:false from the clock, so a late sweep changes no
 * answer), and owners of certificates expiring within the reminder window get one reminder each
 * (mail: SMTP, or the development outbox). Idempotent: a repeated sweep finds nothing more to do.
 */
export async function runCertificateSweep(s: Services): Promise<{ expired: number; reminded: number }> {
  const now = s.clock.now();
  let expired = 0;
  for (;;) {
    const due = await s.db
      .select({ id: certificates.id })
      .from(certificates)
      .where(and(inArray(certificates.status, ['APPROVED', 'SUSPENDED']), lte(certificates.expiresAt, now)))
      .orderBy(asc(certificates.expiresAt))
      .limit(BATCH);
    if (!due.length) break;
    let movedNow = 0;
    for (const c of due) {
      const moved = await s.db.transaction((tx) =>
        moveCertificates(tx, { id: c.id }, 'EXPIRED', `its expiresAt passed (${now.toISOString()} sweep)`, { from: ['APPROVED', 'SUSPENDED'] }),
      );
      movedNow += moved.length;
    }
    expired += movedNow;
    if (movedNow === 0 || due.length < BATCH) break;
  }
  return { expired, reminded: await remindOwners(s, now) };
}

async function remindOwners(s: Services, now: Date): Promise<number> {
  const days = s.config.certSweep.reminderDays;
  if (days <= 0) return 0;
  const horizon = new Date(now.getTime() + days * 86_400_000);
  const due = await s.db
    .select({
      id: certificates.id,
      submissionId: certificates.submissionId,
      skillName: certificates.skillName,
      skillVersion: certificates.skillVersion,
      expiresAt: certificates.expiresAt,
      email: developers.email,
    })
    .from(certificates)
    .innerJoin(submissions, eq(submissions.id, certificates.submissionId))
    .innerJoin(developers, eq(developers.id, submissions.developerId))
    .where(
      and(eq(certificates.status, 'APPROVED'), isNull(certificates.renewalRemindedAt), gt(certificates.expiresAt, now), lte(certificates.expiresAt, horizon)),
    )
    .orderBy(asc(certificates.expiresAt))
    .limit(BATCH);
  if (!due.length) return 0;
  const mailer = createMailer(s.db, s.config.mail, s.log);
  let reminded = 0;
  for (const c of due) {
    // Claim first (one reminder per certificate even with two sweeps at once), then send.
    const claimed = await s.db.transaction(async (tx) => {
      const rows = await tx
        .update(certificates)
        .set({ renewalRemindedAt: now })
        .where(and(eq(certificates.id, c.id), isNull(certificates.renewalRemindedAt)))
        .returning({ id: certificates.id });
      if (!rows.length) return false;
      await recordEvent(tx, c.submissionId, {
        type: 'certificate.renewal_reminder',
        message: `Certificate ${c.id} expires at ${c.expiresAt.toISOString()}; the owner was reminded to renew it.`,
        data: { certificateId: c.id, expiresAt: c.expiresAt.toISOString() },
      });
      return true;
    });
    if (!claimed) continue;
    const name = `${c.skillName ?? 'your skill'}${c.skillVersion ? ` ${c.skillVersion}` : ''}`;
    try {
      await mailer.send({
        to: c.email,
        subject: `SIGMA certificate for ${name} expires on ${c.expiresAt.toISOString().slice(0, 10)}`,
        text: [
          `The SIGMA certificate ${c.id} for ${name} expires at ${c.expiresAt.toISOString()}.`,
          '',
          "Renew it before then: a RENEWAL round reviews the same content with today's validators and models.",
          `  POST ${s.config.publicUrl}/api/v1/dev/certificates/${c.id}/renew`,
          '',
          `Certificate: ${certificatePageUrl(s.config.publicUrl, c.id)}`,
        ].join('\n'),
      });
      reminded++;
    } catch (err) {
      // Not delivered: release the claim so the next sweep tries again.
      s.log.warn({ err, certificateId: c.id }, 'renewal reminder not delivered; retried at the next sweep');
      await s.db.update(certificates).set({ renewalRemindedAt: null }).where(eq(certificates.id, c.id));
    }
  }
  return reminded;
}
