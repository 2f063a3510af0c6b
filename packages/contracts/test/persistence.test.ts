// startLocalChain({ dataDir }): the journal makes the local chain survive restarts with identical tx hashes and
// block numbers; snapshots/reverts and mined-but-reverted transactions are journaled correctly; one chain per dir.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createTestClient, createWalletClient, http, keccak256, toHex, webSocket } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import {
  certificateRegistryAbi,
  commitCertificate,
  ensureDeployment,
  findCommitTx,
  isContractsError,
  localChain,
  localDevKey,
  readCommitment,
  startLocalChain,
  submissionKey,
  type LocalChain,
} from '../src/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sigma-chain-'));
  dirs.push(d);
  return d;
};
const wallet = (chain: LocalChain, i: number) =>
  createWalletClient({ account: privateKeyToAccount(localDevKey(i)), chain: localChain(chain.rpcUrl), transport: http(chain.rpcUrl, { retryCount: 0 }) });
const deployOpts = (chain: LocalChain, dataDir: string) => ({
  rpcUrl: chain.rpcUrl,
  dataDir,
  deployerKey: localDevKey(0),
  issuer: privateKeyToAccount(localDevKey(1)).address,
  governance: privateKeyToAccount(localDevKey(2)).address,
});
async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(isContractsError(err) ? err.code : err).toBe(code);
}

describe('local chain persistence (dataDir journal)', () => {
  it('restarts with the same state, tx hashes and block numbers; reverted snapshots stay reverted', async () => {
    const dataDir = tmp();
    const keyA = submissionKey('aaaaaaaaaaaaaaaaaaaaaaaa');
    const keyB = submissionKey('bbbbbbbbbbbbbbbbbbbbbbbb');
    const hash = keccak256(toHex('A'));

    const first = await startLocalChain({ dataDir });
    expect(first.replayed).toBe(0);
    const dep = await ensureDeployment(deployOpts(first, dataDir));
    const reg = dep.contracts.certificateRegistry;
    const commitA = await commitCertificate(wallet(first, 1), reg, keyA, hash);

    // A transaction mined but reverted (gas given, so no estimate): it still bumps the sender's nonce.
    const intruder = wallet(first, 5);
    await intruder
      .writeContract({ address: reg, abi: certificateRegistryAbi, functionName: 'commit', args: [keyB, hash], gas: 200_000n })
      .catch(() => undefined);
    const pub1 = createPublicClient({ transport: http(first.rpcUrl) });
    expect(await pub1.getTransactionCount({ address: intruder.account.address })).toBe(1);

    // Work inside a snapshot that is reverted must not survive a restart.
    const test1 = createTestClient({ mode: 'hardhat', transport: http(first.rpcUrl) });
    const snap = await test1.snapshot();
    await commitCertificate(wallet(first, 1), reg, keyB, hash);
    await test1.revert({ id: snap });
    const height = await pub1.getBlockNumber();
    const latest = await pub1.getBlock();
    await first.stop();

    const second = await startLocalChain({ dataDir });
    try {
      expect(second.replayed).toBeGreaterThan(8);
      const pub2 = createPublicClient({ transport: http(second.rpcUrl) });
      expect(await pub2.getBlockNumber()).toBe(height);
      expect((await pub2.getBlock({ blockNumber: height })).hash).toBe(latest.hash); // identical chain
      expect(await pub2.getTransactionCount({ address: intruder.account.address })).toBe(1);
      const c = await readCommitment(pub2, reg, keyA);
      expect(c).toMatchObject({ committed: true, payloadHash: hash, blockNumber: commitA.blockNumber });
      expect((await findCommitTx(pub2, reg, keyA))?.txHash).toBe(commitA.txHash);
      expect((await pub2.getTransactionReceipt({ hash: commitA.txHash })).status).toBe('success');
      expect((await readCommitment(pub2, reg, keyB)).committed).toBe(false);

      // The deployment is reused, not redeployed.
      const again = await ensureDeployment(deployOpts(second, dataDir));
      expect(again.reused).toBe(true);
      expect(again.contracts).toEqual(dep.contracts);

      // New blocks carry the wall-clock time again (not the replayed past), and new work is journaled.
      const idem = await commitCertificate(wallet(second, 1), reg, keyA, hash);
      expect(idem.alreadyCommitted).toBe(true);
      const b = await commitCertificate(wallet(second, 1), reg, keyB, hash);
      const block = await pub2.getBlock({ blockNumber: b.blockNumber });
      expect(Number(block.timestamp)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 5);

      // WebSocket endpoint of the same server.
      const ws = createPublicClient({ transport: webSocket(second.wsUrl) });
      expect(await ws.getBlockNumber()).toBe(b.blockNumber);
      await ws.transport.getRpcClient().then((c) => c.close());
    } finally {
      await second.stop();
    }

    const third = await startLocalChain({ dataDir });
    try {
      const pub3 = createPublicClient({ transport: http(third.rpcUrl) });
      expect((await readCommitment(pub3, reg, keyB)).committed).toBe(true);
    } finally {
      await third.stop();
    }

    const fresh = await startLocalChain({ dataDir, reset: true });
    try {
      expect(fresh.replayed).toBe(0);
      expect(await createPublicClient({ transport: http(fresh.rpcUrl) }).getBlockNumber()).toBe(0n);
    } finally {
      await fresh.stop();
    }
  });

  it('one chain per data directory; a stale lock from a dead process is taken over', async () => {
    const dataDir = tmp();
    const a = await startLocalChain({ dataDir });
    try {
      await expectCode(startLocalChain({ dataDir }), 'CHAIN_START_FAILED');
    } finally {
      await a.stop();
    }
    // A crashed owner leaves its lock behind; pid 2^22+1 is above Linux's pid_max default, so it is not alive.
    writeFileSync(join(dataDir, 'chain', 'journal.jsonl.lock'), String(2 ** 22 + 1));
    const b = await startLocalChain({ dataDir });
    await b.stop();
  });

  it('tolerates a torn last line; refuses a corrupt or diverging journal with CHAIN_REPLAY_FAILED', async () => {
    const dataDir = tmp();
    const a = await startLocalChain({ dataDir });
    const w = wallet(a, 3);
    const pub = createPublicClient({ transport: http(a.rpcUrl) });
    await pub.waitForTransactionReceipt({ hash: await w.sendTransaction({ to: w.account.address, value: 1n }) });
    await pub.waitForTransactionReceipt({ hash: await w.sendTransaction({ to: w.account.address, value: 2n }) });
    await a.stop();
    const path = join(dataDir, 'chain', 'journal.jsonl');
    const good = readFileSync(path, 'utf8');

    appendFileSync(path, '{"m":"eth_sendRawTransac'); // crash mid-append
    const b = await startLocalChain({ dataDir });
    expect(b.replayed).toBe(2);
    await b.stop();
    expect(readFileSync(path, 'utf8')).toBe(good); // the torn tail was dropped

    const lines = good.trimEnd().split('\n');
    const entry = JSON.parse(lines[1]!) as { bn: number };
    entry.bn += 5;
    writeFileSync(path, [lines[0], JSON.stringify(entry), lines[2]].join('\n') + '\n');
    await expectCode(startLocalChain({ dataDir }), 'CHAIN_REPLAY_FAILED');

    writeFileSync(path, [lines[0], '{broken', lines[2]].join('\n') + '\n');
    await expectCode(startLocalChain({ dataDir }), 'CHAIN_REPLAY_FAILED');

    writeFileSync(path, 'not a header\n');
    await expectCode(startLocalChain({ dataDir }), 'CHAIN_REPLAY_FAILED');

    writeFileSync(path, good);
    await expectCode(startLocalChain({ dataDir, chainId: 1337 }), 'CHAIN_REPLAY_FAILED');
    const c = await startLocalChain({ dataDir });
    expect(c.replayed).toBe(2);
    await c.stop();
  });
});
