// Deterministic deployment of the SIGMA contracts, role grants, deployment.json, and reuse of a live deployment.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  concat,
  createWalletClient,
  getAddress,
  getContractAddress,
  http,
  isAddress,
  keccak256,
  zeroAddress,
  type Abi,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { getBytecode, getChainId, getTransactionCount, readContract, writeContract, deployContract } from 'viem/actions';
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
import { ContractsError } from './errors.js';
import { chainFromConfig } from './network.js';
import { ROLES } from './roles.js';
import { httpPublicClient, waitOk, POLLING_INTERVAL_MS, type SigningClient } from './tx.js';

export interface DeployedContracts {
  certificateRegistry: Address;
  treasury: Address;
  auditorRegistry: Address;
  pluginMarketplace: Address;
  sbyte: Address;
  testUsdc: Address;
}

export interface Deployment {
  /** Format version of deployment.json. */
  version: 1;
  chainId: number;
  deployer: Address;
  contracts: DeployedContracts;
  roles: { issuer: Address; governance: Address; treasuryPayer: Address; pluginRegistrar: Address };
  params: { unstakeCooldownSeconds: number; marketplaceFeeBps: number };
  /** Block of the last deployment transaction (readers can scan events from here). */
  blockNumber: number;
  /** keccak256 of the concatenated creation bytecodes: a deployment of other bytecode is not reused. */
  buildHash: Hex;
}

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

/** Grant every role that is missing. Returns the block of the last grant (0n when nothing was granted). */
async function ensureRoles(wallet: SigningClient, client: PublicClient, c: DeployedContracts, roles: Deployment['roles']): Promise<bigint> {
  const wanted: Array<{ address: Address; abi: Abi; role: Hex; who: Address; what: string }> = [
    { address: c.certificateRegistry, abi: certificateRegistryAbi, role: ROLES.ISSUER, who: roles.issuer, what: 'ISSUER_ROLE' },
    { address: c.treasury, abi: sigmaTreasuryAbi, role: ROLES.PAYER, who: roles.treasuryPayer, what: 'PAYER_ROLE' },
    { address: c.auditorRegistry, abi: auditorRegistryAbi, role: ROLES.GOVERNANCE, who: roles.governance, what: 'GOVERNANCE_ROLE' },
    { address: c.pluginMarketplace, abi: pluginMarketplaceAbi, role: ROLES.GOVERNANCE, who: roles.governance, what: 'GOVERNANCE_ROLE' },
    { address: c.pluginMarketplace, abi: pluginMarketplaceAbi, role: ROLES.REGISTRAR, who: roles.pluginRegistrar, what: 'REGISTRAR_ROLE' },
  ];
  let last = 0n;
  for (const w of wanted) {
    if (w.who === zeroAddress) continue;
    const has = (await readContract(client, { address: w.address, abi: w.abi, functionName: 'hasRole', args: [w.role, w.who] })) as boolean;
    if (has) continue;
    const hash: Hash = await writeContract(wallet, {
      address: w.address,
      abi: w.abi,
      functionName: 'grantRole',
      args: [w.role, w.who],
      account: wallet.account,
      chain: wallet.chain,
    });
    last = (await waitOk(client, hash, `grant ${w.what} to ${w.who}`)).blockNumber;
  }
  return last;
}

/** Path of deployment.json inside a SIGMA data directory: <dataDir>/chain/deployment.json. */
export function deploymentPath(dataDir: string): string {
  return join(dataDir, 'chain', 'deployment.json');
}

/** Write <dataDir>/chain/deployment.json atomically (temp file + rename). */
export function writeDeployment(dataDir: string, deployment: Deployment): string {
  const path = deploymentPath(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const { version, chainId, deployer, contracts, roles, params, blockNumber, buildHash } = deployment;
  const body = JSON.stringify({ version, chainId, deployer, contracts, roles, params, blockNumber, buildHash }, null, 2) + '\n';
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, body);
  renameSync(tmp, path);
  return path;
}

/** Read <dataDir>/chain/deployment.json; null when absent; DEPLOYMENT_INVALID when malformed. */
export function readDeployment(dataDir: string): Deployment | null {
  const path = deploymentPath(dataDir);
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ContractsError('DEPLOYMENT_INVALID', `${path} is not valid JSON`, { path }, { cause: err });
  }
  return parseDeployment(raw, path);
}

/** Validate an untrusted deployment object (e.g. from a config file). */
export function parseDeployment(raw: unknown, where = 'deployment'): Deployment {
  const bad = (why: string): never => {
    throw new ContractsError('DEPLOYMENT_INVALID', `${where}: ${why}`, { where });
  };
  if (typeof raw !== 'object' || raw === null) return bad('not an object');
  const r = raw as Record<string, unknown>;
  if (r.version !== 1) bad('unsupported version');
  if (typeof r.chainId !== 'number' || !Number.isSafeInteger(r.chainId) || r.chainId <= 0) bad('chainId');
  if (typeof r.blockNumber !== 'number' || !Number.isSafeInteger(r.blockNumber) || r.blockNumber < 0) bad('blockNumber');
  if (typeof r.buildHash !== 'string' || !/^0x[0-9a-f]{64}$/.test(r.buildHash)) bad('buildHash');
  const addr = (v: unknown, name: string): Address => (typeof v === 'string' && isAddress(v) ? getAddress(v) : bad(`${name} is not an address`));
  const c = (r.contracts ?? {}) as Record<string, unknown>;
  const ro = (r.roles ?? {}) as Record<string, unknown>;
  const p = (r.params ?? {}) as Record<string, unknown>;
  const num = (v: unknown, name: string): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : bad(name));
  return {
    version: 1,
    chainId: r.chainId as number,
    deployer: addr(r.deployer, 'deployer'),
    contracts: {
      certificateRegistry: addr(c.certificateRegistry, 'contracts.certificateRegistry'),
      treasury: addr(c.treasury, 'contracts.treasury'),
      auditorRegistry: addr(c.auditorRegistry, 'contracts.auditorRegistry'),
      pluginMarketplace: addr(c.pluginMarketplace, 'contracts.pluginMarketplace'),
      sbyte: addr(c.sbyte, 'contracts.sbyte'),
      testUsdc: addr(c.testUsdc, 'contracts.testUsdc'),
    },
    roles: {
      issuer: addr(ro.issuer, 'roles.issuer'),
      governance: addr(ro.governance, 'roles.governance'),
      treasuryPayer: addr(ro.treasuryPayer, 'roles.treasuryPayer'),
      pluginRegistrar: addr(ro.pluginRegistrar, 'roles.pluginRegistrar'),
    },
    params: {
      unstakeCooldownSeconds: num(p.unstakeCooldownSeconds, 'params.unstakeCooldownSeconds'),
      marketplaceFeeBps: num(p.marketplaceFeeBps, 'params.marketplaceFeeBps'),
    },
    blockNumber: r.blockNumber as number,
    buildHash: r.buildHash as Hex,
  };
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
