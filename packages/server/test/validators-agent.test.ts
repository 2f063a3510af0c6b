import { eq } from 'drizzle-orm';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditorRegistryAbi, localChain, localDevKey, sbyteAbi } from '@sigma/contracts';
import { auditLog, standingHistory, validators } from '../src/db/schema/index.js';
import { registrationMessage } from '../src/domain/validators/registration.js';
import { eligibleCandidates } from '../src/domain/validators/service.js';
import { depositStakeOnLedger } from '../src/domain/standing/stake.js';
import { STANDING } from '../src/domain/standing/weight.js';
import { agentHeaders, agentSignIn, registerValidator } from './agent.js';
import { startTestServer, type TestServer } from './harness.js';

const fresh = () => privateKeyToAccount(generatePrivateKey());
const MIN = STANDING.minStakeWei;

describe('validators on the agent plane (chain off: off-chain stake)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ workers: false, env: { SIGMA_SEED_VALIDATORS: '0' } });
  });
  afterAll(async () => t?.close());

  const me = (token: string) => t.app.inject({ url: '/api/v1/sigma/agent/validators/me', headers: agentHeaders(token) });
  const activate = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/validators/me/activate', headers: agentHeaders(token) });

  it('registers a managed validator from the catalogue: PENDING, ineligible with reasons until staked', async () => {
    const owner = fresh();
    const session = fresh();
    const token = await agentSignIn(t.app, owner);
    expect((await me(token)).json().error.code).toBe('SIGMA_E_VALIDATOR_NOT_FOUND');
    const r = await registerValidator(t.app, token, session, {
      model: { provider: 'offline', modelId: 'sigma-injection/strict', sampling: { temperature: 0.1 } },
    });
    expect(r.statusCode).toBe(201);
    const ctx = r.json();
    expect(ctx.validator).toMatchObject({ ownerAddress: owner.address, sessionAddress: session.address, mode: 'managed', status: 'PENDING' });
    expect(ctx.validator.model).toEqual({
      provider: 'offline',
      modelId: 'sigma-injection/strict',
      modelFamily: 'sigma-injection',
      sampling: { temperature: 0.1, topP: null, seed: null, maxTokens: 2000 },
    });
    expect(ctx.standing).toMatchObject({ stakeWei: '0', stakeSource: 'off-chain', minStakeWei: MIN.toString(), reputation: 500, reputationFloor: 200 });
    expect(ctx.eligibility.eligible).toBe(false);
    expect(ctx.eligibility.reasons.map((x: { code: string }) => x.code)).toEqual(['STAKE_BELOW_MINIMUM']);
    expect(ctx.pendingSeats).toEqual([]);

    const refused = await activate(token);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('SIGMA_E_VALIDATOR_NOT_ELIGIBLE');
    expect(refused.json().error.details.reasons[0].code).toBe('STAKE_BELOW_MINIMUM');
    expect((await eligibleCandidates(t.s.db, null)).map((c) => c.validatorId)).not.toContain(ctx.validator.validatorId);

    // Stake arrives off-chain: the validator's stake account on the ledger.
    await depositStakeOnLedger(t.s.db, ctx.validator.validatorId, MIN * 4n, `test-stake:${ctx.validator.validatorId}`);
    expect((await me(token)).json().standing.stakeWei).toBe((MIN * 4n).toString());
    const ok = await activate(token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().validator.status).toBe('ACTIVE');
    expect((await t.s.db.select().from(validators).where(eq(validators.id, ctx.validator.validatorId)))[0]!.stake).toBe((MIN * 4n).toString());
    expect(ok.json().eligibility).toMatchObject({ eligible: true, seatable: true, reasons: [] });
    // √4 × 0.5 × (0.5 + 0.5) = 1
    expect(ok.json().standing.governanceWeight).toBeCloseTo(1, 10);
    expect((await eligibleCandidates(t.s.db, null)).map((c) => c.validatorId)).toContain(ctx.validator.validatorId);
    const history = await t.s.db.select().from(standingHistory).where(eq(standingHistory.validatorId, ctx.validator.validatorId));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'status', statusAfter: 'ACTIVE' });
    const log = await t.s.db.select().from(auditLog).where(eq(auditLog.targetId, ctx.validator.validatorId));
    expect(log.map((l) => l.action).sort()).toEqual(['validator.activate', 'validator.register']);
    // Activating again is harmless.
    expect((await activate(token)).statusCode).toBe(200);
    expect(await t.s.db.select().from(standingHistory).where(eq(standingHistory.validatorId, ctx.validator.validatorId))).toHaveLength(1);

    // The session key signs in too and sees the same validator.
    const sessionToken = await agentSignIn(t.app, session);
    expect((await me(sessionToken)).json().validator.validatorId).toBe(ctx.validator.validatorId);
  });

  it('reports suspension and reputation below the floor, and refuses to activate them', async () => {
    const owner = fresh();
    const token = await agentSignIn(t.app, owner);
    const id = (await registerValidator(t.app, token, fresh())).json().validator.validatorId as string;
    await depositStakeOnLedger(t.s.db, id, MIN, `test-stake:${id}`);
    await t.s.db.update(validators).set({ reputation: 150, status: 'SUSPENDED' }).where(eq(validators.id, id));
    const ctx = (await me(token)).json();
    expect(ctx.eligibility.reasons.map((x: { code: string }) => x.code).sort()).toEqual(['REPUTATION_BELOW_FLOOR', 'SUSPENDED']);
    const r = await activate(token);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details.reasons.map((x: { code: string }) => x.code)).toContain('SUSPENDED');
    expect((await t.s.db.select().from(validators).where(eq(validators.id, id)))[0]!.status).toBe('SUSPENDED');
  });

  it('registers a self-hosted validator with a declared model; the family is derived', async () => {
    const token = await agentSignIn(t.app, fresh());
    const r = await registerValidator(t.app, token, fresh(), { mode: 'self-hosted', model: { modelId: 'meta-llama/llama-3.3-70b-instruct' } });
    expect(r.statusCode).toBe(201);
    expect(r.json().validator).toMatchObject({
      mode: 'self-hosted',
      model: { provider: 'self-hosted', modelId: 'meta-llama/llama-3.3-70b-instruct', modelFamily: 'llama' },
    });
    const bare = await registerValidator(t.app, await agentSignIn(t.app, fresh()), fresh(), { mode: 'self-hosted' });
    expect(bare.json().validator.model).toMatchObject({ modelId: 'undisclosed', modelFamily: 'self-hosted' });
  });

  it('lists only models of providers configured here', async () => {
    const token = await agentSignIn(t.app, fresh());
    const models = (await t.app.inject({ url: '/api/v1/sigma/agent/validators/models', headers: agentHeaders(token) })).json().models as Array<{
      provider: string;
      modelId: string;
    }>;
    expect(models.length).toBe(9);
    expect(new Set(models.map((m) => m.provider))).toEqual(new Set(['offline']));
  });

  describe('refuses bad registrations', () => {
    it('a proof signed by the owner instead of the session key', async () => {
      const owner = fresh();
      const token = await agentSignIn(t.app, owner);
      const r = await registerValidator(t.app, token, fresh(), { signer: owner });
      expect(r.statusCode).toBe(422);
      expect(r.json().error.code).toBe('SIGMA_E_VALIDATOR_SESSION_PROOF_INVALID');
    });

    it('a stale proof, and a proof made for another owner', async () => {
      const owner = fresh();
      const session = fresh();
      const token = await agentSignIn(t.app, owner);
      const domain = new URL(t.s.config.publicUrl).host;
      const old = new Date(Date.now() - 11 * 60_000).toISOString();
      const stale = await registerValidator(t.app, token, session, {
        message: { message: registrationMessage({ domain, owner: owner.address, sessionAddress: session.address, issuedAt: old }), issuedAt: old },
      });
      expect(stale.json().error.code).toBe('SIGMA_E_VALIDATOR_SESSION_PROOF_INVALID');
      const now = new Date().toISOString();
      const other = await registerValidator(t.app, token, session, {
        message: { message: registrationMessage({ domain, owner: fresh().address, sessionAddress: session.address, issuedAt: now }), issuedAt: now },
      });
      expect(other.statusCode).toBe(422);
      expect(other.json().error.code).toBe('SIGMA_E_VALIDATOR_SESSION_PROOF_INVALID');
    });

    it('the owner as its own session key, a second validator per owner, a session key already in use', async () => {
      const owner = fresh();
      const token = await agentSignIn(t.app, owner);
      const self = await registerValidator(t.app, token, owner);
      expect(self.statusCode).toBe(400);
      expect(self.json().error.field).toBe('sessionAddress');
      const session = fresh();
      expect((await registerValidator(t.app, token, session)).statusCode).toBe(201);
      const again = await registerValidator(t.app, token, fresh());
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('SIGMA_E_VALIDATOR_ALREADY_REGISTERED');
      const otherOwner = await agentSignIn(t.app, fresh());
      const reused = await registerValidator(t.app, otherOwner, session);
      expect(reused.statusCode).toBe(409);
      expect(reused.json().error.code).toBe('SIGMA_E_VALIDATOR_SESSION_KEY_IN_USE');
      // A session key cannot register a validator of its own.
      const asSession = await registerValidator(t.app, await agentSignIn(t.app, session), fresh());
      expect(asSession.statusCode).toBe(403);
    });

    it('models outside the catalogue or of providers not configured here', async () => {
      const unknown = await registerValidator(t.app, await agentSignIn(t.app, fresh()), fresh(), {
        model: { provider: 'offline', modelId: 'sigma-injection/reckless' },
      });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error.code).toBe('SIGMA_E_VALIDATOR_MODEL_UNAVAILABLE');
      const notHere = await registerValidator(t.app, await agentSignIn(t.app, fresh()), fresh(), {
        model: { provider: 'openrouter', modelId: 'openai/gpt-4o' },
      });
      expect(notHere.json().error.code).toBe('SIGMA_E_VALIDATOR_MODEL_UNAVAILABLE');
      const wrongFamily = await registerValidator(t.app, await agentSignIn(t.app, fresh()), fresh(), {
        model: { provider: 'offline', modelId: 'sigma-injection/strict', modelFamily: 'gpt' },
      });
      expect(wrongFamily.statusCode).toBe(400);
      const none = await registerValidator(t.app, await agentSignIn(t.app, fresh()), fresh(), { model: {} });
      expect(none.statusCode).toBe(400);
    });

    it('requests without an agent session, or with another plane\u2019s credential', async () => {
      expect((await t.app.inject({ url: '/api/v1/sigma/agent/validators/me' })).json().error.code).toBe('SIGMA_E_AUTH_MISSING');
      const dev = await t.app.inject({ url: '/api/v1/sigma/agent/validators/me', headers: { 'x-agent-session': t.devKey } });
      expect(dev.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    });
  });
});

describe('validators on the agent plane (local chain: stake from the AuditorRegistry)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ workers: false, env: { SIGMA_CHAIN: 'local', SIGMA_SEED_VALIDATORS: '0' } });
  });
  afterAll(async () => t?.close());

  it('reads the owner\u2019s stake on chain, names what is missing, and activates once registered and staked', async () => {
    const chain = t.s.chain!;
    const owner = privateKeyToAccount(localDevKey(7)); // a funded dev account
    const session = fresh();
    const token = await agentSignIn(t.app, owner);
    const ctx = (await registerValidator(t.app, token, session)).json();
    expect(ctx.standing.stakeSource).toBe('chain');
    expect(ctx.eligibility.reasons.map((x: { code: string }) => x.code)).toEqual(['NOT_REGISTERED_ON_CHAIN', 'STAKE_BELOW_MINIMUM']);

    const viemChain = localChain(chain.rpcUrl);
    const as = (key: `0x${string}`) =>
      createWalletClient({ account: privateKeyToAccount(key), chain: viemChain, transport: http(chain.rpcUrl, { retryCount: 0 }) });
    const wait = async (hash: `0x${string}`) =>
      expect((await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })).status).toBe('success');
    const { sbyte, auditorRegistry } = chain.contracts;
    await wait(await as(localDevKey(0)).writeContract({ address: sbyte, abi: sbyteAbi, functionName: 'mint', args: [owner.address, 2n * MIN] }));
    const ownerWallet = as(localDevKey(7));
    await wait(await ownerWallet.writeContract({ address: sbyte, abi: sbyteAbi, functionName: 'approve', args: [auditorRegistry, 2n * MIN] }));
    // Registered with another session key first: the mismatch is named.
    const stray = fresh();
    await wait(await ownerWallet.writeContract({ address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'register', args: [stray.address] }));
    await wait(await ownerWallet.writeContract({ address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'stake', args: [MIN / 2n] }));
    const mid = (await t.app.inject({ url: '/api/v1/sigma/agent/validators/me', headers: agentHeaders(token) })).json();
    expect(mid.standing.stakeWei).toBe((MIN / 2n).toString());
    expect(mid.eligibility.reasons.map((x: { code: string }) => x.code)).toEqual(['SESSION_KEY_MISMATCH', 'STAKE_BELOW_MINIMUM']);

    await wait(await ownerWallet.writeContract({ address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'setSessionKey', args: [session.address] }));
    await wait(await ownerWallet.writeContract({ address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'stake', args: [MIN] }));
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/validators/me/activate', headers: agentHeaders(token) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().validator.status).toBe('ACTIVE');
    expect(ok.json().standing.stakeWei).toBe(((MIN * 3n) / 2n).toString());
    const row = (await t.s.db.select().from(validators).where(eq(validators.id, ctx.validator.validatorId)))[0]!;
    expect(row.stake).toBe(((MIN * 3n) / 2n).toString());
    expect(row.governanceWeight).toBeGreaterThan(0);
  });
});
