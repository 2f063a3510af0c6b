import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadHash, verifyCertificate, VerifyResponse } from '@sigma/core';
import { certificates, llmCalls } from '../src/db/schema/index.js';
import { runSealStep } from '../src/domain/certificates/seal.js';
import { runEvidenceStep } from '../src/domain/evidence/run.js';
import { b64, startTestServer, TEST_OPERATOR, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL, FETCH_EXEC_SKILL, UNDECLARED_HOST_SKILL } from './skills.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const auth = () => ({ authorization: `Bearer ${t.devKey}` });
async function submitSkill(text: string, devNotes = ''): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/dev/submissions',
    headers: auth(),
    payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] }, devNotes },
  });
  expect(r.statusCode).toBe(201);
  return r.json().submissionId;
}
const view = async (id: string) => (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: auth() })).json();
const settled = (id: string, statuses = ['APPROVED', 'REJECTED', 'ESCALATED']) =>
  waitFor(async () => {
    const v = await view(id);
    return statuses.includes(v.status) ? v : null;
  }, 60_000);

describe('a benign skill goes from upload to a verified certificate', () => {
  let submissionId = '';
  let certificateId = '';

  it('is approved by a two-phase assembly and sealed', async () => {
    submissionId = await submitSkill(BENIGN_SKILL, 'Pure arithmetic, no network.');
    const v = await settled(submissionId);
    expect(v.status).toBe('APPROVED');
    certificateId = v.certificateId;
    expect(certificateId).toMatch(/^[0-9a-f]{24}$/);
    const types = v.timeline.map((e: { type: string }) => e.type);
    for (const t of [
      'sandbox.started',
      'sandbox.completed',
      'audit.started',
      'audit.phase1.drawn',
      'audit.phase2.drawn',
      'consensus.approve',
      'certificate.sealed',
    ])
      expect(types).toContain(t);
    expect(v.evidenceSummary.engineVersion).toBeTruthy();
    expect(v.evidenceSummary).toMatchObject({ blocked: false, sandboxRiskLevel: expect.stringMatching(/^[A-Z]+$/), findingCount: expect.any(Number) });
  });

  it('records every verdict with phase, family and validator addresses, and model usage', async () => {
    const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    const verdicts = rec.rounds[0].verdicts;
    expect(verdicts.filter((x: { phase: number }) => x.phase === 1)).toHaveLength(3);
    expect(verdicts.filter((x: { phase: number }) => x.phase === 2)).toHaveLength(2);
    expect(new Set(verdicts.map((x: { modelFamily: string }) => x.modelFamily)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(verdicts.map((x: { validatorId: string }) => x.validatorId)).size).toBe(5);
    for (const x of verdicts) {
      expect(x).toMatchObject({ verdict: 'SAFE', blocking: false, status: 'VOTED' });
      expect(x.ownerAddress).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(x.sessionAddress).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(x.rationale.length).toBeGreaterThan(10);
      expect(x.severity).toBeTruthy();
    }
    expect(rec.rounds[0].seed).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.rounds[0].policyVersion).toMatch(/^sigma-consensus-v1\+/);
    const usage = await t.s.db.select().from(llmCalls).where(eq(llmCalls.roundId, rec.rounds[0].roundId));
    expect(usage.length).toBe(5);
    expect(usage.every((u) => u.provider === 'offline' && u.status === 'ok')).toBe(true);
  });

  it('re-derives every panel of the round from the stored seed (and notices a doctored draw record)', async () => {
    const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    const roundId = rec.rounds[0].roundId as string;
    const audit = (await t.app.inject(`/api/v1/public/rounds/${roundId}/panel-audit`)).json();
    expect(audit.allMatch).toBe(true);
    expect(audit.draws.map((d: { label: string }) => d.label)).toEqual(['1', '2']);
    expect(audit.draws[0].candidates).toBeGreaterThanOrEqual(5);
    // One seat per owner across the whole round.
    const owners = rec.rounds[0].verdicts.map((v: { ownerAddress: string }) => v.ownerAddress.toLowerCase());
    expect(new Set(owners).size).toBe(owners.length);
    const { rounds } = await import('../src/db/schema/index.js');
    const row = (await t.s.db.select().from(rounds).where(eq(rounds.id, roundId)))[0]!;
    // Doctor the first draw's record: leave out a validator who was drawn. Re-deriving cannot seat it
    // again, whatever the seed (reweighting instead could, by chance, reproduce the same panel).
    const doctored = JSON.parse(JSON.stringify(row.drawLog)) as Array<{ panel: string[]; candidates: Array<{ validatorId: string }> }>;
    doctored[0]!.candidates = doctored[0]!.candidates.filter((c) => c.validatorId !== doctored[0]!.panel[0]);
    await t.s.db.update(rounds).set({ drawLog: doctored }).where(eq(rounds.id, roundId));
    try {
      const bad = (await t.app.inject(`/api/v1/public/rounds/${roundId}/panel-audit`)).json();
      expect(bad.allMatch).toBe(false);
    } finally {
      await t.s.db.update(rounds).set({ drawLog: row.drawLog }).where(eq(rounds.id, roundId));
    }
    expect((await t.app.inject('/api/v1/public/rounds/ffffffffffffffffffffffff/panel-audit')).json().error.code).toBe('SIGMA_E_ROUND_NOT_FOUND');
  });

  it('can be verified by a third party holding only GET /:id and the well-known issuer', async () => {
    const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    const issuer = (await t.app.inject('/.well-known/sigma-issuer')).json().address;
    expect(rec.snapshot.submissionId).toBe(submissionId);
    expect(rec.hashScheme).toBe('keccak256-canonical-json-v1');
    expect(payloadHash(rec.snapshot)).toBe(rec.payloadHash);
    const result = await verifyCertificate(rec, { trustedIssuer: issuer });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    // the snapshot carries every verdict of the round
    expect(rec.snapshot.verdicts).toHaveLength(5);
  });

  it('verify returns the SPEC fields and a pin, and counts views', async () => {
    const a = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();
    // The route serialises without re-validating (hot path), so hold it to its published schema here.
    expect(VerifyResponse.strict().safeParse(a).error).toBeUndefined();
    expect(a).toMatchObject({
      valid: true,
      status: 'APPROVED',
      skillName: 'unit-converter',
      skillVersion: '1.0.0',
      roundType: 'INITIAL_AUDIT',
      hashScheme: 'keccak256-canonical-json-v1',
    });
    expect(a.pin).toMatchObject({ submissionId, verdict: 'APPROVED', payloadHash: a.payloadHash });
    expect(a.onChain.committed).toBe(false);
    expect(a.onChain.note).toMatch(/disabled/);
    const b = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();
    expect(b.views).toBe(a.views + 1);
    const live = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/live-status`)).json();
    expect(live).toMatchObject({ certificateId, status: 'APPROVED', valid: true });
    const integrity = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/source-integrity`)).json();
    expect(integrity.matches).toBe(true);
    expect(integrity.skillHash).toBe(a.skillHash);
    const search = (await t.app.inject('/api/v1/public/certificates?q=unit-conv&limit=5')).json();
    expect(search.certificates.map((c: { certificateId: string }) => c.certificateId)).toContain(certificateId);
  });

  it('repeats of any step are harmless: one certificate per round', async () => {
    const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    const again = await runSealStep(t.s, rec.snapshot.round.roundId);
    expect(again).toBe(certificateId);
    await runEvidenceStep(t.s, submissionId);
    const rows = await t.s.db.select().from(certificates).where(eq(certificates.submissionId, submissionId));
    expect(rows).toHaveLength(1);
    expect((await view(submissionId)).status).toBe('APPROVED');
  });

  it('verify reports invalid when the stored snapshot is tampered with', async () => {
    const row = (await t.s.db.select().from(certificates).where(eq(certificates.id, certificateId)))[0]!;
    const tampered = row.snapshotJson.replace('"skillVersion":"1.0.0"', '"skillVersion":"6.6.6"');
    expect(tampered).not.toBe(row.snapshotJson);
    await t.s.db.update(certificates).set({ snapshotJson: tampered }).where(eq(certificates.id, certificateId));
    try {
      const v = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();
      expect(v.valid).toBe(false);
      expect(v.invalidReasons.join()).toMatch(/no longer hashes/);
      const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
      expect((await verifyCertificate(rec)).errors.map((e) => e.code)).toContain('SIGMA_E_VERIFY_HASH_MISMATCH');
    } finally {
      await t.s.db.update(certificates).set({ snapshotJson: row.snapshotJson }).where(eq(certificates.id, certificateId));
    }
  });
});

describe('rejections and escalations', () => {
  it('rejects a fetch-then-execute skill before the council, with reasons and remediation', async () => {
    const id = await submitSkill(FETCH_EXEC_SKILL);
    const v = await settled(id);
    expect(v.status).toBe('REJECTED');
    expect(v.evidenceSummary).toMatchObject({ blocked: true, sandboxRiskLevel: expect.stringMatching(/^[A-Z]+$/) });
    expect(v.reasons.length).toBeGreaterThan(0);
    expect(v.reasons.some((r: { remediation: string | null }) => r.remediation)).toBe(true);
    expect(v.timeline.map((e: { type: string }) => e.type)).toContain('sandbox.rejected');
    expect(v.timeline.map((e: { type: string }) => e.type)).not.toContain('audit.started');
    expect(v.certificateId).toBeNull();
  });

  it('convenes a fresh escalation assembly when phases 1–2 escalate', async () => {
    const id = await submitSkill(UNDECLARED_HOST_SKILL);
    const v = await waitFor(async () => {
      const x = await view(id);
      const decided = ['APPROVED', 'REJECTED'].includes(x.status) || x.timeline.some((e: { type: string }) => e.type === 'escalation.operator');
      return decided ? x : null;
    }, 60_000);
    expect(v.timeline.map((e: { type: string }) => e.type)).toContain('consensus.escalate');
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token;
    const detail = (await t.app.inject({ url: `/api/v1/operator/submissions/${id}`, headers: { authorization: `Bearer ${token}` } })).json();
    expect(detail.evidence.sourceFacts.manifestMismatchCount).toBeGreaterThan(0);
    const verdicts = detail.rounds[0].verdicts as Array<{
      phase: number;
      validatorId: string;
      verdict: 'SAFE' | 'UNSAFE' | null;
      blocking: boolean;
      weight: number;
      status: string;
    }>;
    const early = new Set(verdicts.filter((x) => x.phase < 3).map((x) => x.validatorId));
    const assembly = verdicts.filter((x) => x.phase === 3);
    expect(assembly).toHaveLength(5);
    for (const x of assembly) expect(early.has(x.validatorId)).toBe(false);
    // Whatever the draw, the outcome is the one the written policy gives for these votes.
    const { decideEscalation } = await import('../src/domain/consensus/policy.js');
    const expected = decideEscalation(
      assembly.map((x) => ({ status: x.status as 'VOTED', verdict: x.verdict, blocking: x.blocking, weight: x.weight })),
      t.s.config.consensus,
    );
    const final = expected.outcome === 'ESCALATE' ? v : await settled(id, ['APPROVED', 'REJECTED']);
    expect(final.status).toBe({ APPROVE: 'APPROVED', REJECT: 'REJECTED', ESCALATE: 'ESCALATED' }[expected.outcome]);
  });

  it('goes to an operator, who decides with a written reason', async () => {
    const direct = await startTestServer({ env: { SIGMA_PANEL_ESCALATION: '0' } });
    try {
      const r = await direct.app.inject({
        method: 'POST',
        url: '/api/v1/dev/submissions',
        headers: { authorization: `Bearer ${direct.devKey}` },
        payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(UNDECLARED_HOST_SKILL) }] } },
      });
      const id = r.json().submissionId as string;
      const h = { authorization: `Bearer ${direct.devKey}` };
      await waitFor(async () => {
        const x = (await direct.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: h })).json();
        return x.status === 'ESCALATED' && x.timeline.some((e: { type: string }) => e.type === 'escalation.operator') ? x : null;
      }, 60_000);
      const token = (await direct.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token;
      const oh = { authorization: `Bearer ${token}` };
      const queue = (await direct.app.inject({ url: '/api/v1/operator/submissions?status=ESCALATED', headers: oh })).json();
      expect(queue.submissions.map((x: { submissionId: string }) => x.submissionId)).toContain(id);
      const d = await direct.app.inject({
        method: 'POST',
        url: `/api/v1/operator/submissions/${id}/decision`,
        headers: oh,
        payload: { decision: 'APPROVE', reason: 'Both hosts are the documented open-meteo APIs; read-only GETs.' },
      });
      expect(d.statusCode).toBe(200);
      const done = await waitFor(async () => {
        const x = (await direct.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: h })).json();
        return x.status === 'APPROVED' ? x : null;
      }, 30_000);
      const rec = (await direct.app.inject(`/api/v1/public/certificates/${done.certificateId}`)).json();
      expect(rec.snapshot.round.decidedBy).toBe('OPERATOR');
      expect(rec.rounds[0].outcomeReasons.join()).toMatch(/operator decision: APPROVE — Both hosts/);
      const again = await direct.app.inject({
        method: 'POST',
        url: `/api/v1/operator/submissions/${id}/decision`,
        headers: oh,
        payload: { decision: 'REJECT', reason: 'changed my mind about this one' },
      });
      expect(again.json().error.code).toBe('SIGMA_E_SUBMISSION_NOT_ESCALATED');
      const log = (await direct.app.inject({ url: '/api/v1/operator/audit-log', headers: oh })).json();
      expect(log.entries.some((e: { action: string; targetId: string }) => e.action === 'submission.decide' && e.targetId === id)).toBe(true);
    } finally {
      await direct.close();
    }
  });
});
