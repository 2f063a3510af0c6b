import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateSnapshot, EndpointReview, Finding, ProbedEndpointReview } from '@sigma/core';
import type { EndpointProbeResult, Manifest } from '@sigma/core';
import { sampleSnapshot } from '@sigma/core/testing';
import { analyze } from '../analyze.js';
import { parseFrontMatter } from '../manifest/front-matter.js';
import { apiDisclaimer } from './disclaimer.js';
import { createGuardPolicy } from './policy.js';
import type { GuardPolicy } from './policy.js';
import { probeEndpoints } from './probe.js';
import { makeCert, startServer, tableResolver } from './testkit.js';
import type { TestServer } from './testkit.js';

let api: TestServer;
let badTls: TestServer;
let sandbox: TestServer;
let policy: GuardPolicy;
let A: string;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  const ca = makeCert({ names: [], isCa: true });
  const cert = makeCert({ names: ['api.test.example', 'other.test.example'], ca });
  const selfSigned = makeCert({ names: ['bad-tls.test.example'] });
  api = await startServer(
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/v1/items') return json(res, 200, { items: [{ id: 1 }], count: 1 });
      if (path === '/v1/private') return json(res, 401, { error: 'unauthorized' });
      if (path === '/v1/shape') return json(res, 200, { name: 7 });
      if (path === '/v1/open') return json(res, 200, { data: [] });
      if (path === '/v1/gone') return json(res, 404, { error: 'not found' });
      if (path === '/v1/moved') {
        res.writeHead(302, { location: `https://other.test.example:${api.port}/v1/items` });
        return res.end();
      }
      if (path === '/v1/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      }
      res.writeHead(500).end();
    },
    { key: cert.keyPem, cert: cert.certPem },
  );
  badTls = await startServer((_q, res) => json(res, 200, {}), { key: selfSigned.keyPem, cert: selfSigned.certPem });
  sandbox = await startServer((req, res) => json(res, 200, { method: req.method, path: req.url }));
  A = `https://api.test.example:${api.port}`;
  const resolver = tableResolver({
    'api.test.example': ['127.0.0.1'],
    'other.test.example': ['127.0.0.1'],
    'bad-tls.test.example': ['127.0.0.1'],
    'sandbox.test.example': ['127.0.0.1'],
  });
  // Only these three loopback ports are allowed; 10.0.0.5 and the metadata address are not.
  policy = createGuardPolicy(
    { allowList: [`127.0.0.1:${api.port}`, `127.0.0.1:${badTls.port}`, `127.0.0.1:${sandbox.port}`], extraCaPem: [ca.certPem], totalTimeoutMs: 3_000 },
    resolver,
  );
});
afterAll(async () => {
  await Promise.all([api.close(), badTls.close(), sandbox.close()]);
});

function manifestOf(calls: Array<{ url: string; method?: string; auth?: string }>): Manifest {
  return {
    name: 'probe-test',
    version: '1.0.0',
    description: null,
    safety: { network: 'outbound', filesystem: 'none' },
    capabilities: ['network'],
    externalCalls: calls.map((c) => ({ url: c.url, method: c.method ?? 'GET', auth: c.auth ?? 'none', reason: 'test' })),
    hosts: ['docs.test.example'],
    urls: ['https://docs.test.example/guide'],
    declared: { safety: true, capabilities: true, externalCalls: true },
  };
}

const byUrl = (r: { declaredEndpoints: EndpointProbeResult[] }, suffix: string, method = 'GET') =>
  r.declaredEndpoints.find((e) => e.url.endsWith(suffix) && e.method === method)!;

describe('probeEndpoints', () => {
  it('probes declared endpoints read-only and reports each result, finding and skip', async () => {
    const calls = [
      { url: `${A}/v1/items` },
      { url: `${A}/v1/private` },
      { url: `${A}/v1/shape` },
      { url: `${A}/v1/open`, auth: 'bearer' },
      { url: `${A}/v1/gone` },
      { url: `${A}/v1/moved` },
      { url: `${A}/v1/to-metadata` },
      { url: `${A}/v1/items/1`, method: 'DELETE' },
      { url: `${A}/v1/items/{id}` },
      { url: `https://bad-tls.test.example:${badTls.port}/` },
      { url: 'http://10.0.0.5/internal' },
    ];
    const frontMatter = {
      externalCalls: [
        {
          url: `${A}/v1/items`,
          method: 'GET',
          response: { type: 'object', required: ['items'], properties: { items: { type: 'array' }, count: { type: 'integer' } } },
        },
        { url: `${A}/v1/shape`, response: { name: 'string', id: 'number' } },
      ],
    };
    const before = api.requests.length;
    const { endpointReview: r, findings } = await probeEndpoints(
      { manifest: manifestOf(calls), frontMatter },
      { policy, now: () => new Date('2026-12-02T10:00:00Z') },
    );

    expect(ProbedEndpointReview.parse(r)).toEqual(r);
    for (const f of findings) Finding.parse(f);
    expect(r.analyzedAt).toBe('2026-12-02T10:00:00.000Z');
    expect(r.analysisMode).toBe('READ_ONLY');
    expect(r.declaredEndpoints).toHaveLength(calls.length);

    const items = byUrl(r, '/v1/items');
    expect(items).toMatchObject({
      outcome: 'PASSED',
      status: 200,
      statusClass: '2xx',
      authRequired: false,
      authDeclared: false,
      contentType: 'application/json',
    });
    expect(items.tls).toMatchObject({ valid: true, subject: 'api.test.example' });
    expect(items.shape).toEqual({ type: 'object', keys: ['count', 'items'], itemType: null });
    expect(items.shapeCheck).toEqual({ declared: true, matches: true, problems: [] });
    expect(items.latencyMs).toBeGreaterThanOrEqual(0);

    const rule = (e: EndpointProbeResult) => findings.filter((f) => e.findingIds.includes(f.id)).map((f) => f.ruleId);
    expect(rule(byUrl(r, '/v1/private'))).toEqual(['PROBE_AUTH_UNDECLARED']);
    expect(byUrl(r, '/v1/private').authRequired).toBe(true);
    expect(byUrl(r, '/v1/shape').shapeCheck.problems).toEqual(['key "id" is missing', 'key "name" is number, declared string']);
    expect(rule(byUrl(r, '/v1/shape'))).toEqual(['PROBE_SHAPE_MISMATCH']);
    expect(rule(byUrl(r, '/v1/open'))).toEqual(['PROBE_AUTH_NOT_ENFORCED']);
    expect(rule(byUrl(r, '/v1/gone'))).toEqual(['PROBE_ENDPOINT_MISSING']);

    const moved = byUrl(r, '/v1/moved');
    expect(moved.redirects).toEqual([{ url: `${A}/v1/moved`, status: 302 }]);
    expect(moved.finalUrl).toBe(`https://other.test.example:${api.port}/v1/items`);
    expect(rule(moved)).toEqual(['PROBE_REDIRECT_UNDECLARED_HOST']);

    const meta = byUrl(r, '/v1/to-metadata');
    expect(meta).toMatchObject({ outcome: 'FAILED', error: { code: 'SIGMA_E_PROBE_REDIRECT_FORBIDDEN', cause: 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN' } });
    expect(findings.find((f) => meta.findingIds.includes(f.id))).toMatchObject({ ruleId: 'PROBE_REDIRECT_REFUSED', severity: 'HIGH' });

    const tls = byUrl(r, `${badTls.port}/`);
    expect(tls).toMatchObject({ outcome: 'FAILED', tls: { valid: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, error: { code: 'SIGMA_E_PROBE_TLS_INVALID' } });
    expect(badTls.requests).toHaveLength(0);

    const internal = byUrl(r, '/internal');
    expect(internal).toMatchObject({ outcome: 'REFUSED', error: { code: 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN' }, status: null });
    expect(rule(internal)).toContain('PROBE_ENDPOINT_REFUSED');

    expect(r.skippedEndpoints).toEqual([
      { path: `DELETE ${A}/v1/items/1`, reason: 'DELETE is not read-only; skipped because no sandbox base URL was given' },
      { path: `GET ${A}/v1/items/{id}`, reason: 'the URL has a template parameter {id} and no example value' },
    ]);
    // Nothing but read-only methods reached the API, once per probed endpoint (+1 for the followed redirect).
    const sent = api.requests.slice(before);
    expect(new Set(sent.map((q) => q.method))).toEqual(new Set(['GET']));
    expect(sent).toHaveLength(8);

    expect(r.endpointStatus).toBe('PARTIAL');
    expect(r.highestSeverity).toBe('HIGH');
    expect(r.approvalBlocked).toBe(true);
    expect(r.observedHosts).toEqual(['api.test.example', 'docs.test.example', 'other.test.example']);
    expect(r.observedUrls).toContain(`https://other.test.example:${api.port}/v1/items`);
    expect(r.observedUrls).toContain('https://docs.test.example/guide');

    // The sealed certificate schema keeps every per-endpoint field.
    const snap = CertificateSnapshot.parse(sampleSnapshot({ productType: 'SKILL_API', endpointReview: r }));
    expect(snap.endpointReview).toEqual(r);
    expect(EndpointReview.parse(r).declaredEndpoints).toEqual(r.declaredEndpoints);
  });

  it('passes a clean API, and sends non-read-only methods only to the sandbox base URL', async () => {
    const calls = [{ url: `${A}/v1/items` }, { url: `${A}/v1/items/7?force=1`, method: 'DELETE' }];
    const before = api.requests.length;
    const { endpointReview: r, findings } = await probeEndpoints(
      { manifest: manifestOf(calls) },
      { policy, sandboxBaseUrl: `http://sandbox.test.example:${sandbox.port}/sbx/` },
    );
    expect(r.analysisMode).toBe('SANDBOX');
    expect(findings).toEqual([]);
    expect(r).toMatchObject({ endpointStatus: 'PASSED', approvalBlocked: false, highestSeverity: null, skippedEndpoints: [] });
    const del = byUrl(r, '/v1/items/7?force=1', 'DELETE');
    expect(del).toMatchObject({ outcome: 'PASSED', probeMethod: 'DELETE', probeUrl: `http://sandbox.test.example:${sandbox.port}/sbx/v1/items/7?force=1` });
    expect(sandbox.requests.map((q) => [q.method, q.url])).toEqual([['DELETE', '/sbx/v1/items/7?force=1']]);
    expect(api.requests.slice(before).map((q) => q.method)).toEqual(['GET']);
  });

  it('is SKIPPED when nothing is probed (offline, or nothing declared) and says so in the disclaimer', async () => {
    const manifest = manifestOf([{ url: `${A}/v1/items` }]);
    const before = api.requests.length;
    const { endpointReview: r } = await probeEndpoints({ manifest }, { policy, offline: true });
    expect(r).toMatchObject({ analysisMode: 'OFFLINE', endpointStatus: 'SKIPPED', approvalBlocked: false });
    expect(api.requests.length).toBe(before);
    expect(apiDisclaimer({ manifest, endpointReview: r })).toMatch(/did not probe its endpoints live/);
    const none = await probeEndpoints({ manifest: { ...manifestOf([]), safety: { network: 'none', filesystem: 'none' }, urls: [], hosts: [] } }, { policy });
    expect(none.endpointReview.endpointStatus).toBe('SKIPPED');
    expect(apiDisclaimer({ manifest: { ...manifestOf([]), safety: { network: 'none', filesystem: 'none' }, urls: [] } })).toBeNull();
  });

  it('FAILED and approval blocked when every endpoint fails', async () => {
    const { endpointReview: r } = await probeEndpoints({ manifest: manifestOf([{ url: 'http://10.0.0.5/internal' }, { url: `${A}/v1/gone` }]) }, { policy });
    expect(r).toMatchObject({ endpointStatus: 'FAILED', approvalBlocked: true });
  });

  it('reads endpoints and response schemas from a real SKILL.md through the evidence engine', async () => {
    const text = [
      '---',
      'name: items-api',
      'description: Lists items from the items API.',
      'safety: { network: outbound, filesystem: none }',
      'externalCalls:',
      `  - url: ${A}/v1/items`,
      '    method: GET',
      '    auth: none',
      '    reason: list items',
      '    response: { type: object, required: [items, total] }',
      '---',
      `# Items\n\nCall ${A}/v1/items to list items.\n`,
    ].join('\n');
    const report = await analyze([{ path: 'SKILL.md', bytes: new TextEncoder().encode(text) }]);
    const { endpointReview: r, findings } = await probeEndpoints({ manifest: report.manifest, frontMatter: parseFrontMatter(text).data }, { policy });
    expect(r.declaredEndpoints).toHaveLength(1);
    expect(r.declaredEndpoints[0]).toMatchObject({
      declaredFrom: 'front-matter',
      outcome: 'FAILED',
      shapeCheck: { matches: false, problems: ['key "total" is missing'] },
    });
    expect(findings.map((f) => f.ruleId)).toEqual(['PROBE_SHAPE_MISMATCH']);
    const disclaimer = apiDisclaimer({ manifest: report.manifest, endpointReview: r, monitoring: { checkedAt: '2026-12-03T00:00:00Z', ok: true } })!;
    expect(disclaimer).toContain('to api.test.example');
    expect(disclaimer).toContain('probed 1 declared endpoint read-only');
    expect(disclaimer).toContain('(2026-12-03) found no change');
  });
});
