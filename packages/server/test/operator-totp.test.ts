import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/lib/clock.js';
import { startTestServer, TEST_OPERATOR, type TestServer } from './harness.js';

let now = Date.parse('2026-12-01T10:00:05Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ workers: false, clock, env: { SIGMA_OPERATOR_TOTP: 'required' } });
});
afterAll(async () => t?.close());

const codeAt = (secret: string, at: number) =>
  new TOTP({ issuer: 'SIGMA', label: TEST_OPERATOR.email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({
    timestamp: at,
  });
const login = (totp?: string) => t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: { ...TEST_OPERATOR, ...(totp ? { totp } : {}) } });

describe('operator TOTP codes are good once (RFC 6238 §5.2)', () => {
  it('refuses the enrolment code, a replayed code and an older code after a newer one; accepts each new code once', async () => {
    const first = await login();
    expect(first.json().stage).toBe('enroll');
    const auth = { authorization: `Bearer ${first.json().token}` };
    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/totp/enroll', headers: auth })).json();
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/totp/confirm', headers: auth, payload: { secret, code: codeAt(secret, now) } })).json(),
    ).toEqual({ ok: true });

    // The code that confirmed enrolment cannot also sign in.
    const reused = await login(codeAt(secret, now));
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('SIGMA_E_AUTH_INVALID');

    now += 30_000;
    const code = codeAt(secret, now);
    const ok = await login(code);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().stage).toBe('full');
    // The same code again, still within its window: refused.
    expect((await login(code)).statusCode).toBe(401);

    now += 30_000;
    // The previous step's code is still inside the ±1 step window, but older than the last used: refused.
    expect((await login(code)).statusCode).toBe(401);
    expect((await login(codeAt(secret, now))).statusCode).toBe(200);
    // A wrong code is refused as before.
    const wrong = codeAt(secret, now + 10 * 30_000);
    expect((await login(wrong === codeAt(secret, now) ? '000000' : wrong)).statusCode).toBe(401);
  });
});
