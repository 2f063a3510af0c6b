import { SigmaError } from '@sigma/core';
import type { Services } from '../../services.js';
import { latestRound } from '../assembly/rounds.js';
import { applyReauditOutcome } from '../certificates/reaudit.js';
import { audit } from '../audit/log.js';
import { settleRound } from '../lifecycle/rounds.js';
import { moveSubmission, recordEvent } from '../lifecycle/timeline.js';
import { lockSubmission } from '../submissions/service.js';
import { policyConfig } from './run.js';
import { policyVersion } from './policy.js';

/** An operator settles an escalated submission with a written reason (audited). */
export async function operatorDecide(
  s: Services,
  operatorId: string,
  submissionId: string,
  input: { decision: 'APPROVE' | 'REJECT'; reason: string },
): Promise<{ status: string; roundId: string }> {
  return s.transact(async (tx, next) => {
    const sub = await lockSubmission(tx, submissionId);
    if (!sub) throw new SigmaError('SIGMA_E_SUBMISSION_NOT_FOUND');
    const latest = await latestRound(tx, submissionId);
    // An unresolved re-audit (its submission stays APPROVED): the decision restores or revokes the certificate.
    if (latest?.roundType === 'REAUDIT' && latest.status === 'OPEN' && latest.outcome === 'ESCALATE') {
      const reasons = [`operator decision: ${input.decision} — ${input.reason}`];
      await audit(tx, {
        actorType: 'operator',
        actorId: operatorId,
        action: 'submission.decide',
        targetType: 'submission',
        targetId: submissionId,
        data: { decision: input.decision, reason: input.reason, roundId: latest.id, roundType: 'REAUDIT', certificateId: latest.certificateId },
      });
      const version = latest.policyVersion ?? policyVersion(policyConfig(s));
      await settleRound(tx, latest, { outcome: input.decision, decidedBy: 'OPERATOR', policyVersion: version, reasons, close: true, at: s.clock.now() });
      await recordEvent(tx, submissionId, {
        type: `operator.${input.decision.toLowerCase()}`,
        message: `Operator decision on the re-audit: ${input.decision} — ${input.reason}`,
        data: { roundId: latest.id, certificateId: latest.certificateId },
      });
      await applyReauditOutcome(tx, latest, input.decision, `operator: ${input.reason}`);
      await next.standing(latest.id);
      return { status: sub.status, roundId: latest.id };
    }
    if (sub.status !== 'ESCALATED') throw new SigmaError('SIGMA_E_SUBMISSION_NOT_ESCALATED', `The submission is ${sub.status}, not ESCALATED.`);
    const round = await latestRound(tx, submissionId);
    if (!round || round.status !== 'OPEN') throw new SigmaError('SIGMA_E_SUBMISSION_NOT_ESCALATED', 'No open round is waiting for a decision.');
    const version = round.policyVersion ?? policyVersion(policyConfig(s));
    const reasons = [`operator decision: ${input.decision} — ${input.reason}`];
    await audit(tx, {
      actorType: 'operator',
      actorId: operatorId,
      action: 'submission.decide',
      targetType: 'submission',
      targetId: submissionId,
      data: { decision: input.decision, reason: input.reason, roundId: round.id },
    });
    if (input.decision === 'APPROVE') {
      await settleRound(tx, round, { outcome: 'APPROVE', decidedBy: 'OPERATOR', policyVersion: version, reasons, close: false, at: s.clock.now() });
      await recordEvent(tx, submissionId, { type: 'operator.approve', message: `Operator decision: APPROVE — ${input.reason}`, data: { roundId: round.id } });
      await next.seal(round.id);
      await next.standing(round.id);
      return { status: 'ESCALATED', roundId: round.id };
    }
    await settleRound(tx, round, { outcome: 'REJECT', decidedBy: 'OPERATOR', policyVersion: version, reasons, close: true, at: s.clock.now() });
    await moveSubmission(
      tx,
      submissionId,
      ['ESCALATED'],
      'REJECTED',
      { type: 'operator.reject', message: `Operator decision: REJECT — ${input.reason}`, data: { roundId: round.id } },
      { reasons: [{ code: 'OPERATOR_REJECT', message: input.reason, remediation: null, file: null, line: null }] },
    );
    await next.standing(round.id);
    return { status: 'REJECTED', roundId: round.id };
  });
}
