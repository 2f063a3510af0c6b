import { describe, expect, it } from 'vitest';
import { chainFromConfig, explorerAddressUrl, explorerTxUrl, localChain, networkName } from './network.js';

const TX = `0x${'ab'.repeat(32)}` as const;

describe('chainFromConfig', () => {
  it('keeps Monad mainnet metadata for chain 143 with the configured RPC', () => {
    const c = chainFromConfig({ chainId: 143, rpcUrl: 'https://rpc.example.org/monad' });
    expect(c.id).toBe(143);
    expect(c.name).toBe('Monad');
    expect(c.nativeCurrency.symbol).toBe('MON');
    expect(c.rpcUrls.default.http).toEqual(['https://rpc.example.org/monad']);
    expect(c.blockExplorers?.default.url).toBe('https://monadscan.com');
    expect(c.testnet).toBe(false);
  });

  it('builds an unknown chain from config alone, with an optional explorer', () => {
    const c = chainFromConfig({ chainId: 8453, rpcUrl: 'http://10.0.0.1:8545', name: 'Base', explorerUrl: 'https://basescan.org/' });
    expect(c.name).toBe('Base');
    expect(c.blockExplorers?.default.url).toBe('https://basescan.org');
    const bare = chainFromConfig({ chainId: 999, rpcUrl: 'http://127.0.0.1:1' });
    expect(bare.blockExplorers).toBeUndefined();
    expect(bare.name).toBe('chain 999');
  });

  it('describes the local chain (31337) without an explorer', () => {
    const c = localChain('http://127.0.0.1:8545');
    expect(c.id).toBe(31337);
    expect(c.blockExplorers).toBeUndefined();
    expect(c.testnet).toBe(true);
  });

  it('rejects bad chain ids and RPC URLs', () => {
    expect(() => chainFromConfig({ chainId: 0, rpcUrl: 'http://x' })).toThrow(/chainId/);
    expect(() => chainFromConfig({ chainId: 1.5, rpcUrl: 'http://x' })).toThrow(/chainId/);
    expect(() => chainFromConfig({ chainId: 1, rpcUrl: 'not a url' })).toThrow(/rpcUrl/);
    expect(() => chainFromConfig({ chainId: 1, rpcUrl: 'file:///etc/passwd' })).toThrow(/protocol/);
  });
});

describe('explorer links', () => {
  it('links Monad transactions and addresses, and gives null for the local chain', () => {
    expect(explorerTxUrl(143, TX)).toBe(`https://monadscan.com/tx/${TX}`);
    expect(explorerTxUrl(31337, TX)).toBeNull();
    expect(explorerTxUrl(31337, TX, 'http://localhost:4000/')).toBe(`http://localhost:4000/tx/${TX}`);
    expect(explorerTxUrl(10143, TX)).toMatch(/^https:\/\/.+\/tx\/0xabab/);
    expect(explorerAddressUrl(143, '0x0000000000000000000000000000000000000001')).toBe(
      'https://monadscan.com/address/0x0000000000000000000000000000000000000001',
    );
    expect(explorerAddressUrl(31337, '0x0000000000000000000000000000000000000001')).toBeNull();
  });

  it('names networks for onChain.network', () => {
    expect(networkName(31337)).toBe('local');
    expect(networkName(143)).toBe('monad');
    expect(networkName(10143)).toBe('monad-testnet');
    expect(networkName(1)).toBe('eip155:1');
  });
});
