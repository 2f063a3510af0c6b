import { and, eq, gte, sql } from 'drizzle-orm';
import { keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { newId24, type SamplingSettings } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { validators } from '../../db/schema/index.js';
import { governanceWeight, STANDING } from '../standing/weight.js';
import type { Candidate } from '../assembly/selection.js';

export type ValidatorRow = typeof validators.$inferSelect;

export const OFFLINE_SEATS: Array<{ family: string; variant: 'balanced' | 'strict' | 'lenient' }> = [
  { family: 'sigma-proportionality', variant: 'balanced' },
  { family: 'sigma-injection', variant: 'balanced' },
  { family: 'sigma-supplychain', variant: 'balanced' },
  { family: 'sigma-proportionality', variant: 'strict' },
  { family: 'sigma-injection', variant: 'lenient' },
  { family: 'sigma-supplychain', variant: 'strict' },
  { family: 'sigma-injection', variant: 'strict' },
  { family: 'sigma-proportionality', variant: 'lenient' },
  { family: 'sigma-supplychain', variant: 'balanced' },
  { family: 'sigma-injection', variant: 'balanced' },
  { family: 'sigma-proportionality', variant: 'balanced' },
  { family: 'sigma-supplychain', variant: 'lenient' },
];

const DEFAULT_SAMPLING: SamplingSettings = { temperature: 0, topP: null, seed: null, maxTokens: null };

/** Deterministic demo keys so a re-seed gives the same validator identities (local demo only). */
export function demoKey(label: string): `0x${string}` {
  return keccak256(toHex(`sigma-demo-validator:${label}`));
}
function demoAccount(label: string) {
  return privateKeyToAccount(demoKey(label));
}

/**
 * Seed `count` managed validators with the built-in offline reviewers, cycling the three families
 * (and strictness variants). Idempotent: existing seed validators (by session address) are kept.
 */
export async function seedOfflineValidators(db: DbOrTx, count: number): Promise<Array<{ id: string; index: number }>> {
  const created: Array<{ id: string; index: number }> = [];
  for (let i = 0; i < count; i++) {
    const seat = OFFLINE_SEATS[i % OFFLINE_SEATS.length]!;
    const owner = demoAccount(`owner:${i}`);
    const session = demoAccount(`session:${i}`);
    const stake = STANDING.minStakeWei;
    const res = await db
      .insert(validators)
      .values({
        id: newId24(),
        ownerAddress: owner.address,
        sessionAddress: session.address,
        mode: 'managed',
        modelProvider: 'offline',
        modelId: `${seat.family}/${seat.variant}`,
        modelFamily: seat.family,
        sampling: DEFAULT_SAMPLING,
        status: 'ACTIVE',
        stake: stake.toString(),
        reputation: STANDING.initialReputation,
        auditAccuracy: STANDING.initialAccuracy,
        governanceWeight: governanceWeight({
          stakeWei: stake,
          reputation: STANDING.initialReputation,
          auditAccuracy: STANDING.initialAccuracy,
          pluginCreatorBonus: 0,
        }),
      })
      .onConflictDoNothing()
      .returning({ id: validators.id });
    for (const r of res) created.push({ id: r.id, index: i });
  }
  return created;
}

/** Validators eligible to sit (SPEC §5): active, staked, above the reputation floor, not the submitter's. */
export async function eligibleCandidates(db: DbOrTx, submitterDeveloperId: string | null): Promise<Candidate[]> {
  const rows = await db
    .select()
    .from(validators)
    .where(
      and(
        eq(validators.status, 'ACTIVE'),
        gte(validators.reputation, STANDING.reputationFloor),
        sql`${validators.stake} >= ${STANDING.minStakeWei.toString()}::numeric`,
        submitterDeveloperId ? sql`(${validators.ownerDeveloperId} is null or ${validators.ownerDeveloperId} <> ${submitterDeveloperId})` : sql`true`,
      ),
    );
  return rows.map((v) => ({ validatorId: v.id, ownerAddress: v.ownerAddress, modelFamily: v.modelFamily, weight: v.governanceWeight }));
}

export async function getValidator(db: DbOrTx, id: string): Promise<ValidatorRow | undefined> {
  return (await db.select().from(validators).where(eq(validators.id, id)).limit(1))[0];
}

export async function countActiveValidators(db: DbOrTx): Promise<number> {
  const r = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(validators)
    .where(eq(validators.status, 'ACTIVE'));
  return r[0]?.n ?? 0;
}

/** Every validator with its standing, oldest first (the operator console). */
export async function listValidators(db: DbOrTx) {
  return (await db.select().from(validators).orderBy(validators.createdAt)).map((v) => ({
    validatorId: v.id,
    ownerAddress: v.ownerAddress,
    sessionAddress: v.sessionAddress,
    modelProvider: v.modelProvider,
    modelId: v.modelId,
    modelFamily: v.modelFamily,
    status: v.status,
    stake: v.stake,
    reputation: v.reputation,
    auditAccuracy: v.auditAccuracy,
    governanceWeight: v.governanceWeight,
  }));
}
