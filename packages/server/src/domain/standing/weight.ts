/** Standing parameters (SPEC §5.6). */
export const STANDING = {
  /** Minimum stake to sit on panels: 1,000 SBYTE (18 decimals). */
  minStakeWei: 1000n * 10n ** 18n,
  reputationFloor: 200,
  initialReputation: 500,
  initialAccuracy: 0.5,
  pluginBonusCap: 0.1,
  /** EMA smoothing of auditAccuracy. */
  alpha: 0.1,
  aligned: 5,
  misaligned: -15,
  missed: -5,
  sanctionMin: 50,
  sanctionMax: 300,
  /** Canary rounds count this many times. */
  canaryMultiplier: 3,
} as const;

export type SeatResult = 'aligned' | 'misaligned' | 'missed';

export interface StandingState {
  reputation: number;
  auditAccuracy: number;
  status: string;
}

/**
 * One seat's effect on standing (SPEC §5.6): reputation +5 aligned, −15 misaligned, −5 abstain or
 * timeout; auditAccuracy is an EMA (α 0.1) of alignment, where a miss counts as not aligned. A canary
 * applies the update `times` times. Reputation stays in [0, 1000]; an ACTIVE validator that falls
 * below the floor is SUSPENDED until an operator reinstates it.
 */
export function applySeatResult(state: StandingState, result: SeatResult, times = 1): StandingState {
  let { reputation, auditAccuracy } = state;
  const delta = result === 'aligned' ? STANDING.aligned : result === 'misaligned' ? STANDING.misaligned : STANDING.missed;
  const target = result === 'aligned' ? 1 : 0;
  for (let i = 0; i < times; i++) {
    reputation = Math.min(1000, Math.max(0, reputation + delta));
    auditAccuracy = auditAccuracy + STANDING.alpha * (target - auditAccuracy);
  }
  const status = state.status === 'ACTIVE' && reputation < STANDING.reputationFloor ? 'SUSPENDED' : state.status;
  return { reputation, auditAccuracy: Math.round(auditAccuracy * 1e9) / 1e9, status };
}

/** governanceWeight = √(stake/minStake) × (reputation/1000) × (0.5 + auditAccuracy) × (1 + pluginCreatorBonus). */
export function governanceWeight(
  v: { stakeWei: bigint; reputation: number; auditAccuracy: number; pluginCreatorBonus: number },
  minStakeWei: bigint = STANDING.minStakeWei,
): number {
  if (v.stakeWei <= 0n || minStakeWei <= 0n) return 0;
  // Ratio with 6 decimals of precision in integer space, then to float for the square root.
  const ratio = Number((v.stakeWei * 1_000_000n) / minStakeWei) / 1_000_000;
  const bonus = Math.min(Math.max(v.pluginCreatorBonus, 0), STANDING.pluginBonusCap);
  const rep = Math.min(Math.max(v.reputation, 0), 1000);
  const acc = Math.min(Math.max(v.auditAccuracy, 0), 1);
  return Math.sqrt(ratio) * (rep / 1000) * (0.5 + acc) * (1 + bonus);
}
