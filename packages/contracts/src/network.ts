// Chains and explorers. The server configures SIGMA_CHAIN=local (a Hardhat node started by startLocalChain)
// or SIGMA_CHAIN=rpc with a chain id and RPC URL (Monad mainnet is 143); chainFromConfig builds the viem Chain
// for either, so no code changes are needed for a real network.
import { defineChain, type Chain, type Hex } from 'viem';
import { monad, monadTestnet } from 'viem/chains';

export const LOCAL_CHAIN_ID = 31337;
export const MONAD_CHAIN_ID = 143;
export const MONAD_TESTNET_CHAIN_ID = 10143;

export interface ChainConfig {
  chainId: number;
  rpcUrl: string;
  name?: string;
  /** Explorer base URL, e.g. https://monadscan.com (no trailing slash needed). */
  explorerUrl?: string;
}

const KNOWN: Record<number, Chain> = { [MONAD_CHAIN_ID]: monad, [MONAD_TESTNET_CHAIN_ID]: monadTestnet };

/** Default explorer base URL by chain id (null for the local chain and unknown chains). */
export function defaultExplorerUrl(chainId: number): string | null {
  return KNOWN[chainId]?.blockExplorers?.default.url ?? null;
}

/** A viem Chain for a configured network. Known chains (Monad 143, Monad testnet 10143) keep their metadata. */
export function chainFromConfig(cfg: ChainConfig): Chain {
  if (!Number.isSafeInteger(cfg.chainId) || cfg.chainId <= 0) throw new TypeError(`invalid chainId: ${cfg.chainId}`);
  let url: URL;
  try {
    url = new URL(cfg.rpcUrl);
  } catch {
    throw new TypeError(`invalid rpcUrl: ${cfg.rpcUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(`unsupported rpcUrl protocol: ${url.protocol}`);
  }
  const known = KNOWN[cfg.chainId];
  const explorer = cfg.explorerUrl ?? defaultExplorerUrl(cfg.chainId);
  const name = cfg.name ?? known?.name ?? (cfg.chainId === LOCAL_CHAIN_ID ? 'SIGMA local (Hardhat)' : `chain ${cfg.chainId}`);
  return defineChain({
    id: cfg.chainId,
    name,
    nativeCurrency: known?.nativeCurrency ?? { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [cfg.rpcUrl] } },
    ...(explorer ? { blockExplorers: { default: { name: `${name} explorer`, url: trimSlash(explorer) } } } : {}),
    testnet: known?.testnet ?? cfg.chainId === LOCAL_CHAIN_ID,
  });
}

/** A viem Chain for the local Hardhat chain at `rpcUrl`. */
export function localChain(rpcUrl: string): Chain {
  return chainFromConfig({ chainId: LOCAL_CHAIN_ID, rpcUrl });
}

/** Explorer link for a transaction, or null when the chain has no explorer (the local chain 31337). */
export function explorerTxUrl(chainId: number, txHash: Hex, explorerUrl?: string): string | null {
  const base = explorerUrl ?? defaultExplorerUrl(chainId);
  return base ? `${trimSlash(base)}/tx/${txHash}` : null;
}

/** Explorer link for an address (contract or account), or null when the chain has no explorer. */
export function explorerAddressUrl(chainId: number, address: string, explorerUrl?: string): string | null {
  const base = explorerUrl ?? defaultExplorerUrl(chainId);
  return base ? `${trimSlash(base)}/address/${address}` : null;
}

/** Human network name for `onChain.network` in certificates. */
export function networkName(chainId: number): string {
  if (chainId === LOCAL_CHAIN_ID) return 'local';
  if (chainId === MONAD_CHAIN_ID) return 'monad';
  if (chainId === MONAD_TESTNET_CHAIN_ID) return 'monad-testnet';
  return `eip155:${chainId}`;
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}
