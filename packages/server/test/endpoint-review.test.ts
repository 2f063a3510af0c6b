import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateSnapshot, ProbedEndpointReview } from '@sigma/core';
import { evidenceReports } from '../src/db/schema/index.js';
import { b64, startTestServer, submitAndSettle, type TestServer } from './harness.js';

/**
 * Issue 15 item 1: API and SKILL_API submissions through the real API. The declared endpoints are
 * probed read-only through the outbound guard: an allow-listed loopback API is reviewed and the
 * certificate carries its endpointReview; a loopback API the operator did not allow-list is refused
 * by the guard before anything is sent (its server counts zero requests) and blocks approval.
 */

interface Api {
  server: Server;
  port: number;
  seen: Array<{ method: string; url: string; authorization: string | undefined }>;
}

async function startApi(): Promise<Api> {
  const seen: Api['seen'] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    if (req.url === '/v1/items') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [{ id: 1 }], total: 1 }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

const skill = (name: string, port: number) =>
  [
    '---',
    `name: ${name}`,
    'description: Lists the items of the inventory service and shows them as a table.',
    'version: 1.0.0',
    'externalCalls:',
    `  - url: http://127.0.0.1:${port}/v1/items`,
    '    method: GET',
    '    auth: none',
    '    reason: list the inventory items',
    '    response: { type: object, required: [items, total] }',
    `  - url: http://127.0.0.1:${port}/v1/items`,
    '    method: DELETE',
    '    auth: none',
    '    reason: remove an item when the user asks',
    '---',
    '# Inventory',
    '',
    `When the user asks for the inventory, call GET http://127.0.0.1:${port}/v1/items and show the items as a table.`,
    '',
  ].join('\n');

let t: TestServer;
let allowed: Api;
let other: Api;
const upload = (text: string) => ({ type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] });
const storedReport = async (id: string) => (await t.s.db.select().from(evidenceReports).where(eq(evidenceReports.submissionId, id)))[0]!.report;

beforeAll(async () => {
  allowed = await startApi();
  other = await startApi();
  t = await startTestServer({ env: { SIGMA_PROBE_ALLOW_LIST: `127.0.0.1:${allowed.port}`, SIGMA_PROBE_TIMEOUT_MS: '5000' } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  allowed?.server.close();
  other?.server.close();
});

describe('API* submissions: the endpoint review', () => {
  it('a SKILL_API against an allow-listed loopback API is APPROVED with its endpointReview; DELETE is skipped, never sent', async () => {
    const v = await submitAndSettle(t, { category: 'SKILL_API', source: upload(skill('inventory-table', allowed.port)) });
    expect(v.status, JSON.stringify(v.reasons)).toBe('APPROVED');
    const review = ProbedEndpointReview.parse((await storedReport(v.submissionId)).endpointReview);
    expect(review.analysisMode).toBe('READ_ONLY');
    // The GET passed; the DELETE was not sent (no sandbox base URL), so the review is PARTIAL.
    expect(review.endpointStatus).toBe('PARTIAL');
    expect(review.approvalBlocked).toBe(false);
    const get = review.declaredEndpoints.find((e) => e.method === 'GET')!;
    expect(get).toMatchObject({ outcome: 'PASSED', status: 200, shapeCheck: { declared: true, matches: true } });
    expect(review.skippedEndpoints).toEqual([expect.objectContaining({ reason: expect.stringContaining('DELETE is not read-only') })]);
    // Only read-only requests reached the API, and no credentials were forwarded.
    expect(allowed.seen.length).toBeGreaterThan(0);
    expect(allowed.seen.every((r) => r.method === 'GET' && r.authorization === undefined)).toBe(true);

    const rec = (await t.app.inject(`/api/v1/public/certificates/${v.certificateId}`)).json();
    const snap = CertificateSnapshot.parse(rec.snapshot);
    expect(snap.productType).toBe('SKILL_API');
    expect(snap.endpointReview).toMatchObject({ endpointStatus: 'PARTIAL', approvalBlocked: false });
    const verify = (await t.app.inject(`/api/v1/public/certificates/${v.certificateId}/verify`)).json();
    expect(verify).toMatchObject({ valid: true, endpointStatus: 'PARTIAL' });
    expect(verify.apiDisclaimer).toContain('probed');
    expect(verify.apiDisclaimer).toContain('127.0.0.1');
  }, 120_000);

  it('an endpoint at a loopback address the operator did not allow-list is refused by the guard, not fetched, and blocks approval', async () => {
    const v = await submitAndSettle(t, { category: 'API', source: upload(skill('inventory-elsewhere', other.port)) });
    // Consensus may not approve it plainly, and the reviewers count the refusal: not certified.
    expect(v.status).not.toBe('APPROVED');
    expect(v.certificateId).toBeNull();
    const report = await storedReport(v.submissionId);
    const review = ProbedEndpointReview.parse(report.endpointReview);
    expect(review.approvalBlocked).toBe(true);
    expect(review.declaredEndpoints.find((e) => e.method === 'GET')).toMatchObject({ outcome: 'REFUSED' });
    const refused = report.findings.find((f) => f.ruleId === 'PROBE_ENDPOINT_REFUSED');
    expect(refused, JSON.stringify(report.findings.map((f) => f.ruleId))).toBeDefined();
    expect(refused!.severity).toBe('HIGH');
    // The proof: nothing reached the server the guard refused.
    expect(other.seen).toEqual([]);
    const view = (await t.app.inject({ url: `/api/v1/dev/submissions/${v.submissionId}`, headers: { authorization: `Bearer ${t.devKey}` } })).json();
    expect(JSON.stringify(view.timeline)).toContain('approvalBlocked');
  }, 120_000);

  it('API needs a SKILL.md that declares the endpoints', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { authorization: `Bearer ${t.devKey}` },
      payload: { category: 'API', source: { type: 'upload', files: [{ path: 'README.md', contentBase64: b64('# api') }] } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'SIGMA_E_SUBMISSION_SKILL_MD_MISSING' });
  });
});
