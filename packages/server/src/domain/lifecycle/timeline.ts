import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Reason, SubmissionStatus } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { submissionEvents, submissions } from '../../db/schema/index.js';
import { assertTransition } from './transitions.js';

export interface TimelineEvent {
  type: string;
  message: string;
  data?: Record<string, unknown>;
}

/** Append one event to a submission's timeline (what `GET /dev/submissions/:id` shows). */
export async function recordEvent(tx: DbOrTx, submissionId: string, e: TimelineEvent & { status?: SubmissionStatus | null }): Promise<void> {
  await tx.insert(submissionEvents).values({ submissionId, status: e.status ?? null, type: e.type, message: e.message, data: e.data ?? null });
}

/**
 * Move a submission from one of `from` to `to` and record the event. Every `from → to` must be in
 * the lifecycle table (else SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION). Returns false, changing nothing,
 * when the submission is in none of `from`: the step already ran (a retried job).
 */
export async function moveSubmission(
  tx: DbOrTx,
  submissionId: string,
  from: readonly SubmissionStatus[],
  to: SubmissionStatus,
  event: TimelineEvent,
  extra: Partial<{ reasons: Reason[]; certificateId: string; skillName: string | null; skillVersion: string | null }> = {},
): Promise<boolean> {
  assertTransition('submission', from, to);
  const res = await tx
    .update(submissions)
    .set({ status: to, updatedAt: sql`now()`, ...extra })
    .where(and(eq(submissions.id, submissionId), inArray(submissions.status, [...from])))
    .returning({ id: submissions.id });
  if (res.length === 0) return false;
  await recordEvent(tx, submissionId, { status: to, ...event });
  return true;
}
