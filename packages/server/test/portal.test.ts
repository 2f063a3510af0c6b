import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCodes } from '../src/db/schema/index.js';
import type { Clock } from '../src/lib/clock.js';
import { b64, startTestServer, TEST_OPERATOR, type TestServer } from './harness.js';
import { startSmtpStub } from './smtp-stub.js';
import { BENIGN_SKILL, FETCH_EXEC_SKILL } from './skills.js';

let now = Date.parse('2026-12-01T10:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ workers: false, clock });
});
afterAll(async () => t?.close());

// Each address signs in from its own client address, so the per-IP limit does not couple the tests.
const ips = new Map<string, string>();
const ipFor = (email: string) => ips.get(email.toLowerCase()) ?? (ips.set(email.toLowerCase(), `10.0.0.${ips.size + 1}`), ips.get(email.toLowerCase())!);
const requestCode = (email: string, remoteAddress = ipFor(email)) =>
  t.app.inject({ method: 'POST', url: '/api/v1/dev/auth/code', payload: { email }, remoteAddress });
const login = (email: string, code: string) => t.app.inject({ method: 'POST', url: '/api/v1/dev/auth/login', payload: { email, code } });
async function latestCode(email: string): Promise<string> {
  const r = await t.app.inject('/api/v1/dev-outbox/messages?limit=50');
  expect(r.statusCode).toBe(200);
  const m = (r.json().messages as Array<{ to: string; subject: string }>).find((x) => x.to === email.toLowerCase());
  const code = /(\d{6})/.exec(m?.subject ?? '')?.[1];
  if (!code) throw new Error(`no code for ${email}`);
  return code;
}
const cookieOf = (res: { headers: Record<string, unknown> }) => {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : [String(raw)];
  return all.find((c: string) => c.startsWith('sigma_dev_session='))!;
};
const sessionCookie = (setCookie: string) => setCookie.split(';')[0]!;
async function signIn(email: string): Promise<{ cookie: string; token: string }> {
  expect((await requestCode(email)).statusCode).toBe(200);
  const r = await login(email, await latestCode(email));
  expect(r.statusCode).toBe(200);
  return { cookie: sessionCookie(cookieOf(r)), token: r.json().token };
}

describe('developer portal sign-in with an emailed code', () => {
  it('writes the code to the development outbox and stores only a digest', async () => {
    const r = await requestCode('Alice@Example.com');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ sent: true, delivery: 'outbox' });
    const code = await latestCode('alice@example.com');
    const rows = await t.s.db.select().from(loginCodes);
    const row = rows.find((x) => x.email === 'alice@example.com')!;
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).not.toContain(code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(10 * 60 * 1000);
    const box = (await t.app.inject('/api/v1/dev-outbox/messages')).json();
    expect(box.developmentOnly).toBe(true);
    expect(box.notice).toMatch(/Development only/);
  });

  it('signs in with the right code into an httpOnly SameSite=Strict cookie session, once', async () => {
    await requestCode('bob@example.com');
    const code = await latestCode('bob@example.com');
    const wrong = await login('bob@example.com', code === '000000' ? '111111' : '000000');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('SIGMA_E_AUTH_CODE_INVALID');
    const ok = await login('BOB@example.com', code);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().token).toMatch(/^sigma_ds_/);
    const set = cookieOf(ok);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\/api\/v1\/dev/);
    const me = await t.app.inject({ url: '/api/v1/dev/me', headers: { cookie: sessionCookie(set) } });
    expect(me.json()).toMatchObject({ email: 'bob@example.com', via: 'session' });
    // the code works once
    const again = await login('bob@example.com', code);
    expect(again.json().error.code).toBe('SIGMA_E_AUTH_CODE_INVALID');
  });

  it('burns a code after five wrong attempts and expires it after ten minutes', async () => {
    await requestCode('carol@example.com');
    const code = await latestCode('carol@example.com');
    const bad = code === '123456' ? '654321' : '123456';
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login('carol@example.com', bad)).json().error.code);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('SIGMA_E_AUTH_CODE_INVALID'));
    expect(codes[4]).toBe('SIGMA_E_AUTH_CODE_ATTEMPTS');
    const right = await login('carol@example.com', code);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('SIGMA_E_AUTH_CODE_ATTEMPTS');

    await requestCode('dave@example.com');
    const code2 = await latestCode('dave@example.com');
    now += 10 * 60 * 1000 + 1;
    expect((await login('dave@example.com', code2)).json().error.code).toBe('SIGMA_E_AUTH_CODE_INVALID');
  });

  it('a new code retires the previous one; an address gets at most five codes per ten minutes', async () => {
    await requestCode('erin@example.com');
    const first = await latestCode('erin@example.com');
    await requestCode('erin@example.com');
    const second = await latestCode('erin@example.com');
    if (first !== second) expect((await login('erin@example.com', first)).json().error.code).toBe('SIGMA_E_AUTH_CODE_INVALID');
    for (let i = 0; i < 3; i++) expect((await requestCode('erin@example.com')).statusCode).toBe(200);
    const sixth = await requestCode('erin@example.com');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('SIGMA_E_RATE_LIMITED');
  });

  it('rejects malformed input with the field at fault', async () => {
    const r = await requestCode('not-an-email');
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'email' });
  });

  it('limits code requests per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await requestCode(`spray${i}@example.com`, '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });

  it('refuses a cookie session without the CSRF header or from another origin (the attack), accepts it from the site', async () => {
    const { cookie, token } = await signIn('frank@example.com');
    // A forged cross-site request: the browser attaches the cookie, but cannot add the custom header.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/api-keys',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { name: 'stolen' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('SIGMA_E_AUTH_CSRF');
    const noHeader = await t.app.inject({ method: 'POST', url: '/api/v1/dev/api-keys', headers: { cookie }, payload: { name: 'x' } });
    expect(noHeader.json().error.code).toBe('SIGMA_E_AUTH_CSRF');
    const otherOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/api-keys',
      headers: { cookie, 'x-sigma-csrf': '1', origin: 'https://evil.example' },
      payload: { name: 'x' },
    });
    expect(otherOrigin.json().error.code).toBe('SIGMA_E_AUTH_CSRF');
    const submission = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { cookie },
      payload: { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] } },
    });
    expect(submission.json().error.code).toBe('SIGMA_E_AUTH_CSRF');
    // Reads need no header; the site itself sends it on writes.
    expect((await t.app.inject({ url: '/api/v1/dev/api-keys', headers: { cookie } })).statusCode).toBe(200);
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/api-keys',
      headers: { cookie, 'x-sigma-csrf': '1', origin: t.s.config.publicUrl },
      payload: { name: 'mine' },
    });
    expect(own.statusCode).toBe(201);
    // Bearer clients (CLI) are not cookie-authenticated and need no header.
    const bearer = await t.app.inject({ method: 'POST', url: '/api/v1/dev/api-keys', headers: { authorization: `Bearer ${token}` }, payload: { name: 'cli' } });
    expect(bearer.statusCode).toBe(201);
  });

  it('keeps developer and operator sessions apart', async () => {
    const { cookie } = await signIn('grace@example.com');
    const devTokenAsOperator = await t.app.inject({ url: '/api/v1/operator/me', headers: { cookie: cookie.replace('sigma_dev_session', 'sigma_op_session') } });
    expect(devTokenAsOperator.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    const op = await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR });
    const opSet = ([] as string[]).concat(op.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('sigma_op_session='))!;
    expect(opSet).toMatch(/HttpOnly/i);
    expect(opSet).toMatch(/Path=\/api\/v1\/operator/);
    const opAsDev = await t.app.inject({ url: '/api/v1/dev/me', headers: { cookie: opSet.split(';')[0]!.replace('sigma_op_session', 'sigma_dev_session') } });
    expect(opAsDev.json().error.code).toBe('SIGMA_E_AUTH_INVALID');
    // the operator cookie works for the console, and its writes need the CSRF header too
    const opCookie = opSet.split(';')[0]!;
    expect((await t.app.inject({ url: '/api/v1/operator/me', headers: { cookie: opCookie } })).statusCode).toBe(200);
    const forged = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/operator/feature-flags',
      headers: { cookie: opCookie },
      payload: { key: 'x', enabled: true },
    });
    expect(forged.json().error.code).toBe('SIGMA_E_AUTH_CSRF');
  });

  it('logs out: the session is revoked and the cookie cleared', async () => {
    const { cookie } = await signIn('heidi@example.com');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/dev/auth/logout', headers: { cookie, 'x-sigma-csrf': '1' } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/sigma_dev_session=;/);
    expect((await t.app.inject({ url: '/api/v1/dev/me', headers: { cookie } })).json().error.code).toBe('SIGMA_E_AUTH_INVALID');
  });
});

describe('dry-run validation', () => {
  const body = (text: string) => ({
    category: 'SKILL',
    source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] },
    devNotes: 'no network',
  });
  const auth = () => ({ authorization: `Bearer ${t.devKey}` });

  it('returns the evidence report and the locked manifest preview without creating a submission', async () => {
    const before = (await t.app.inject({ url: '/api/v1/dev/submissions?limit=100', headers: auth() })).json().submissions.length;
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/dev/validate', headers: auth(), payload: body(BENIGN_SKILL) });
    expect(r.statusCode).toBe(200);
    const v = r.json();
    expect(v.report.schemaVersion).toBe('sigma.evidence.v1');
    expect(v.manifestPreview.manifest.name).toBe('unit-converter');
    expect(v.manifestPreview.source).toEqual({ sourceType: 'upload', sourceUrl: null, sourceRef: null, entry: null });
    expect(v.manifestPreview.skillHash).toMatch(/^[0-9a-f]{64}$/);
    expect(v.wouldBlock).toBe(false);
    const after = (await t.app.inject({ url: '/api/v1/dev/submissions?limit=100', headers: auth() })).json().submissions.length;
    expect(after).toBe(before);
  });

  it('reports blocking findings with reasons and remediation', async () => {
    const v = (await t.app.inject({ method: 'POST', url: '/api/v1/dev/validate', headers: auth(), payload: body(FETCH_EXEC_SKILL) })).json();
    expect(v.wouldBlock).toBe(true);
    expect(v.reasons.length).toBeGreaterThan(0);
    expect(v.report.findings.some((f: { severity: string }) => ['HIGH', 'CRITICAL'].includes(f.severity))).toBe(true);
  });

  it('never reads server-local paths as a git source, and needs a credential', async () => {
    const local = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/validate',
      headers: auth(),
      payload: { category: 'SKILL', source: { type: 'git', url: '/etc', ref: 'a'.repeat(40) } },
    });
    expect(local.statusCode).toBe(400);
    expect(local.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'source.url' });
    const file = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/validate',
      headers: auth(),
      payload: { category: 'SKILL', source: { type: 'git', url: 'file:///etc', ref: 'a'.repeat(40) } },
    });
    expect(file.json().error.code).toBe('SIGMA_E_REQUEST_INVALID');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/dev/validate', payload: body(BENIGN_SKILL) })).json().error.code).toBe('SIGMA_E_AUTH_MISSING');
  });
});

describe('the development outbox is never reachable in a production configuration', () => {
  for (const [name, env] of [
    ['SMTP configured', { SIGMA_SMTP_URL: 'smtp://127.0.0.1:9' }],
    ['SIGMA_DEV_OUTBOX=off', { SIGMA_DEV_OUTBOX: 'off' }],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['a non-loopback HOST (auto)', { HOST: '0.0.0.0' }],
    ['SIGMA_DEV_OUTBOX=on but SMTP configured', { SIGMA_DEV_OUTBOX: 'on', SIGMA_SMTP_URL: 'smtp://127.0.0.1:9' }],
  ] as const) {
    it(`is absent with ${name}`, async () => {
      const p = await startTestServer({ workers: false, seed: false, env });
      try {
        expect(p.s.config.devOutbox).toBe(false);
        const r = await p.app.inject('/api/v1/dev-outbox/messages');
        expect(r.statusCode).toBe(404);
        expect(r.json().error.code).toBe('SIGMA_E_ROUTE_NOT_FOUND');
        const doc = (await p.app.inject('/openapi.json')).json();
        expect(Object.keys(doc.paths).some((k) => k.includes('dev-outbox'))).toBe(false);
      } finally {
        await p.close();
      }
    });
  }

  it('is present in the default (development) configuration', async () => {
    expect(t.s.config.devOutbox).toBe(true);
    expect((await t.app.inject('/api/v1/dev-outbox/messages')).statusCode).toBe(200);
  });

  it('needs an explicit SIGMA_DEV_OUTBOX=on on a non-loopback address', async () => {
    const { loadConfig } = await import('../src/config.js');
    expect(loadConfig({ HOST: '0.0.0.0' }).devOutbox).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', SIGMA_DEV_OUTBOX: 'on' }).devOutbox).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', SIGMA_DEV_OUTBOX: 'on', NODE_ENV: 'production' }).devOutbox).toBe(false);
    expect(loadConfig({ HOST: 'localhost' }).devOutbox).toBe(true);
  });

  it('sends codes by SMTP when configured, and writes nothing readable to the outbox', async () => {
    const smtp = await startSmtpStub();
    const p = await startTestServer({
      workers: false,
      seed: false,
      env: { SIGMA_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SIGMA_MAIL_FROM: 'SIGMA <auth@sigma.test>' },
    });
    try {
      const r = await p.app.inject({ method: 'POST', url: '/api/v1/dev/auth/code', payload: { email: 'ivan@example.com' } });
      expect(r.statusCode).toBe(200);
      expect(r.json().delivery).toBe('smtp');
      expect(smtp.messages).toHaveLength(1);
      const msg = smtp.messages[0]!;
      expect(msg).toMatch(/To: ivan@example\.com/);
      expect(msg).toMatch(/From: SIGMA <auth@sigma\.test>/);
      const code = /sign-in code: (\d{6})/.exec(msg)![1]!;
      const ok = await p.app.inject({ method: 'POST', url: '/api/v1/dev/auth/login', payload: { email: 'ivan@example.com', code } });
      expect(ok.statusCode).toBe(200);
    } finally {
      await p.close();
      await smtp.close();
    }
  });

  it('answers 503 with a catalogue code when SMTP is down', async () => {
    const p = await startTestServer({ workers: false, seed: false, env: { SIGMA_SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      const r = await p.app.inject({ method: 'POST', url: '/api/v1/dev/auth/code', payload: { email: 'judy@example.com' } });
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('SIGMA_E_MAIL_UNAVAILABLE');
    } finally {
      await p.close();
    }
  });
});

describe('API key last use', () => {
  it('is written at most once a minute however often the key is used', async () => {
    const { apiKeys } = await import('../src/db/schema/index.js');
    const { eq } = await import('drizzle-orm');
    const { tokenHash } = await import('../src/lib/secrets.js');
    const lastUsed = async () =>
      (
        await t.s.db
          .select({ at: apiKeys.lastUsedAt })
          .from(apiKeys)
          .where(eq(apiKeys.secretHash, tokenHash(t.devKey)))
      )[0]!.at;
    const use = () => t.app.inject({ url: '/api/v1/dev/submissions', headers: { authorization: `Bearer ${t.devKey}` } });
    expect((await use()).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first?.getTime()).toBe(now);
    now += 30_000;
    await use();
    expect((await lastUsed())?.getTime()).toBe(first!.getTime());
    now += 31_000;
    await use();
    expect((await lastUsed())?.getTime()).toBe(now);
  });
});
