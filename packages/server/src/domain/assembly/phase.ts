import type { Phase } from '@sigma/core';
import type { Services } from '../../services.js';
import { recordEvent } from '../lifecycle/timeline.js';
import { getSubmissionRow } from '../submissions/service.js';
import { drawPhase, lockRound, roundSeats } from './rounds.js';

const PHASE_NAME: Record<number, string> = { 1: 'Phase 1', 2: 'Phase 2', 3: 'Escalation assembly' };

/** Step `audit.phase`: draw the panel of a phase and fan out one verdict job per seat. Idempotent. */
export async function runPhaseStep(s: Services, roundId: string, phase: Phase): Promise<void> {
  await s.transact(async (tx, next) => {
    const round = await lockRound(tx, roundId);
    if (!round || round.status !== 'OPEN' || round.outcome) return;
    if (round.phase > phase) return;
    const sub = await getSubmissionRow(tx, round.submissionId);
    if (!sub) return;
    const size = phase === 1 ? s.config.panels.phase1 : phase === 2 ? s.config.panels.phase2 : s.config.panels.escalation;
    const { drawn, notes } = await drawPhase(tx, next, round, phase, size, sub.developerId);
    if (drawn < 0) return; // already drawn
    const seated = (await roundSeats(tx, roundId)).filter((x) => x.phase === phase);
    await recordEvent(tx, round.submissionId, {
      type: `audit.phase${phase}.drawn`,
      message: `${PHASE_NAME[phase] ?? `Phase ${phase}`}: ${drawn} validator(s) drawn (${[...new Set(seated.map((x) => x.modelFamily))].join(', ') || 'none'}).`,
      data: { roundId, phase, seats: drawn, notes },
    });
    // Nobody to ask: go straight to consensus, which escalates for lack of votes.
    if (drawn === 0) await next.consensus(roundId, phase);
  });
}
