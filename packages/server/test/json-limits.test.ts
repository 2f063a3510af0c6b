import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonShapeProblem } from '../src/lib/json-limits.js';
import { b64, startTestServer, TEST_OPERATOR, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('jsonShapeProblem', () => {
  const limits = { maxDepth: 3, maxKeys: 3 };
  it.each([
    ['{"a":[1,{"b":2}]}', null],
    ['[[[]]]', null],
    ['[[[[]]]]', 'depth'],
    ['{"a":{"b":{"c":{}}}}', 'depth'],
    ['{"a":1,"b":2,"c":3}', null],
    ['{"a":1,"b":2,"c":3,"d":4}', 'keys'],
    // brackets, colons and escaped quotes inside strings are text, not structure
    ['{"a":"[[[[{{{{::::"}', null],
    ['{"a":"\\"[[[[[[\\"","b":"x\\\\"}', null],
    ['["\\\\",[[[]]]]', 'depth'],
  ])('%s → %s', (text, problem) => {
    expect(jsonShapeProblem(text, limits)).toBe(problem);
  });
});

// A 5,000-level nested body on each plane: refused before parsing, with the catalogued code.
describe('request JSON limits on every plane', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ workers: false });
  });
  afterAll(async () => t?.close());

  const skill = { category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] }, devNotes: '' };
  const routes = () => [
    { plane: 'public', url: '/api/v1/public/certificates/0123456789abcdef01234567/flags', headers: {}, body: { reason: 'x' } },
    { plane: 'dev', url: '/api/v1/dev/submissions', headers: { authorization: `Bearer ${t.devKey}` }, body: skill },
    { plane: 'operator', url: '/api/v1/operator/auth/login', headers: {}, body: { email: TEST_OPERATOR.email, password: TEST_OPERATOR.password } },
    { plane: 'agent', url: '/api/v1/sigma/agent/auth/challenge', headers: {}, body: { address: `0x${'1'.repeat(40)}` } },
  ];

  it('refuses a body nested 5,000 deep with SIGMA_E_REQUEST_TOO_DEEP on each plane', async () => {
    for (const r of routes()) {
      const payload = JSON.stringify(r.body).replace(/\}$/, `,"extra":${nested(5000)}}`);
      const res = await t.app.inject({ method: 'POST', url: r.url, headers: { ...r.headers, 'content-type': 'application/json' }, payload });
      expect([r.plane, res.statusCode, res.json().error?.code]).toEqual([r.plane, 400, 'SIGMA_E_REQUEST_TOO_DEEP']);
    }
  });

  it('refuses more than 10,000 keys with SIGMA_E_REQUEST_TOO_MANY_KEYS', async () => {
    const extra = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, 0]));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { authorization: `Bearer ${t.devKey}` },
      payload: { ...skill, extra },
    });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'SIGMA_E_REQUEST_TOO_MANY_KEYS']);
  });

  it('accepts a body within the limits (the same request, nested 60 deep)', async () => {
    const payload = JSON.stringify(skill).replace(/\}$/, `,"extra":${nested(60)}}`);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { authorization: `Bearer ${t.devKey}`, 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(201);
    // Prototype poisoning is still refused by Fastify's own parser behind the limits.
    const poisoned = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sigma/agent/auth/challenge',
      headers: { 'content-type': 'application/json' },
      payload: '{"address":"0x1111111111111111111111111111111111111111","__proto__":{"x":1}}',
    });
    expect(poisoned.statusCode).toBe(400);
  });
});
