// deployment.json: the Deployment record's shape, its path in a data directory, atomic write, and validated read.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { ContractsError } from './errors.js';

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
