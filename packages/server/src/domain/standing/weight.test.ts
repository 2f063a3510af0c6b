import { describe, expect, it } from 'vitest';
import { applySeatResult, governanceWeight, STANDING } from './weight.js';

describe('standing arithmetic (SPEC §5.6)', () => {
  const base = { reputation: 500, auditAccuracy: 0.5, status: 'ACTIVE' };

  it('moves reputation by +5 / −15 / −5 and accuracy as an EMA with α 0.1', () => {
    expect(applySeatResult(base, 'aligned')).toEqual({ reputation: 505, auditAccuracy: 0.55, status: 'ACTIVE' });
    expect(applySeatResult(base, 'misaligned')).toEqual({ reputation: 485, auditAccuracy: 0.45, status: 'ACTIVE' });
    expect(applySeatResult(base, 'missed')).toEqual({ reputation: 495, auditAccuracy: 0.45, status: 'ACTIVE' });
  });

  it('counts a canary three times', () => {
    const c = applySeatResult(base, 'misaligned', STANDING.canaryMultiplier);
    expect(c.reputation).toBe(455);
    expect(c.auditAccuracy).toBeCloseTo(0.5 * 0.9 ** 3, 9);
  });

  it('clamps reputation and suspends below the floor', () => {
    expect(applySeatResult({ ...base, reputation: 998 }, 'aligned').reputation).toBe(1000);
    expect(applySeatResult({ ...base, reputation: 10 }, 'misaligned').reputation).toBe(0);
    expect(applySeatResult({ ...base, reputation: 210 }, 'misaligned')).toMatchObject({ reputation: 195, status: 'SUSPENDED' });
    expect(applySeatResult({ ...base, reputation: 210, status: 'PENDING' }, 'misaligned').status).toBe('PENDING');
  });

  it('computes governance weight = √(stake/min) × rep/1000 × (0.5 + acc) × (1 + bonus≤0.1)', () => {
    const min = STANDING.minStakeWei;
    expect(governanceWeight({ stakeWei: min, reputation: 500, auditAccuracy: 0.5, pluginCreatorBonus: 0 })).toBeCloseTo(0.5, 12);
    expect(governanceWeight({ stakeWei: min * 4n, reputation: 1000, auditAccuracy: 1, pluginCreatorBonus: 0.5 })).toBeCloseTo(2 * 1 * 1.5 * 1.1, 12);
    expect(governanceWeight({ stakeWei: 0n, reputation: 1000, auditAccuracy: 1, pluginCreatorBonus: 0 })).toBe(0);
  });
});
