import { randomBytes } from 'node:crypto';
import { asc, eq, inArray, max, sql } from 'drizzle-orm';
import { newId24, type Phase, type RoundType, type RoundView, type TriggerSource } from '@sigma/core';
import type { DbOrTx, Tx } from '../../db/client.js';
import { rounds, seats, validators } from '../../db/schema/index.js';
import type { EnqueueOptions, JobName, JobPayloads } from '../../jobs/queue.js';
import { drawPanel } from './selection.js';
import { eligibleCandidates } from '../validators/service.js';

export type Enqueue = <N extends JobName>(name: N, data: JobPayloads[N], opts?: EnqueueOptions) => Promise<void>;
export type RoundRow = typeof rounds.$inferSelect;
export type SeatRow = typeof seats.$inferSelect;

export async function openRound(
  tx: Tx,
  enqueue: Enqueue,
  input: { submissionId: string; roundType: RoundType; triggerSource: TriggerSource },
): Promise<RoundRow> {
  const last = await tx.select({ n: max(rounds.roundNumber) }).from(rounds).where(eq(rounds.submissionId, input.submissionId));
  const row: typeof rounds.$inferInsert = {
    id: newId24(),
    submissionId: input.submissionId,
    roundType: input.roundType,
    triggerSource: input.triggerSource,
    roundNumber: (last[0]?.n ?? 0) + 1,
    status: 'OPEN',
    phase: 0,
    seed: randomBytes(32).toString('hex'),
    promptNonce: randomBytes(12).toString('hex'),
  };
  const [created] = await tx.insert(rounds).values(row).returning();
  await enqueue('audit.phase', { roundId: created!.id, phase: 1 }, { singletonKey: `${created!.id}:1` });
  return created!;
}

export async function lockRound(tx: DbOrTx, roundId: string): Promise<RoundRow | undefined> {
  return (await tx.select().from(rounds).where(eq(rounds.id, roundId)).for('update').limit(1))[0];
}

export async function roundSeats(db: DbOrTx, roundId: string): Promise<SeatRow[]> {
  return db.select().from(seats).where(eq(seats.roundId, roundId)).orderBy(asc(seats.phase), asc(seats.createdAt), asc(seats.id));
}

/**
 * Draw the panel of `phase` and enqueue one verdict job per seat. Idempotent: if the phase already
 * has seats, nothing happens. Returns the number of seats drawn (0 when none could be).
 */
export async function drawPhase(
  tx: Tx,
  enqueue: Enqueue,
  round: RoundRow,
  phase: Phase,
  size: number,
  submitterDeveloperId: string,
): Promise<{ drawn: number; notes: string[] }> {
  const existing = await roundSeats(tx, round.id);
  if (existing.some((s) => s.phase === phase)) return { drawn: -1, notes: [] };
  const candidates = await eligibleCandidates(tx, submitterDeveloperId);
  const seated = new Set(existing.map((s) => s.validatorId));
  const earlierFamilies = new Set(existing.map((s) => s.modelFamily));
  // Phase 2 and the escalation assembly are fresh panels: nobody who already sat in this round.
  const draw = drawPanel({
    seed: round.seed,
    label: String(phase),
    candidates,
    size,
    exclude: seated,
    usedFamilies: phase === 1 ? new Set() : earlierFamilies,
  });
  const byId = new Map((await tx.select().from(validators).where(inArray(validators.id, draw.panel.map((c) => c.validatorId).concat(['-'])))).map((v) => [v.id, v]));
  for (const c of draw.panel) {
    const v = byId.get(c.validatorId)!;
    const seatId = newId24();
    await tx.insert(seats).values({
      id: seatId,
      roundId: round.id,
      validatorId: v.id,
      phase,
      status: 'PENDING',
      modelFamily: v.modelFamily,
      modelId: v.modelId,
      sampling: v.sampling,
      weight: c.weight,
    });
    await enqueue('audit.verdict', { seatId });
  }
  await tx
    .update(rounds)
    .set({
      phase,
      diversityNotes: sql`${rounds.diversityNotes} || ${JSON.stringify(draw.notes)}::jsonb`,
      drawLog: sql`${rounds.drawLog} || ${JSON.stringify([{ phase, size, candidates: draw.keys.length, keys: draw.keys }])}::jsonb`,
    })
    .where(eq(rounds.id, round.id));
  return { drawn: draw.panel.length, notes: draw.notes };
}

/** Draw one replacement for a seat that timed out (once per original seat). */
export async function drawReplacement(tx: Tx, enqueue: Enqueue, round: RoundRow, seat: SeatRow, submitterDeveloperId: string): Promise<string | null> {
  if (seat.replacesSeatId) return null; // a replacement is never replaced again
  const existing = await roundSeats(tx, round.id);
  const candidates = await eligibleCandidates(tx, submitterDeveloperId);
  const draw = drawPanel({
    seed: round.seed,
    label: `${seat.phase}:replace:${seat.id}`,
    candidates,
    size: 1,
    exclude: new Set(existing.map((s) => s.validatorId)),
    usedFamilies: new Set(existing.filter((s) => s.phase !== seat.phase).map((s) => s.modelFamily)),
  });
  const pick = draw.panel[0];
  if (!pick) return null;
  const v = (await tx.select().from(validators).where(eq(validators.id, pick.validatorId)).limit(1))[0]!;
  const seatId = newId24();
  await tx.insert(seats).values({
    id: seatId,
    roundId: round.id,
    validatorId: v.id,
    phase: seat.phase,
    status: 'PENDING',
    modelFamily: v.modelFamily,
    modelId: v.modelId,
    sampling: v.sampling,
    weight: pick.weight,
    replacesSeatId: seat.id,
  });
  await enqueue('audit.verdict', { seatId });
  return seatId;
}

export function phasePending(all: SeatRow[], phase: number): number {
  return all.filter((s) => s.phase === phase && s.status === 'PENDING').length;
}

export async function roundViews(db: DbOrTx, submissionId: string): Promise<RoundView[]> {
  const rs = await db.select().from(rounds).where(eq(rounds.submissionId, submissionId)).orderBy(asc(rounds.roundNumber));
  if (!rs.length) return [];
  const ss = await db
    .select({ seat: seats, owner: validators.ownerAddress, session: validators.sessionAddress })
    .from(seats)
    .innerJoin(validators, eq(validators.id, seats.validatorId))
    .where(inArray(seats.roundId, rs.map((r) => r.id)))
    .orderBy(asc(seats.phase), asc(seats.createdAt), asc(seats.id));
  return rs.map((r) => ({
    roundId: r.id,
    roundType: r.roundType as RoundView['roundType'],
    triggerSource: r.triggerSource as RoundView['triggerSource'],
    roundNumber: r.roundNumber,
    status: r.status as RoundView['status'],
    seed: r.seed,
    policyVersion: r.policyVersion,
    outcome: (r.outcome as RoundView['outcome']) ?? null,
    outcomeReasons: r.outcomeReasons,
    diversityNotes: r.diversityNotes,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    verdicts: ss
      .filter((x) => x.seat.roundId === r.id)
      .map(({ seat: s, owner, session }) => ({
        validatorId: s.validatorId,
        ownerAddress: owner,
        sessionAddress: session,
        phase: s.phase as Phase,
        status: s.status as RoundView['verdicts'][number]['status'],
        verdict: (s.verdict as 'SAFE' | 'UNSAFE' | null) ?? null,
        blocking: s.blocking,
        severity: (s.severity as RoundView['verdicts'][number]['severity']) ?? null,
        rationale: s.rationale,
        findings: s.findings,
        modelFamily: s.modelFamily,
        modelId: s.modelId,
        sampling: s.sampling,
        weight: s.weight,
        decidedAt: s.decidedAt?.toISOString() ?? null,
      })),
  }));
}

export async function latestRound(db: DbOrTx, submissionId: string): Promise<RoundRow | undefined> {
  return (await db.select().from(rounds).where(eq(rounds.submissionId, submissionId)).orderBy(sql`${rounds.roundNumber} desc`).limit(1))[0];
}

