// The chain library the server and CLI call: local chain, deterministic deployment and reuse, idempotent commits,
// reads, verifyOnChain, validator stake helpers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, http, keccak256, toHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROLES,
  auditorRegistryAbi,
  certificateRegistryAbi,
  commitCertificate,
  deployAll,
  ensureDeployment,
  expectedAddresses,
  findCommitTx,
  isContractsError,
  isDeploymentLive,
  localChain,
  localDevKey,
  readCommitment,
  readDeployment,
  readStake,
  revokeCertificate,
  sbyteAbi,
  slash,
  startLocalChain,
  submissionKey,
  verifyOnChain,
  writeDeployment,
  type DeployResult,
  type LocalChain,
  type SigningClient,
} from '../src/index.js';
import { E18, expectRevert, revertOf } from './helpers.js';

const DEPLOYER = localDevKey(0);
const issuerAcct = privateKeyToAccount(localDevKey(1));
const govAcct = privateKeyToAccount(localDevKey(2));

let chain: LocalChain;
let dep: DeployResult;
let issuer: SigningClient;
const tmpDirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sigma-contracts-'));
  tmpDirs.push(d);
  return d;
};
const wallet = (key: Hex, rpcUrl = chain.rpcUrl) =>
  createWalletClient({ account: privateKeyToAccount(key), chain: localChain(rpcUrl), transport: http(rpcUrl, { retryCount: 0 }) });
const base = () => ({ deployerKey: DEPLOYER, issuer: issuerAcct.address, governance: govAcct.address });

beforeAll(async () => {
  // Start from another cwd: the library must not depend on the caller's working directory.
  const cwd = process.cwd();
  process.chdir(tmpdir());
  try {
    chain = await startLocalChain({ port: 0 });
  } finally {
    process.chdir(cwd);
  }
  dep = await deployAll({ rpcUrl: chain.rpcUrl, ...base() });
  issuer = wallet(localDevKey(1));
});
afterAll(async () => {
  await chain?.stop();
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe('startLocalChain', () => {
  it('serves JSON-RPC on 127.0.0.1 at an auto-picked port with chain id 31337 and funded dev accounts', async () => {
    expect(chain.host).toBe('127.0.0.1');
    expect(chain.port).toBeGreaterThan(0);
    expect(chain.rpcUrl).toBe(`http://127.0.0.1:${chain.port}`);
    expect(chain.chainId).toBe(31337);
    const pub = createPublicClient({ transport: http(chain.rpcUrl) });
    expect(await pub.getChainId()).toBe(31337);
    expect(await pub.getBalance({ address: govAcct.address })).toBeGreaterThan(10n ** 21n);
    expect(chain.startupMs).toBeLessThan(15_000);
  });

  it('runs several independent chains in one process; a taken port fails with CHAIN_START_FAILED', async () => {
    const other = await startLocalChain({});
    try {
      expect(other.port).not.toBe(chain.port);
      const pub = createPublicClient({ transport: http(other.rpcUrl) });
      expect(await pub.getBlockNumber()).toBe(0n); // nothing deployed here
      let err: unknown;
      try {
        await startLocalChain({ port: other.port });
      } catch (e) {
        err = e;
      }
      expect(isContractsError(err, 'CHAIN_START_FAILED')).toBe(true);
    } finally {
      await other.stop();
    }
    await expect(fetch(other.rpcUrl, { method: 'POST' })).rejects.toThrow(); // stopped = closed
  });
});

describe('deployAll', () => {
  it('deploys to the deterministic addresses of a fresh deployer (nonce 0) and grants roles', async () => {
    expect(dep.reused).toBe(false);
    expect(dep.chainId).toBe(31337);
    expect(dep.contracts).toEqual(expectedAddresses(privateKeyToAccount(DEPLOYER).address, 0));
    expect(dep.contracts.sbyte).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3');
    expect(dep.contracts.certificateRegistry).toBe('0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9');
    expect(dep.roles).toEqual({
      issuer: issuerAcct.address,
      governance: govAcct.address,
      treasuryPayer: issuerAcct.address,
      pluginRegistrar: issuerAcct.address,
    });
    expect(dep.blockNumber).toBeGreaterThan(0);
    const pub = createPublicClient({ transport: http(chain.rpcUrl) });
    expect(
      await pub.readContract({
        address: dep.contracts.certificateRegistry,
        abi: certificateRegistryAbi,
        functionName: 'hasRole',
        args: [ROLES.ISSUER, issuerAcct.address],
      }),
    ).toBe(true);
  });

  it('reuses a live deployment instead of redeploying; a fresh chain gets the same addresses again', async () => {
    const again = await deployAll({ rpcUrl: chain.rpcUrl, ...base(), existing: dep });
    expect(again.reused).toBe(true);
    expect(again.contracts).toEqual(dep.contracts);

    const fresh = await startLocalChain({});
    try {
      const pub = createPublicClient({ transport: http(fresh.rpcUrl) });
      expect(await isDeploymentLive(pub, dep)).toBe(false); // no code there
      const second = await deployAll({ rpcUrl: fresh.rpcUrl, ...base(), existing: dep });
      expect(second.reused).toBe(false);
      expect(second.contracts).toEqual(dep.contracts);
    } finally {
      await fresh.stop();
    }
  });

  it('does not reuse a deployment built from other bytecode or for another chain', async () => {
    const pub = createPublicClient({ transport: http(chain.rpcUrl) });
    expect(await isDeploymentLive(pub, dep)).toBe(true);
    expect(await isDeploymentLive(pub, { ...dep, buildHash: keccak256(toHex('old build')) })).toBe(false);
    expect(await isDeploymentLive(pub, { ...dep, chainId: 143 })).toBe(false);
  });

  it('ensureDeployment writes <dataDir>/chain/deployment.json, reuses it, and grants a changed issuer', async () => {
    const fresh = await startLocalChain({});
    const dataDir = tmp();
    try {
      const first = await ensureDeployment({ rpcUrl: fresh.rpcUrl, dataDir, ...base(), mint: [{ to: govAcct.address, usdc: 5n, sbyte: 7n }] });
      expect(first.reused).toBe(false);
      const onDisk = readDeployment(dataDir);
      const { reused: _reused, ...persisted } = first;
      expect(onDisk).toEqual(persisted);
      const pub = createPublicClient({ transport: http(fresh.rpcUrl) });
      expect(await pub.readContract({ address: first.contracts.sbyte, abi: sbyteAbi, functionName: 'balanceOf', args: [govAcct.address] })).toBe(7n);

      const newIssuer = privateKeyToAccount(localDevKey(9)).address;
      const second = await ensureDeployment({ rpcUrl: fresh.rpcUrl, dataDir, ...base(), issuer: newIssuer });
      expect(second.reused).toBe(true);
      expect(second.contracts).toEqual(first.contracts);
      expect(second.roles.issuer).toBe(newIssuer);
      expect(readDeployment(dataDir)?.roles.issuer).toBe(newIssuer);
      expect(
        await pub.readContract({
          address: first.contracts.certificateRegistry,
          abi: certificateRegistryAbi,
          functionName: 'hasRole',
          args: [ROLES.ISSUER, newIssuer],
        }),
      ).toBe(true);
      // Mints happen only on a fresh deployment.
      expect(await pub.readContract({ address: first.contracts.sbyte, abi: sbyteAbi, functionName: 'balanceOf', args: [govAcct.address] })).toBe(7n);
    } finally {
      await fresh.stop();
    }
  });

  it('readDeployment: null when absent, DEPLOYMENT_INVALID when malformed; ensureDeployment recovers', async () => {
    const dataDir = tmp();
    expect(readDeployment(dataDir)).toBeNull();
    writeDeployment(dataDir, dep);
    expect(readDeployment(dataDir)?.contracts).toEqual(dep.contracts);
    for (const body of ['{not json', JSON.stringify({ ...dep, version: 2 }), JSON.stringify({ ...dep, contracts: { ...dep.contracts, treasury: '0x12' } })]) {
      writeFileSync(join(dataDir, 'chain', 'deployment.json'), body);
      let err: unknown;
      try {
        readDeployment(dataDir);
      } catch (e) {
        err = e;
      }
      expect(isContractsError(err, 'DEPLOYMENT_INVALID'), body.slice(0, 40)).toBe(true);
    }
    const again = await ensureDeployment({ rpcUrl: chain.rpcUrl, dataDir, ...base() });
    expect(again.reused).toBe(false); // nothing readable to reuse → deploys anew (new nonce → new addresses)
    expect(readDeployment(dataDir)?.contracts.certificateRegistry).toBe(again.contracts.certificateRegistry);
  });
});

describe('certificate commitments', () => {
  const id = '5ab000000000000000000001';
  const hash = keccak256(toHex('certificate snapshot 1'));

  it('commitCertificate is idempotent for the same hash and refuses a different one', async () => {
    const reg = dep.contracts.certificateRegistry;
    const key = submissionKey(id);
    const first = await commitCertificate(issuer, reg, key, hash);
    expect(first.alreadyCommitted).toBe(false);
    const second = await commitCertificate(issuer, reg, key, hash);
    expect(second).toEqual({ ...first, alreadyCommitted: true });

    let err: unknown;
    try {
      await commitCertificate(issuer, reg, key, keccak256(toHex('tampered')));
    } catch (e) {
      err = e;
    }
    expect(isContractsError(err, 'COMMITMENT_CONFLICT')).toBe(true);
    expect((await readCommitment(issuer, reg, key)).payloadHash).toBe(hash);

    const pub = createPublicClient({ transport: http(chain.rpcUrl) });
    const receipt = await pub.getTransactionReceipt({ hash: first.txHash });
    expect(receipt.blockNumber).toBe(first.blockNumber);
    expect(await findCommitTx(pub, reg, key)).toEqual({ txHash: first.txHash, blockNumber: first.blockNumber, logIndex: 0, issuer: issuerAcct.address });
  });

  it('readCommitment: empty for unknown keys, full record after commit and revoke', async () => {
    const reg = dep.contracts.certificateRegistry;
    const key = submissionKey('5ab000000000000000000002');
    expect(await readCommitment(issuer, reg, key)).toEqual({
      key,
      committed: false,
      payloadHash: null,
      issuer: null,
      blockNumber: null,
      committedAt: null,
      revoked: false,
      revokedAt: null,
      revokedBlockNumber: null,
      revocationReason: null,
    });
    expect(await findCommitTx(issuer, reg, key)).toBeNull();
    const c = await commitCertificate(issuer, reg, key, hash);
    const rv = await revokeCertificate(issuer, reg, key, 'flag upheld');
    expect(rv.alreadyRevoked).toBe(false);
    expect(await revokeCertificate(issuer, reg, key, 'again')).toEqual({ txHash: null, blockNumber: rv.blockNumber, alreadyRevoked: true });
    const r = await readCommitment(issuer, reg, key);
    expect(r).toMatchObject({
      committed: true,
      payloadHash: hash,
      issuer: issuerAcct.address,
      blockNumber: c.blockNumber,
      revoked: true,
      revocationReason: 'flag upheld',
      revokedBlockNumber: rv.blockNumber,
    });
    expect(r.committedAt).toBeGreaterThan(1_600_000_000);
    // Committing the same hash again is still "already committed" (and reports the revocation).
    expect(await commitCertificate(issuer, reg, key, hash)).toMatchObject({ alreadyCommitted: true, revoked: true, txHash: c.txHash });
  });

  it('a wallet without ISSUER_ROLE cannot commit; bad hashes are rejected before any call', async () => {
    const reg = dep.contracts.certificateRegistry;
    const key = submissionKey('5ab000000000000000000003');
    await expectRevert(commitCertificate(wallet(localDevKey(5)), reg, key, hash), 'AccessControlUnauthorizedAccount');
    for (const bad of ['0x1234', `0x${'0'.repeat(64)}`, `0x${'z'.repeat(64)}`] as Hex[]) {
      let err: unknown;
      try {
        await commitCertificate(issuer, reg, key, bad);
      } catch (e) {
        err = e;
      }
      expect(isContractsError(err, 'INVALID_ID'), bad).toBe(true);
    }
    expect((await readCommitment(issuer, reg, key)).committed).toBe(false);
  });

  it('two issuers racing on one key: both get the single on-chain commitment', async () => {
    const reg = dep.contracts.certificateRegistry;
    const admin = wallet(DEPLOYER);
    const pub = createPublicClient({ transport: http(chain.rpcUrl) });
    const second = wallet(localDevKey(6));
    const h = await admin.writeContract({ address: reg, abi: certificateRegistryAbi, functionName: 'grantRole', args: [ROLES.ISSUER, second.account.address] });
    await pub.waitForTransactionReceipt({ hash: h });
    const key = submissionKey('5ab000000000000000000004');
    const [a, b] = await Promise.all([commitCertificate(issuer, reg, key, hash), commitCertificate(second, reg, key, hash)]);
    expect(a.txHash).toBe(b.txHash);
    expect([a.alreadyCommitted, b.alreadyCommitted].sort()).toEqual([false, true]);
  });

  it('one issuer commits many certificates concurrently (sends are serialised per account)', async () => {
    const reg = dep.contracts.certificateRegistry;
    const w = wallet(localDevKey(1));
    const ids = Array.from({ length: 6 }, (_, i) => `5ab0000000000000000001${i.toString(16).padStart(2, '0')}`);
    const res = await Promise.all(ids.map((x) => commitCertificate(w, reg, submissionKey(x), keccak256(toHex(x)))));
    expect(new Set(res.map((r) => r.txHash)).size).toBe(6);
    for (const x of ids) expect((await readCommitment(w, reg, submissionKey(x))).payloadHash).toBe(keccak256(toHex(x)));
  });

  it('verifyOnChain (CLI): matches, mismatch, not committed, revoked, invalid id', async () => {
    const registry = dep.contracts.certificateRegistry;
    const ok = await verifyOnChain({ rpcUrl: chain.rpcUrl, registry, submissionId: id, payloadHash: hash });
    expect(ok).toMatchObject({ chainId: 31337, committed: true, matches: true, onChainHash: hash, revoked: false, key: submissionKey(id) });
    const bad = await verifyOnChain({ rpcUrl: chain.rpcUrl, registry, submissionId: id, payloadHash: keccak256(toHex('other')) });
    expect(bad).toMatchObject({ committed: true, matches: false, onChainHash: hash });
    const none = await verifyOnChain({ rpcUrl: chain.rpcUrl, registry, submissionId: 'ffffffffffffffffffffffff', payloadHash: hash });
    expect(none).toMatchObject({ committed: false, matches: false, onChainHash: null, revoked: false, blockNumber: null });
    const revoked = await verifyOnChain({ rpcUrl: chain.rpcUrl, registry, submissionId: '5ab000000000000000000002', payloadHash: hash });
    expect(revoked).toMatchObject({ committed: true, matches: true, revoked: true, revocationReason: 'flag upheld' });
    let err: unknown;
    try {
      await verifyOnChain({ rpcUrl: chain.rpcUrl, registry, submissionId: 'not-an-id', payloadHash: hash });
    } catch (e) {
      err = e;
    }
    expect(isContractsError(err, 'INVALID_ID')).toBe(true);
  });
});

describe('validator stake helpers', () => {
  it('readStake by id, owner or session key; slash by amount and by basis points', async () => {
    const { auditorRegistry, sbyte } = dep.contracts;
    const pub = createPublicClient({ transport: http(chain.rpcUrl) });
    const owner = wallet(localDevKey(7));
    const session = privateKeyToAccount(localDevKey(8)).address;
    const admin = wallet(DEPLOYER);
    const wait = async (h: Hex) => pub.waitForTransactionReceipt({ hash: h });
    await wait(await admin.writeContract({ address: sbyte, abi: sbyteAbi, functionName: 'mint', args: [owner.account.address, 100n * E18] }));
    await wait(await owner.writeContract({ address: sbyte, abi: sbyteAbi, functionName: 'approve', args: [auditorRegistry, 100n * E18] }));
    await wait(await owner.writeContract({ address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'register', args: [session] }));
    await wait(await owner.writeContract({ address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'stake', args: [100n * E18] }));
    await wait(await owner.writeContract({ address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'requestUnstake', args: [20n * E18] }));

    const byOwner = await readStake(pub, auditorRegistry, owner.account.address);
    expect(byOwner).toMatchObject({
      registered: true,
      validatorId: 1n,
      owner: owner.account.address,
      sessionKey: session,
      stake: 80n * E18,
      pendingUnstake: 20n * E18,
      slashedTotal: 0n,
    });
    expect(byOwner.unlockAt).toBeGreaterThan(Date.now() / 1000);
    expect(await readStake(pub, auditorRegistry, session)).toEqual(byOwner);
    expect(await readStake(pub, auditorRegistry, 1n)).toEqual(byOwner);
    expect(await readStake(pub, auditorRegistry, 1)).toEqual(byOwner);
    expect(await readStake(pub, auditorRegistry, 42n)).toMatchObject({ registered: false, validatorId: 0n, stake: 0n });
    expect(await readStake(pub, auditorRegistry, govAcct.address)).toMatchObject({ registered: false });

    const gov = wallet(localDevKey(2));
    const s1 = await slash(gov, auditorRegistry, { validatorId: 1n, amount: 90n * E18, reason: 'sanction' });
    expect(s1).toMatchObject({ validatorId: 1n, amount: 90n * E18, fromStake: 80n * E18, fromPending: 10n * E18 });
    const s2 = await slash(gov, auditorRegistry, { validatorId: 1n, bps: 5000, reason: 'half' });
    expect(s2).toMatchObject({ amount: 5n * E18, fromStake: 0n, fromPending: 5n * E18 });
    expect(await readStake(pub, auditorRegistry, 1n)).toMatchObject({ stake: 0n, pendingUnstake: 5n * E18, slashedTotal: 95n * E18 });

    // The issuer is not governance.
    let err: unknown;
    try {
      await slash(issuer, auditorRegistry, { validatorId: 1n, amount: 1n, reason: 'x' });
    } catch (e) {
      err = e;
    }
    expect(revertOf(err)?.errorName).toBe('AccessControlUnauthorizedAccount');
  });
});
