import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDeployment, localDevKey, readCommitment, startLocalChain, submissionKey, verifyOnChain, type LocalChain } from '@sigma/contracts';
import { certificates } from '../src/db/schema/index.js';
import { runCommitStep } from '../src/domain/certificates/commit.js';
import { b64, startTestServer, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

async function approve(t: TestServer, text = BENIGN_SKILL) {
  const h = { authorization: `Bearer ${t.devKey}` };
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/dev/submissions',
    headers: h,
    payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] } },
  });
  const id = r.json().submissionId as string;
  const v = await waitFor(async () => {
    const x = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: h })).json();
    return x.status === 'APPROVED' && x.timeline.some((e: { type: string }) => e.type === 'certificate.committed') ? x : null;
  }, 60_000);
  return v.certificateId as string;
}

describe('SIGMA_CHAIN=local: certificates are committed and read back from the chain', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { SIGMA_CHAIN: 'local' } });
  });
  afterAll(async () => t?.close());

  it('deploys the contracts, writes the addresses to the data dir and exposes them', async () => {
    const info = (await t.app.inject('/api/v1/public/chain')).json();
    expect(info).toMatchObject({ mode: 'local', network: 'local', chainId: 31337 });
    expect(info.contracts.certificateRegistry).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const file = JSON.parse(readFileSync(join(t.s.config.dataDir, 'chain', 'deployment.json'), 'utf8'));
    expect(file.contracts.certificateRegistry).toBe(info.contracts.certificateRegistry);
  });

  it('commits the payload hash after sealing and verify reports the commitment', async () => {
    const certificateId = await approve(t);
    const v = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();
    expect(v.valid).toBe(true);
    expect(v.onChain).toMatchObject({ network: 'local', chainId: 31337, committed: true, registryAddress: t.s.chain!.contracts.certificateRegistry });
    expect(v.onChain.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(v.onChain.blockNumber).toBeGreaterThan(0);
    const onChain = await readCommitment(t.s.chain!.publicClient, t.s.chain!.contracts.certificateRegistry, submissionKey(certificateId));
    expect(onChain.payloadHash).toBe(v.payloadHash);
    // The CLI's direct check (no API involved) agrees.
    const direct = await verifyOnChain({
      rpcUrl: t.s.chain!.rpcUrl,
      registry: t.s.chain!.contracts.certificateRegistry,
      submissionId: certificateId,
      payloadHash: v.payloadHash,
    });
    expect(direct).toMatchObject({ committed: true, matches: true, revoked: false });
  });

  it('a retried commit never commits twice and never fails because the first try succeeded', async () => {
    const certificateId = await approve(t, BENIGN_SKILL.replace('1.0.0', '1.0.1'));
    const before = (await t.s.db.select().from(certificates).where(eq(certificates.id, certificateId)))[0]!;
    const blockBefore = await t.s.chain!.publicClient.getBlockNumber();
    // As if the worker crashed after the transaction was mined but before recording it.
    await t.s.db.update(certificates).set({ txHash: null, blockNumber: null }).where(eq(certificates.id, certificateId));
    await runCommitStep(t.s, certificateId);
    await runCommitStep(t.s, certificateId);
    const after = (await t.s.db.select().from(certificates).where(eq(certificates.id, certificateId)))[0]!;
    expect(after.txHash).toBe(before.txHash);
    expect(after.blockNumber).toBe(before.blockNumber);
    expect(await t.s.chain!.publicClient.getBlockNumber()).toBe(blockBefore); // nothing new was sent
  });

  it('verify is not valid when the stored snapshot differs from the hash on chain', async () => {
    const certificateId = await approve(t, BENIGN_SKILL.replace('1.0.0', '1.0.2'));
    const row = (await t.s.db.select().from(certificates).where(eq(certificates.id, certificateId)))[0]!;
    const tamperedText = row.snapshotJson.replace('"skillVersion":"1.0.2"', '"skillVersion":"9.0.0"');
    const { payloadHash } = await import('@sigma/core');
    // Tamper with the snapshot AND its stored hash, so only the chain can tell.
    await t.s.db
      .update(certificates)
      .set({ snapshotJson: tamperedText, payloadHash: payloadHash(JSON.parse(tamperedText)) })
      .where(eq(certificates.id, certificateId));
    const v = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();
    expect(v.valid).toBe(false);
    expect(v.invalidReasons).toContain('stored snapshot differs from the hash committed on chain');
    await t.s.db.update(certificates).set({ snapshotJson: row.snapshotJson, payloadHash: row.payloadHash }).where(eq(certificates.id, certificateId));
    expect((await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json().valid).toBe(true);
  });
});

describe('SIGMA_CHAIN=rpc targets an existing network by configuration only', () => {
  let chain: LocalChain;
  let t: TestServer;
  beforeAll(async () => {
    // Stand-in for a real network: a chain we start ourselves, with contracts deployed by "someone else".
    chain = await startLocalChain({ port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'sigma-rpc-'));
    const opsKey = generatePrivateKey();
    const ops = privateKeyToAccount(opsKey);
    const { createWalletClient, http, parseEther } = await import('viem');
    const { localChain } = await import('@sigma/contracts');
    const dev = createWalletClient({
      account: privateKeyToAccount(localDevKey(1)),
      chain: localChain(chain.rpcUrl),
      transport: http(chain.rpcUrl, { retryCount: 0 }),
    });
    await dev.sendTransaction({ to: ops.address, value: parseEther('10') });
    await ensureDeployment({ rpcUrl: chain.rpcUrl, dataDir: dir, deployerKey: localDevKey(0), issuer: ops.address, governance: ops.address });
    writeFileSync(join(dir, 'ops.key'), `${opsKey}\n`, { mode: 0o600 });
    t = await startTestServer({
      env: {
        SIGMA_CHAIN: 'rpc',
        SIGMA_RPC_URL: chain.rpcUrl,
        SIGMA_CHAIN_ID: '31337',
        SIGMA_CHAIN_KEY_FILE: join(dir, 'ops.key'),
        SIGMA_CHAIN_DEPLOYMENT_FILE: join(dir, 'chain', 'deployment.json'),
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await chain?.stop();
  });

  it('commits through the configured RPC with the configured key', async () => {
    expect(t.s.chain!.mode).toBe('rpc');
    const certificateId = await approve(t);
    const v = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();
    expect(v.onChain.committed).toBe(true);
    expect(v.valid).toBe(true);
  });

  it('refuses a deployment file for another chain id', async () => {
    await expect(
      startTestServer({
        env: {
          SIGMA_CHAIN: 'rpc',
          SIGMA_RPC_URL: chain.rpcUrl,
          SIGMA_CHAIN_ID: '143',
          SIGMA_CHAIN_KEY_FILE: '/dev/null',
          SIGMA_CHAIN_DEPLOYMENT_FILE: '/nonexistent.json',
        },
      }),
    ).rejects.toThrow(/SIGMA_CHAIN_KEY_FILE|deployment|chain/);
  });
});

describe('validator stake lives in the AuditorRegistry when the chain is on', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { SIGMA_CHAIN: 'local', SIGMA_SEED_VALIDATORS: '6' } });
  });
  afterAll(async () => t?.close());

  it('reads stake from the chain, and a sanction slashes it there', async () => {
    const { readStake } = await import('@sigma/contracts');
    const { validators } = await import('../src/db/schema/index.js');
    const chain = t.s.chain!;
    const all = await t.s.db.select().from(validators);
    expect(all).toHaveLength(6);
    for (const v of all) {
      const st = await readStake(chain.publicClient, chain.contracts.auditorRegistry, v.ownerAddress as `0x${string}`);
      expect(st.registered).toBe(true);
      expect(v.stake).toBe(st.stake.toString());
      expect(v.governanceWeight).toBeGreaterThan(0);
    }
    const v = all[0]!;
    const before = await readStake(chain.publicClient, chain.contracts.auditorRegistry, v.ownerAddress as `0x${string}`);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/auth/login',
      payload: { email: 'operator@sigma.local', password: 'operator-test-password' },
    });
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/validators/${v.id}/sanction`,
      headers: { authorization: `Bearer ${login.json().token}` },
      payload: { penalty: 100, reason: 'Verdicts copied between seats', slashBps: 1000 },
    });
    expect(r.statusCode).toBe(200);
    const after = await readStake(chain.publicClient, chain.contracts.auditorRegistry, v.ownerAddress as `0x${string}`);
    expect(after.stake).toBe(before.stake - before.stake / 10n);
    expect(BigInt(r.json().slashedWei)).toBe(before.stake / 10n);
    const row = (await t.s.db.select().from(validators).where(eq(validators.id, v.id)))[0]!;
    expect(row.stake).toBe(after.stake.toString());
    expect(row.reputation).toBe(400);
    expect(row.governanceWeight).toBeLessThan(v.governanceWeight);
  });
});
