// Shared test harness: one in-process Hardhat chain per test file, the SIGMA contracts deployed once, and an
// evm_snapshot/evm_revert pair around every test so tests stay independent and fast.
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeErrorResult,
  http,
  parseEventLogs,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TestClient,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import {
  auditorRegistryAbi,
  certificateRegistryAbi,
  deployAll,
  localChain,
  localDevKey,
  pluginMarketplaceAbi,
  sbyteAbi,
  sigmaTreasuryAbi,
  startLocalChain,
  testUsdcAbi,
  type DeployResult,
  type LocalChain,
  type SigningClient,
} from '../src/index.js';

/** Every error item of every contract, so a revert bubbling up from a token call still decodes by name. */
export const allErrorsAbi: Abi = [
  ...sbyteAbi,
  ...testUsdcAbi,
  ...sigmaTreasuryAbi,
  ...certificateRegistryAbi,
  ...auditorRegistryAbi,
  ...pluginMarketplaceAbi,
].filter((x) => x.type === 'error');

export interface Ctx {
  chain: LocalChain;
  deployment: DeployResult;
  pub: PublicClient;
  test: TestClient;
  /** Wallets of Hardhat dev accounts 0..9: 0 deployer/admin, 1 issuer, 2 governance, 3.. ordinary users. */
  w: SigningClient[];
  addr: Address[];
  admin: SigningClient;
  issuer: SigningClient;
  governance: SigningClient;
}

export const COOLDOWN = 7 * 24 * 60 * 60;

/**
 * Register vitest hooks for a chain in this file. Returns a getter (the context exists only after beforeAll).
 * `afterDeploy` runs once, before the base snapshot (fixtures shared by every test of the file).
 */
export function useChain(afterDeploy?: (ctx: Ctx) => Promise<void>): () => Ctx {
  let ctx: Ctx | undefined;
  let snap: Hex | undefined;
  beforeAll(async () => {
    const chain = await startLocalChain({ port: 0 });
    const viemChain = localChain(chain.rpcUrl);
    // No retries: Hardhat reports reverts as -32603, which viem would retry with back-off (≈1 s per revert).
    const transport = http(chain.rpcUrl, { retryCount: 0 });
    const keys = Array.from({ length: 10 }, (_, i) => localDevKey(i));
    const w = keys.map((k) => createWalletClient({ account: privateKeyToAccount(k), chain: viemChain, transport, pollingInterval: 20 })) as SigningClient[];
    const addr = w.map((c) => c.account.address);
    const deployment = await deployAll({
      rpcUrl: chain.rpcUrl,
      deployerKey: keys[0]!,
      issuer: addr[1]!,
      governance: addr[2]!,
      unstakeCooldownSeconds: COOLDOWN,
    });
    const pub = createPublicClient({ chain: viemChain, transport, pollingInterval: 20 }) as PublicClient;
    const test = createTestClient({ mode: 'hardhat', chain: viemChain, transport });
    ctx = { chain, deployment, pub, test, w, addr, admin: w[0]!, issuer: w[1]!, governance: w[2]! };
    if (afterDeploy) await afterDeploy(ctx);
  });
  beforeEach(async () => {
    snap = await ctx!.test.snapshot();
  });
  afterEach(async () => {
    if (snap) await ctx!.test.revert({ id: snap });
  });
  afterAll(async () => {
    await ctx?.chain.stop();
  });
  return () => ctx!;
}

/** Send a contract write, wait for it, and return the receipt (throws the viem error on revert). */
export async function send(
  ctx: Ctx,
  wallet: SigningClient,
  req: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
): Promise<TransactionReceipt> {
  const hash = await wallet.writeContract({ ...req, account: wallet.account, chain: wallet.chain } as Parameters<SigningClient['writeContract']>[0]);
  const receipt = await ctx.pub.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}

/** Decoded events of one name from a receipt. */
export function events(receipt: TransactionReceipt, abi: Abi, eventName: string): Array<{ args: Record<string, unknown>; address: Address }> {
  return parseEventLogs({ abi, logs: receipt.logs, eventName }).map((l) => ({
    args: (l as unknown as { args: Record<string, unknown> }).args,
    address: l.address,
  }));
}

/** The custom error (name and args) a viem error carries, decoded against every contract's errors. */
export function revertOf(err: unknown): { errorName: string; args: readonly unknown[] } | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const r = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(r instanceof ContractFunctionRevertedError)) return undefined;
  if (r.data?.errorName) return { errorName: r.data.errorName, args: r.data.args ?? [] };
  if (r.raw) {
    try {
      const d = decodeErrorResult({ abi: allErrorsAbi, data: r.raw });
      return { errorName: d.errorName, args: d.args ?? [] };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Assert that `p` reverts with custom error `errorName` (and, when given, exactly these args). */
export async function expectRevert(p: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a revert with ${errorName}`).toBeDefined();
  const r = revertOf(caught);
  expect(r?.errorName, `revert decoded from: ${(caught as Error).message.slice(0, 400)}`).toBe(errorName);
  if (args) expect(r?.args).toEqual(args);
}

/** Latest block timestamp (unix seconds). */
export async function now(ctx: Ctx): Promise<bigint> {
  return (await ctx.pub.getBlock()).timestamp;
}

export const E18 = 10n ** 18n;
export const E6 = 10n ** 6n;
