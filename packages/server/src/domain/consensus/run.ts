import { eq } from 'drizzle-orm';
import type { EvidenceReport, Reason, RoundDecidedBy } from '@sigma/core';
import { evidenceReports, submissions } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { lockRound, roundSeats, type SeatRow } from '../assembly/rounds.js';
import { applyReauditOutcome } from '../certificates/reaudit.js';
import { settleRound } from '../lifecycle/rounds.js';
import { moveSubmission, recordEvent } from '../lifecycle/timeline.js';
import { decideAssembly, decideEscalation, policyVersion, type PolicyConfig, type Vote } from './policy.js';

export function policyConfig(s: Services): PolicyConfig {
  return { ...s.config.consensus };
}

const toVote = (x: SeatRow): Vote => ({
  status: x.status,
  verdict: x.verdict ?? null,
  blocking: x.blocking,
  weight: x.weight,
});

function rejectionReasons(seats: SeatRow[], evidence: EvidenceReport, summary: string[]): Reason[] {
  const reasons: Reason[] = summary.map((m) => ({ code: 'CONSENSUS_REJECT', message: m, remediation: null, file: null, line: null }));
  for (const s of seats.filter((x) => x.verdict === 'UNSAFE').slice(0, 5)) {
    reasons.push({
      code: `VERDICT_${s.modelFamily.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
      message: s.rationale.slice(0, 600),
      remediation: null,
      file: null,
      line: null,
    });
  }
  for (const f of evidence.findings.filter((x) => x.severity === 'HIGH' || x.severity === 'CRITICAL').slice(0, 10)) {
    reasons.push({ code: f.ruleId, message: `${f.title}: ${f.why}`, remediation: f.remediation, file: f.file, line: f.line });
  }
  return reasons;
}

/** Step `consensus.evaluate`: merge the verdicts with the evidence under the written policy. Idempotent. */
export async function runConsensusStep(s: Services, roundId: string): Promise<void> {
  await s.transact(async (tx, next) => {
    const round = await lockRound(tx, roundId);
    if (!round || round.status !== 'OPEN' || round.outcome) return;
    const all = await roundSeats(tx, roundId);
    if (all.some((x) => x.phase === round.phase && x.status === 'PENDING')) return; // not complete yet
    const ev = (await tx.select().from(evidenceReports).where(eq(evidenceReports.submissionId, round.submissionId)).limit(1))[0];
    if (!ev) throw new Error(`no evidence for submission ${round.submissionId}`);
    const config = policyConfig(s);
    const version = policyVersion(config);
    const escalationPhase = round.phase === 3;
    const votes = all.filter((x) => (escalationPhase ? x.phase === 3 : x.phase <= 2)).map(toVote);
    const decision = escalationPhase
      ? decideEscalation(votes, config)
      : decideAssembly(votes, ev.report, config, ev.report.endpointReview?.approvalBlocked ?? false);
    const now = s.clock.now();
    const decidedBy: RoundDecidedBy = escalationPhase ? 'ESCALATION_ASSEMBLY' : 'CONSENSUS';
    const settle = (outcome: 'APPROVE' | 'REJECT' | 'ESCALATE' | null, by: RoundDecidedBy | null, close: boolean) =>
      settleRound(tx, round, { outcome, decidedBy: by, policyVersion: version, reasons: decision.reasons, close, at: now });

    const sub = (await tx.select({ canaryLabel: submissions.canaryLabel }).from(submissions).where(eq(submissions.id, round.submissionId)).limit(1))[0];
    const canary = sub?.canaryLabel === 'benign' || sub?.canaryLabel === 'malicious' ? sub.canaryLabel : null;
    // A re-audit judges a sealed certificate: its outcome restores or revokes it, and closes the round.
    if (round.roundType === 'REAUDIT' && (decision.outcome === 'APPROVE' || decision.outcome === 'REJECT')) {
      await settle(decision.outcome, decidedBy, true);
      await recordEvent(tx, round.submissionId, {
        type: `consensus.${decision.outcome.toLowerCase()}`,
        message: `Re-audit consensus: ${decision.outcome} — ${decision.reasons.join('; ')}`,
        data: { roundId, policyVersion: version, decidedBy, roundType: 'REAUDIT', certificateId: round.certificateId },
      });
      await applyReauditOutcome(tx, round, decision.outcome, decision.reasons.join('; '));
      await next.standing(roundId);
      return;
    }
    if (decision.outcome === 'APPROVE') {
      await settle('APPROVE', decidedBy, canary !== null); // a canary measures the validators; it is never certified
      await recordEvent(tx, round.submissionId, {
        type: 'consensus.approve',
        message: `Consensus: APPROVE — ${decision.reasons.join('; ')}`,
        data: { roundId, policyVersion: version, decidedBy },
      });
      await next.standing(roundId);
      if (canary) {
        await moveSubmission(tx, round.submissionId, ['IN_AUDIT', 'ESCALATED'], 'APPROVED', {
          type: 'canary.closed',
          message: 'Outcome recorded; not certified.',
        });
        return;
      }
      await next.seal(roundId);
      return;
    }
    if (decision.outcome === 'REJECT') {
      await settle('REJECT', decidedBy, true);
      await moveSubmission(
        tx,
        round.submissionId,
        ['IN_AUDIT', 'ESCALATED'],
        'REJECTED',
        { type: 'consensus.reject', message: `Consensus: REJECT — ${decision.reasons.join('; ')}`, data: { roundId, policyVersion: version, decidedBy } },
        { reasons: rejectionReasons(all, ev.report, decision.reasons) },
      );
      await next.standing(roundId);
      return;
    }
    // ESCALATE: first an escalation assembly (a larger, fresh panel), then an operator.
    if (!escalationPhase && s.config.panels.escalation > 0) {
      await settle(null, null, false);
      const escalate = {
        type: 'consensus.escalate',
        message: `Consensus: ESCALATE — ${decision.reasons.join('; ')}. An escalation assembly of ${s.config.panels.escalation} is convened.`,
        data: { roundId, policyVersion: version, ...(round.certificateId ? { certificateId: round.certificateId } : {}) },
      };
      // A re-audit's submission stays APPROVED: the event goes on its timeline without a status change.
      if (!(await moveSubmission(tx, round.submissionId, ['IN_AUDIT'], 'ESCALATED', escalate))) await recordEvent(tx, round.submissionId, escalate);
      await next.auditPhase(roundId, 3);
      return;
    }
    if (canary) {
      // No operator is asked about a canary: its known label settles it.
      const outcome = canary === 'benign' ? 'APPROVE' : 'REJECT';
      await settle(outcome, 'CANARY_LABEL', true);
      await moveSubmission(tx, round.submissionId, ['IN_AUDIT', 'ESCALATED'], outcome === 'APPROVE' ? 'APPROVED' : 'REJECTED', {
        type: 'canary.closed',
        message: 'Outcome recorded; not certified.',
      });
      await next.standing(roundId);
      return;
    }
    await settle('ESCALATE', null, false);
    const moved = await moveSubmission(tx, round.submissionId, ['IN_AUDIT'], 'ESCALATED', {
      type: 'escalation.operator',
      message: `Unresolved — ${decision.reasons.join('; ')}. Waiting for an operator decision.`,
      data: { roundId, policyVersion: version },
    });
    if (!moved) {
      await recordEvent(tx, round.submissionId, {
        type: 'escalation.operator',
        message: `Unresolved — ${decision.reasons.join('; ')}. Waiting for an operator decision.`,
        data: { roundId, policyVersion: version, ...(round.certificateId ? { certificateId: round.certificateId } : {}) },
      });
    }
  });
}
