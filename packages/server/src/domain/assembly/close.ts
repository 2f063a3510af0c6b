import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { seats } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { getSubmissionRow } from '../submissions/service.js';
import type { Next } from '../lifecycle/next.js';
import { drawReplacement, lockRound, phasePending, roundSeats, type SeatRow } from './rounds.js';

/** What a decided seat records. VOTED carries the verdict; ABSTAINED and TIMED_OUT are misses. */
export type SeatClose = Partial<Omit<typeof seats.$inferInsert, 'id' | 'roundId' | 'validatorId' | 'phase'>> & {
  status: 'VOTED' | 'ABSTAINED' | 'TIMED_OUT';
};

/**
 * Close one seat and move the round on — the one path every verdict takes (managed reviews, self-hosted
 * reveals, missed deadlines). Run it inside `s.transact()`:
 *  1. lock the round (serialises concurrent verdicts of a round);
 *  2. decide the seat only if it is still PENDING (a retried job or a late request is a no-op → false);
 *  3. a TIMED_OUT seat of an open round is replaced once (never a replacement of a replacement);
 *  4. when it was the last pending seat of its phase: phase 1 → draw phase 2, else → consensus.
 */
export async function closeSeat(s: Services, tx: Tx, next: Next, seat: SeatRow, set: SeatClose): Promise<boolean> {
  const locked = await lockRound(tx, seat.roundId);
  if (!locked) return false;
  const updated = await tx
    .update(seats)
    .set(set)
    .where(and(eq(seats.id, seat.id), eq(seats.status, 'PENDING')))
    .returning({ id: seats.id });
  if (updated.length === 0) return false;
  if (set.status === 'TIMED_OUT' && locked.status === 'OPEN') {
    const sub = await getSubmissionRow(tx, locked.submissionId);
    await drawReplacement(tx, next, locked, seat, sub!.developerId);
  }
  if (locked.status !== 'OPEN' || locked.outcome) return true;
  const all = await roundSeats(tx, locked.id);
  if (phasePending(all, seat.phase) > 0) return true;
  if (seat.phase === 1 && s.config.panels.phase2 > 0) await next.auditPhase(locked.id, 2);
  else await next.consensus(locked.id, seat.phase);
  return true;
}
