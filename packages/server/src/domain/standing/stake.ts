import { eq } from 'drizzle-orm';
import { readStake, slash as slashOnChain } from '@sigma/contracts';
import { SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { validators } from '../../db/schema/index.js';
import type { ChainService } from '../../chain/service.js';
import { balance, PLATFORM, post, type AccountRef } from '../ledger/ledger.js';
import { governanceWeight } from './weight.js';

/**
 * Validator stake. With a chain, the AuditorRegistry is the source of truth (read, and slashed by
 * the governance role). Without one, the same rules run on the ledger: an SBYTE stake account per
 * validator in µSBYTE (1e-6 SBYTE = 1e12 wei), so stake is derived from entries like every balance.
 * `validators.stake` (wei) is a copy refreshed from the source, used by the eligibility query.
 */
export const WEI_PER_MICRO = 10n ** 12n;

export const stakeAccount = (validatorId: string): AccountRef => ({ kind: 'stake', ownerType: 'validator', ownerId: validatorId, currency: 'SBYTE' });

export async function depositStakeOnLedger(tx: DbOrTx, validatorId: string, amountWei: bigint, idempotencyKey: string): Promise<void> {
  const micro = amountWei / WEI_PER_MICRO;
  await post(tx, {
    kind: 'stake.deposit',
    idempotencyKey,
    refType: 'validator',
    refId: validatorId,
    entries: [
      { account: stakeAccount(validatorId), amount: micro },
      { account: PLATFORM.external('SBYTE'), amount: -micro },
    ],
  });
}

export async function stakeOnLedgerWei(db: DbOrTx, validatorId: string): Promise<bigint> {
  return (await balance(db, stakeAccount(validatorId))) * WEI_PER_MICRO;
}

/** The current stake of a validator, in wei, from the chain or the ledger. */
export async function currentStakeWei(db: DbOrTx, chain: ChainService | null, v: { id: string; ownerAddress: string }): Promise<bigint> {
  if (chain) {
    const st = await readStake(chain.publicClient, chain.contracts.auditorRegistry, v.ownerAddress as `0x${string}`);
    return st.registered ? st.stake : 0n;
  }
  return stakeOnLedgerWei(db, v.id);
}

/** Refresh the stake copy and the governance weight of one validator. */
export async function refreshStakeAndWeight(tx: DbOrTx, validatorId: string, stakeWei: bigint): Promise<number> {
  const v = (await tx.select().from(validators).where(eq(validators.id, validatorId)).limit(1))[0];
  if (!v) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'no such validator', { field: 'validatorId' });
  const weight = governanceWeight({ stakeWei, reputation: v.reputation, auditAccuracy: v.auditAccuracy, pluginCreatorBonus: v.pluginCreatorBonus });
  await tx.update(validators).set({ stake: stakeWei.toString(), governanceWeight: weight, updatedAt: new Date() }).where(eq(validators.id, validatorId));
  return weight;
}

/**
 * Slash a fraction (basis points) of a validator's stake: on chain through AuditorRegistry.slash
 * (governance role), or on the ledger (stake → treasury). Returns the slashed amount in wei.
 */
export async function slashStake(
  tx: DbOrTx,
  chain: ChainService | null,
  v: { id: string; ownerAddress: string },
  bps: number,
  reason: string,
  idempotencyKey: string,
): Promise<bigint> {
  if (bps <= 0) return 0n;
  if (chain) {
    const st = await readStake(chain.publicClient, chain.contracts.auditorRegistry, v.ownerAddress as `0x${string}`);
    if (!st.registered) return 0n;
    const r = await slashOnChain(chain.walletClient, chain.contracts.auditorRegistry, { validatorId: st.validatorId, reason, bps });
    return r.amount;
  }
  const micro = await balance(tx, stakeAccount(v.id));
  const amount = (micro * BigInt(bps)) / 10_000n;
  if (amount <= 0n) return 0n;
  await post(tx, {
    kind: 'stake.slash',
    idempotencyKey,
    refType: 'validator',
    refId: v.id,
    memo: reason,
    entries: [
      { account: stakeAccount(v.id), amount: -amount },
      { account: PLATFORM.treasury('SBYTE'), amount },
    ],
  });
  return amount * WEI_PER_MICRO;
}
