import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates, certificateViews } from '../src/db/schema/index.js';
import { startTestServer, submitApproved, waitFor, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { SIGMA_PUBLIC_CACHE_MS: '60000' } });
});
afterAll(async () => t?.close());

describe('verify with the public read cache on', () => {
  it('counts every view exactly once across cache hits and flushes', async () => {
    const v = await submitApproved(t, BENIGN_SKILL);
    // Sealing gave the certificate its view-count row.
    expect((await t.s.db.select().from(certificateViews).where(eq(certificateViews.certificateId, v.certificateId)))[0]?.views).toBe(0);
    const url = `/api/v1/public/certificates/${v.certificateId}/verify`;
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) seen.push((await t.app.inject(url)).json().views);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    // Let the batched counter write to the database, then keep counting.
    await waitFor(async () => {
      const row = (await t.s.db.select().from(certificateViews).where(eq(certificateViews.certificateId, v.certificateId)))[0];
      return row?.views === 5;
    }, 10_000);
    expect((await t.app.inject(url)).json().views).toBe(6);
    expect((await t.app.inject(`/api/v1/public/certificates/${v.certificateId}/live-status`)).json().views).toBe(6);
  });

  it('counts views of a certificate whose view-count row is missing (written by something other than sealing)', async () => {
    const [cert] = await t.s.db.select({ id: certificates.id }).from(certificates).limit(1);
    await t.s.db.delete(certificateViews).where(eq(certificateViews.certificateId, cert!.id));
    const before = (await t.app.inject(`/api/v1/public/certificates/${cert!.id}/verify`)).json().views;
    await waitFor(async () => {
      const row = (await t.s.db.select().from(certificateViews).where(eq(certificateViews.certificateId, cert!.id)))[0];
      return row !== undefined && row.views >= 1;
    }, 10_000);
    expect(before).toBeGreaterThanOrEqual(1);
  });
});
