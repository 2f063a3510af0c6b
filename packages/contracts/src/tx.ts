// Small shared helpers for sending transactions and waiting for them.
import {
  createPublicClient,
  http,
  type Account,
  type Chain,
  type Client,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { waitForTransactionReceipt } from 'viem/actions';
import { ContractsError } from './errors.js';

/** A wallet client with an account (local private-key account or JSON-RPC account). */
export type SigningClient = WalletClient<Transport, Chain | undefined, Account>;
/** Any viem client that can read (a PublicClient, or a WalletClient — reads go through viem/actions). */
export type ReadClient = Client<Transport, Chain | undefined>;

/** Receipt polling interval for our own clients: the local chain mines instantly, Monad every ~0.4 s. */
export const POLLING_INTERVAL_MS = 50;

export function httpPublicClient(rpcUrl: string, opts: { chain?: Chain; timeoutMs?: number } = {}): PublicClient {
  return createPublicClient({
    ...(opts.chain ? { chain: opts.chain } : {}),
    transport: http(rpcUrl, { timeout: opts.timeoutMs ?? 10_000, retryCount: 2 }),
    pollingInterval: POLLING_INTERVAL_MS,
  });
}

/** Wait for `hash` and throw TX_FAILED when the transaction reverted. */
export async function waitOk(client: ReadClient, hash: Hash, what: string): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(client, { hash, pollingInterval: POLLING_INTERVAL_MS, timeout: 120_000 });
  if (receipt.status !== 'success') {
    throw new ContractsError('TX_FAILED', `${what} reverted (tx ${hash})`, { txHash: hash, blockNumber: receipt.blockNumber });
  }
  return receipt;
}
