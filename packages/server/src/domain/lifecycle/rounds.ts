import { eq, sql } from 'drizzle-orm';
import type { ConsensusOutcome, RoundDecidedBy } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { rounds } from '../../db/schema/index.js';
import { recordEvent } from './timeline.js';
import { assertTransition } from './transitions.js';

type RoundRow = typeof rounds.$inferSelect;

export interface Settlement {
  /** null: no outcome yet (the escalation assembly is convened and will settle the round). */
  outcome: ConsensusOutcome | null;
  /** null with ESCALATE: unresolved, waiting for an operator. */
  decidedBy: RoundDecidedBy | null;
  policyVersion: string;
  /** Appended to the round's outcome reasons. */
  reasons: string[];
  /** Close the round now (REJECT, canaries); an APPROVE stays open until its certificate is sealed. */
  close: boolean;
  at: Date;
}

/**
 * Settle a round: the one place a round's outcome is written (consensus, the escalation assembly, an
 * operator, a canary's label). Checked against the lifecycle table and recorded on the timeline.
 */
export async function settleRound(tx: DbOrTx, round: RoundRow, st: Settlement): Promise<void> {
  if (st.outcome) assertTransition('round outcome', round.outcome ?? 'NONE', st.outcome);
  if (st.close) assertTransition('round', round.status, 'CLOSED');
  await tx
    .update(rounds)
    .set({
      ...(st.outcome ? { outcome: st.outcome, decidedBy: st.decidedBy } : {}),
      policyVersion: st.policyVersion,
      outcomeReasons: sql`${rounds.outcomeReasons} || ${JSON.stringify(st.reasons)}::jsonb`,
      ...(st.close ? { status: 'CLOSED' as const, closedAt: st.at } : {}),
    })
    .where(eq(rounds.id, round.id));
  if (!st.outcome) return; // reasons only: no status changed
  await recordEvent(tx, round.submissionId, {
    type: 'round.settled',
    message: `Round ${round.roundNumber}: ${st.outcome}${st.decidedBy ? ` by ${st.decidedBy}` : ''}${st.close ? '; closed' : ''}.`,
    data: { roundId: round.id, outcome: st.outcome, decidedBy: st.decidedBy, closed: st.close },
  });
}

/** Close a settled round (after its certificate is sealed). */
export async function closeRound(tx: DbOrTx, round: RoundRow, at: Date): Promise<void> {
  assertTransition('round', round.status, 'CLOSED');
  await tx.update(rounds).set({ status: 'CLOSED', closedAt: at }).where(eq(rounds.id, round.id));
  await recordEvent(tx, round.submissionId, { type: 'round.closed', message: `Round ${round.roundNumber} closed.`, data: { roundId: round.id } });
}
