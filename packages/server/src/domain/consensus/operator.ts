import { eq, sql } from 'drizzle-orm';
import { SigmaError } from '@sigma/core';
import { rounds } from '../../db/schema/index.js';
import { transact } from '../../jobs/queue.js';
import type { Services } from '../../services.js';
import { latestRound } from '../assembly/rounds.js';
import { audit } from '../audit/log.js';
import { lockSubmission, recordEvent, transition } from '../submissions/service.js';
import { policyConfig } from './run.js';
import { policyVersion } from './policy.js';

/** An operator settles an escalated submission with a written reason (audited). */
export async function operatorDecide(
  s: Services,
  operatorId: string,
  submissionId: string,
  input: { decision: 'APPROVE' | 'REJECT'; reason: string },
): Promise<{ status: string; roundId: string }> {
  return transact(s.db, s.queue, async (tx, enqueue) => {
    const sub = await lockSubmission(tx, submissionId);
    if (!sub) throw new SigmaError('SIGMA_E_SUBMISSION_NOT_FOUND');
    if (sub.status !== 'ESCALATED') throw new SigmaError('SIGMA_E_SUBMISSION_NOT_ESCALATED', `The submission is ${sub.status}, not ESCALATED.`);
    const round = await latestRound(tx, submissionId);
    if (!round || round.status !== 'OPEN') throw new SigmaError('SIGMA_E_SUBMISSION_NOT_ESCALATED', 'No open round is waiting for a decision.');
    const version = round.policyVersion ?? policyVersion(policyConfig(s));
    const reasons = sql`${rounds.outcomeReasons} || ${JSON.stringify([`operator decision: ${input.decision} — ${input.reason}`])}::jsonb`;
    await audit(tx, {
      actorType: 'operator',
      actorId: operatorId,
      action: 'submission.decide',
      targetType: 'submission',
      targetId: submissionId,
      data: { decision: input.decision, reason: input.reason, roundId: round.id },
    });
    if (input.decision === 'APPROVE') {
      await tx
        .update(rounds)
        .set({ outcome: 'APPROVE', decidedBy: 'OPERATOR', policyVersion: version, outcomeReasons: reasons })
        .where(eq(rounds.id, round.id));
      await recordEvent(tx, submissionId, { type: 'operator.approve', message: `Operator decision: APPROVE — ${input.reason}`, data: { roundId: round.id } });
      await enqueue('certificate.seal', { roundId: round.id }, { singletonKey: `${round.id}:seal` });
      await enqueue('standing.apply', { roundId: round.id });
      return { status: 'ESCALATED', roundId: round.id };
    }
    await tx
      .update(rounds)
      .set({ outcome: 'REJECT', decidedBy: 'OPERATOR', policyVersion: version, outcomeReasons: reasons, status: 'CLOSED', closedAt: s.clock.now() })
      .where(eq(rounds.id, round.id));
    await transition(
      tx,
      submissionId,
      ['ESCALATED'],
      'REJECTED',
      { type: 'operator.reject', message: `Operator decision: REJECT — ${input.reason}`, data: { roundId: round.id } },
      { reasons: [{ code: 'OPERATOR_REJECT', message: input.reason, remediation: null, file: null, line: null }] },
    );
    await enqueue('standing.apply', { roundId: round.id });
    return { status: 'REJECTED', roundId: round.id };
  });
}
