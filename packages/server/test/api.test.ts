import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, startTestServer, TEST_OPERATOR, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ workers: false });
});
afterAll(async () => t?.close());

const auth = () => ({ authorization: `Bearer ${t.devKey}` });
const submit = (body: unknown, headers: Record<string, string> = auth()) =>
  t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers, payload: body as object });
const skillBody = (extra: object = {}) => ({
  category: 'SKILL',
  source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] },
  devNotes: 'converter',
  ...extra,
});

describe('HTTP basics', () => {
  it('serves /healthz, the issuer and an OpenAPI 3.1 document with the four planes', async () => {
    const h = await t.app.inject('/healthz');
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({ status: 'ok' });
    const issuer = await t.app.inject('/.well-known/sigma-issuer');
    expect(issuer.json().address).toBe(t.s.issuer.address);
    const doc = (await t.app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/public/certificates/{id}/verify',
      '/api/v1/dev/submissions',
      '/api/v1/operator/submissions/{id}/decision',
      '/api/v1/sigma/agent/auth/challenge',
    ]) {
      expect(paths).toContain(p);
    }
    expect(doc.paths['/api/v1/dev/submissions'].post.requestBody.content['application/json'].schema.properties.category).toBeTruthy();
  });

  it('answers unknown routes and unknown certificates with catalogue codes', async () => {
    expect((await t.app.inject('/nope')).json().error.code).toBe('SIGMA_E_ROUTE_NOT_FOUND');
    const r = await t.app.inject('/api/v1/public/certificates/aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('SIGMA_E_CERTIFICATE_NOT_FOUND');
    expect((await t.app.inject('/api/v1/public/certificates/../../etc')).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/public/certificates?limit=101')).json().error.code).toBe('SIGMA_E_REQUEST_INVALID');
  });
});

describe('developer plane', () => {
  it('requires a developer credential and rejects other planes’ credentials', async () => {
    expect((await submit(skillBody(), {})).json().error.code).toBe('SIGMA_E_AUTH_MISSING');
    expect((await submit(skillBody(), { authorization: 'Bearer sigma_dk_wrong_key_000000000000' })).json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR });
    const opToken = login.json().token as string;
    const r = await submit(skillBody(), { authorization: `Bearer ${opToken}` });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    // …and the developer key does not open the operator plane
    const o = await t.app.inject({ url: '/api/v1/operator/submissions', headers: auth() });
    expect(o.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
  });

  it('creates a submission with a 24-hex id and shows its timeline', async () => {
    const r = await submit(skillBody());
    expect(r.statusCode).toBe(201);
    const { submissionId, status } = r.json();
    expect(submissionId).toMatch(/^[0-9a-f]{24}$/);
    expect(status).toBe('SUBMITTED');
    const v = (await t.app.inject({ url: `/api/v1/dev/submissions/${submissionId}`, headers: auth() })).json();
    expect(v.status).toBe('SUBMITTED');
    expect(v.timeline.map((e: { type: string }) => e.type)).toEqual(['draft.created', 'payment.settled', 'submission.submitted']);
    expect(v.certificateId).toBeNull();
    const list = (await t.app.inject({ url: '/api/v1/dev/submissions', headers: auth() })).json();
    expect(list.submissions.some((x: { submissionId: string }) => x.submissionId === submissionId)).toBe(true);
  });

  it('returns the same submission for a retried Idempotency-Key', async () => {
    const h = { ...auth(), 'idempotency-key': 'retry-123' };
    const a = await submit(skillBody(), h);
    const b = await submit(skillBody(), h);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json().submissionId).toBe(a.json().submissionId);
  });

  it('rejects bad input with a code and the field at fault', async () => {
    const bad = await submit({ ...skillBody(), category: 'NOPE' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'category' });

    const traversal = await submit({ category: 'SKILL', source: { type: 'upload', files: [{ path: '../SKILL.md', contentBase64: b64('x') }] } });
    expect(traversal.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'source.files.0.path' });

    const notB64 = await submit({ category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: '%%%' }] } });
    expect(notB64.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'source.files.0.contentBase64' });

    const noSkill = await submit({ category: 'SKILL', source: { type: 'upload', files: [{ path: 'README.md', contentBase64: b64('# hi') }] } });
    expect(noSkill.json().error).toMatchObject({ code: 'SIGMA_E_SUBMISSION_SKILL_MD_MISSING', field: 'source.files' });

    const code = await submit({ ...skillBody(), category: 'CODE_PACKAGES' });
    expect(code.statusCode).toBe(422);
    expect(code.json().error).toMatchObject({ code: 'SIGMA_E_SUBMISSION_CATEGORY_UNSUPPORTED', field: 'category' });

    for (const url of ['file:///etc', '/etc', '../repo', 'ssh://localhost/x']) {
      const local = await submit({ category: 'SKILL', source: { type: 'git', url, ref: 'a'.repeat(40) } });
      expect(local.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'source.url' });
    }
    const gitUnpinned = await submit({ category: 'SKILL', source: { type: 'git', url: 'https://example.com/x.git', ref: 'main' } });
    expect(gitUnpinned.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'source.ref' });

    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: '{"category":',
    });
    expect(malformed.json().error.code).toBe('SIGMA_E_REQUEST_MALFORMED_JSON');
  });

  it('enforces file-count, per-file and body size limits', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ path: `f${i}.md`, contentBase64: b64('x') }));
    const r1 = await submit({ category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64('x') }, ...many] } });
    expect(r1.statusCode).toBe(400); // schema max 50 files
    expect(r1.json().error.field).toBe('source.files');

    const big = 'a'.repeat(200 * 1024 + 1);
    const r2 = await submit({ category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(big) }] } });
    expect(r2.statusCode).toBe(413);
    expect(r2.json().error).toMatchObject({ code: 'SIGMA_E_SUBMISSION_LIMIT_EXCEEDED', field: 'source.files.0.contentBase64' });

    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('SIGMA_E_REQUEST_TOO_LARGE');
  });

  it('never shows another developer’s submission', async () => {
    const mine = (await submit(skillBody())).json().submissionId as string;
    const keyRes = await t.app.inject({ method: 'POST', url: '/api/v1/dev/api-keys', headers: auth(), payload: { name: 'second' } });
    expect(keyRes.statusCode).toBe(201);
    // A key of the same developer sees it; a revoked key does not work at all.
    const k2 = keyRes.json().key as string;
    expect((await t.app.inject({ url: `/api/v1/dev/submissions/${mine}`, headers: { authorization: `Bearer ${k2}` } })).statusCode).toBe(200);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/dev/api-keys/${keyRes.json().id}`, headers: auth() });
    expect((await t.app.inject({ url: `/api/v1/dev/submissions/${mine}`, headers: { authorization: `Bearer ${k2}` } })).json().error.code).toBe(
      'SIGMA_E_AUTH_INVALID',
    );
    const { createApiKey, findOrCreateDeveloper } = await import('../src/domain/auth/developers.js');
    const other = await findOrCreateDeveloper(t.s.db, 'other@example.com');
    const otherKey = (await createApiKey(t.s.db, other.id, 'x')).key;
    const r = await t.app.inject({ url: `/api/v1/dev/submissions/${mine}`, headers: { authorization: `Bearer ${otherKey}` } });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('SIGMA_E_SUBMISSION_NOT_FOUND');
  });
});

describe('operator plane', () => {
  it('signs in with a password and refuses a wrong one without saying which factor failed', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: { ...TEST_OPERATOR, password: 'wrong-password' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR });
    expect(ok.json().stage).toBe('full');
    const me = await t.app.inject({ url: '/api/v1/operator/me', headers: { authorization: `Bearer ${ok.json().token}` } });
    expect(me.json().email).toBe(TEST_OPERATOR.email);
    expect(
      (await t.app.inject({ url: '/api/v1/operator/validators', headers: { authorization: `Bearer ${ok.json().token}` } })).json().validators.length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('requires a written reason to decide, and only for escalated submissions', async () => {
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token;
    const id = (await submit(skillBody())).json().submissionId;
    const h = { authorization: `Bearer ${token}` };
    const short = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/submissions/${id}/decision`,
      headers: h,
      payload: { decision: 'APPROVE', reason: 'ok' },
    });
    expect(short.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'reason' });
    const notEsc = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/submissions/${id}/decision`,
      headers: h,
      payload: { decision: 'APPROVE', reason: 'looks fine to me after reading it' },
    });
    expect(notEsc.statusCode).toBe(409);
    expect(notEsc.json().error.code).toBe('SIGMA_E_SUBMISSION_NOT_ESCALATED');
  });
});

describe('agent plane', () => {
  const account = privateKeyToAccount('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');

  it('signs in with an EIP-191 signature over the latest challenge only', async () => {
    const c1 = (await t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/auth/challenge', payload: { address: account.address } })).json();
    const c2 = (await t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/auth/challenge', payload: { address: account.address } })).json();
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sigma/agent/auth/verify',
      payload: { address: account.address, signature: await account.signMessage({ message: c1.message }) },
    });
    expect(stale.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    const other = privateKeyToAccount('0x6370fd033278c143179d81c5526140625662b8daa446c22ee2d73db3707e620c');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sigma/agent/auth/verify',
      payload: { address: account.address, signature: await other.signMessage({ message: c2.message }) },
    });
    expect(forged.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    const c3 = (await t.app.inject({ method: 'POST', url: '/api/v1/sigma/agent/auth/challenge', payload: { address: account.address } })).json();
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sigma/agent/auth/verify',
      payload: { address: account.address, signature: await account.signMessage({ message: c3.message }) },
    });
    expect(ok.statusCode).toBe(200);
    const token = ok.json().sessionToken as string;
    const me = await t.app.inject({ url: '/api/v1/sigma/agent/me', headers: { 'x-agent-session': token } });
    expect(me.json().address).toBe(account.address);
    // replaying the same signature fails: the challenge is consumed
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sigma/agent/auth/verify',
      payload: { address: account.address, signature: await account.signMessage({ message: c3.message }) },
    });
    expect(replay.statusCode).toBe(401);
    // an agent session does not open the developer plane
    expect((await submit(skillBody(), { authorization: `Bearer ${token}` })).json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    expect((await t.app.inject({ url: '/api/v1/sigma/agent/me', headers: { 'x-agent-session': t.devKey } })).json().error.code).toBe('SIGMA_E_AUTH_INVALID');
  });
});

describe('public stats', () => {
  it('reports the cheapest active category as the starting price, and none when no category is active', async () => {
    const { priceCategories } = await import('../src/db/schema/index.js');
    const { eq } = await import('drizzle-orm');
    const cats = await t.s.db.select().from(priceCategories).where(eq(priceCategories.status, 'ACTIVE'));
    const cheapest = Math.min(...cats.map((c) => c.baseCredits));
    const stats = (await t.app.inject('/api/v1/public/stats')).json();
    expect(stats.startingPriceUsd).toBe((cheapest / 100).toFixed(2));
    await t.s.db.update(priceCategories).set({ status: 'RETIRED' }).where(eq(priceCategories.status, 'ACTIVE'));
    try {
      expect((await t.app.inject('/api/v1/public/stats')).json().startingPriceUsd).toBeNull();
    } finally {
      for (const c of cats) await t.s.db.update(priceCategories).set({ status: 'ACTIVE' }).where(eq(priceCategories.id, c.id));
    }
  });
});
