import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointReview, MonitoringCheck } from '@sigma/core';
import type { Manifest } from '@sigma/core';
import { monitorEndpoints } from './monitor.js';
import { createGuardPolicy } from './policy.js';
import type { GuardPolicy } from './policy.js';
import { probeEndpoints } from './probe.js';
import { startServer, tableResolver } from './testkit.js';
import type { TestServer } from './testkit.js';

/** A real API whose behaviour the test changes between certification and monitoring. */
const state = { itemsStatus: 200, itemsBody: { items: [1], total: 1 } as unknown, privateStatus: 401, moveTo: '/v1/items' };
let api: TestServer;
let policy: GuardPolicy;
let origin: string;

beforeAll(async () => {
  api = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/v1/items') {
      res.writeHead(state.itemsStatus, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(state.itemsBody));
    }
    if (path === '/v1/private') return res.writeHead(state.privateStatus, { 'content-type': 'application/json' }).end('{}');
    if (path === '/v1/moved') return res.writeHead(302, { location: state.moveTo }).end();
    res.writeHead(404).end();
  });
  origin = `http://api.mon.example:${api.port}`;
  policy = createGuardPolicy(
    { allowList: [`127.0.0.1:${api.port}`], totalTimeoutMs: 2_000 },
    tableResolver({ 'api.mon.example': ['127.0.0.1'], 'elsewhere.mon.example': ['127.0.0.1'] }),
  );
});
afterAll(() => api.close());

function manifest(): Manifest {
  const call = (path: string, method = 'GET', auth = 'none') => ({ url: `${origin}${path}`, method, auth, reason: 'test' });
  return {
    name: 'm',
    version: '1',
    description: null,
    safety: { network: 'outbound', filesystem: 'none' },
    capabilities: ['network'],
    externalCalls: [call('/v1/items'), call('/v1/private', 'GET', 'bearer'), call('/v1/moved'), call('/v1/items', 'POST')],
    hosts: [],
    urls: [],
    declared: { safety: true, capabilities: true, externalCalls: true },
  };
}

async function certify(): Promise<EndpointReview> {
  const { endpointReview } = await probeEndpoints({ manifest: manifest() }, { policy });
  // What the server stores and reads back: the sealed (loosely typed) shape.
  return EndpointReview.parse(JSON.parse(JSON.stringify(endpointReview)));
}

describe('monitorEndpoints', () => {
  it('is ok when nothing changed, and never re-sends a method that changes data', async () => {
    const certified = await certify();
    const before = api.requests.length;
    const check = await monitorEndpoints(certified, { policy, now: () => new Date('2026-12-05T00:00:00Z') });
    expect(MonitoringCheck.parse(check)).toEqual(check);
    expect(check).toMatchObject({ ok: true, drift: [], failures: [], checkedAt: '2026-12-05T00:00:00.000Z' });
    expect(check.notCompared).toEqual([
      { endpoint: `POST ${origin}/v1/items`, reason: 'skipped at certification: POST is not read-only; skipped because no sandbox base URL was given' },
    ]);
    expect(check.endpoints).toHaveLength(3);
    expect(api.requests.slice(before).every((q) => q.method === 'GET')).toBe(true);
  });

  it('reports status, auth, shape and host drift', async () => {
    const certified = await certify();
    Object.assign(state, { itemsBody: { results: [] }, privateStatus: 200, moveTo: `http://elsewhere.mon.example:${api.port}/v1/items` });
    try {
      const check = await monitorEndpoints(certified, { policy });
      expect(check.ok).toBe(false);
      expect(check.failures).toEqual([]);
      expect(check.drift.map((d) => [d.endpoint.replace(origin, ''), d.kind])).toEqual([
        ['GET /v1/items', 'SHAPE'],
        ['GET /v1/private', 'STATUS_CLASS'],
        ['GET /v1/private', 'AUTH'],
        ['GET /v1/moved', 'SHAPE'],
        ['GET /v1/moved', 'HOST'],
      ]);
      expect(check.drift[0]!.detail).toBe('keys no longer returned: items, total');
      expect(check.drift.find((d) => d.kind === 'HOST')).toMatchObject({ certified: 'api.mon.example', current: 'elsewhere.mon.example' });
      state.itemsStatus = 503;
      const down = await monitorEndpoints(certified, { policy });
      expect(down.drift.find((d) => d.endpoint.endsWith('/v1/items') && d.kind === 'STATUS_CLASS')).toMatchObject({ certified: '200', current: '503' });
    } finally {
      Object.assign(state, { itemsStatus: 200, itemsBody: { items: [1], total: 1 }, privateStatus: 401, moveTo: '/v1/items' });
    }
  });

  it('reports a failure when a certified endpoint is now unreachable or now resolves to a forbidden address', async () => {
    const certified = await certify();
    const dark = createGuardPolicy({ allowList: [`127.0.0.1:${api.port}`], totalTimeoutMs: 1_000 }, tableResolver({}));
    const gone = await monitorEndpoints(certified, { policy: dark });
    expect(gone.ok).toBe(false);
    expect(gone.failures.map((f) => f.code)).toEqual(['SIGMA_E_PROBE_RESOLVE_FAILED', 'SIGMA_E_PROBE_RESOLVE_FAILED', 'SIGMA_E_PROBE_RESOLVE_FAILED']);
    const before = api.requests.length;
    const rebound = await monitorEndpoints(certified, { policy: createGuardPolicy({}, tableResolver({ 'api.mon.example': ['127.0.0.1'] })) });
    expect(rebound.failures.map((f) => f.code)).toEqual(Array(3).fill('SIGMA_E_PROBE_ADDRESS_FORBIDDEN'));
    expect(api.requests.length).toBe(before);
  });

  it('lists entries without a baseline as not compared', async () => {
    const legacy = EndpointReview.parse({
      analyzedAt: '2026-01-01T00:00:00Z',
      analysisMode: 'READ_ONLY',
      declaredEndpoints: [{ method: 'GET', url: 'https://old.example/' }],
      observedUrls: [],
      observedHosts: [],
      skippedEndpoints: [],
      endpointStatus: 'PASSED',
      highestSeverity: null,
      approvalBlocked: false,
    });
    const check = await monitorEndpoints(legacy, { policy });
    expect(check).toMatchObject({
      ok: true,
      endpoints: [],
      notCompared: [{ endpoint: 'GET https://old.example/', reason: 'the certified entry has no probe baseline' }],
    });
  });
});
