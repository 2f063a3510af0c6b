import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../../../test/fixtures.js';
import { drawPanel, type Candidate } from '../assembly/selection.js';
import { decideAssembly, decideEscalation, type PolicyConfig, type Vote } from '../consensus/policy.js';
import { applySeatResult, governanceWeight, STANDING, type SeatResult } from './weight.js';

/**
 * Proof by simulation (issue 5.9): the real panel draw, consensus policy and standing rules over
 * 200 rounds of corpus-like submissions, with honest validators, one lazy validator that always says
 * SAFE and one that votes at random. Deterministic (seeded).
 */
type Kind = 'honest' | 'lazy' | 'random';
interface SimValidator extends Candidate {
  kind: Kind;
  reputation: number;
  auditAccuracy: number;
  status: string;
}

function prng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const policy: PolicyConfig = { rejectShare: 2 / 3, escalationShare: 4 / 5, minVotes: 3, mismatchTolerance: 0 };

function simulate(opts: { rounds: number; seed: number; canaryEvery: number; canaryMultiplier: number }) {
  const rnd = prng(opts.seed);
  const families = ['fam-a', 'fam-b', 'fam-c'];
  const vs: SimValidator[] = [];
  for (let i = 0; i < 10; i++)
    vs.push({
      validatorId: `honest-${i}`,
      ownerAddress: `0xo${i}`,
      modelFamily: families[i % 3]!,
      weight: 0,
      kind: 'honest',
      reputation: 500,
      auditAccuracy: 0.5,
      status: 'ACTIVE',
    });
  vs.push({
    validatorId: 'lazy',
    ownerAddress: '0xlazy',
    modelFamily: 'fam-a',
    weight: 0,
    kind: 'lazy',
    reputation: 500,
    auditAccuracy: 0.5,
    status: 'ACTIVE',
  });
  vs.push({
    validatorId: 'random',
    ownerAddress: '0xrandom',
    modelFamily: 'fam-b',
    weight: 0,
    kind: 'random',
    reputation: 500,
    auditAccuracy: 0.5,
    status: 'ACTIVE',
  });
  const refresh = () => {
    for (const v of vs)
      v.weight = governanceWeight({ stakeWei: STANDING.minStakeWei, reputation: v.reputation, auditAccuracy: v.auditAccuracy, pluginCreatorBonus: 0 });
  };
  refresh();
  let lazyExposedAt: number | null = null;
  let certifiedSplits = 0;
  const vote = (v: SimValidator, unsafe: boolean): Vote => {
    const says =
      v.kind === 'lazy'
        ? 'SAFE'
        : v.kind === 'random'
          ? rnd() < 0.5
            ? 'SAFE'
            : 'UNSAFE'
          : rnd() < 0.9
            ? unsafe
              ? 'UNSAFE'
              : 'SAFE'
            : unsafe
              ? 'SAFE'
              : 'UNSAFE';
    return { status: 'VOTED', verdict: says, blocking: says === 'UNSAFE' && v.kind === 'honest' && unsafe, weight: v.weight };
  };

  for (let r = 1; r <= opts.rounds; r++) {
    const canary = r % opts.canaryEvery === 0;
    // Corpus-like: about a third malicious; canaries are malicious skills that look clean.
    const unsafe = canary ? true : rnd() < 0.35;
    const evidence = makeEvidence(unsafe && !canary && rnd() < 0.6 ? { facts: { highRiskSignalCount: 1 } } : {});
    const eligible = vs.filter((v) => v.status === 'ACTIVE' && v.reputation >= STANDING.reputationFloor);
    const seed = `round-${opts.seed}-${r}`;
    const p1 = drawPanel({ seed, label: '1', candidates: eligible, size: 3 }).panel as SimValidator[];
    const p2 = drawPanel({
      seed,
      label: '2',
      candidates: eligible,
      size: 2,
      exclude: new Set(p1.map((x) => x.validatorId)),
      usedFamilies: new Set(p1.map((x) => x.modelFamily)),
    }).panel as SimValidator[];
    const seated = [...p1, ...p2];
    const votes = new Map(seated.map((v) => [v.validatorId, vote(v, unsafe)]));
    let decision = decideAssembly([...votes.values()], evidence, policy);
    let escalated = false;
    if (decision.outcome === 'ESCALATE') {
      escalated = true;
      const p3 = drawPanel({
        seed,
        label: '3',
        candidates: eligible,
        size: 5,
        exclude: new Set(seated.map((x) => x.validatorId)),
        usedFamilies: new Set(seated.map((x) => x.modelFamily)),
      }).panel as SimValidator[];
      for (const v of p3) votes.set(v.validatorId, vote(v, unsafe));
      seated.push(...p3);
      decision = decideEscalation(
        p3.map((v) => votes.get(v.validatorId)!),
        policy,
      );
      // Still unresolved: an operator decides (correctly).
      if (decision.outcome === 'ESCALATE') decision = { ...decision, outcome: unsafe ? 'REJECT' : 'APPROVE' };
    }
    const first = [...p1, ...p2].map((v) => votes.get(v.validatorId)!.verdict);
    const split = new Set(first).size > 1;
    if (split && decision.outcome === 'APPROVE' && !escalated) certifiedSplits++;
    // Standing: canaries against the known label, counted triple; otherwise against the outcome.
    const truth = canary ? 'UNSAFE' : decision.outcome === 'APPROVE' ? 'SAFE' : 'UNSAFE';
    for (const v of seated) {
      const result: SeatResult = votes.get(v.validatorId)!.verdict === truth ? 'aligned' : 'misaligned';
      Object.assign(v, applySeatResult(v, result, canary ? opts.canaryMultiplier : 1));
    }
    refresh();
    const lazy = vs.find((v) => v.kind === 'lazy')!;
    const honest = vs.filter((v) => v.kind === 'honest');
    if (lazyExposedAt === null && honest.every((h) => h.reputation > lazy.reputation)) lazyExposedAt = r;
  }
  return { vs, lazyExposedAt, certifiedSplits };
}

describe('standing simulation: honest, lazy and random validators over 200 rounds', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the lazy and the random validator end below every honest one, and canaries expose the lazy one within 30 rounds`, () => {
      const { vs, lazyExposedAt, certifiedSplits } = simulate({ rounds: 200, seed, canaryEvery: 5, canaryMultiplier: STANDING.canaryMultiplier });
      const honest = vs.filter((v) => v.kind === 'honest');
      for (const bad of vs.filter((v) => v.kind !== 'honest')) {
        for (const h of honest) {
          expect(bad.reputation, `${bad.validatorId} vs ${h.validatorId}`).toBeLessThan(h.reputation);
          expect(bad.weight, `${bad.validatorId} vs ${h.validatorId}`).toBeLessThan(h.weight);
        }
      }
      expect(lazyExposedAt).not.toBeNull();
      expect(lazyExposedAt!).toBeLessThanOrEqual(30);
      // A split first-stage vote never turns into an approval without the escalation path.
      expect(certifiedSplits).toBe(0);
    });
  }
});
