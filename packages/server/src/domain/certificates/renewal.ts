import { and, eq, inArray, or } from 'drizzle-orm';
import { codeHash, SigmaError, type CreateSubmissionBody, type SubmissionPayment } from '@sigma/core';
import type { DbOrTx, Tx } from '../../db/client.js';
import { certificates, submissions } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { getSubmissionFiles } from '../submissions/service.js';
import { draftOf, submit, type Submitted } from '../submissions/submit.js';
import { effectiveStatus } from './live-status.js';

/**
 * The owner keeps a certificate current (SPEC §6 "Renewal", issue 15 items 4 and 5):
 *
 *  - renew: the same content is submitted again as a new submission linked to the certificate
 *    (`renews_certificate_id`), priced and paid through the ordinary quote flow, audited in a RENEWAL
 *    round by today's eligible validators and their current models; on approval the new certificate
 *    (a fresh `expiresAt`) supersedes the old one;
 *  - new version: different content (a new hash), linked by `supersedes_certificate_id`; on approval
 *    the old certificate becomes SUPERSEDED and points to the new one (`supersededBy`).
 *
 * Both are ordinary submissions (own payment, evidence, timeline); the link is applied by the seal step.
 */

/** Submissions still in flight: a second renewal or replacement of the same certificate waits for them. */
const IN_FLIGHT = ['DRAFT', 'QUOTED', 'PAID', 'SUBMITTED', 'SANDBOX', 'IN_AUDIT', 'ESCALATED'] as const;

export async function ownedCertificate(db: DbOrTx, developerId: string, certificateId: string, lock: boolean) {
  if (!/^[0-9a-f]{24}$/.test(certificateId)) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  // Serialises concurrent renewals/replacements of one certificate (the row lock lasts the transaction).
  if (lock) await db.select({ id: certificates.id }).from(certificates).where(eq(certificates.id, certificateId)).for('update');
  const row = (
    await db
      .select({ cert: certificates, sub: submissions })
      .from(certificates)
      .innerJoin(submissions, eq(submissions.id, certificates.submissionId))
      .where(eq(certificates.id, certificateId))
      .limit(1)
  )[0];
  // Someone else's certificate is "not found" for this developer, as a missing one.
  if (!row || row.sub.developerId !== developerId) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  return row;
}

async function replacementInFlight(db: DbOrTx, certificateId: string): Promise<string | null> {
  const r = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(
      and(
        or(eq(submissions.renewsCertificateId, certificateId), eq(submissions.supersedesCertificateId, certificateId)),
        inArray(submissions.status, [...IN_FLIGHT]),
      ),
    )
    .limit(1);
  return r[0]?.id ?? null;
}

async function checkRenewable(s: Services, db: DbOrTx, developerId: string, certificateId: string, lock: boolean) {
  const row = await ownedCertificate(db, developerId, certificateId, lock);
  const status = effectiveStatus(row.cert, s.clock);
  if (status !== 'APPROVED') {
    throw new SigmaError(
      'SIGMA_E_CERTIFICATE_NOT_RENEWABLE',
      status === 'EXPIRED'
        ? `The certificate expired at ${row.cert.expiresAt.toISOString()}; submit the skill again instead.`
        : `The certificate is ${status}; only an APPROVED certificate can be renewed.`,
    );
  }
  const inFlight = await replacementInFlight(db, certificateId);
  if (inFlight) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_RENEWABLE', `Submission ${inFlight} already renews or replaces this certificate.`);
  return row;
}

async function checkReplaceable(db: DbOrTx, developerId: string, certificateId: string, lock: boolean) {
  const row = await ownedCertificate(db, developerId, certificateId, lock);
  if (row.cert.status === 'REVOKED' || row.cert.status === 'SUPERSEDED') {
    throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_REPLACEABLE', `The certificate is ${row.cert.status}.`);
  }
  const inFlight = await replacementInFlight(db, certificateId);
  if (inFlight) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_REPLACEABLE', `Submission ${inFlight} already renews or replaces this certificate.`);
  return row;
}

/** The draft that re-submits a submission's own content (upload: its stored files; git: the pinned commit). */
async function sameContentBody(db: DbOrTx, sub: typeof submissions.$inferSelect, pay: { quoteId?: string; payment?: SubmissionPayment }) {
  const source: CreateSubmissionBody['source'] =
    sub.sourceType === 'git'
      ? { type: 'git', url: sub.sourceUrl!, ref: sub.sourceRef! }
      : {
          type: 'upload',
          files: (await getSubmissionFiles(db, sub.id)).map((f) => ({ path: f.path, contentBase64: Buffer.from(f.bytes).toString('base64') })),
        };
  const body: CreateSubmissionBody = {
    category: sub.productType,
    source,
    devNotes: sub.devNotes,
    ...(sub.entry ? { entry: sub.entry } : {}),
    ...(sub.sandboxBaseUrl ? { sandboxBaseUrl: sub.sandboxBaseUrl } : {}),
    ...(pay.quoteId ? { quoteId: pay.quoteId } : {}),
    ...(pay.payment ? { payment: pay.payment } : {}),
  };
  return body;
}

/** Renew a certificate before it expires: a paid RENEWAL submission of the same content. */
export async function renewCertificate(
  s: Services,
  developerId: string,
  certificateId: string,
  pay: { quoteId?: string; payment?: SubmissionPayment },
  idempotencyKey?: string,
): Promise<Submitted> {
  const { sub } = await checkRenewable(s, s.db, developerId, certificateId, false);
  const body = await sameContentBody(s.db, sub, pay);
  return (await submit(s, {
    developerId,
    draft: draftOf(s, body),
    idempotencyKey,
    within: async (tx: Tx, submissionId: string) => {
      // Checked again under the certificate's lock: two renewals at once cannot both start.
      await checkRenewable(s, tx, developerId, certificateId, true);
      await tx.update(submissions).set({ renewsCertificateId: certificateId }).where(eq(submissions.id, submissionId));
    },
  }))!;
}

/** The body of a renewal of `certificateId`, for `POST /dev/quotes` (a quote made first, then paid). */
export async function renewalDraft(s: Services, developerId: string, certificateId: string): Promise<CreateSubmissionBody> {
  const { sub } = await checkRenewable(s, s.db, developerId, certificateId, false);
  return sameContentBody(s.db, sub, {});
}

/** Submit a new version (new content) of a certified skill; on approval the old certificate is SUPERSEDED. */
export async function submitNewVersion(
  s: Services,
  developerId: string,
  certificateId: string,
  body: CreateSubmissionBody,
  idempotencyKey?: string,
): Promise<Submitted> {
  const { sub } = await checkReplaceable(s.db, developerId, certificateId, false);
  const draft = draftOf(s, body);
  const same =
    body.source.type === 'git'
      ? sub.sourceType === 'git' && sub.sourceUrl === body.source.url && sub.sourceRef === body.source.ref
      : sub.sourceType === 'upload' && codeHash(draft.files.map((f) => ({ path: f.path, content: f.bytes }))) === sub.contentHash;
  if (same) throw new SigmaError('SIGMA_E_CERTIFICATE_SAME_CONTENT');
  return (await submit(s, {
    developerId,
    draft,
    idempotencyKey,
    within: async (tx: Tx, submissionId: string) => {
      await checkReplaceable(tx, developerId, certificateId, true);
      await tx.update(submissions).set({ supersedesCertificateId: certificateId }).where(eq(submissions.id, submissionId));
    },
  }))!;
}
