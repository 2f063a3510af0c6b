// Deterministic deployment of the SIGMA contracts and reuse of a live deployment (role grants: deploy-roles.ts;
// deployment.json: deployment-file.ts).
import {
  concat,
  createWalletClient,
  getAddress,
  getContractAddress,
  http,
  keccak256,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { getBytecode, getChainId, getTransactionCount, writeContract, deployContract } from 'viem/actions';
import {
  auditorRegistryAbi,
  auditorRegistryBytecode,
  certificateRegistryAbi,
  certificateRegistryBytecode,
  pluginMarketplaceAbi,
  pluginMarketplaceBytecode,
  sbyteAbi,
  sbyteBytecode,
  sigmaTreasuryAbi,
  sigmaTreasuryBytecode,
  testUsdcAbi,
  testUsdcBytecode,
} from '../generated/index.js';
import { ensureRoles } from './deploy-roles.js';
import { readDeployment, writeDeployment, type DeployedContracts, type Deployment } from './deployment-file.js';
import { ContractsError } from './errors.js';
import { chainFromConfig } from './network.js';
import { httpPublicClient, waitOk, POLLING_INTERVAL_MS, type SigningClient } from './tx.js';

export interface DeployOptions {
  rpcUrl: string;
  /** Deployer key. On a fresh chain with this key at nonce 0 the addresses are always the same. */
  deployerKey: Hex;
  /** Gets ISSUER_ROLE on CertificateRegistry (commit and revoke). */
  issuer: Address;
  /** Gets GOVERNANCE_ROLE on AuditorRegistry (slash, cooldown) and PluginMarketplace (fee). */
  governance: Address;
  /** Gets PAYER_ROLE on SigmaTreasury; default `issuer`. */
  treasuryPayer?: Address;
  /** Gets REGISTRAR_ROLE on PluginMarketplace (records plugin owners, moderates listings); default `issuer`. */
  pluginRegistrar?: Address;
  /** AuditorRegistry unstake cooldown in seconds; default 7 days. */
  unstakeCooldownSeconds?: number;
  /** PluginMarketplace platform fee in basis points; default 1000 (10 %). */
  marketplaceFeeBps?: number;
  /** Mint test tokens after a fresh deployment (not on reuse). Amounts in smallest units. */
  mint?: ReadonlyArray<{ to: Address; usdc?: bigint; sbyte?: bigint }>;
  /** A previous deployment (e.g. from readDeployment): reused when its code is live on this chain. */
  existing?: Deployment | null;
  /** viem Chain to sign for; default derived from the RPC's chain id. */
  chain?: Chain;
}

export type DeployResult = Deployment & { reused: boolean };

export const DEFAULT_UNSTAKE_COOLDOWN_SECONDS = 7 * 24 * 60 * 60;
export const DEFAULT_MARKETPLACE_FEE_BPS = 1000;

/** keccak256 over all creation bytecodes in deployment order. */
export const BUILD_HASH: Hex = keccak256(
  concat([sbyteBytecode, testUsdcBytecode, sigmaTreasuryBytecode, certificateRegistryBytecode, auditorRegistryBytecode, pluginMarketplaceBytecode]),
);

/** Deployment order; the contract at position i is created with deployer nonce startNonce + i. */
export const DEPLOY_ORDER = ['sbyte', 'testUsdc', 'treasury', 'certificateRegistry', 'auditorRegistry', 'pluginMarketplace'] as const;

/** The addresses a deployment by `deployer` starting at `startNonce` (0 on a fresh chain) will have. */
export function expectedAddresses(deployer: Address, startNonce = 0): DeployedContracts {
  const at = (i: number): Address => getContractAddress({ from: deployer, nonce: BigInt(startNonce + i) });
  return {
    sbyte: at(0),
    testUsdc: at(1),
    treasury: at(2),
    certificateRegistry: at(3),
    auditorRegistry: at(4),
    pluginMarketplace: at(5),
  };
}

/**
 * Deploy all contracts in a fixed order (or reuse `existing` when its code is live on this chain and was built from
 * the same bytecode), then make sure every role is granted (idempotent: only missing roles are granted).
 */
export async function deployAll(opts: DeployOptions): Promise<DeployResult> {
  const account = privateKeyToAccount(opts.deployerKey);
  const publicClient = httpPublicClient(opts.rpcUrl);
  const chainId = await getChainId(publicClient);
  const chain = opts.chain ?? chainFromConfig({ chainId, rpcUrl: opts.rpcUrl });
  if (chain.id !== chainId) {
    throw new ContractsError('DEPLOYMENT_FAILED', `RPC reports chain ${chainId} but the given chain is ${chain.id}`);
  }
  const wallet: SigningClient = createWalletClient({ account, chain, transport: http(opts.rpcUrl), pollingInterval: POLLING_INTERVAL_MS });
  const roles = {
    issuer: getAddress(opts.issuer),
    governance: getAddress(opts.governance),
    treasuryPayer: getAddress(opts.treasuryPayer ?? opts.issuer),
    pluginRegistrar: getAddress(opts.pluginRegistrar ?? opts.issuer),
  };
  const params = {
    unstakeCooldownSeconds: opts.unstakeCooldownSeconds ?? DEFAULT_UNSTAKE_COOLDOWN_SECONDS,
    marketplaceFeeBps: opts.marketplaceFeeBps ?? DEFAULT_MARKETPLACE_FEE_BPS,
  };

  if (opts.existing && (await isDeploymentLive(publicClient, opts.existing))) {
    let rolesBlock: bigint;
    try {
      rolesBlock = await ensureRoles(wallet, publicClient, opts.existing.contracts, roles);
    } catch (err) {
      if (err instanceof ContractsError) throw err;
      throw new ContractsError('DEPLOYMENT_FAILED', `granting roles on the existing deployment failed: ${(err as Error).message}`, {}, { cause: err });
    }
    return {
      ...opts.existing,
      roles,
      blockNumber: Math.max(opts.existing.blockNumber, Number(rolesBlock)),
      reused: true,
    };
  }

  let nonce = await getTransactionCount(publicClient, { address: account.address, blockTag: 'pending' });
  const deployed: Partial<Record<(typeof DEPLOY_ORDER)[number], Address>> = {};
  let lastBlock = 0n;
  const deploy = async (name: (typeof DEPLOY_ORDER)[number], abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> => {
    const hash = await deployContract(wallet, { abi, bytecode, args, nonce, account, chain });
    nonce += 1;
    const receipt = await waitOk(publicClient, hash, `deploy ${name}`);
    if (!receipt.contractAddress) throw new ContractsError('DEPLOYMENT_FAILED', `deploy ${name}: no contract address`);
    lastBlock = receipt.blockNumber;
    deployed[name] = getAddress(receipt.contractAddress);
    return deployed[name];
  };

  const me = account.address;
  try {
    const sbyte = await deploy('sbyte', sbyteAbi, sbyteBytecode, [me]);
    const testUsdc = await deploy('testUsdc', testUsdcAbi, testUsdcBytecode, [me]);
    const treasury = await deploy('treasury', sigmaTreasuryAbi, sigmaTreasuryBytecode, [me, testUsdc, sbyte]);
    const certificateRegistry = await deploy('certificateRegistry', certificateRegistryAbi, certificateRegistryBytecode, [me, roles.issuer]);
    const auditorRegistry = await deploy('auditorRegistry', auditorRegistryAbi, auditorRegistryBytecode, [
      me,
      roles.governance,
      sbyte,
      treasury,
      BigInt(params.unstakeCooldownSeconds),
    ]);
    const pluginMarketplace = await deploy('pluginMarketplace', pluginMarketplaceAbi, pluginMarketplaceBytecode, [
      me,
      roles.governance,
      sbyte,
      treasury,
      params.marketplaceFeeBps,
    ]);
    const contracts: DeployedContracts = { certificateRegistry, treasury, auditorRegistry, pluginMarketplace, sbyte, testUsdc };
    const rolesBlock = await ensureRoles(wallet, publicClient, contracts, roles);
    let mintBlock = 0n;
    for (const m of opts.mint ?? []) {
      if (m.usdc && m.usdc > 0n) {
        const h = await writeContract(wallet, { address: testUsdc, abi: testUsdcAbi, functionName: 'mint', args: [m.to, m.usdc], account, chain });
        mintBlock = (await waitOk(publicClient, h, 'mint USDC')).blockNumber;
      }
      if (m.sbyte && m.sbyte > 0n) {
        const h = await writeContract(wallet, { address: sbyte, abi: sbyteAbi, functionName: 'mint', args: [m.to, m.sbyte], account, chain });
        mintBlock = (await waitOk(publicClient, h, 'mint SBYTE')).blockNumber;
      }
    }
    const blockNumber = Number([lastBlock, rolesBlock, mintBlock].reduce((a, b) => (b > a ? b : a)));
    return { version: 1, chainId, deployer: me, contracts, roles, params, blockNumber, buildHash: BUILD_HASH, reused: false };
  } catch (err) {
    if (err instanceof ContractsError) throw err;
    throw new ContractsError('DEPLOYMENT_FAILED', `deployment failed: ${(err as Error).message}`, { deployed }, { cause: err });
  }
}

/** True when `d` is for this chain, was built from the current bytecode, and every contract has code. */
export async function isDeploymentLive(client: PublicClient, d: Deployment): Promise<boolean> {
  if (d.buildHash !== BUILD_HASH) return false;
  if ((await getChainId(client)) !== d.chainId) return false;
  for (const address of Object.values(d.contracts)) {
    const code = await getBytecode(client, { address });
    if (!code || code === '0x') return false;
  }
  return true;
}

/**
 * For `npm start`: read <dataDir>/chain/deployment.json, reuse it when live on the chain at `rpcUrl`, otherwise
 * deploy; then write the file. Returns the deployment and whether it was reused.
 */
export async function ensureDeployment(opts: Omit<DeployOptions, 'existing'> & { dataDir: string }): Promise<DeployResult> {
  const { dataDir, ...rest } = opts;
  let existing: Deployment | null;
  try {
    existing = readDeployment(dataDir);
  } catch {
    existing = null; // unreadable file: deploy afresh and overwrite it
  }
  const result = await deployAll({ ...rest, existing });
  writeDeployment(dataDir, result);
  return result;
}
