import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, startTestServer, submitApproved, TEST_OPERATOR, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

let t: TestServer;
let op: Record<string, string> = {};
const ids: string[] = [];
beforeAll(async () => {
  t = await startTestServer();
  for (const name of ['store-a', 'store-b', 'store-c']) ids.push((await submitApproved(t, BENIGN_SKILL.replace('unit-converter', name))).certificateId);
  const token = (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token as string;
  op = { authorization: `Bearer ${token}` };
});
afterAll(async () => t?.close());

const feed = (query = '', headers: Record<string, string> = {}) => t.app.inject({ url: `/.well-known/skill-store${query}`, headers });

describe('GET /.well-known/skill-store', () => {
  it('lists valid certificates with what a store needs, paged, with an ETag and 304', async () => {
    const r = await feed();
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    const etag = r.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const page = r.json();
    expect(page.items.map((x: { certificateId: string }) => x.certificateId)).toEqual(ids);
    expect(page.nextCursor).toBeNull();
    const verify = (await t.app.inject(`/api/v1/public/certificates/${ids[0]}/verify`)).json();
    expect(page.items[0]).toMatchObject({
      certificateId: ids[0],
      name: 'store-a',
      version: '1.0.0',
      description: expect.stringContaining('Converts between metric'),
      productType: 'SKILL',
      skillHash: verify.skillHash,
      payloadHash: verify.payloadHash,
      source: { sourceType: 'upload' },
    });
    expect(page.items[0].verifyUrl).toMatch(new RegExp(`/api/v1/public/certificates/${ids[0]}/verify$`));
    // The web page's route is singular (packages/web/src/site/App.tsx).
    expect(page.items[0].certificateUrl).toBe(`${t.s.config.publicUrl}/certificate/${ids[0]}`);

    const again = await feed('', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await feed('', { 'if-none-match': '"something-else"' })).statusCode).toBe(200);

    // Pages of one: keyset cursors walk the feed in order and end with null.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { items: Array<{ certificateId: string }>; nextCursor: string | null } = (await feed(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...p.items.map((x) => x.certificateId));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const bad = await feed('?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'cursor' });
  });

  it('leaves out a certificate that is not valid (an escalated flag), and its ETag changes', async () => {
    const before = await feed();
    const flag = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/certificates/${ids[1]}/flags`,
      payload: { reason: 'Sends data elsewhere', evidence: 'It posts the chat to a host not in the manifest.' },
      remoteAddress: '10.7.0.1',
    });
    const esc = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operator/flags/${flag.json().flagId}/triage`,
      headers: op,
      payload: { status: 'ESCALATED', resolution: 'Needs a closer look by the council.' },
    });
    expect(esc.statusCode).toBe(200);
    const after = await feed('', { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json().items.map((x: { certificateId: string }) => x.certificateId)).toEqual([ids[0], ids[2]]);
  });

  it('drops a superseded certificate and lists its successor at the end', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dev/certificates/${ids[0]}/versions`,
      headers: { authorization: `Bearer ${t.devKey}` },
      payload: {
        category: 'SKILL',
        source: {
          type: 'upload',
          files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL.replace('unit-converter', 'store-a').replace('1.0.0', '1.1.0')) }],
        },
      },
    });
    expect(r.statusCode).toBe(201);
    const next = await waitFor(async () => {
      const v = (await t.app.inject({ url: `/api/v1/dev/submissions/${r.json().submissionId}`, headers: { authorization: `Bearer ${t.devKey}` } })).json();
      return v.status === 'APPROVED' ? (v.certificateId as string) : null;
    }, 60_000);
    const items = (await feed()).json().items;
    expect(items.map((x: { certificateId: string }) => x.certificateId)).toEqual([ids[2], next]);
    expect(items[1]).toMatchObject({ name: 'store-a', version: '1.1.0' });
  });

  it('is described in the OpenAPI document with the public routes', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const get = doc.paths['/.well-known/skill-store'].get;
    expect(get.tags).toEqual(['public']);
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '304']));
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['cursor', 'limit', 'if-none-match']));
  });
});
