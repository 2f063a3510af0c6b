import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTransactions, priceCampaigns, submissionPayments } from '../src/db/schema/index.js';
import { createApiKey, findOrCreateDeveloper } from '../src/domain/auth/developers.js';
import { creditBalance, grantCredits, trialBalance } from '../src/domain/payments/credits.js';
import { runEvidenceStep } from '../src/domain/evidence/run.js';
import { b64, startTestServer, TEST_OPERATOR, type TestServer } from './harness.js';
import { BENIGN_SKILL, FETCH_EXEC_SKILL } from './skills.js';

let t: TestServer;
let op: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer({ workers: false });
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR });
  op = { authorization: `Bearer ${login.json().token as string}` };
});
afterAll(async () => t?.close());

const skill = (text = BENIGN_SKILL) => ({
  category: 'SKILL',
  source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] },
  devNotes: '',
});

describe('concurrency (SPEC §8: counters cannot oversell)', () => {
  it('50 concurrent paid submissions against a first-10 campaign: exactly 10 discounts, no negative balance, balanced books', async () => {
    const c = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/pricing/campaigns',
      headers: op,
      payload: { name: 'launch: first 10 at half price', kind: 'FIRST_N', discountBps: 5_000, maxRedemptions: 10 },
    });
    expect(c.statusCode).toBe(201);
    // Five developers with 600 credits each try ten 100-credit submissions each: some must run out.
    const devs: Array<{ id: string; key: string }> = [];
    for (let i = 0; i < 5; i++) {
      const d = await findOrCreateDeveloper(t.s.db, `crowd${i}@example.test`);
      await t.s.db.transaction((tx) => grantCredits(tx, { developerId: d.id, credits: 600, idempotencyKey: `crowd:${d.id}`, memo: 'test' }));
      devs.push({ id: d.id, key: (await createApiKey(t.s.db, d.id, 'crowd')).key });
    }
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const d = devs[i % 5]!;
        return t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers: { authorization: `Bearer ${d.key}` }, payload: skill() });
      }),
    );
    const codes = results.map((r) => r.statusCode);
    const created = codes.filter((x) => x === 201).length;
    const refused = results.filter((r) => r.statusCode === 402 && r.json().error.code === 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS').length;
    expect(created + refused).toBe(50);
    expect(refused).toBeGreaterThan(0);

    const paid = await t.s.db.select().from(submissionPayments);
    expect(paid).toHaveLength(created);
    expect(paid.filter((p) => p.discountCredits > 0)).toHaveLength(10);
    expect(paid.filter((p) => p.discountCredits > 0).every((p) => p.paidCredits === 50 && p.promoCredits === 50)).toBe(true);
    const campaign = (await t.s.db.select().from(priceCampaigns).where(eq(priceCampaigns.id, c.json().id)))[0]!;
    expect(campaign.redeemed).toBe(10);

    for (const d of devs) {
      const bal = await creditBalance(t.s.db, d.id);
      const spent = paid.filter((p) => p.developerId === d.id).reduce((n, p) => n + p.paidCredits, 0);
      expect(bal).toBeGreaterThanOrEqual(0);
      expect(bal).toBe(600 - spent);
      expect(bal).toBeLessThan(100); // each stopped only when it could not pay another full price
    }
    const books = await trialBalance(t.s.db);
    expect(books.balanced).toBe(true);
    expect(books.negativeDeveloperBalances).toBe(0);
  });
});

describe('refund on a system fault before the council', () => {
  const broken = {
    ingestFiles: () => {
      throw new Error('disk on fire');
    },
    ingestPath: async () => {
      throw new Error('disk on fire');
    },
    analyze: async () => {
      throw new Error('disk on fire');
    },
  } as unknown as NonNullable<Parameters<typeof runEvidenceStep>[2]>['engine'];

  it('retries while attempts remain, then rejects with SYSTEM_FAULT and refunds the credits once', async () => {
    const d = await findOrCreateDeveloper(t.s.db, 'faulty@example.test');
    await t.s.db.transaction((tx) => grantCredits(tx, { developerId: d.id, credits: 300, idempotencyKey: `faulty:${d.id}`, memo: 'test' }));
    const key = (await createApiKey(t.s.db, d.id, 'k')).key;
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers: { authorization: `Bearer ${key}` }, payload: skill() });
    expect(r.statusCode).toBe(201);
    const id = r.json().submissionId as string;
    expect(await creditBalance(t.s.db, d.id)).toBe(200);

    await expect(runEvidenceStep(t.s, id, { lastAttempt: false, engine: broken })).rejects.toThrow('disk on fire');
    const mid = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: { authorization: `Bearer ${key}` } })).json();
    expect(mid.status).toBe('SANDBOX');
    expect(await creditBalance(t.s.db, d.id)).toBe(200);

    await runEvidenceStep(t.s, id, { lastAttempt: true, engine: broken });
    const v = (await t.app.inject({ url: `/api/v1/dev/submissions/${id}`, headers: { authorization: `Bearer ${key}` } })).json();
    expect(v.status).toBe('REJECTED');
    expect(v.reasons[0].code).toBe('SYSTEM_FAULT');
    expect(v.timeline.map((e: { type: string }) => e.type)).toContain('payment.refunded');
    expect(await creditBalance(t.s.db, d.id)).toBe(300);

    // A repeated last attempt (a redelivered job) refunds nothing more.
    await runEvidenceStep(t.s, id, { lastAttempt: true, engine: broken });
    expect(await creditBalance(t.s.db, d.id)).toBe(300);
    const refunds = await t.s.db
      .select({ n: sql<number>`count(*)::int` })
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.kind, 'submission.refund'), eq(ledgerTransactions.refId, id)));
    expect(refunds[0]!.n).toBe(1);
    expect((await trialBalance(t.s.db)).balanced).toBe(true);
  });

  it('does not refund a rejection caused by the content itself', async () => {
    const d = await findOrCreateDeveloper(t.s.db, 'blocked@example.test');
    await t.s.db.transaction((tx) => grantCredits(tx, { developerId: d.id, credits: 100, idempotencyKey: `blocked:${d.id}`, memo: 'test' }));
    const key = (await createApiKey(t.s.db, d.id, 'k')).key;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: { authorization: `Bearer ${key}` },
      payload: skill(FETCH_EXEC_SKILL),
    });
    expect(r.statusCode).toBe(201);
    await runEvidenceStep(t.s, r.json().submissionId, { lastAttempt: true });
    const v = (await t.app.inject({ url: `/api/v1/dev/submissions/${r.json().submissionId}`, headers: { authorization: `Bearer ${key}` } })).json();
    expect(v.status).toBe('REJECTED');
    expect(v.reasons[0].code).not.toBe('SYSTEM_FAULT');
    expect(await creditBalance(t.s.db, d.id)).toBe(0);
  });
});
