import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '@sigma/core';
import { guardedFetch } from './guard.js';
import { createGuardPolicy } from './policy.js';
import type { GuardConfig } from './policy.js';
import { makeCert, startServer, tableResolver } from './testkit.js';
import type { TestServer } from './testkit.js';

/** Servers run on loopback, so nothing is reachable unless a test's allow-list names it. */
let target: TestServer;
let api: TestServer;

beforeAll(async () => {
  target = await startServer((_req, res) => res.end('secret internal data'));
  api = await startServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const to = u.searchParams.get('to');
    if (u.pathname === '/redirect' && to) {
      res.writeHead(Number(u.searchParams.get('status') ?? 302), { location: to });
      return res.end();
    }
    if (u.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return res.end();
    }
    if (u.pathname === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 97);
      let sent = 0;
      const pump = (): void => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (u.pathname === '/big-declared') {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      return res.write('x');
    }
    if (u.pathname === '/huge-headers') {
      res.writeHead(200, { 'x-pad': 'a'.repeat(40 * 1024) });
      return res.end('ok');
    }
    if (u.pathname === '/slow') return; // never answers
    if (u.pathname === '/drip') {
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(t));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, host: req.headers.host }));
  });
});
afterAll(async () => {
  await target.close();
  await api.close();
});

const allowApi = (extra: GuardConfig = {}, resolver = tableResolver({})) =>
  createGuardPolicy({ allowList: [`127.0.0.1:${api.port}`], totalTimeoutMs: 3_000, ...extra }, resolver);

function hits(s: TestServer): number {
  return s.requests.length;
}

describe('guardedFetch: refusals happen before anything is sent', () => {
  it('refuses a loopback server without the allow-list (0 requests) and reaches it with it', async () => {
    const before = hits(target);
    const refused = await guardedFetch(`${target.origin}/`, createGuardPolicy());
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('SIGMA_E_PROBE_ADDRESS_FORBIDDEN');
    expect(refused.error.reason).toContain('127.0.0.0/8');
    expect(isErrorCode(refused.error.code)).toBe(true);
    expect(hits(target)).toBe(before);

    const allowed = await guardedFetch(`${target.origin}/`, createGuardPolicy({ allowList: ['127.0.0.0/8'] }));
    expect(allowed.ok).toBe(true);
    if (!allowed.ok) return;
    expect(allowed.status).toBe(200);
    expect(new TextDecoder().decode(allowed.body)).toBe('secret internal data');
    expect(hits(target)).toBe(before + 1);
  });

  it.each(['2130706433', '0x7f.1', '017700000001', '127.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'])(
    'refuses the numeric form http://%s:<port>/ of loopback',
    async (host) => {
      const before = hits(target);
      const r = await guardedFetch(`http://${host}:${target.port}/`, createGuardPolicy());
      expect(r.ok || r.error.code).toBe('SIGMA_E_PROBE_ADDRESS_FORBIDDEN');
      expect(hits(target)).toBe(before);
    },
  );

  it('refuses a public-looking name that resolves to 127.0.0.1, and one with any forbidden answer', async () => {
    const resolver = tableResolver({ 'api.public-looking.example': ['127.0.0.1'], 'mixed.example': ['93.184.215.14', '127.0.0.1'] });
    const policy = createGuardPolicy({}, resolver);
    const before = hits(target);
    for (const name of ['api.public-looking.example', 'mixed.example']) {
      const r = await guardedFetch(`http://${name}:${target.port}/`, policy);
      expect(r.ok || r.error.code).toBe('SIGMA_E_PROBE_ADDRESS_FORBIDDEN');
      expect(r.ok || r.error.reason).toContain('127.0.0.1');
    }
    expect(hits(target)).toBe(before);
    expect(resolver.calls).toEqual(['api.public-looking.example', 'mixed.example']);
  });

  it('connects to the vetted address, resolving once, with the original Host and no credentials', async () => {
    const resolver = tableResolver({ 'api.test.example': ['127.0.0.1'] });
    const r = await guardedFetch(`http://api.test.example:${api.port}/hello?x=1`, allowApi({}, resolver));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(resolver.calls).toEqual(['api.test.example']);
    expect(r.remoteAddress).toBe('127.0.0.1');
    const seen = api.requests.at(-1)!;
    expect(seen.url).toBe('/hello?x=1');
    expect(seen.headers.host).toBe(`api.test.example:${api.port}`);
    expect(seen.headers['user-agent']).toMatch(/^SIGMA-Probe\//);
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['proxy-authorization']).toBeUndefined();
  });

  it('refuses URLs with credentials, other schemes, forbidden ports and unsafe methods', async () => {
    const p = allowApi();
    const cases: Array<[string, string, Parameters<typeof guardedFetch>[2]?]> = [
      [`http://user:pw@127.0.0.1:${api.port}/`, 'SIGMA_E_PROBE_URL_INVALID'],
      ['file:///etc/passwd', 'SIGMA_E_PROBE_URL_INVALID'],
      ['http://127.0.0.1:25/', 'SIGMA_E_PROBE_PORT_FORBIDDEN'],
      [`http://127.0.0.1:${api.port}/`, 'SIGMA_E_PROBE_METHOD_FORBIDDEN', { method: 'DELETE' }],
    ];
    const before = hits(api);
    for (const [url, code, opts] of cases) {
      const r = await guardedFetch(url, p, opts);
      expect(r.ok || r.error.code).toBe(code);
    }
    expect(hits(api)).toBe(before);
  });
});

describe('guardedFetch: redirects are vetted hop by hop', () => {
  it.each([
    ['loopback on another port', () => `http://127.0.0.1:${target.port}/`, 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN'],
    ['a name resolving to loopback', () => `http://rebind.example:${target.port}/`, 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN'],
    ['a decimal loopback', () => `http://2130706433:${target.port}/`, 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN'],
    ['a file URL', () => 'file:///etc/passwd', 'SIGMA_E_PROBE_URL_INVALID'],
    ['credentials', () => `http://a:b@127.0.0.1:${api.port}/`, 'SIGMA_E_PROBE_URL_INVALID'],
  ])('refuses a redirect to %s with 0 requests at the target', async (_name, to, cause) => {
    const resolver = tableResolver({ 'rebind.example': ['127.0.0.1'] });
    const before = hits(target);
    const r = await guardedFetch(`http://127.0.0.1:${api.port}/redirect?to=${encodeURIComponent(to())}`, allowApi({}, resolver));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('SIGMA_E_PROBE_REDIRECT_FORBIDDEN');
    expect(r.error.cause).toBe(cause);
    expect(r.stage).toBe('redirect');
    expect(r.redirects).toHaveLength(1);
    expect(hits(target)).toBe(before);
  });

  it('follows an allowed redirect and records the hops', async () => {
    const r = await guardedFetch(`http://127.0.0.1:${api.port}/redirect?status=301&to=/final`, allowApi());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.finalUrl).toBe(`http://127.0.0.1:${api.port}/final`);
    expect(r.redirects).toEqual([{ url: `http://127.0.0.1:${api.port}/redirect?status=301&to=/final`, status: 301 }]);
  });

  it('stops after the redirect limit and refuses off-site redirects when asked', async () => {
    const loop = await guardedFetch(`http://127.0.0.1:${api.port}/loop`, allowApi());
    expect(loop.ok || [loop.error.code, loop.redirects.length]).toEqual(['SIGMA_E_PROBE_REDIRECT_FORBIDDEN', 6]);
    const resolver = tableResolver({ 'other.example': ['127.0.0.1'] });
    const off = await guardedFetch(
      `http://127.0.0.1:${api.port}/redirect?to=${encodeURIComponent(`http://other.example:${api.port}/`)}`,
      allowApi({ allowList: [`127.0.0.1:${api.port}`] }, resolver),
      { sameSiteRedirectsOnly: true },
    );
    expect(off.ok || off.error.code).toBe('SIGMA_E_PROBE_REDIRECT_FORBIDDEN');
    expect(resolver.calls).toEqual([]);
  });
});

describe('guardedFetch: caps', () => {
  it('aborts a body over the cap while streaming, and a declared length over it at once', async () => {
    const t0 = Date.now();
    const r = await guardedFetch(`http://127.0.0.1:${api.port}/big`, allowApi({ maxBodyBytes: 64 * 1024 }));
    expect(r.ok || r.error.code).toBe('SIGMA_E_PROBE_TOO_LARGE');
    expect(r.ok || r.status).toBe(200);
    const d = await guardedFetch(`http://127.0.0.1:${api.port}/big-declared`, allowApi({ maxBodyBytes: 64 * 1024 }));
    expect(d.ok || d.error.code).toBe('SIGMA_E_PROBE_TOO_LARGE');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('refuses oversized response headers', async () => {
    const r = await guardedFetch(`http://127.0.0.1:${api.port}/huge-headers`, allowApi());
    expect(r.ok || r.error.code).toBe('SIGMA_E_PROBE_TOO_LARGE');
  });

  it('times out a server that never answers, and one that drips forever', async () => {
    for (const path of ['/slow', '/drip']) {
      const t0 = Date.now();
      const r = await guardedFetch(`http://127.0.0.1:${api.port}${path}`, allowApi({ totalTimeoutMs: 400 }));
      expect(r.ok || r.error.code).toBe('SIGMA_E_PROBE_TIMEOUT');
      expect(Date.now() - t0).toBeLessThan(5_000);
    }
  });

  it('times out a TLS handshake that never completes (connect limit)', async () => {
    const silent = net.createServer(() => {
      /* accept and say nothing */
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const r = await guardedFetch(`https://127.0.0.1:${port}/`, createGuardPolicy({ allowList: ['127.0.0.0/8'], connectTimeoutMs: 300 }));
      expect(r.ok || [r.error.code, r.error.reason]).toEqual(['SIGMA_E_PROBE_TIMEOUT', 'no connection within 300 ms']);
    } finally {
      silent.close();
    }
  });

  it('reports a refused connection', async () => {
    const s = await startServer((_q, res) => res.end());
    const port = s.port;
    await s.close();
    const r = await guardedFetch(`http://127.0.0.1:${port}/`, createGuardPolicy({ allowList: ['127.0.0.0/8'] }));
    expect(r.ok || r.error.code).toBe('SIGMA_E_PROBE_CONNECT_FAILED');
  });
});

describe('guardedFetch: TLS', () => {
  it('accepts a certificate from a trusted CA for the URL name and refuses self-signed, expired and wrong-name ones', async () => {
    const ca = makeCert({ names: [], isCa: true });
    const good = makeCert({ names: ['api.test.example'], ca });
    const expired = makeCert({
      names: ['api.test.example'],
      ca,
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const selfSigned = makeCert({ names: ['api.test.example'] });
    const resolver = tableResolver({ 'api.test.example': ['127.0.0.1'], 'other.test.example': ['127.0.0.1'] });
    const policy = createGuardPolicy({ allowList: ['127.0.0.0/8'], extraCaPem: [ca.certPem] }, resolver);
    const expectations: Array<[typeof good, string, string | null]> = [
      [good, 'api.test.example', null],
      [good, 'other.test.example', 'ERR_TLS_CERT_ALTNAME_INVALID'],
      [expired, 'api.test.example', 'CERT_HAS_EXPIRED'],
      [selfSigned, 'api.test.example', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ];
    for (const [cert, name, error] of expectations) {
      const s = await startServer((_q, res) => res.end('tls ok'), { key: cert.keyPem, cert: cert.certPem });
      try {
        const r = await guardedFetch(`https://${name}:${s.port}/`, policy);
        if (error === null) {
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.tls).toMatchObject({ valid: true, error: null, subject: 'api.test.example', issuer: 'SIGMA test CA' });
          expect(r.tls!.daysRemaining).toBeGreaterThanOrEqual(28);
          expect(s.requests).toHaveLength(1);
        } else {
          expect(r.ok || [r.error.code, r.tls?.valid, r.tls?.error]).toEqual(['SIGMA_E_PROBE_TLS_INVALID', false, error]);
          expect(s.requests).toHaveLength(0);
        }
      } finally {
        await s.close();
      }
    }
  });
});
