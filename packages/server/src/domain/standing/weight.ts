/** Standing parameters (SPEC §5.6). */
export const STANDING = {
  /** Minimum stake to sit on panels: 1,000 SBYTE (18 decimals). */
  minStakeWei: 1000n * 10n ** 18n,
  reputationFloor: 200,
  initialReputation: 500,
  initialAccuracy: 0.5,
  pluginBonusCap: 0.1,
} as const;

/** governanceWeight = √(stake/minStake) × (reputation/1000) × (0.5 + auditAccuracy) × (1 + pluginCreatorBonus). */
export function governanceWeight(v: { stakeWei: bigint; reputation: number; auditAccuracy: number; pluginCreatorBonus: number }, minStakeWei: bigint = STANDING.minStakeWei): number {
  if (v.stakeWei <= 0n || minStakeWei <= 0n) return 0;
  // Ratio with 6 decimals of precision in integer space, then to float for the square root.
  const ratio = Number((v.stakeWei * 1_000_000n) / minStakeWei) / 1_000_000;
  const bonus = Math.min(Math.max(v.pluginCreatorBonus, 0), STANDING.pluginBonusCap);
  const rep = Math.min(Math.max(v.reputation, 0), 1000);
  const acc = Math.min(Math.max(v.auditAccuracy, 0), 1);
  return Math.sqrt(ratio) * (rep / 1000) * (0.5 + acc) * (1 + bonus);
}
