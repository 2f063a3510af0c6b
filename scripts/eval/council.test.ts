import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSample, readManifest } from '../../packages/evidence/scripts/eval.js';
import { TINY, writeTinyCorpus } from '../../packages/evidence/test/tiny-corpus.js';
import { councilSettings, evalSeed, roster, runCouncil } from './council.js';
import { evalCorpus, summarizeCouncil, traitsOf, traitTable, type CouncilResult } from './run.js';

const dir = writeTinyCorpus();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('council eval', () => {
  it('uses the server defaults: panels 3 + 2, escalation 5, 12 seeded validators cycling the three families', () => {
    const s = councilSettings({});
    expect(s.panels).toEqual({ phase1: 3, phase2: 2, escalation: 5 });
    expect(s.validators).toBe(12);
    expect(s.policy.rejectShare).toBeCloseTo(2 / 3, 9);
    const r = roster(12);
    expect(new Set(r.map((x) => x.modelId)).size).toBe(9); // 3 families × 3 strictness variants, some twice
    expect(new Set(r.map((x) => x.ownerAddress)).size).toBe(12);
  });

  it('rejects blocked evidence before the council and draws a real panel otherwise', async () => {
    const settings = councilSettings({});
    for (const s of readManifest(dir)) {
      const { report, ingest } = await analyzeSample(dir, s);
      const d = runCouncil(report, ingest, evalSeed('tiny', s.id, s.pair_id), settings);
      if (report.blocked) {
        expect({ id: s.id, outcome: d.outcome, stage: d.stage, seats: d.seats.length }).toEqual({ id: s.id, outcome: 'REJECT', stage: 'evidence', seats: 0 });
        continue;
      }
      const p1 = d.seats.filter((x) => x.phase === 1);
      const p2 = d.seats.filter((x) => x.phase === 2);
      expect(p1).toHaveLength(3);
      expect(new Set(p1.map((x) => x.modelId.split('/')[0])).size).toBe(3); // one seat per family
      expect(p2).toHaveLength(2);
      expect(new Set(p2.map((x) => x.modelId.split('/')[0])).size).toBe(2);
      expect(new Set(d.seats.map((x) => x.validatorId)).size).toBe(d.seats.length); // nobody sits twice
      expect(d.seats.every((x) => x.status === 'VOTED')).toBe(true);
    }
  });

  it('convenes the escalation assembly with fresh validators when the assembly cannot decide', async () => {
    const settings = { ...councilSettings({}), policy: { ...councilSettings({}).policy, minVotes: 6 } }; // 5 votes never decide
    const s = readManifest(dir).find((x) => x.id === 'notes')!;
    const { report, ingest } = await analyzeSample(dir, s);
    const d = runCouncil(report, ingest, evalSeed('tiny', s.id, null), settings);
    const p3 = d.seats.filter((x) => x.phase === 3);
    expect(p3).toHaveLength(5);
    const earlier = new Set(d.seats.filter((x) => x.phase < 3).map((x) => x.validatorId));
    expect(p3.some((x) => earlier.has(x.validatorId))).toBe(false);
    expect(['escalation', 'operator']).toContain(d.stage);
    expect(d.reasons[0]).toMatch(/5 vote/);
  });

  it('gives both twins the same panel, so only their content differs', () => {
    expect(evalSeed('c', 'setup-a', 'setup')).toBe(evalSeed('c', 'setup-b', 'setup'));
    expect(evalSeed('c', 'notes', null)).not.toBe(evalSeed('c', 'lonely', null));
  });

  it('summarises REJECT as caught and an operator hold as neither caught nor a false positive', () => {
    const mk = (id: string, label: string, outcome: CouncilResult['outcome'], stage: CouncilResult['stage'], pairId: string | null = null): CouncilResult => ({
      id,
      label,
      category: 'c',
      pairId,
      flagged: outcome === 'REJECT',
      outcome,
      stage,
      held: stage === 'operator',
      reasons: [],
      seats: [],
    });
    const sum = summarizeCouncil([
      mk('m1', 'malicious', 'REJECT', 'evidence', 'p'),
      mk('b1', 'benign', 'APPROVE', 'assembly', 'p'),
      mk('m2', 'malicious', 'ESCALATE', 'operator', 'q'),
      mk('d1', 'dual-use', 'ESCALATE', 'operator', 'q'),
      mk('m3', 'malicious', 'APPROVE', 'escalation'),
      mk('d2', 'dual-use', 'REJECT', 'assembly'),
    ]);
    expect([sum.recall.k, sum.recall.n]).toEqual([1, 3]);
    expect([sum.dualUseFp.k, sum.dualUseFp.n]).toEqual([1, 2]);
    expect([sum.held.malicious.k, sum.held.dualUse.k, sum.held.benign.k]).toEqual([1, 1, 0]);
    expect([sum.notApproved.malicious.k, sum.notApproved.dualUse.k]).toEqual([2, 2]);
    expect(sum.stages).toEqual({ evidence: 1, assembly: 2, escalation: 1, operator: 2 });
    expect([sum.twins.pairs, sum.twins.discriminated, sum.twins.neitherFlagged]).toEqual([2, 1, 1]);
    expect(sum.categories.find((c) => c.label === 'malicious')).toMatchObject({ n: 3, flagged: 1, held: 1 });
  });

  it('runs a whole corpus through both judges', async () => {
    const e = await evalCorpus(dir, councilSettings({}));
    expect(e.samples).toBe(TINY.length);
    expect(e.council!.samples.map((x) => x.id)).toEqual(e.static.samples.map((x) => x.id));
    // The blatant samples are blocked by the engine, so the council rejects them at the evidence gate.
    for (const id of ['shell-helper', 'setup-a']) expect(e.council!.samples.find((x) => x.id === id)).toMatchObject({ outcome: 'REJECT', stage: 'evidence' });
    expect(e.council!.recall).toMatchObject({ k: 2, n: 2 });
    expect((await evalCorpus(dir, null)).council).toBeNull();
  });

  it('tabulates flagged counts by trait (kind, prose language, prose only vs with code)', () => {
    expect(traitsOf({ kind: 'mcp-tool', lang: 'de', code: [] })).toEqual(['kind:mcp-tool', 'lang:non-en', 'prose only']);
    expect(traitsOf({})).toEqual(['kind:skill']);
    const samples = [
      { id: 'a', lang: 'en', code: ['python'] },
      { id: 'b', lang: 'es', code: [] },
      { id: 'c', lang: 'es', code: [] },
    ];
    const stat = [
      { id: 'a', label: 'malicious', category: 'x', flagged: true },
      { id: 'b', label: 'malicious', category: 'x', flagged: true },
      { id: 'c', label: 'malicious', category: 'x', flagged: false },
    ];
    const council = stat.map((r) => ({ ...r, flagged: r.id === 'c' }));
    const rows = traitTable(samples, stat, council);
    expect(rows.find((r) => r.trait === 'lang:non-en')).toEqual({ trait: 'lang:non-en', label: 'malicious', n: 2, static: 1, council: 1 });
    expect(rows.find((r) => r.trait === 'with code')).toEqual({ trait: 'with code', label: 'malicious', n: 1, static: 1, council: 0 });
    expect(traitTable(samples, stat, null).every((r) => r.council === null)).toBe(true);
  });
});
