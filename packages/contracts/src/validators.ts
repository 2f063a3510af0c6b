// Validator stake on AuditorRegistry: read by id, owner or session key; slash (governance).
import { decodeEventLog, isAddress, type Address, type Hash } from 'viem';
import { readContract, writeContract } from 'viem/actions';
import { auditorRegistryAbi } from '../generated/index.js';
import { ContractsError } from './errors.js';
import { serialiseSender, waitOk, type ReadClient, type SigningClient } from './tx.js';

export interface ValidatorStake {
  registered: boolean;
  /** 0n when not registered. */
  validatorId: bigint;
  owner: Address | null;
  sessionKey: Address | null;
  /** Active stake, SBYTE smallest units (18 decimals). */
  stake: bigint;
  /** Requested unstake waiting for the cooldown (still slashable). */
  pendingUnstake: bigint;
  /** Unix seconds when pendingUnstake can be withdrawn; null when nothing is pending. */
  unlockAt: number | null;
  slashedTotal: bigint;
  registeredAt: number | null;
}

/**
 * Read a validator's stake. `validator` is the on-chain validator id (bigint or number), or an address that is
 * looked up first as an owner, then as a session key. An unknown validator gives `registered: false` and zeros.
 */
export async function readStake(client: ReadClient, auditorRegistry: Address, validator: bigint | number | Address): Promise<ValidatorStake> {
  let id: bigint;
  if (typeof validator === 'string') {
    if (!isAddress(validator)) throw new ContractsError('INVALID_ID', `not an address: ${validator}`);
    id = await readContract(client, { address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'validatorIdOf', args: [validator] });
    if (id === 0n) {
      id = await readContract(client, {
        address: auditorRegistry,
        abi: auditorRegistryAbi,
        functionName: 'validatorIdBySessionKey',
        args: [validator],
      });
    }
  } else {
    id = BigInt(validator);
  }
  const empty: ValidatorStake = {
    registered: false,
    validatorId: 0n,
    owner: null,
    sessionKey: null,
    stake: 0n,
    pendingUnstake: 0n,
    unlockAt: null,
    slashedTotal: 0n,
    registeredAt: null,
  };
  if (id <= 0n) return empty;
  const v = await readContract(client, { address: auditorRegistry, abi: auditorRegistryAbi, functionName: 'getValidator', args: [id] });
  if (/^0x0{40}$/.test(v.owner)) return empty;
  return {
    registered: true,
    validatorId: id,
    owner: v.owner,
    sessionKey: v.sessionKey,
    stake: v.stake,
    pendingUnstake: v.pendingUnstake,
    unlockAt: v.pendingUnstake > 0n ? Number(v.unlockAt) : null,
    slashedTotal: v.slashedTotal,
    registeredAt: Number(v.registeredAt),
  };
}

export interface SlashResult {
  txHash: Hash;
  blockNumber: bigint;
  validatorId: bigint;
  /** Total slashed (SBYTE smallest units), taken first from active stake, then from the pending unstake. */
  amount: bigint;
  fromStake: bigint;
  fromPending: bigint;
}

/**
 * Slash a validator (the wallet needs GOVERNANCE_ROLE). Give `amount` in SBYTE smallest units, or `bps` (1–10000)
 * of stake + pending unstake, rounded down. Slashed SBYTE goes to the treasury. Reverts (custom errors) are thrown
 * as viem errors: SlashExceedsStake, UnknownValidator, EmptyReason, AccessControlUnauthorizedAccount, …
 */
export async function slash(
  wallet: SigningClient,
  auditorRegistry: Address,
  opts: { validatorId: bigint; reason: string } & ({ amount: bigint; bps?: never } | { bps: number; amount?: never }),
): Promise<SlashResult> {
  const common = { address: auditorRegistry, abi: auditorRegistryAbi, account: wallet.account, chain: wallet.chain } as const;
  const hash = await serialiseSender(wallet, () =>
    opts.amount !== undefined
      ? writeContract(wallet, { ...common, functionName: 'slash', args: [opts.validatorId, opts.amount, opts.reason] })
      : writeContract(wallet, { ...common, functionName: 'slashBasisPoints', args: [opts.validatorId, BigInt(opts.bps), opts.reason] }),
  );
  const receipt = await waitOk(wallet, hash, `slash validator ${opts.validatorId}`);
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== auditorRegistry.toLowerCase()) continue;
    try {
      const ev = decodeEventLog({ abi: auditorRegistryAbi, data: log.data, topics: log.topics, strict: true });
      if (ev.eventName === 'Slashed') {
        return {
          txHash: hash,
          blockNumber: receipt.blockNumber,
          validatorId: ev.args.validatorId,
          amount: ev.args.amount,
          fromStake: ev.args.fromStake,
          fromPending: ev.args.fromPending,
        };
      }
    } catch {
      // not one of ours
    }
  }
  throw new ContractsError('TX_FAILED', `slash transaction ${hash} has no Slashed event`);
}
