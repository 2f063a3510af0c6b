import { createWalletClient, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { auditorRegistryAbi, LOCAL_CHAIN_ID, localChain, localDevKey, readStake, sbyteAbi } from '@sigma/contracts';
import { validators } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { currentStakeWei, depositStakeOnLedger, refreshStakeAndWeight } from '../standing/stake.js';
import { STANDING } from '../standing/weight.js';
import { demoKey } from './service.js';

/**
 * Give the seeded demo validators their minimum stake where stake lives: on the local chain
 * (register in AuditorRegistry with the demo session key, mint and stake SBYTE), or on the ledger
 * when no chain is configured. Idempotent.
 */
export async function seedDemoStake(s: Services, seeded: Array<{ id: string; index: number }>): Promise<void> {
  const chain = s.chain;
  if (!chain) {
    for (const v of seeded) await depositStakeOnLedger(s.db, v.id, STANDING.minStakeWei, `seed-stake:${v.id}`);
  } else if (chain.chainId === LOCAL_CHAIN_ID) {
    // A local development chain (ours, or one the operator points at): the public dev keys fund the demo validators.
    const viemChain = localChain(chain.rpcUrl);
    const transport = http(chain.rpcUrl, { retryCount: 0 });
    const funder = createWalletClient({ account: privateKeyToAccount(localDevKey(2)), chain: viemChain, transport });
    const minter = createWalletClient({ account: privateKeyToAccount(localDevKey(0)), chain: viemChain, transport });
    const wait = (hash: `0x${string}`) => chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    const all = await s.db.select().from(validators);
    for (const v of seeded) {
      const row = all.find((x) => x.id === v.id);
      if (!row) continue;
      const st = await readStake(chain.publicClient, chain.contracts.auditorRegistry, row.ownerAddress as `0x${string}`);
      if (st.registered && st.stake >= STANDING.minStakeWei) continue;
      const owner = privateKeyToAccount(demoKey(`owner:${v.index}`));
      const wallet = createWalletClient({ account: owner, chain: viemChain, transport });
      await wait(await funder.sendTransaction({ to: owner.address, value: parseEther('1') }));
      await wait(
        await minter.writeContract({ address: chain.contracts.sbyte, abi: sbyteAbi, functionName: 'mint', args: [owner.address, STANDING.minStakeWei] }),
      );
      if (!st.registered)
        await wait(
          await wallet.writeContract({
            address: chain.contracts.auditorRegistry,
            abi: auditorRegistryAbi,
            functionName: 'register',
            args: [row.sessionAddress as `0x${string}`],
          }),
        );
      await wait(
        await wallet.writeContract({
          address: chain.contracts.sbyte,
          abi: sbyteAbi,
          functionName: 'approve',
          args: [chain.contracts.auditorRegistry, STANDING.minStakeWei],
        }),
      );
      await wait(
        await wallet.writeContract({ address: chain.contracts.auditorRegistry, abi: auditorRegistryAbi, functionName: 'stake', args: [STANDING.minStakeWei] }),
      );
    }
  }
  await syncAllStakes(s);
}

/** Refresh every validator's stake copy and weight from the chain (or the ledger). */
export async function syncAllStakes(s: Services): Promise<number> {
  const all = await s.db.select({ id: validators.id, ownerAddress: validators.ownerAddress }).from(validators);
  for (const v of all) {
    const stakeWei = await currentStakeWei(s.db, s.chain, v);
    await s.db.transaction(async (tx) => {
      await refreshStakeAndWeight(tx, v.id, stakeWei);
    });
  }
  return all.length;
}
