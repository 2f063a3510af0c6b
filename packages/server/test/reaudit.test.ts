import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineProvider } from '../src/models/offline/index.js';
import type { ReviewProvider } from '../src/models/provider.js';
import { startTestServer, submitApproved, TEST_OPERATOR, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

// The offline reviewers, except that while `hostile` is set every verdict is a blocking UNSAFE:
// the same content then fails its re-audit (a reviewer that changed its mind, as a real model may).
let hostile = false;
// While `held`, reviews wait for `release()`: the test sees the certificate SUSPENDED mid re-audit.
let held: Promise<void> | null = null;
let release: () => void = () => undefined;
const hold = () => {
  held = new Promise<void>((r) => (release = () => ((held = null), r())));
};
const offline = createOfflineProvider(0);
const switchable: ReviewProvider = {
  name: 'offline',
  review: async (model, ctx, signal) => {
    if (held) await held;
    return hostile
      ? {
          raw: {
            verdict: 'UNSAFE',
            blocking: true,
            severity: 'HIGH',
            findings: [{ evidenceIds: ['sourceFacts.network'], severity: 'HIGH', summary: 'The reported behaviour is confirmed.' }],
            rationale: 'The flag describes behaviour the certificate does not allow.',
          },
          usage: { tokensIn: 0, tokensOut: 0, costMicroUsd: 0 },
          modelId: model.modelId,
        }
      : offline.review(model, ctx, signal);
  },
};

let t: TestServer;
let op: Record<string, string> = {};
const dev = () => ({ authorization: `Bearer ${t.devKey}` });
beforeAll(async () => {
  t = await startTestServer({ providers: [switchable] });
  const token = (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token as string;
  op = { authorization: `Bearer ${token}` };
});
afterAll(async () => t?.close());

let ip = 0;
const fileFlag = async (certificateId: string) => {
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/public/certificates/${certificateId}/flags`,
    payload: { reason: 'Reads SSH keys', evidence: 'The published skill reads ~/.ssh/id_rsa before answering.' },
    remoteAddress: `10.9.0.${++ip}`,
  });
  expect(r.statusCode).toBe(201);
  return r.json().flagId as string;
};
const uphold = (flagId: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/operator/flags/${flagId}/triage`,
    headers: op,
    payload: { status: 'UPHELD', resolution: 'Reproduced: the behaviour contradicts the certificate.' },
  });
const verify = async (id: string) => (await t.app.inject(`/api/v1/public/certificates/${id}/verify`)).json();
const history = async (id: string) => (await t.app.inject(`/api/v1/public/certificates/${id}/history`)).json();

describe('an upheld flag starts a REAUDIT round that restores or revokes the certificate', () => {
  it('suspends at once (valid:false), re-audits the same content with a fresh assembly, and restores it', async () => {
    const approved = await submitApproved(t, BENIGN_SKILL);
    const certificateId = approved.certificateId;
    const before = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    const originalPanel = new Set(before.rounds[0].verdicts.map((v: { validatorId: string }) => v.validatorId));

    const flagId = await fileFlag(certificateId);
    hold();
    const r = await uphold(flagId);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ certificateStatus: 'SUSPENDED', flag: { status: 'UPHELD' } });
    const roundId = r.json().reauditRoundId as string;
    expect(roundId).toMatch(/^[0-9a-f]{24}$/);
    expect(r.json().flag.reauditRoundId).toBe(roundId);

    // Suspended until the re-audit decides (its reviewers are held here).
    const suspended = await verify(certificateId);
    expect(suspended).toMatchObject({ status: 'SUSPENDED', valid: false });
    expect(suspended.invalidReasons).toContain('status is SUSPENDED');
    const live = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/live-status`)).json();
    expect(live).toMatchObject({ status: 'SUSPENDED', valid: false });
    expect((await history(certificateId)).events.map((e: { type: string }) => e.type)).toContain('reaudit.opened');
    release();

    const restored = await waitFor(async () => {
      const v = await verify(certificateId);
      return v.status === 'APPROVED' ? v : null;
    }, 60_000);
    expect(restored.valid).toBe(true);

    // Public: the record shows the REAUDIT round (a fresh panel) and the history every step.
    const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    const reaudit = rec.rounds.find((x: { roundId: string }) => x.roundId === roundId);
    expect(reaudit).toMatchObject({ roundType: 'REAUDIT', triggerSource: 'FLAG', outcome: 'APPROVE', status: 'CLOSED' });
    const reauditPanel = reaudit.verdicts.map((v: { validatorId: string }) => v.validatorId);
    expect(reauditPanel.length).toBeGreaterThanOrEqual(5);
    for (const v of reauditPanel) expect(originalPanel.has(v)).toBe(false);
    const types = (await history(certificateId)).events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['certificate.sealed', 'certificate.suspended', 'reaudit.opened', 'reaudit.completed', 'certificate.approved']),
    );
    expect(types.indexOf('certificate.suspended')).toBeLessThan(types.indexOf('certificate.approved'));
    // A re-audit seals nothing new: the certificate keeps its id and payload hash.
    expect(restored.payloadHash).toBe(before.payloadHash);

    // Owner: the submission timeline; operator: the audit log names the round.
    const sub = (await t.app.inject({ url: `/api/v1/dev/submissions/${approved.submissionId}`, headers: dev() })).json();
    expect(sub.status).toBe('APPROVED');
    expect(sub.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['reaudit.opened', 'reaudit.completed']));
    const log = (await t.app.inject({ url: '/api/v1/operator/audit-log', headers: op })).json();
    const entry = log.entries.find((e: { action: string; targetId: string }) => e.action === 'flag.triage' && e.targetId === flagId);
    expect(entry.data).toMatchObject({ certificateStatus: 'SUSPENDED', reauditRoundId: roundId });
  });

  it('revokes the certificate when the re-audit rejects it', async () => {
    const approved = await submitApproved(t, BENIGN_SKILL.replace('unit-converter', 'unit-converter-two'));
    const certificateId = approved.certificateId;
    hostile = true;
    try {
      const r = await uphold(await fileFlag(certificateId));
      expect(r.statusCode).toBe(200);
      const revoked = await waitFor(async () => {
        const v = await verify(certificateId);
        return v.status === 'REVOKED' ? v : null;
      }, 60_000);
      expect(revoked.valid).toBe(false);
      expect(revoked.invalidReasons).toContain('status is REVOKED');
    } finally {
      hostile = false;
    }
    const h = await history(certificateId);
    expect(h.status).toBe('REVOKED');
    expect(h.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['reaudit.opened', 'reaudit.completed', 'certificate.revoked']));
    const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    expect(rec.rounds.find((x: { roundType: string }) => x.roundType === 'REAUDIT')).toMatchObject({ outcome: 'REJECT', status: 'CLOSED' });
    // A revoked certificate cannot be flagged back to life: a further uphold changes nothing.
    const again = await uphold(await fileFlag(certificateId));
    expect(again.json()).toMatchObject({ certificateStatus: null, reauditRoundId: null });
    expect((await verify(certificateId)).status).toBe('REVOKED');
  });
});
