import { desc, eq } from 'drizzle-orm';
import { SigmaError, type CreateSubmissionBody } from '@sigma/core';
import { standingHistory, submissions, validators } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { audit } from '../audit/log.js';
import { findOrCreateDeveloper } from '../auth/developers.js';
import { createSubmission, decodeUpload } from '../submissions/service.js';
import { currentStakeWei, slashStake } from './stake.js';
import { recordStanding } from './apply.js';
import { STANDING } from './weight.js';

/** Operator sanction: −50..−300 reputation with a written reason, and a stake slash (chain or ledger). */
export async function sanctionValidator(
  s: Services,
  operatorId: string,
  validatorId: string,
  input: { penalty: number; reason: string; slashBps?: number },
): Promise<{ reputation: number; status: string; slashedWei: string }> {
  if (input.penalty < STANDING.sanctionMin || input.penalty > STANDING.sanctionMax) {
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', `penalty must be between ${STANDING.sanctionMin} and ${STANDING.sanctionMax}`, { field: 'penalty' });
  }
  const bps = input.slashBps ?? s.config.payouts.sanctionSlashBps;
  return s.db.transaction(async (tx) => {
    const v = (await tx.select().from(validators).where(eq(validators.id, validatorId)).for('update').limit(1))[0];
    if (!v) throw new SigmaError('SIGMA_E_VALIDATOR_NOT_FOUND');
    const key = `sanction:${validatorId}:${Date.now()}:${Math.random().toString(36).slice(2)}`;
    const slashed = await slashStake(tx, s.chain, v, bps, input.reason, key);
    const stakeWei = await currentStakeWei(tx, s.chain, v);
    let after = { reputation: v.reputation, status: v.status };
    await recordStanding(
      tx,
      validatorId,
      { kind: 'sanction', reason: input.reason, data: { penalty: input.penalty, slashBps: bps, slashedWei: slashed.toString(), operatorId } },
      (cur) => {
        const reputation = Math.max(0, cur.reputation - input.penalty);
        const status = cur.status === 'ACTIVE' && reputation < STANDING.reputationFloor ? 'SUSPENDED' : cur.status;
        after = { reputation, status };
        return { reputation, auditAccuracy: cur.auditAccuracy, status, stakeWei };
      },
    );
    await audit(tx, {
      actorType: 'operator',
      actorId: operatorId,
      action: 'validator.sanction',
      targetType: 'validator',
      targetId: validatorId,
      data: { penalty: input.penalty, reason: input.reason, slashBps: bps, slashedWei: slashed.toString() },
    });
    return { ...after, slashedWei: slashed.toString() };
  });
}

/** Reinstate a suspended validator: back to the floor and ACTIVE, with a reason. */
export async function reinstateValidator(
  s: Services,
  operatorId: string,
  validatorId: string,
  reason: string,
): Promise<{ reputation: number; status: string }> {
  return s.db.transaction(async (tx) => {
    const v = (await tx.select().from(validators).where(eq(validators.id, validatorId)).limit(1))[0];
    if (!v) throw new SigmaError('SIGMA_E_VALIDATOR_NOT_FOUND');
    if (v.status !== 'SUSPENDED') throw new SigmaError('SIGMA_E_VALIDATOR_STATE', `The validator is ${v.status}, not SUSPENDED.`);
    let after = { reputation: v.reputation, status: v.status };
    await recordStanding(tx, validatorId, { kind: 'reinstate', reason, data: { operatorId } }, (cur) => {
      after = { reputation: Math.max(cur.reputation, STANDING.reputationFloor), status: 'ACTIVE' };
      return { ...after, auditAccuracy: cur.auditAccuracy };
    });
    await audit(tx, {
      actorType: 'operator',
      actorId: operatorId,
      action: 'validator.reinstate',
      targetType: 'validator',
      targetId: validatorId,
      data: { reason },
    });
    return after;
  });
}

export async function standingHistoryOf(s: Services, validatorId: string, limit: number) {
  const rows = await s.db
    .select()
    .from(standingHistory)
    .where(eq(standingHistory.validatorId, validatorId))
    .orderBy(desc(standingHistory.at), desc(standingHistory.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString(), data: r.data ?? null }));
}

export const CANARY_DEVELOPER_EMAIL = 'canary@sigma.invalid';

/**
 * Inject a canary: a submission with a known label that runs the normal lifecycle (validators cannot
 * tell it apart), is never certified, and counts triple for standing.
 */
export async function createCanary(
  s: Services,
  operatorId: string,
  input: { label: 'benign' | 'malicious'; body: CreateSubmissionBody },
): Promise<{ submissionId: string }> {
  if (input.body.source.type !== 'upload') throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'canaries are uploads', { field: 'source.type' });
  const files = decodeUpload(input.body.source, s.config.limits);
  const dev = await findOrCreateDeveloper(s.db, CANARY_DEVELOPER_EMAIL);
  return s.transact(async (tx, next) => {
    const r = await createSubmission(tx, { developerId: dev.id, body: input.body, files, paidVia: 'canary (operator)' });
    await tx.update(submissions).set({ canaryLabel: input.label }).where(eq(submissions.id, r.id));
    await next.evidence(r.id);
    await audit(tx, {
      actorType: 'operator',
      actorId: operatorId,
      action: 'canary.create',
      targetType: 'submission',
      targetId: r.id,
      data: { label: input.label },
    });
    return { submissionId: r.id };
  });
}
