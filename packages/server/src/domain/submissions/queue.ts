import { desc, eq, inArray } from 'drizzle-orm';
import type { EvidenceReport, SubmissionStatus } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { evidenceReports, submissions } from '../../db/schema/index.js';

/** Statuses the operator queue shows when no status is asked for (drafts and unpaid quotes are the developer's own). */
const QUEUE_STATUSES: SubmissionStatus[] = ['ESCALATED', 'IN_AUDIT', 'SANDBOX', 'SUBMITTED', 'APPROVED', 'REJECTED'];

/** The operator's submission queue: most recently changed first, escalations ahead of everything else. */
export async function operatorQueue(db: DbOrTx, q: { status?: SubmissionStatus; limit: number }) {
  const rows = await db
    .select()
    .from(submissions)
    .where(q.status ? eq(submissions.status, q.status) : inArray(submissions.status, QUEUE_STATUSES))
    .orderBy(desc(submissions.updatedAt))
    .limit(q.limit);
  const rank = (st: string) => (st === 'ESCALATED' ? 0 : 1);
  return rows
    .sort((a, b) => rank(a.status) - rank(b.status))
    .map((r) => ({
      submissionId: r.id,
      status: r.status,
      productType: r.productType,
      skillName: r.skillName,
      developerId: r.developerId,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
}

/** The stored evidence report of a submission, or null before the sandbox ran. */
export async function getEvidenceReport(db: DbOrTx, submissionId: string): Promise<EvidenceReport | null> {
  const ev = (await db.select({ report: evidenceReports.report }).from(evidenceReports).where(eq(evidenceReports.submissionId, submissionId)).limit(1))[0];
  return ev?.report ?? null;
}
