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

const senderQueues = new Map<string, Promise<unknown>>();

/**
 * Run `send` after every earlier send of the same account in this process. Hardhat's automine rejects a
 * transaction whose nonce is ahead of the next expected one ("transactions can't be queued when automining"), so
 * concurrent sends from one key must reach the node in nonce order; on a real network this also avoids two
 * transactions picking the same pending nonce. Other processes using the same key are not covered.
 */
export function serialiseSender<T>(wallet: SigningClient, send: () => Promise<T>): Promise<T> {
  const key = `${wallet.chain?.id ?? 'any'}:${wallet.account.address.toLowerCase()}`;
  const previous = senderQueues.get(key) ?? Promise.resolve();
  const run = previous.then(send, send);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  senderQueues.set(key, tail);
  void tail.then(() => {
    if (senderQueues.get(key) === tail) senderQueues.delete(key);
  });
  return run;
}
