import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem';
import { SigmaError } from '@sigma/core';
import type { Services } from '../../services.js';

/** What payments need from the chain (`s.chain`): the token (TestUSDC locally, USDC in production), the treasury, clients. */
export interface PaymentChain {
  chainId: number;
  /** CAIP-2 network id, e.g. `eip155:31337` (x402 v2). */
  network: `eip155:${number}`;
  token: Address;
  treasury: Address;
  publicClient: PublicClient;
  /** The operations account: pays gas when the local x402 facilitator settles an authorization. */
  walletClient: WalletClient<Transport, Chain, Account>;
}

/** The payment view of `s.chain`, or null when the deployment runs without a chain. */
export function paymentChainOf(s: Services): PaymentChain | null {
  const c = s.chain;
  if (!c) return null;
  return {
    chainId: c.chainId,
    network: `eip155:${c.chainId}`,
    token: c.contracts.testUsdc,
    treasury: c.contracts.treasury,
    publicClient: c.publicClient,
    walletClient: c.walletClient,
  };
}

export function requireChain(s: Services): PaymentChain {
  const c = paymentChainOf(s);
  if (!c)
    throw new SigmaError('SIGMA_E_PAYMENT_CHAIN_UNAVAILABLE', 'This deployment runs without a chain (SIGMA_CHAIN=off), so USDC payments are not available.');
  return c;
}
