/** The caretaker context of a validator: state, standing, eligibility and its pending and recent seats. */
import { and, desc, eq, ne } from 'drizzle-orm';
import { seats } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { COMMIT_SCHEME } from '../assembly/selfhosted.js';
import { STANDING } from '../standing/weight.js';
import { validatorEligibility } from './eligibility.js';
import type { ValidatorRow } from './service.js';

/** The caretaker context: state, standing, eligibility with reasons, and the seats waiting for this validator. */
export async function caretakerContext(s: Services, v: ValidatorRow) {
  const e = await validatorEligibility(s, v);
  const now = s.clock.now();
  const pending = await s.db
    .select()
    .from(seats)
    .where(and(eq(seats.validatorId, v.id), eq(seats.status, 'PENDING')))
    .orderBy(seats.createdAt);
  const recent = await s.db
    .select()
    .from(seats)
    .where(and(eq(seats.validatorId, v.id), ne(seats.status, 'PENDING')))
    .orderBy(desc(seats.decidedAt))
    .limit(20);
  const stage = (x: typeof seats.$inferSelect): 'managed' | 'opening' | 'commit' | 'reveal-wait' | 'reveal' | 'overdue' => {
    if (v.mode !== 'self-hosted') return 'managed';
    if (!x.commitDeadline || !x.revealDeadline) return 'opening';
    const t = now.getTime();
    if (!x.commitment) return t < x.commitDeadline.getTime() ? 'commit' : 'overdue';
    if (t < x.commitDeadline.getTime()) return 'reveal-wait';
    return t < x.revealDeadline.getTime() ? 'reveal' : 'overdue';
  };
  return {
    validator: {
      validatorId: v.id,
      ownerAddress: v.ownerAddress,
      sessionAddress: v.sessionAddress,
      mode: v.mode as 'managed' | 'self-hosted',
      status: v.status,
      model: { provider: v.modelProvider, modelId: v.modelId, modelFamily: v.modelFamily, sampling: v.sampling },
      createdAt: v.createdAt.toISOString(),
    },
    standing: {
      stakeWei: e.stake.wei,
      stakeSource: e.stake.source,
      minStakeWei: e.stake.minimumWei,
      reputation: v.reputation,
      reputationFloor: STANDING.reputationFloor,
      auditAccuracy: v.auditAccuracy,
      governanceWeight: v.governanceWeight,
    },
    eligibility: { eligible: e.eligible, seatable: e.seatable, reasons: e.reasons },
    pendingSeats: pending.map((x) => ({
      seatId: x.id,
      roundId: x.roundId,
      phase: x.phase,
      stage: stage(x),
      committed: x.commitment !== null,
      commitDeadline: x.commitDeadline?.toISOString() ?? null,
      revealDeadline: x.revealDeadline?.toISOString() ?? null,
      reviewUrl: v.mode === 'self-hosted' ? `/api/v1/sigma/agent/validators/me/seats/${x.id}` : null,
    })),
    recentSeats: recent.map((x) => ({
      seatId: x.id,
      roundId: x.roundId,
      phase: x.phase,
      status: x.status,
      verdict: x.verdict,
      decidedAt: x.decidedAt?.toISOString() ?? null,
    })),
    selfHosted: {
      commitmentScheme: COMMIT_SCHEME,
      commitWindowSeconds: s.config.selfHosted.commitWindowSeconds,
      revealWindowSeconds: s.config.selfHosted.revealWindowSeconds,
    },
    serverTime: now.toISOString(),
  };
}
