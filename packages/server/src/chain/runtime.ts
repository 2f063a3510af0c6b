import { existsSync, readFileSync } from 'node:fs';
import { createPublicClient, createWalletClient, http, parseEther, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  chainFromConfig,
  ensureDeployment,
  explorerTxUrl,
  localChain,
  localDevKey,
  networkName,
  parseDeployment,
  readCommitment,
  readDeployment,
  startLocalChain,
  submissionKey,
  type Deployment,
} from '@sigma/contracts';
import { SigmaError } from '@sigma/core';
import type { Config } from '../config.js';
import type { Issuer } from '../lib/issuer.js';
import type { ChainService } from './service.js';

const COMMITMENT_CACHE_MS = 10_000;

/**
 * Start the chain side of SIGMA from configuration:
 *  - `SIGMA_CHAIN=off`   no chain (verify says commitment is disabled);
 *  - `SIGMA_CHAIN=local` an in-process local EVM (Hardhat) persisted under the data dir, contracts deployed
 *                        deterministically, the issuer funded from a dev account and given its roles;
 *  - `SIGMA_CHAIN=rpc`   a real network: `SIGMA_RPC_URL`, `SIGMA_CHAIN_ID`, the operations key in
 *                        `SIGMA_CHAIN_KEY_FILE`, contract addresses from `SIGMA_CHAIN_DEPLOYMENT_FILE` (or the data dir).
 */
export async function startChain(config: Config, issuer: Issuer, log: { info: (o: object, m?: string) => void }): Promise<ChainService | null> {
  const mode = config.chain.mode;
  if (mode === 'off') return null;

  let rpcUrl: string;
  let stopLocal: (() => Promise<void>) | null = null;
  let opsKey: Hex;
  let deployment: Deployment;
  if (mode === 'local') {
    const local = await startLocalChain({ dataDir: config.dataDir, port: config.chain.port, host: '127.0.0.1' });
    stopLocal = () => local.stop();
    rpcUrl = local.rpcUrl;
    opsKey = issuerKeyOf(issuer);
    try {
      await fundFromDevAccount(rpcUrl, issuer.address);
      deployment = await ensureDeployment({
        rpcUrl,
        dataDir: config.dataDir,
        deployerKey: localDevKey(0),
        issuer: issuer.address,
        governance: issuer.address,
        treasuryPayer: issuer.address,
        pluginRegistrar: issuer.address,
      });
      log.info({ rpcUrl, reused: (deployment as { reused?: boolean }).reused, replayed: local.replayed }, 'local chain ready');
    } catch (err) {
      await local.stop().catch(() => undefined);
      throw err;
    }
  } else {
    if (!config.chain.rpcUrl || !config.chain.chainId || !config.chain.keyFile) {
      throw new SigmaError('SIGMA_E_CONFIG_INVALID', 'SIGMA_CHAIN=rpc needs SIGMA_RPC_URL, SIGMA_CHAIN_ID and SIGMA_CHAIN_KEY_FILE.');
    }
    rpcUrl = config.chain.rpcUrl;
    const key = readFileSync(config.chain.keyFile, 'utf8').trim();
    if (!/^0x[0-9a-fA-F]{64}$/.test(key))
      throw new SigmaError('SIGMA_E_CONFIG_INVALID', `SIGMA_CHAIN_KEY_FILE ${config.chain.keyFile} does not hold a 32-byte hex key.`);
    opsKey = key as Hex;
    const file = config.chain.deploymentFile;
    const found = file ? (existsSync(file) ? parseDeployment(JSON.parse(readFileSync(file, 'utf8')), file) : null) : readDeployment(config.dataDir);
    if (!found) {
      throw new SigmaError(
        'SIGMA_E_CONFIG_INVALID',
        `SIGMA_CHAIN=rpc needs the contract addresses: set SIGMA_CHAIN_DEPLOYMENT_FILE to a deployment.json (see docs/contracts.md).`,
      );
    }
    if (found.chainId !== config.chain.chainId) {
      throw new SigmaError('SIGMA_E_CONFIG_INVALID', `The deployment is for chain ${found.chainId}, but SIGMA_CHAIN_ID is ${config.chain.chainId}.`);
    }
    deployment = found;
  }

  const chain = mode === 'local' ? localChain(rpcUrl) : chainFromConfig({ chainId: deployment.chainId, rpcUrl, explorerUrl: config.chain.explorerUrl });
  // Local reverts are reported as -32603, which viem's http transport would otherwise retry for ~1 s.
  const transport = http(rpcUrl, { retryCount: mode === 'local' ? 0 : 3, timeout: 20_000 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: mode === 'local' ? 50 : 1000 });
  const rpcChainId = await publicClient.getChainId();
  if (rpcChainId !== deployment.chainId) {
    throw new SigmaError('SIGMA_E_CONFIG_INVALID', `The RPC at ${rpcUrl} is chain ${rpcChainId}, not ${deployment.chainId}.`);
  }
  const walletClient = createWalletClient({ account: privateKeyToAccount(opsKey), chain, transport, pollingInterval: mode === 'local' ? 50 : 1000 });
  const cache = new Map<string, { at: number; value: { committed: boolean; payloadHash: string | null; revoked: boolean } }>();

  return {
    mode,
    network: networkName(deployment.chainId),
    chainId: deployment.chainId,
    rpcUrl,
    deployment,
    contracts: deployment.contracts,
    publicClient: publicClient as ChainService['publicClient'],
    walletClient,
    explorerTx: (txHash) => explorerTxUrl(deployment.chainId, txHash as Hex, config.chain.explorerUrl),
    async readCommitment(certificateId) {
      const hit = cache.get(certificateId);
      if (hit && Date.now() - hit.at < COMMITMENT_CACHE_MS) return hit.value;
      const c = await readCommitment(publicClient, deployment.contracts.certificateRegistry, submissionKey(certificateId));
      const value = { committed: c.committed, payloadHash: c.payloadHash, revoked: c.revoked };
      // Only cache what cannot change back: a committed hash. Absent commitments are re-read.
      if (c.committed) cache.set(certificateId, { at: Date.now(), value });
      return value;
    },
    async stop() {
      await stopLocal?.();
    },
  };
}

function issuerKeyOf(issuer: Issuer): Hex {
  const key = (issuer as Issuer & { privateKey?: Hex }).privateKey;
  if (!key) throw new Error('the local chain needs the issuer private key');
  return key;
}

/** On the local chain only: give the issuer gas money from a public dev account (not the deployer, whose nonce fixes the contract addresses). */
async function fundFromDevAccount(rpcUrl: string, to: `0x${string}`): Promise<void> {
  const chain = localChain(rpcUrl);
  const client = createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 0 }) });
  if ((await client.getBalance({ address: to })) >= parseEther('10')) return;
  const dev = createWalletClient({ account: privateKeyToAccount(localDevKey(1)), chain, transport: http(rpcUrl, { retryCount: 0 }) });
  const hash = await dev.sendTransaction({ to, value: parseEther('1000') });
  await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
}
