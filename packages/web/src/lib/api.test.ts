import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, api, apiUrl, errorFromResponse, type BodyOf, type Get } from './api';

/**
 * The client against a real HTTP server on loopback. The page's origin is the one thing a browser adds
 * that Node does not: `fetch` is given the server's origin in front of the same-origin path.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
let answer: { status: number; body: string; type?: string } = { status: 200, body: '{}' };
let server: Server;
let origin = '';
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  vi.unstubAllGlobals();
  seen.length = 0;
  answer = { status: 200, body: '{}' };
});
const sameOrigin = () => vi.stubGlobal('fetch', (url: string, init?: RequestInit) => realFetch(`${origin}${url}`, init));

describe('api client', () => {
  it('turns catalogue errors into ApiError with code, message and field', async () => {
    const e = await errorFromResponse(
      new Response(JSON.stringify({ error: { code: 'SIGMA_E_REQUEST_INVALID', message: 'email: Invalid email', field: 'email' } }), { status: 400 }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', message: 'email: Invalid email', field: 'email', status: 400 });
  });

  it('keeps the details of an error (insufficient credits carries balance and price)', async () => {
    sameOrigin();
    answer = {
      status: 402,
      body: JSON.stringify({
        error: {
          code: 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS',
          message: 'The price is 100 credits; the balance is 40.',
          field: 'payment',
          details: { balance: 40, price: 100 },
        },
      }),
    };
    await expect(api.post('/api/v1/dev/submissions', { body: { category: 'SKILL', source: { type: 'upload', files: [] } } })).rejects.toMatchObject({
      code: 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS',
      status: 402,
      field: 'payment',
      details: { balance: 40, price: 100 },
    });
  });

  it('still explains a non-JSON failure', async () => {
    sameOrigin();
    answer = { status: 502, body: 'upstream down', type: 'text/plain' };
    const e = (await api.get('/api/v1/public/stats').catch((err: unknown) => err)) as ApiError;
    expect(e.code).toBe('HTTP_ERROR');
    expect(e.message).toContain('502');
    expect(e.message).toContain('upstream down');
  });

  it('sends the CSRF header on writes only, JSON bodies, and cookies to this origin only', async () => {
    const inits: RequestInit[] = [];
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      inits.push(init);
      return realFetch(`${origin}${url}`, init);
    });
    await api.get('/api/v1/dev/me');
    await api.post('/api/v1/dev/api-keys', { body: { name: 'x' } });
    await api.delete('/api/v1/dev/api-keys/{id}', { path: { id: 'k1' } });
    const [get, post, del] = seen;
    expect(get).toMatchObject({ method: 'GET', url: '/api/v1/dev/me' });
    expect(get!.headers['x-sigma-csrf']).toBeUndefined();
    expect(post).toMatchObject({ method: 'POST', url: '/api/v1/dev/api-keys', body: '{"name":"x"}' });
    expect(post!.headers['x-sigma-csrf']).toBe('1');
    expect(post!.headers['content-type']).toBe('application/json');
    expect(del).toMatchObject({ method: 'DELETE', url: '/api/v1/dev/api-keys/k1' });
    expect(del!.headers['x-sigma-csrf']).toBe('1');
    expect(inits.every((i) => i.credentials === 'same-origin')).toBe(true);
  });

  it('fills path parameters (encoded) and the query from defined values only', async () => {
    expect(apiUrl('/api/v1/public/certificates/{id}/verify', { path: { id: 'a/b c' } })).toBe('/api/v1/public/certificates/a%2Fb%20c/verify');
    expect(apiUrl('/api/v1/operator/flags', { query: { status: undefined } })).toBe('/api/v1/operator/flags');
    expect(apiUrl('/api/v1/operator/usage', { query: { groupBy: 'day', from: '2026-11-01T00:00:00.000Z', to: null } })).toBe(
      '/api/v1/operator/usage?groupBy=day&from=2026-11-01T00%3A00%3A00.000Z',
    );
    expect(() => apiUrl('/api/v1/dev/submissions/{id}', { path: {} })).toThrow(/no value for \{id\}/);
    sameOrigin();
    answer = { status: 200, body: JSON.stringify({ credits: 5, usdcEquivalent: '0.05', creditsPerUsdc: 100, history: [] }) };
    const v = await api.get('/api/v1/dev/credits', { query: { limit: 1 } });
    expect(seen[0]!.url).toBe('/api/v1/dev/credits?limit=1');
    expect(v.credits).toBe(5);
  });

  it('reports an unreachable server as a readable error', async () => {
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) => realFetch(`http://127.0.0.1:9${url}`, init));
    await expect(api.get('/api/v1/public/stats')).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringMatching(/Could not reach/) });
  });

  it('types paths, parameters, bodies and answers from the OpenAPI document', () => {
    // Compile-time checks (`npm run typecheck`): each @ts-expect-error line must be an error.
    const typed = (_: () => unknown) => undefined;
    typed(() => api.get('/api/v1/public/certificates/{id}', { path: { id: 'x' } }));
    // @ts-expect-error a path parameter is required
    typed(() => api.get('/api/v1/public/certificates/{id}'));
    // @ts-expect-error not a path of the document
    typed(() => api.get('/api/v1/public/nope'));
    // @ts-expect-error no such method on this path
    typed(() => api.put('/api/v1/public/stats'));
    // @ts-expect-error the body has the document's shape
    typed(() => api.post('/api/v1/dev/api-keys', { body: { title: 'x' } }));
    // @ts-expect-error query parameters have the document's types
    typed(() => api.get('/api/v1/dev/credits', { query: { limit: 'ten' } }));
    const stats: Get<'/api/v1/public/stats'> = { certificatesIssued: 1, findingsAboveMedium: 0, activeValidators: 3, startingPriceUsd: null };
    // @ts-expect-error answers have the document's field types
    const wrong: Get<'/api/v1/public/stats'> = { ...stats, certificatesIssued: '1' };
    const body: BodyOf<'post', '/api/v1/dev/auth/code'> = { email: 'a@b.c' };
    expect([stats.activeValidators, wrong, body.email]).toHaveLength(3);
  });
});
