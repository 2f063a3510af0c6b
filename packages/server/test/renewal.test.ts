import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, startTestServer, submitApproved, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

// Time is injected: `offsetMs` moves this server's clock (expiry, reminders, the renewal window).
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const DAY = 86_400_000;

let t: TestServer;
const dev = () => ({ authorization: `Bearer ${t.devKey}` });
beforeAll(async () => {
  t = await startTestServer({ clock, env: { SIGMA_CERT_VALIDITY_DAYS: '30', SIGMA_CERT_RENEWAL_REMINDER_DAYS: '7', SIGMA_DEV_OUTBOX: 'on' } });
});
afterAll(async () => t?.close());

const verify = async (id: string) => (await t.app.inject(`/api/v1/public/certificates/${id}/verify`)).json();
const history = async (id: string) => (await t.app.inject(`/api/v1/public/certificates/${id}/history`)).json();
const submission = async (id: string) => (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: dev() })).json();
const approvedSubmission = (id: string) =>
  waitFor(async () => {
    const x = await submission(id);
    return x.status === 'APPROVED' && x.certificateId ? x : null;
  }, 60_000);
const sweep = async () => {
  await t.s.queue.send('certificates.sweep', { reason: 'test' });
  t.s.queue.wake(['certificates.sweep']);
};
const skill = (name: string, version = '1.0.0') => BENIGN_SKILL.replace('unit-converter', name).replace('version: 1.0.0', `version: ${version}`);

describe('expiry, renewal and new versions', () => {
  it('renews before expiry through a quote: a RENEWAL round, and the new certificate supersedes the old', async () => {
    const a = await submitApproved(t, skill('renew-me'));
    const before = await verify(a.certificateId);
    expect(before).toMatchObject({ valid: true, status: 'APPROVED', supersededBy: null });
    expect(new Date(before.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * DAY);

    const quote = await t.app.inject({ method: 'POST', url: `/api/v1/dev/certificates/${a.certificateId}/renewal-quote`, headers: dev() });
    expect(quote.statusCode).toBe(201);
    const renew = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dev/certificates/${a.certificateId}/renew`,
      headers: dev(),
      payload: { quoteId: quote.json().quoteId },
    });
    expect(renew.statusCode).toBe(201);
    // A second renewal while the first is under way is refused.
    const twice = await t.app.inject({ method: 'POST', url: `/api/v1/dev/certificates/${a.certificateId}/renew`, headers: dev(), payload: {} });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('SIGMA_E_CERTIFICATE_NOT_RENEWABLE');

    const renewed = await approvedSubmission(renew.json().submissionId);
    expect(renewed.timeline.find((e: { type: string }) => e.type === 'payment.settled')).toBeTruthy();
    const b = renewed.certificateId as string;
    expect(b).not.toBe(a.certificateId);
    const vb = await verify(b);
    expect(vb).toMatchObject({ valid: true, status: 'APPROVED', roundType: 'RENEWAL', skillHash: before.skillHash });
    const va = await verify(a.certificateId);
    expect(va).toMatchObject({ valid: false, status: 'SUPERSEDED', supersededBy: b });
    expect((await history(a.certificateId)).events.map((e: { type: string }) => e.type)).toContain('certificate.superseded');
    // The superseded one cannot be renewed; someone else's certificate is not found.
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/dev/certificates/${a.certificateId}/renew`, headers: dev(), payload: {} });
    expect(again.json().error.code).toBe('SIGMA_E_CERTIFICATE_NOT_RENEWABLE');
    const missing = await t.app.inject({ method: 'POST', url: `/api/v1/dev/certificates/${'a'.repeat(24)}/renew`, headers: dev(), payload: {} });
    expect(missing.statusCode).toBe(404);
  });

  it('reminds the owner in the outbox, then expires: verify says EXPIRED at once, the sweep stores it', async () => {
    const c = await submitApproved(t, skill('expire-me'));
    offsetMs = 25 * DAY; // inside the 7-day reminder window
    await sweep();
    const reminder = await waitFor(async () => {
      const box = (await t.app.inject('/api/v1/dev-outbox/messages?limit=50')).json();
      return box.messages.find((m: { body: string }) => m.body.includes(c.certificateId));
    });
    expect(reminder.subject).toMatch(/expires on/);
    expect(reminder.body).toContain(`/api/v1/dev/certificates/${c.certificateId}/renew`);
    const timeline = (await submission(c.submissionId)).timeline.map((e: { type: string }) => e.type);
    expect(timeline).toContain('certificate.renewal_reminder');

    offsetMs = 31 * DAY;
    const v = await verify(c.certificateId);
    expect(v).toMatchObject({ valid: false, status: 'EXPIRED' });
    expect(v.invalidReasons).toContain('certificate has expired');
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/dev/certificates/${c.certificateId}/renew`, headers: dev(), payload: {} });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SIGMA_E_CERTIFICATE_NOT_RENEWABLE');
    await sweep();
    await waitFor(async () => (await history(c.certificateId)).events.some((e: { type: string }) => e.type === 'certificate.expired'));
    expect((await verify(c.certificateId)).status).toBe('EXPIRED');
    // One reminder per certificate, however many sweeps.
    const box = (await t.app.inject('/api/v1/dev-outbox/messages?limit=100')).json();
    expect(box.messages.filter((m: { body: string }) => m.body.includes(c.certificateId))).toHaveLength(1);
  });

  it('a new version (new hash) supersedes the certified one on approval; the same content is refused', async () => {
    const d = await submitApproved(t, skill('versioned', '1.0.0'));
    const body = (text: string) => ({ category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] } });
    const same = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dev/certificates/${d.certificateId}/versions`,
      headers: dev(),
      payload: body(skill('versioned', '1.0.0')),
    });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe('SIGMA_E_CERTIFICATE_SAME_CONTENT');
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dev/certificates/${d.certificateId}/versions`,
      headers: dev(),
      payload: body(skill('versioned', '1.1.0')),
    });
    expect(r.statusCode, r.body).toBe(201);
    const e = (await approvedSubmission(r.json().submissionId)).certificateId as string;
    const ve = await verify(e);
    expect(ve).toMatchObject({ valid: true, skillVersion: '1.1.0', roundType: 'INITIAL_AUDIT' });
    expect(await verify(d.certificateId)).toMatchObject({ valid: false, status: 'SUPERSEDED', supersededBy: e });
    const live = (await t.app.inject(`/api/v1/public/certificates/${d.certificateId}/live-status`)).json();
    expect(live).toMatchObject({ status: 'SUPERSEDED', supersededBy: e });
    const replaced = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dev/certificates/${d.certificateId}/versions`,
      headers: dev(),
      payload: body(skill('versioned', '1.2.0')),
    });
    expect(replaced.json().error.code).toBe('SIGMA_E_CERTIFICATE_NOT_REPLACEABLE');
  });
});
