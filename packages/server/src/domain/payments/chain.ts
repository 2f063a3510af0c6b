import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem';
import { SigmaError } from '@sigma/core';
import type { Services } from '../../services.js';

/** What payments need from the chain: the token (TestUSDC locally, USDC in production), the treasury, clients. */
export interface PaymentChain {
  chainId: number;
  /** CAIP-2 network id, e.g. `eip155:31337` (x402 v2). */
  network: `eip155:${number}`;
  token: Address;
  treasury: Address;
  publicClient: PublicClient;
  /** The platform account: pays gas when the local x402 facilitator settles an authorization. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
}

interface ChainLike {
  chainId: number;
  contracts: Record<string, Address>;
  publicClient?: PublicClient;
  walletClient?: WalletClient<Transport, Chain | undefined, Account>;
}

/** The payment view of `s.chain`, or null when the deployment runs without a chain. */
export function paymentChainOf(s: Services): PaymentChain | null {
  const c = s.chain as unknown as ChainLike | null;
  if (!c || !c.publicClient || !c.walletClient || !c.contracts.testUsdc || !c.contracts.treasury) return null;
  return { chainId: c.chainId, network: `eip155:${c.chainId}`, token: c.contracts.testUsdc, treasury: c.contracts.treasury, publicClient: c.publicClient, walletClient: c.walletClient };
}

export function requireChain(s: Services): PaymentChain {
  const c = paymentChainOf(s);
  if (!c) throw new SigmaError('SIGMA_E_PAYMENT_CHAIN_UNAVAILABLE', 'This deployment runs without a chain (SIGMA_CHAIN=off), so USDC payments are not available.');
  return c;
}
