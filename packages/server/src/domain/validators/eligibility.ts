/** Validator stake readings (AuditorRegistry or off-chain ledger) and panel eligibility with reasons (SPEC §5). */
import type { Address } from 'viem';
import { readStake } from '@sigma/contracts';
import { catalogueEntry } from '../../models/catalogue.js';
import type { Services } from '../../services.js';
import { stakeOnLedgerWei } from '../standing/stake.js';
import { STANDING } from '../standing/weight.js';
import type { ValidatorRow } from './service.js';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Stake when no chain is configured: the validator's SBYTE stake account on the ledger (domain/standing/stake.ts). */
export async function readOffChainStake(s: Services, v: ValidatorRow): Promise<bigint> {
  return stakeOnLedgerWei(s.db, v.id);
}

export interface StakeReading {
  wei: bigint;
  source: 'chain' | 'off-chain';
  /** Chain only: the AuditorRegistry record of the owner wallet. */
  onChain?: { registered: boolean; validatorId: string; sessionKey: string | null };
}

/** A validator's stake: the AuditorRegistry record of its owner wallet when a chain is configured, else off-chain. */
export async function validatorStake(s: Services, v: ValidatorRow): Promise<StakeReading> {
  if (s.chain) {
    const st = await readStake(s.chain.publicClient, s.chain.contracts.auditorRegistry, v.ownerAddress as Address);
    // An owner that is not registered may still be found by session key; only the owner's own record counts.
    const own = st.registered && st.owner !== null && same(st.owner, v.ownerAddress);
    return {
      wei: own ? st.stake : 0n,
      source: 'chain',
      onChain: { registered: own, validatorId: own ? st.validatorId.toString() : '0', sessionKey: own ? st.sessionKey : null },
    };
  }
  return { wei: await readOffChainStake(s, v), source: 'off-chain' };
}

export interface EligibilityReason {
  code:
    | 'SUSPENDED'
    | 'RETIRED'
    | 'STAKE_BELOW_MINIMUM'
    | 'REPUTATION_BELOW_FLOOR'
    | 'NOT_REGISTERED_ON_CHAIN'
    | 'SESSION_KEY_MISMATCH'
    | 'CHAIN_UNAVAILABLE'
    | 'MODEL_PROVIDER_UNAVAILABLE'
    | 'MODEL_NOT_IN_CATALOGUE';
  message: string;
}

export interface Eligibility {
  /** Meets every condition to sit on panels (status aside: a PENDING validator that is eligible can activate). */
  eligible: boolean;
  /** Status ACTIVE and eligible: drawn for panels. */
  seatable: boolean;
  reasons: EligibilityReason[];
  stake: { wei: string; minimumWei: string; source: StakeReading['source'] | 'unavailable' };
}

/** SPEC §5: stake ≥ minimum, reputation ≥ floor, not suspended or retired (+ a usable model for managed validators). */
export async function validatorEligibility(s: Services, v: ValidatorRow): Promise<Eligibility & { reading: StakeReading | null }> {
  const reasons: EligibilityReason[] = [];
  if (v.status === 'SUSPENDED') reasons.push({ code: 'SUSPENDED', message: 'The validator is suspended by an operator.' });
  if (v.status === 'RETIRED') reasons.push({ code: 'RETIRED', message: 'The validator is retired.' });
  let reading: StakeReading | null = null;
  try {
    reading = await validatorStake(s, v);
  } catch {
    reasons.push({ code: 'CHAIN_UNAVAILABLE', message: 'The stake could not be read from the AuditorRegistry; try again later.' });
  }
  if (reading) {
    if (reading.onChain && !reading.onChain.registered) {
      reasons.push({
        code: 'NOT_REGISTERED_ON_CHAIN',
        message: `The owner wallet ${v.ownerAddress} is not registered on the AuditorRegistry; register it with session key ${v.sessionAddress} and stake.`,
      });
    } else if (reading.onChain && (!reading.onChain.sessionKey || !same(reading.onChain.sessionKey, v.sessionAddress))) {
      reasons.push({
        code: 'SESSION_KEY_MISMATCH',
        message: `The AuditorRegistry records session key ${reading.onChain.sessionKey ?? 'none'}, not ${v.sessionAddress}.`,
      });
    }
    if (reading.wei < STANDING.minStakeWei) {
      reasons.push({ code: 'STAKE_BELOW_MINIMUM', message: `Stake ${reading.wei} is below the minimum ${STANDING.minStakeWei} (SBYTE smallest units).` });
    }
  }
  if (v.reputation < STANDING.reputationFloor)
    reasons.push({ code: 'REPUTATION_BELOW_FLOOR', message: `Reputation ${v.reputation} is below the floor ${STANDING.reputationFloor}.` });
  if (v.mode === 'managed') {
    if (!s.providers.has(v.modelProvider))
      reasons.push({ code: 'MODEL_PROVIDER_UNAVAILABLE', message: `Provider "${v.modelProvider}" is not configured on this server.` });
    else if (!(await catalogueEntry(s.db, v.modelProvider, v.modelId)))
      reasons.push({ code: 'MODEL_NOT_IN_CATALOGUE', message: `Model "${v.modelId}" is not in the catalogue of "${v.modelProvider}".` });
  }
  const eligible = reasons.length === 0;
  return {
    eligible,
    seatable: eligible && v.status === 'ACTIVE',
    reasons,
    stake: { wei: (reading?.wei ?? 0n).toString(), minimumWei: STANDING.minStakeWei.toString(), source: reading?.source ?? 'unavailable' },
    reading,
  };
}
