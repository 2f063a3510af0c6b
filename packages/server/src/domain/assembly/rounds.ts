import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, max, ne, sql } from 'drizzle-orm';
import { newId24, type Phase, type RoundType, type TriggerSource } from '@sigma/core';
import type { DbOrTx, Tx } from '../../db/client.js';
import { rounds, seats, validators } from '../../db/schema/index.js';
import type { Next } from '../lifecycle/next.js';
import { drawPanel, type Candidate } from './selection.js';
import { eligibleCandidates } from '../validators/service.js';

/** Everything needed to re-derive one panel draw from the round seed (stored in rounds.draw_log). */
export interface DrawRecord {
  label: string;
  phase: number;
  size: number;
  candidates: Candidate[];
  exclude: string[];
  excludeOwners: string[];
  usedFamilies: string[];
  panel: string[];
}

function drawInputs(existing: SeatRow[], ownerOf: Map<string, string>, phaseFamiliesFrom: (s: SeatRow) => boolean) {
  return {
    exclude: [...new Set(existing.map((s) => s.validatorId))].sort(),
    excludeOwners: [...new Set(existing.map((s) => (ownerOf.get(s.validatorId) ?? '').toLowerCase()).filter(Boolean))].sort(),
    usedFamilies: [...new Set(existing.filter(phaseFamiliesFrom).map((s) => s.modelFamily))].sort(),
  };
}

async function ownersOf(tx: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await tx.select({ id: validators.id, owner: validators.ownerAddress }).from(validators).where(inArray(validators.id, ids));
  return new Map(rows.map((r) => [r.id, r.owner]));
}

export type RoundRow = typeof rounds.$inferSelect;
export type SeatRow = typeof seats.$inferSelect;

export async function openRound(
  tx: Tx,
  next: Next,
  input: { submissionId: string; roundType: RoundType; triggerSource: TriggerSource; certificateId?: string },
): Promise<RoundRow> {
  const last = await tx
    .select({ n: max(rounds.roundNumber) })
    .from(rounds)
    .where(eq(rounds.submissionId, input.submissionId));
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
    certificateId: input.certificateId ?? null,
  };
  const [created] = await tx.insert(rounds).values(row).returning();
  await next.auditPhase(created!.id, 1);
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
  next: Next,
  round: RoundRow,
  phase: Phase,
  size: number,
  submitterDeveloperId: string,
): Promise<{ drawn: number; notes: string[] }> {
  const existing = await roundSeats(tx, round.id);
  if (existing.some((s) => s.phase === phase)) return { drawn: -1, notes: [] };
  const candidates = await eligibleCandidates(tx, submitterDeveloperId);
  // Phase 2 and the escalation assembly are fresh panels: nobody who already sat in this round, no
  // second seat for an owner, and model families not used yet are preferred.
  const inputs = drawInputs(
    existing,
    await ownersOf(
      tx,
      existing.map((x) => x.validatorId),
    ),
    () => phase !== 1,
  );
  const freshNotes = round.roundType === 'REAUDIT' ? await freshAssembly(tx, round, candidates, inputs, size) : [];
  const draw = drawPanel({
    seed: round.seed,
    label: String(phase),
    candidates,
    size,
    exclude: new Set(inputs.exclude),
    excludeOwners: new Set(inputs.excludeOwners),
    usedFamilies: new Set(inputs.usedFamilies),
  });
  draw.notes.push(...freshNotes);
  const record: DrawRecord = { label: String(phase), phase, size, candidates, ...inputs, panel: draw.panel.map((c) => c.validatorId) };
  const byId = new Map(
    (
      await tx
        .select()
        .from(validators)
        .where(inArray(validators.id, draw.panel.map((c) => c.validatorId).concat(['-'])))
    ).map((v) => [v.id, v]),
  );
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
    await next.verdict(seatId);
  }
  await tx
    .update(rounds)
    .set({
      phase,
      diversityNotes: sql`${rounds.diversityNotes} || ${JSON.stringify(draw.notes)}::jsonb`,
      drawLog: sql`${rounds.drawLog} || ${JSON.stringify([record])}::jsonb`,
    })
    .where(eq(rounds.id, round.id));
  return { drawn: draw.panel.length, notes: draw.notes };
}

/**
 * A re-audit is judged by a fresh assembly: nobody who sat in an earlier round of the submission (the
 * panel that certified it) is drawn, as long as enough other eligible validators remain for the panel;
 * otherwise they stay eligible and a note says so. Adds them to `inputs.exclude` (recorded in the draw
 * log, so the panel audit re-derives the same draw).
 */
async function freshAssembly(tx: DbOrTx, round: RoundRow, candidates: Candidate[], inputs: { exclude: string[] }, size: number): Promise<string[]> {
  const prior = await tx
    .selectDistinct({ validatorId: seats.validatorId })
    .from(seats)
    .innerJoin(rounds, eq(rounds.id, seats.roundId))
    .where(and(eq(rounds.submissionId, round.submissionId), ne(rounds.id, round.id)));
  const priorIds = new Set(prior.map((p) => p.validatorId));
  if (!priorIds.size) return [];
  const excluded = new Set(inputs.exclude);
  const left = candidates.filter((c) => !excluded.has(c.validatorId) && !priorIds.has(c.validatorId)).length;
  if (left < size) {
    return [`fresh assembly not possible: only ${left} eligible validator(s) did not sit in an earlier round; earlier panel members may be drawn`];
  }
  inputs.exclude = [...new Set([...inputs.exclude, ...priorIds])].sort();
  return [];
}

/** Draw one replacement for a seat that timed out (once per original seat). */
export async function drawReplacement(tx: Tx, next: Next, round: RoundRow, seat: SeatRow, submitterDeveloperId: string): Promise<string | null> {
  if (seat.replacesSeatId) return null; // a replacement is never replaced again
  const existing = await roundSeats(tx, round.id);
  const candidates = await eligibleCandidates(tx, submitterDeveloperId);
  // The timed-out validator's owner is not excluded: it loses its seat, not its owner's other validators' chances.
  const others = existing.filter((x) => x.id !== seat.id);
  const inputs = drawInputs(
    others,
    await ownersOf(
      tx,
      others.map((x) => x.validatorId),
    ),
    (x) => x.phase !== seat.phase,
  );
  inputs.exclude = [...new Set([...inputs.exclude, seat.validatorId])].sort();
  const label = `${seat.phase}:replace:${seat.id}`;
  const draw = drawPanel({
    seed: round.seed,
    label,
    candidates,
    size: 1,
    exclude: new Set(inputs.exclude),
    excludeOwners: new Set(inputs.excludeOwners),
    usedFamilies: new Set(inputs.usedFamilies),
  });
  const record: DrawRecord = { label, phase: seat.phase, size: 1, candidates, ...inputs, panel: draw.panel.map((c) => c.validatorId) };
  await tx
    .update(rounds)
    .set({ drawLog: sql`${rounds.drawLog} || ${JSON.stringify([record])}::jsonb` })
    .where(eq(rounds.id, round.id));
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
  await next.verdict(seatId);
  return seatId;
}

export function phasePending(all: SeatRow[], phase: number): number {
  return all.filter((s) => s.phase === phase && s.status === 'PENDING').length;
}

// Read side (views of a submission's rounds, the latest round, the audit record).
export { latestRound, roundViews } from './round-views.js';

/**
 * Re-derive every panel of a round from its stored seed and draw records, and compare with the
 * panels that were recorded and actually seated. Anyone can run the same computation (selection.ts).
 */
export async function auditRound(db: DbOrTx, roundId: string) {
  const round = (await db.select().from(rounds).where(eq(rounds.id, roundId)).limit(1))[0];
  if (!round) return null;
  const seated = await roundSeats(db, roundId);
  const draws = (round.drawLog as DrawRecord[])
    .filter((d) => d && Array.isArray(d.candidates))
    .map((d) => {
      const again = drawPanel({
        seed: round.seed,
        label: d.label,
        candidates: d.candidates,
        size: d.size,
        exclude: new Set(d.exclude),
        excludeOwners: new Set(d.excludeOwners),
        usedFamilies: new Set(d.usedFamilies),
      }).panel.map((c) => c.validatorId);
      const seatedIds = d.label.includes(':replace:')
        ? seated.filter((x) => x.replacesSeatId === d.label.split(':replace:')[1]).map((x) => x.validatorId)
        : seated.filter((x) => x.phase === d.phase && !x.replacesSeatId).map((x) => x.validatorId);
      const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
      return {
        label: d.label,
        phase: d.phase,
        size: d.size,
        candidates: d.candidates.length,
        recorded: d.panel,
        rederived: again,
        seated: seatedIds,
        matches: same(again, d.panel) && same([...d.panel].sort(), [...seatedIds].sort()),
      };
    });
  return { roundId, seed: round.seed, draws, allMatch: draws.every((d) => d.matches) };
}
