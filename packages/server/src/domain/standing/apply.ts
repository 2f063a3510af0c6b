import { and, asc, eq, sql } from 'drizzle-orm';
import { newId24 } from '@sigma/core';
import type { DbOrTx, Tx } from '../../db/client.js';
import { ledgerEntries, ledgerTransactions, seats, standingHistory, submissions, validators } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { lockRound } from '../assembly/rounds.js';
import { PLATFORM, post, validatorEarnings } from '../ledger/ledger.js';
import { applySeatResult, governanceWeight, STANDING, type SeatResult } from './weight.js';

/** Record one standing change of a validator: the row, then the validator (same transaction). */
export async function recordStanding(
  tx: DbOrTx,
  validatorId: string,
  change: { kind: string; roundId?: string | null; reason: string; data?: Record<string, unknown> },
  next: (v: typeof validators.$inferSelect) => { reputation: number; auditAccuracy: number; status: string; stakeWei?: bigint },
): Promise<boolean> {
  const v = (await tx.select().from(validators).where(eq(validators.id, validatorId)).for('update').limit(1))[0];
  if (!v) return false;
  const n = next(v);
  const stakeWei = n.stakeWei ?? BigInt(v.stake);
  const weightAfter = governanceWeight({ stakeWei, reputation: n.reputation, auditAccuracy: n.auditAccuracy, pluginCreatorBonus: v.pluginCreatorBonus });
  const inserted = await tx
    .insert(standingHistory)
    .values({
      id: newId24(),
      validatorId,
      kind: change.kind,
      roundId: change.roundId ?? null,
      reputationBefore: v.reputation,
      reputationAfter: n.reputation,
      accuracyBefore: v.auditAccuracy,
      accuracyAfter: n.auditAccuracy,
      weightBefore: v.governanceWeight,
      weightAfter,
      statusAfter: n.status,
      reason: change.reason,
      data: change.data ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: standingHistory.id });
  if (inserted.length === 0) return false; // already applied (a retried job)
  await tx
    .update(validators)
    .set({
      reputation: n.reputation,
      auditAccuracy: n.auditAccuracy,
      status: n.status,
      governanceWeight: weightAfter,
      stake: stakeWei.toString(),
      updatedAt: new Date(),
    })
    .where(eq(validators.id, validatorId));
  return true;
}

/** The fee a submission paid, as booked to revenue by the payment code (refType 'submission'). */
export async function submissionRevenue(db: DbOrTx, submissionId: string): Promise<bigint> {
  const rows = await db
    .select({ total: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)::text` })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .where(
      and(
        eq(ledgerTransactions.refType, 'submission'),
        eq(ledgerTransactions.refId, submissionId),
        eq(ledgerEntries.currency, 'CREDIT'),
        sql`${ledgerEntries.accountId} = (select id from sigma.ledger_accounts where kind = 'revenue' and owner_type = 'platform' and owner_id = 'sigma' and currency = 'CREDIT')`,
      ),
    );
  return BigInt(rows[0]?.total ?? '0');
}

/**
 * Split the validator share of a fee among aligned validators in proportion to their weight; the
 * rest (and every rounding remainder) goes to the treasury. Pure integer arithmetic.
 */
export function splitPayout(
  fee: bigint,
  shareBps: number,
  aligned: Array<{ validatorId: string; weight: number }>,
): { payouts: Array<{ validatorId: string; amount: bigint }>; treasury: bigint } {
  if (fee <= 0n) return { payouts: [], treasury: 0n };
  const pool = aligned.length ? (fee * BigInt(shareBps)) / 10_000n : 0n;
  const scaled = aligned.map((a) => ({ validatorId: a.validatorId, w: BigInt(Math.max(0, Math.round(a.weight * 1e9))) }));
  const total = scaled.reduce((acc, a) => acc + a.w, 0n);
  const payouts = total > 0n ? scaled.map((a) => ({ validatorId: a.validatorId, amount: (pool * a.w) / total })).filter((p) => p.amount > 0n) : [];
  const paid = payouts.reduce((acc, p) => acc + p.amount, 0n);
  return { payouts, treasury: fee - paid };
}

/**
 * Step `standing.apply`: once a round's outcome is final, judge every seat (aligned when SAFE↔APPROVE
 * or UNSAFE↔REJECT; for canaries, against the known label, counted triple), update standing with a
 * history row each, and pay the validator share of the fee. Idempotent per round.
 */
export async function runStandingStep(s: Services, roundId: string): Promise<void> {
  await s.db.transaction(async (tx) => {
    const round = await lockRound(tx, roundId);
    if (!round || (round.outcome !== 'APPROVE' && round.outcome !== 'REJECT')) return;
    const sub = (await tx.select().from(submissions).where(eq(submissions.id, round.submissionId)).limit(1))[0];
    if (!sub) return;
    const canary = sub.canaryLabel === 'benign' || sub.canaryLabel === 'malicious';
    const truth = canary ? (sub.canaryLabel === 'benign' ? 'SAFE' : 'UNSAFE') : round.outcome === 'APPROVE' ? 'SAFE' : 'UNSAFE';
    const times = canary ? STANDING.canaryMultiplier : 1;
    const all = await tx.select().from(seats).where(eq(seats.roundId, roundId)).orderBy(asc(seats.phase), asc(seats.createdAt), asc(seats.id));
    const judged = all.filter((x) => x.status === 'VOTED' || x.status === 'ABSTAINED' || x.status === 'TIMED_OUT');
    for (const seat of judged) {
      const result: SeatResult = seat.status !== 'VOTED' ? 'missed' : seat.verdict === truth ? 'aligned' : 'misaligned';
      await recordStanding(
        tx,
        seat.validatorId,
        {
          kind: result,
          roundId,
          reason: `${canary ? 'canary ' : ''}round ${round.roundNumber} of ${sub.id}: ${seat.status === 'VOTED' ? `voted ${seat.verdict}` : seat.status.toLowerCase()} vs ${canary ? 'known label' : 'outcome'} ${truth}`,
          data: { phase: seat.phase, seatId: seat.id, canary, times },
        },
        (v) => applySeatResult(v, result, times),
      );
    }
    // A re-audit is paid by nobody: standing moves, the submission's fee was already shared out by its audit.
    if (canary || round.roundType === 'REAUDIT') return;
    const fee = await submissionRevenue(tx, sub.id);
    if (fee <= 0n) return;
    const aligned = judged.filter((x) => x.status === 'VOTED' && x.verdict === truth).map((x) => ({ validatorId: x.validatorId, weight: x.weight }));
    await postPayout(tx, roundId, sub.id, fee, s.config.payouts.validatorShareBps, aligned);
  });
}

async function postPayout(
  tx: Tx,
  roundId: string,
  submissionId: string,
  fee: bigint,
  shareBps: number,
  aligned: Array<{ validatorId: string; weight: number }>,
) {
  const split = splitPayout(fee, shareBps, aligned);
  await post(tx, {
    kind: 'round.payout',
    idempotencyKey: `payout:${roundId}`,
    refType: 'round',
    refId: roundId,
    memo: `validator share ${shareBps / 100}% of ${fee} credits for ${submissionId}`,
    data: { submissionId, aligned: aligned.map((a) => a.validatorId) },
    entries: [
      { account: PLATFORM.revenue('CREDIT'), amount: -fee },
      ...split.payouts.map((p) => ({ account: validatorEarnings(p.validatorId), amount: p.amount })),
      { account: PLATFORM.treasury('CREDIT'), amount: split.treasury },
    ],
  });
}
