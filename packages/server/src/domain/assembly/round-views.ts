import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { RoundView } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { rounds, seats, validators } from '../../db/schema/index.js';

type RoundRow = typeof rounds.$inferSelect;

export async function roundViews(db: DbOrTx, submissionId: string): Promise<RoundView[]> {
  const rs = await db.select().from(rounds).where(eq(rounds.submissionId, submissionId)).orderBy(asc(rounds.roundNumber));
  if (!rs.length) return [];
  const ss = await db
    .select({ seat: seats, owner: validators.ownerAddress, session: validators.sessionAddress })
    .from(seats)
    .innerJoin(validators, eq(validators.id, seats.validatorId))
    .where(
      inArray(
        seats.roundId,
        rs.map((r) => r.id),
      ),
    )
    .orderBy(asc(seats.phase), asc(seats.createdAt), asc(seats.id));
  return rs.map((r) => ({
    roundId: r.id,
    roundType: r.roundType,
    triggerSource: r.triggerSource,
    roundNumber: r.roundNumber,
    status: r.status,
    seed: r.seed,
    policyVersion: r.policyVersion,
    outcome: r.outcome ?? null,
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
        phase: s.phase,
        status: s.status,
        verdict: s.verdict ?? null,
        blocking: s.blocking,
        severity: s.severity ?? null,
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
  return (
    await db
      .select()
      .from(rounds)
      .where(eq(rounds.submissionId, submissionId))
      .orderBy(sql`${rounds.roundNumber} desc`)
      .limit(1)
  )[0];
}
