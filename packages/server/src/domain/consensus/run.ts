import { eq, sql } from 'drizzle-orm';
import type { EvidenceReport, Reason } from '@sigma/core';
import { evidenceReports, rounds, submissions } from '../../db/schema/index.js';
import { transact } from '../../jobs/queue.js';
import type { Services } from '../../services.js';
import { lockRound, roundSeats, type SeatRow } from '../assembly/rounds.js';
import { recordEvent, transition } from '../submissions/service.js';
import { decideAssembly, decideEscalation, policyVersion, type PolicyConfig, type Vote } from './policy.js';

export function policyConfig(s: Services): PolicyConfig {
  return { ...s.config.consensus };
}

const toVote = (x: SeatRow): Vote => ({
  status: x.status as Vote['status'],
  verdict: (x.verdict as Vote['verdict']) ?? null,
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
  await transact(s.db, s.queue, async (tx, enqueue) => {
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
    const decision = escalationPhase ? decideEscalation(votes, config) : decideAssembly(votes, ev.report, config);
    const now = s.clock.now();
    const decidedBy = escalationPhase ? 'ESCALATION_ASSEMBLY' : 'CONSENSUS';
    const reasonsJson = sql`${rounds.outcomeReasons} || ${JSON.stringify(decision.reasons)}::jsonb`;

    const sub = (await tx.select({ canaryLabel: submissions.canaryLabel }).from(submissions).where(eq(submissions.id, round.submissionId)).limit(1))[0];
    const canary = sub?.canaryLabel === 'benign' || sub?.canaryLabel === 'malicious' ? sub.canaryLabel : null;
    if (decision.outcome === 'APPROVE') {
      await tx.update(rounds).set({ outcome: 'APPROVE', policyVersion: version, decidedBy, outcomeReasons: reasonsJson }).where(eq(rounds.id, roundId));
      await recordEvent(tx, round.submissionId, {
        type: 'consensus.approve',
        message: `Consensus: APPROVE — ${decision.reasons.join('; ')}`,
        data: { roundId, policyVersion: version, decidedBy },
      });
      await enqueue('standing.apply', { roundId });
      if (canary) {
        // A canary measures the validators; it is never certified.
        await tx.update(rounds).set({ status: 'CLOSED', closedAt: now }).where(eq(rounds.id, roundId));
        await transition(tx, round.submissionId, ['IN_AUDIT', 'ESCALATED'], 'APPROVED', { type: 'canary.closed', message: 'Outcome recorded; not certified.' });
        return;
      }
      await enqueue('certificate.seal', { roundId }, { singletonKey: `${roundId}:seal` });
      return;
    }
    if (decision.outcome === 'REJECT') {
      await tx
        .update(rounds)
        .set({ outcome: 'REJECT', policyVersion: version, decidedBy, outcomeReasons: reasonsJson, status: 'CLOSED', closedAt: now })
        .where(eq(rounds.id, roundId));
      await transition(
        tx,
        round.submissionId,
        ['IN_AUDIT', 'ESCALATED'],
        'REJECTED',
        { type: 'consensus.reject', message: `Consensus: REJECT — ${decision.reasons.join('; ')}`, data: { roundId, policyVersion: version, decidedBy } },
        { reasons: rejectionReasons(all, ev.report, decision.reasons) },
      );
      await enqueue('standing.apply', { roundId });
      return;
    }
    // ESCALATE: first an escalation assembly (a larger, fresh panel), then an operator.
    if (!escalationPhase && s.config.panels.escalation > 0) {
      await tx.update(rounds).set({ policyVersion: version, outcomeReasons: reasonsJson }).where(eq(rounds.id, roundId));
      await transition(tx, round.submissionId, ['IN_AUDIT'], 'ESCALATED', {
        type: 'consensus.escalate',
        message: `Consensus: ESCALATE — ${decision.reasons.join('; ')}. An escalation assembly of ${s.config.panels.escalation} is convened.`,
        data: { roundId, policyVersion: version },
      });
      await enqueue('audit.phase', { roundId, phase: 3 }, { singletonKey: `${roundId}:3` });
      return;
    }
    if (canary) {
      // No operator is asked about a canary: its known label settles it.
      const outcome = canary === 'benign' ? 'APPROVE' : 'REJECT';
      await tx
        .update(rounds)
        .set({ outcome, policyVersion: version, decidedBy: 'CANARY_LABEL', outcomeReasons: reasonsJson, status: 'CLOSED', closedAt: now })
        .where(eq(rounds.id, roundId));
      await transition(tx, round.submissionId, ['IN_AUDIT', 'ESCALATED'], outcome === 'APPROVE' ? 'APPROVED' : 'REJECTED', {
        type: 'canary.closed',
        message: 'Outcome recorded; not certified.',
      });
      await enqueue('standing.apply', { roundId });
      return;
    }
    await tx.update(rounds).set({ outcome: 'ESCALATE', policyVersion: version, decidedBy: null, outcomeReasons: reasonsJson }).where(eq(rounds.id, roundId));
    const moved = await transition(tx, round.submissionId, ['IN_AUDIT'], 'ESCALATED', {
      type: 'escalation.operator',
      message: `Unresolved — ${decision.reasons.join('; ')}. Waiting for an operator decision.`,
      data: { roundId, policyVersion: version },
    });
    if (!moved) {
      await recordEvent(tx, round.submissionId, {
        type: 'escalation.operator',
        message: `Unresolved — ${decision.reasons.join('; ')}. Waiting for an operator decision.`,
        data: { roundId, policyVersion: version },
      });
    }
  });
}
