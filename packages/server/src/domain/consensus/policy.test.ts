import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../../../test/fixtures.js';
import { decideAssembly, decideEscalation, policyVersion, type PolicyConfig, type Vote } from './policy.js';

const config: PolicyConfig = { rejectShare: 2 / 3, escalationShare: 4 / 5, minVotes: 3, mismatchTolerance: 0 };
const v = (verdict: 'SAFE' | 'UNSAFE', blocking = false, weight = 1): Vote => ({ status: 'VOTED', verdict, blocking, weight });
const clean = makeEvidence();

describe('decideAssembly (SPEC §5.5)', () => {
  it('approves only when every vote is SAFE, none blocking, and the evidence is clean', () => {
    expect(decideAssembly([v('SAFE'), v('SAFE'), v('SAFE'), v('SAFE'), v('SAFE')], clean, config).outcome).toBe('APPROVE');
    expect(decideAssembly([v('SAFE'), v('SAFE'), v('SAFE', true)], clean, config).outcome).toBe('ESCALATE');
  });

  it('escalates unanimous SAFE against each kind of high-risk evidence', () => {
    const risky = [
      makeEvidence({ blocked: true }),
      makeEvidence({ facts: { realSecretSignalCount: 1 } }),
      makeEvidence({ facts: { highRiskSignalCount: 2 } }),
      makeEvidence({ facts: { promptInjectionSignalCount: 1 } }),
      makeEvidence({ facts: { manifestMismatchCount: 1 } }),
    ];
    for (const e of risky) {
      const d = decideAssembly([v('SAFE'), v('SAFE'), v('SAFE')], e, config);
      expect(d.outcome).toBe('ESCALATE');
      expect(d.reasons[0]).toMatch(/unanimous SAFE against high-risk evidence/);
    }
    expect(decideAssembly([v('SAFE'), v('SAFE'), v('SAFE')], clean, config, true).outcome).toBe('ESCALATE');
    expect(
      decideAssembly([v('SAFE'), v('SAFE'), v('SAFE')], makeEvidence({ facts: { manifestMismatchCount: 1 } }), { ...config, mismatchTolerance: 1 }).outcome,
    ).toBe('APPROVE');
  });

  it('rejects on a 2/3 weighted UNSAFE share with a blocking vote, or when all votes are UNSAFE', () => {
    expect(decideAssembly([v('UNSAFE', true), v('UNSAFE'), v('SAFE')], clean, config).outcome).toBe('REJECT');
    expect(decideAssembly([v('UNSAFE'), v('UNSAFE'), v('SAFE')], clean, config).outcome).toBe('ESCALATE'); // no blocking vote
    expect(decideAssembly([v('UNSAFE'), v('UNSAFE'), v('UNSAFE')], clean, config).outcome).toBe('REJECT');
    // weights matter: two light UNSAFE votes against one heavy SAFE vote is not 2/3
    expect(decideAssembly([v('UNSAFE', true, 0.2), v('UNSAFE', false, 0.2), v('SAFE', false, 2)], clean, config).outcome).toBe('ESCALATE');
  });

  it('escalates split votes and missing quorum', () => {
    expect(decideAssembly([v('SAFE'), v('SAFE'), v('UNSAFE', true), v('SAFE'), v('SAFE')], clean, config).outcome).toBe('ESCALATE');
    const abstained: Vote = { status: 'ABSTAINED', verdict: null, blocking: false, weight: 1 };
    const d = decideAssembly([v('SAFE'), v('SAFE'), abstained, abstained], clean, config);
    expect(d.outcome).toBe('ESCALATE');
    expect(d.reasons[0]).toMatch(/only 2 vote/);
  });
});

describe('decideEscalation', () => {
  it('needs a 4/5 weighted majority either way', () => {
    expect(decideEscalation([v('SAFE'), v('SAFE'), v('SAFE'), v('SAFE'), v('UNSAFE')], config).outcome).toBe('APPROVE');
    expect(decideEscalation([v('SAFE'), v('SAFE'), v('SAFE'), v('UNSAFE'), v('UNSAFE')], config).outcome).toBe('ESCALATE');
    expect(decideEscalation([v('UNSAFE'), v('UNSAFE'), v('UNSAFE'), v('UNSAFE'), v('SAFE')], config).outcome).toBe('REJECT');
    expect(decideEscalation([v('SAFE'), v('SAFE'), v('SAFE'), v('SAFE'), v('UNSAFE', true)], config).outcome).toBe('ESCALATE');
  });
});

describe('policyVersion', () => {
  it('changes when a threshold changes', () => {
    expect(policyVersion(config)).toMatch(/^sigma-consensus-v1\+[0-9a-f]{12}$/);
    expect(policyVersion({ ...config, rejectShare: 0.7 })).not.toBe(policyVersion(config));
  });
});
