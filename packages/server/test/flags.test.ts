import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, startTestServer, TEST_OPERATOR, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

let t: TestServer;
let certificateId = '';
let op: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/dev/submissions',
    headers: { authorization: `Bearer ${t.devKey}` },
    payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] } },
  });
  const id = r.json().submissionId as string;
  certificateId = await waitFor(async () => {
    const v = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: { authorization: `Bearer ${t.devKey}` } })).json();
    return v.status === 'APPROVED' ? (v.certificateId as string) : null;
  }, 60_000);
  const token = (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token as string;
  op = { authorization: `Bearer ${token}` };
});
afterAll(async () => t?.close());

let ip = 0;
const file = (body: object, id = certificateId) =>
  t.app.inject({ method: 'POST', url: `/api/v1/public/certificates/${id}/flags`, payload: body, remoteAddress: `10.1.0.${++ip}` });
const verify = async () => (await t.app.inject(`/api/v1/public/certificates/${certificateId}/verify`)).json();
const triage = (flagId: string, status: string, resolution = 'Checked the evidence against the skill text.') =>
  t.app.inject({ method: 'POST', url: `/api/v1/operator/flags/${flagId}/triage`, headers: op, payload: { status, resolution } });

describe('flags against certificates', () => {
  it('validates a flag and refuses unknown certificates', async () => {
    const short = await file({ reason: 'x', evidence: 'too short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'reason' });
    const missing = await file({ reason: 'Exfiltrates data', evidence: 'It posts the chat to an unknown host.' }, 'aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('SIGMA_E_CERTIFICATE_NOT_FOUND');
  });

  it('counts open and escalated flags; an escalated flag makes the certificate invalid; dismissal restores it', async () => {
    expect((await verify()).activeFlagCount).toBe(0);
    const a = await file({ reason: 'Sends data elsewhere', evidence: 'After install it called a host not in the manifest.', contact: 'reporter@example.com' });
    expect(a.statusCode).toBe(201);
    expect(a.json().status).toBe('OPEN');
    let v = await verify();
    expect(v.activeFlagCount).toBe(1);
    expect(v.valid).toBe(true);
    const rec = (await t.app.inject(`/api/v1/public/certificates/${certificateId}`)).json();
    expect(rec.live.activeFlagCount).toBe(1);
    expect(JSON.stringify(rec)).not.toContain('reporter@example.com');

    const esc = await triage(a.json().flagId, 'ESCALATED');
    expect(esc.statusCode).toBe(200);
    v = await verify();
    expect(v.activeFlagCount).toBe(1);
    expect(v.valid).toBe(false);
    expect(v.invalidReasons.join(' ')).toMatch(/escalated flag/);
    const live = (await t.app.inject(`/api/v1/public/certificates/${certificateId}/live-status`)).json();
    expect(live).toMatchObject({ valid: false, activeFlagCount: 1 });

    expect((await triage(a.json().flagId, 'DISMISSED', 'The host is the documented CDN of the API.')).statusCode).toBe(200);
    v = await verify();
    expect(v).toMatchObject({ valid: true, activeFlagCount: 0 });
  });

  it('refuses impossible moves and unknown flags', async () => {
    const f = (await file({ reason: 'Looks odd', evidence: 'Nothing concrete, just a feeling about it.' })).json().flagId as string;
    expect((await triage(f, 'DISMISSED')).statusCode).toBe(200);
    const again = await triage(f, 'UPHELD');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SIGMA_E_FLAG_TRANSITION_INVALID');
    const short = await triage(f, 'UPHELD', 'no');
    expect(short.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'resolution' });
    expect((await triage('bbbbbbbbbbbbbbbbbbbbbbbb', 'UPHELD')).json().error.code).toBe('SIGMA_E_FLAG_NOT_FOUND');
    // developers cannot triage
    const dev = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/flags/${f}/triage`,
      headers: { authorization: `Bearer ${t.devKey}` },
      payload: { status: 'UPHELD', resolution: 'x'.repeat(20) },
    });
    expect(dev.statusCode).toBe(401);
  });

  it('an upheld flag suspends the certificate and starts a re-audit, and the decision is in the audit log', async () => {
    const f = (await file({ reason: 'Reads SSH keys', evidence: 'Version in the wild reads ~/.ssh/id_rsa before answering.' })).json().flagId as string;
    const r = await triage(f, 'UPHELD', 'Reproduced: the behaviour contradicts the certificate.');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      flag: { status: 'UPHELD', resolution: 'Reproduced: the behaviour contradicts the certificate.', source: 'PUBLIC' },
      certificateStatus: 'SUSPENDED',
      reauditRoundId: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    // The re-audit (test/reaudit.test.ts holds it to watch SUSPENDED) restores the benign skill.
    const v = await waitFor(async () => {
      const x = await verify();
      return x.status === 'APPROVED' ? x : null;
    }, 60_000);
    expect(v.valid).toBe(true);
    const list = (await t.app.inject({ url: '/api/v1/operator/flags?status=UPHELD', headers: op })).json();
    expect(list.flags.map((x: { flagId: string }) => x.flagId)).toContain(f);
    const log = (await t.app.inject({ url: '/api/v1/operator/audit-log', headers: op })).json();
    const entry = log.entries.find((e: { action: string; targetId: string }) => e.action === 'flag.triage' && e.targetId === f);
    expect(entry.data).toMatchObject({ to: 'UPHELD', certificateId, certificateStatus: 'SUSPENDED', reauditRoundId: r.json().reauditRoundId });
  });

  it('rate-limits flag filing per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/certificates/${certificateId}/flags`,
        remoteAddress: '10.2.2.2',
        payload: { reason: 'spam', evidence: 'spam spam spam spam' },
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill(201));
    expect(codes[5]).toBe(429);
  });
});

describe('feature flags', () => {
  it('are set by operators, listed, and audited with before and after', async () => {
    const a = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/operator/feature-flags',
      headers: op,
      payload: { key: 'web.new-studio', enabled: true, description: 'New submission studio' },
    });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ key: 'web.new-studio', enabled: true, description: 'New submission studio' });
    const b = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/feature-flags', headers: op, payload: { key: 'web.new-studio', enabled: false } });
    expect(b.json()).toMatchObject({ enabled: false, description: 'New submission studio' });
    const list = (await t.app.inject({ url: '/api/v1/operator/feature-flags', headers: op })).json();
    expect(list.flags).toEqual([expect.objectContaining({ key: 'web.new-studio', enabled: false })]);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/feature-flags', headers: op, payload: { key: 'Bad Key', enabled: true } });
    expect(bad.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'key' });
    const log = (await t.app.inject({ url: '/api/v1/operator/audit-log', headers: op })).json();
    const changes = log.entries.filter((e: { action: string }) => e.action === 'feature_flag.set');
    expect(changes[0].data).toEqual({
      before: { enabled: true, description: 'New submission studio' },
      after: { enabled: false, description: 'New submission studio' },
    });
    expect((await t.app.inject({ url: '/api/v1/operator/feature-flags', headers: { authorization: `Bearer ${t.devKey}` } })).statusCode).toBe(401);
  });
});

describe('with the public read cache on', () => {
  it('a flag filed or triaged in this process shows at once in verify', async () => {
    // Reviews take 1.5 s here, so the certificate is seen SUSPENDED before its re-audit restores it.
    const c = await startTestServer({ env: { SIGMA_PUBLIC_CACHE_MS: '60000', SIGMA_OFFLINE_REVIEW_DELAY_MS: '1500' } });
    try {
      const dev = { authorization: `Bearer ${c.devKey}` };
      const id = (
        await c.app.inject({
          method: 'POST',
          url: '/api/v1/dev/submissions',
          headers: dev,
          payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] } },
        })
      ).json().submissionId as string;
      const cert = await waitFor(async () => {
        const v = (await c.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: dev })).json();
        return v.status === 'APPROVED' ? (v.certificateId as string) : null;
      }, 60_000);
      const verifyNow = async () => (await c.app.inject(`/api/v1/public/certificates/${cert}/verify`)).json();
      expect(await verifyNow()).toMatchObject({ valid: true, activeFlagCount: 0 });
      const f = await c.app.inject({
        method: 'POST',
        url: `/api/v1/public/certificates/${cert}/flags`,
        payload: { reason: 'Reads keys', evidence: 'It read ~/.ssh/id_rsa in my run.' },
      });
      expect(await verifyNow()).toMatchObject({ valid: true, activeFlagCount: 1 });
      const token = (await c.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token as string;
      await c.app.inject({
        method: 'POST',
        url: `/api/v1/operator/flags/${f.json().flagId}/triage`,
        headers: { authorization: `Bearer ${token}` },
        payload: { status: 'UPHELD', resolution: 'Reproduced the key read.' },
      });
      expect(await verifyNow()).toMatchObject({ valid: false, status: 'SUSPENDED', activeFlagCount: 0 });
      // The worker's restoration reaches this process's cache through the change notices.
      await waitFor(async () => (await verifyNow()).status === 'APPROVED', 60_000);
      expect(await verifyNow()).toMatchObject({ valid: true, status: 'APPROVED' });
    } finally {
      await c.close();
    }
  });
});
