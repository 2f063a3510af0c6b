/** What the API and jobs need from the chain; implemented in chain/runtime.ts when a chain is configured. */
export interface ChainService {
  mode: 'local' | 'rpc';
  network: string;
  chainId: number;
  contracts: Record<string, `0x${string}`>;
  explorerTx(txHash: string): string | null;
  /** The payload hash committed for a submission, or null when none. */
  readCommitment(submissionId: string): Promise<{ committed: boolean; payloadHash: string | null; revoked: boolean }>;
  stop(): Promise<void>;
}
