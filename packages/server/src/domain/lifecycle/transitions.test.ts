import { describe, expect, it } from 'vitest';
import { CertificateStatus, RoundStatus, SigmaError, SubmissionStatus } from '@sigma/core';
import { allowedPairs, assertTransition, CERTIFICATE_TRANSITIONS, ROUND_TRANSITIONS, SUBMISSION_TRANSITIONS, type LifecycleEntity } from './transitions.js';

function code(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof SigmaError ? err.code : 'not a SigmaError';
  }
}

describe('lifecycle transition table', () => {
  it('covers every status of each enum exactly once', () => {
    expect(Object.keys(SUBMISSION_TRANSITIONS).sort()).toEqual([...SubmissionStatus.options].sort());
    expect(Object.keys(ROUND_TRANSITIONS).sort()).toEqual([...RoundStatus.options].sort());
    expect(Object.keys(CERTIFICATE_TRANSITIONS).sort()).toEqual([...CertificateStatus.options].sort());
  });

  // The whole allowed set, written out: a change to the table must change this list too.
  const allowed: Record<LifecycleEntity, string[]> = {
    submission: [
      'DRAFT→QUOTED',
      'DRAFT→PAID',
      'QUOTED→PAID',
      'PAID→SUBMITTED',
      'SUBMITTED→SANDBOX',
      'SUBMITTED→REJECTED',
      'SANDBOX→IN_AUDIT',
      'SANDBOX→REJECTED',
      'IN_AUDIT→APPROVED',
      'IN_AUDIT→REJECTED',
      'IN_AUDIT→ESCALATED',
      'ESCALATED→APPROVED',
      'ESCALATED→REJECTED',
    ],
    round: ['OPEN→CLOSED'],
    'round outcome': ['NONE→APPROVE', 'NONE→REJECT', 'NONE→ESCALATE', 'ESCALATE→APPROVE', 'ESCALATE→REJECT'],
    certificate: [
      'APPROVED→SUSPENDED',
      'APPROVED→REVOKED',
      'APPROVED→EXPIRED',
      'APPROVED→SUPERSEDED',
      'SUSPENDED→APPROVED',
      'SUSPENDED→REVOKED',
      'SUSPENDED→EXPIRED',
      'SUSPENDED→SUPERSEDED',
      'EXPIRED→SUPERSEDED',
    ],
  };

  for (const [entity, pairs] of Object.entries(allowed) as Array<[LifecycleEntity, string[]]>) {
    it(`allows exactly the listed ${entity} transitions`, () => {
      expect(
        allowedPairs(entity)
          .map(([f, t]) => `${f}→${t}`)
          .sort(),
      ).toEqual([...pairs].sort());
      for (const p of pairs) {
        const [from, to] = p.split('→') as [string, string];
        expect(
          code(() => assertTransition(entity, from, to)),
          p,
        ).toBeNull();
      }
    });
  }

  const forbidden: Array<[LifecycleEntity, string, string]> = [
    ['submission', 'APPROVED', 'REJECTED'],
    ['submission', 'REJECTED', 'APPROVED'],
    ['submission', 'REJECTED', 'SUBMITTED'],
    ['submission', 'APPROVED', 'IN_AUDIT'],
    ['submission', 'SUBMITTED', 'APPROVED'],
    ['submission', 'SANDBOX', 'ESCALATED'],
    ['submission', 'ESCALATED', 'IN_AUDIT'],
    ['submission', 'DRAFT', 'SUBMITTED'],
    ['submission', 'IN_AUDIT', 'IN_AUDIT'],
    ['submission', 'IN_AUDIT', 'NOT_A_STATUS'],
    ['round', 'CLOSED', 'OPEN'],
    ['round', 'CLOSED', 'CLOSED'],
    ['round outcome', 'APPROVE', 'REJECT'],
    ['round outcome', 'REJECT', 'APPROVE'],
    ['round outcome', 'ESCALATE', 'ESCALATE'],
    ['certificate', 'REVOKED', 'APPROVED'],
    ['certificate', 'SUPERSEDED', 'APPROVED'],
    ['certificate', 'EXPIRED', 'APPROVED'],
    ['certificate', 'REVOKED', 'SUPERSEDED'],
  ];
  it.each(forbidden)('refuses %s %s → %s with the catalogued code', (entity, from, to) => {
    expect(code(() => assertTransition(entity, from, to))).toBe('SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION');
  });

  it('checks every source of a multi-source move', () => {
    expect(code(() => assertTransition('submission', ['IN_AUDIT', 'ESCALATED'], 'APPROVED'))).toBeNull();
    expect(code(() => assertTransition('submission', ['IN_AUDIT', 'APPROVED'], 'REJECTED'))).toBe('SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION');
  });
});
