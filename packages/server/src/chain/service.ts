import type { Deployment } from '@sigma/contracts';
import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem';

/** What the API and jobs need from the chain (SPEC §6, §9). Built by chain/runtime.ts when a chain is configured. */
export interface ChainService {
  mode: 'local' | 'rpc';
  /** 'local' | 'monad' | 'monad-testnet' | 'eip155:<id>' */
  network: string;
  chainId: number;
  rpcUrl: string;
  deployment: Deployment;
  contracts: Deployment['contracts'];
  publicClient: PublicClient;
  /** The operations account (issuer role on the registry, governance, treasury payer). */
  walletClient: WalletClient<Transport, Chain, Account>;
  explorerTx(txHash: string): string | null;
  /** The payload hash committed under a certificate id (cached briefly: commitments are write-once). */
  readCommitment(certificateId: string): Promise<{ committed: boolean; payloadHash: string | null; revoked: boolean }>;
  stop(): Promise<void>;
}
