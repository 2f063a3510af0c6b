import { desc, eq, or, sql } from 'drizzle-orm';
import { getAddress, verifyMessage } from 'viem';
import { newId24, SigmaError, type SamplingSettings } from '@sigma/core';
import { validators } from '../../db/schema/index.js';
import { catalogueEntry, deriveFamily } from '../../models/catalogue.js';
import type { Services } from '../../services.js';
import { audit } from '../audit/log.js';
import { recordStanding } from '../standing/apply.js';
import { STANDING } from '../standing/weight.js';
import { validatorEligibility } from './eligibility.js';
import type { ValidatorRow } from './service.js';

/**
 * Validators on the agent plane (SPEC §5): registration by the signed-in owner wallet with a proven session
 * key, activation when eligible, and the caretaker context. Stake comes from the AuditorRegistry when a chain
 * is configured, otherwise from `readOffChainStake` (the swap point for the ledger-based stake; eligibility.ts).
 * Stake and eligibility: eligibility.ts; the caretaker context: caretaker.ts.
 */
export const REGISTRATION_PROOF_MAX_AGE_SECONDS = 600;
const REGISTRATION_PROOF_FUTURE_SKEW_SECONDS = 60;
export const DEFAULT_MANAGED_SAMPLING: SamplingSettings = { temperature: 0, topP: null, seed: null, maxTokens: 2000 };
const SELF_HOSTED_PROVIDER = 'self-hosted';

/** The exact text the session key signs (EIP-191 personal message) to prove it acts for the owner. */
export function registrationMessage(p: { domain: string; owner: string; sessionAddress: string; issuedAt: string }): string {
  return [
    `${p.domain} asks this session key to act for a SIGMA validator.`,
    '',
    `Owner: ${getAddress(p.owner)}`,
    `Session key: ${getAddress(p.sessionAddress)}`,
    `Issued At: ${p.issuedAt}`,
  ].join('\n');
}

export interface RegistrationInput {
  sessionAddress: string;
  issuedAt: string;
  sessionSignature: string;
  mode: 'managed' | 'self-hosted';
  model?: { provider?: string; modelId?: string; modelFamily?: string; sampling?: Partial<SamplingSettings> };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The validator an agent session acts for: the one it owns (not retired), else the one whose session key it is. */
export async function validatorForAgent(s: Services, address: string): Promise<ValidatorRow | undefined> {
  const a = address.toLowerCase();
  const rows = await s.db
    .select()
    .from(validators)
    .where(or(sql`lower(${validators.ownerAddress}) = ${a}`, sql`lower(${validators.sessionAddress}) = ${a}`))
    .orderBy(desc(validators.createdAt));
  return rows.find((v) => same(v.ownerAddress, a) && v.status !== 'RETIRED') ?? rows.find((v) => same(v.sessionAddress, a) && v.status !== 'RETIRED');
}

export async function requireValidatorForAgent(s: Services, address: string): Promise<ValidatorRow> {
  const v = await validatorForAgent(s, address);
  if (!v) throw new SigmaError('SIGMA_E_VALIDATOR_NOT_FOUND', 'No validator is registered for this wallet.');
  return v;
}

async function resolveModel(
  s: Services,
  input: RegistrationInput,
): Promise<{ provider: string; modelId: string; modelFamily: string; sampling: SamplingSettings }> {
  const m = input.model ?? {};
  const sampling: SamplingSettings = { ...DEFAULT_MANAGED_SAMPLING, ...(m.sampling ?? {}) };
  if (input.mode === 'self-hosted') {
    // Declared by the validator and not verifiable: recorded with every verdict as the validator's claim.
    const modelId = m.modelId ?? 'undisclosed';
    let family = m.modelFamily;
    if (!family && m.modelId) family = (m.provider ? await catalogueEntry(s.db, m.provider, m.modelId) : undefined)?.family ?? deriveFamily(m.modelId);
    return { provider: SELF_HOSTED_PROVIDER, modelId, modelFamily: family ?? 'self-hosted', sampling };
  }
  if (!m.provider || !m.modelId)
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'A managed validator needs model.provider and model.modelId from the model catalogue.', { field: 'model' });
  if (!s.providers.has(m.provider))
    throw new SigmaError('SIGMA_E_VALIDATOR_MODEL_UNAVAILABLE', `No provider "${m.provider}" is configured on this server.`, { field: 'model.provider' });
  const entry = await catalogueEntry(s.db, m.provider, m.modelId);
  if (!entry)
    throw new SigmaError('SIGMA_E_VALIDATOR_MODEL_UNAVAILABLE', `"${m.modelId}" is not in the model catalogue of provider "${m.provider}".`, {
      field: 'model.modelId',
    });
  if (m.modelFamily && m.modelFamily !== entry.family) {
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', `The catalogue family of ${m.modelId} is "${entry.family}", not "${m.modelFamily}".`, {
      field: 'model.modelFamily',
    });
  }
  return { provider: m.provider, modelId: m.modelId, modelFamily: entry.family, sampling };
}

/** Register a validator for the signed-in owner wallet. Status PENDING until activated. */
export async function registerValidator(s: Services, ownerAddress: string, input: RegistrationInput, domain: string): Promise<ValidatorRow> {
  const owner = getAddress(ownerAddress);
  const session = getAddress(input.sessionAddress);
  if (same(owner, session))
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'The session key must be a different key from the owner wallet.', { field: 'sessionAddress' });
  const issued = Date.parse(input.issuedAt);
  const now = s.clock.now().getTime();
  if (!Number.isFinite(issued) || issued < now - REGISTRATION_PROOF_MAX_AGE_SECONDS * 1000 || issued > now + REGISTRATION_PROOF_FUTURE_SKEW_SECONDS * 1000) {
    throw new SigmaError('SIGMA_E_VALIDATOR_SESSION_PROOF_INVALID', `issuedAt must be within the last ${REGISTRATION_PROOF_MAX_AGE_SECONDS} seconds.`, {
      field: 'issuedAt',
    });
  }
  const proven = await verifyMessage({
    address: session,
    message: registrationMessage({ domain, owner, sessionAddress: session, issuedAt: input.issuedAt }),
    signature: input.sessionSignature as `0x${string}`,
  }).catch(() => false);
  if (!proven) throw new SigmaError('SIGMA_E_VALIDATOR_SESSION_PROOF_INVALID', undefined, { field: 'sessionSignature' });
  const model = await resolveModel(s, input);

  const id = newId24();
  await s.db.transaction(async (tx) => {
    // One registration per owner at a time (no unique index can express "one non-retired validator per owner").
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sigma-validator-owner:${owner.toLowerCase()}`}))`);
    const clash = await tx
      .select()
      .from(validators)
      .where(
        or(
          sql`lower(${validators.ownerAddress}) in (${owner.toLowerCase()}, ${session.toLowerCase()})`,
          sql`lower(${validators.sessionAddress}) in (${owner.toLowerCase()}, ${session.toLowerCase()})`,
        ),
      );
    if (clash.some((v) => same(v.sessionAddress, owner) && v.status !== 'RETIRED')) {
      throw new SigmaError('SIGMA_E_AUTH_FORBIDDEN', 'This wallet is the session key of a validator; sign in with an owner wallet to register.');
    }
    if (clash.some((v) => same(v.ownerAddress, owner) && v.status !== 'RETIRED')) throw new SigmaError('SIGMA_E_VALIDATOR_ALREADY_REGISTERED');
    if (clash.some((v) => same(v.sessionAddress, session) || same(v.ownerAddress, session)))
      throw new SigmaError('SIGMA_E_VALIDATOR_SESSION_KEY_IN_USE', undefined, { field: 'sessionAddress' });
    await tx.insert(validators).values({
      id,
      ownerAddress: owner,
      sessionAddress: session,
      mode: input.mode,
      modelProvider: model.provider,
      modelId: model.modelId,
      modelFamily: model.modelFamily,
      sampling: model.sampling,
      status: 'PENDING',
      stake: '0',
      reputation: STANDING.initialReputation,
      auditAccuracy: STANDING.initialAccuracy,
      governanceWeight: 0,
    });
    await audit(tx, {
      actorType: 'agent',
      actorId: owner,
      action: 'validator.register',
      targetType: 'validator',
      targetId: id,
      data: { sessionAddress: session, mode: input.mode, modelProvider: model.provider, modelId: model.modelId },
    });
  });
  return (await s.db.select().from(validators).where(eq(validators.id, id)).limit(1))[0]!;
}

/** PENDING → ACTIVE when eligible (idempotent for an ACTIVE validator); otherwise SIGMA_E_VALIDATOR_NOT_ELIGIBLE with the reasons. */
export async function activateValidator(s: Services, v: ValidatorRow, actor: string): Promise<ValidatorRow> {
  if (v.status === 'ACTIVE') return v;
  const e = await validatorEligibility(s, v);
  if (v.status !== 'PENDING' || !e.eligible) {
    throw new SigmaError(
      'SIGMA_E_VALIDATOR_NOT_ELIGIBLE',
      `The validator cannot be activated: ${e.reasons.map((r) => r.message).join(' ') || `status is ${v.status}.`}`,
      { details: { status: v.status, reasons: e.reasons } },
    );
  }
  const stakeWei = e.reading!.wei;
  await s.db.transaction(async (tx) => {
    const cur = (await tx.select().from(validators).where(eq(validators.id, v.id)).for('update').limit(1))[0];
    if (!cur || cur.status !== 'PENDING') return; // activated (or changed) meanwhile
    // The standing history row, the status, the stake copy and the governance weight, in one step.
    await recordStanding(
      tx,
      v.id,
      { kind: 'status', reason: 'activated by its owner (eligible)', data: { stakeWei: stakeWei.toString(), stakeSource: e.stake.source } },
      (x) => ({
        reputation: x.reputation,
        auditAccuracy: x.auditAccuracy,
        status: 'ACTIVE',
        stakeWei,
      }),
    );
    await audit(tx, {
      actorType: 'agent',
      actorId: actor,
      action: 'validator.activate',
      targetType: 'validator',
      targetId: v.id,
      data: { stakeWei: stakeWei.toString(), stakeSource: e.stake.source },
    });
  });
  return (await s.db.select().from(validators).where(eq(validators.id, v.id)).limit(1))[0]!;
}
