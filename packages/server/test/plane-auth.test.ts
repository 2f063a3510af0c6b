import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

// Each plane is a Fastify plugin whose credential hook covers everything registered inside its
// scope: walk every documented route of the three credentialed planes and send no credential.
const PUBLIC = new Set([
  'POST /api/v1/dev/auth/code',
  'POST /api/v1/dev/auth/login',
  'POST /api/v1/operator/auth/login',
  'POST /api/v1/sigma/agent/auth/challenge',
  'POST /api/v1/sigma/agent/auth/verify',
]);
const PLANES = ['/api/v1/dev/', '/api/v1/operator/', '/api/v1/sigma/agent/'];

describe('plane encapsulation', () => {
  let t: TestServer;
  let routes: string[];
  beforeAll(async () => {
    t = await startTestServer({ workers: false, seed: false });
    const doc = (await t.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths)
      .filter(([p]) => PLANES.some((x) => p.startsWith(x)))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  });
  afterAll(async () => t?.close());

  it('answers SIGMA_E_AUTH_MISSING on every credentialed route, and lets exactly the sign-in routes through', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const open: string[] = [];
    for (const r of routes) {
      const [method, path] = r.split(' ') as [string, string];
      const url = path.replace(/\{[^}]+\}/g, '0123456789abcdef01234567');
      const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
      if (res.statusCode === 401) expect(res.json().error.code, r).toBe('SIGMA_E_AUTH_MISSING');
      else open.push(r);
    }
    expect(open.sort()).toEqual([...PUBLIC].sort());
  });
});
