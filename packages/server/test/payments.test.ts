import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, findOrCreateDeveloper } from '../src/domain/auth/developers.js';
import { creditBalance } from '../src/domain/payments/credits.js';
import { b64, startTestServer, TEST_OPERATOR, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

// Time is controlled: quotes expire by the test clock.
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
let t: TestServer;
let op: Record<string, string>;
let demoId: string;

beforeAll(async () => {
  t = await startTestServer({ workers: false, clock });
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR });
  op = { authorization: `Bearer ${login.json().token as string}` };
  demoId = (await t.app.inject({ url: '/api/v1/dev/me', headers: { authorization: `Bearer ${t.devKey}` } })).json().developerId;
});
afterAll(async () => t?.close());

const dev = (key = t.devKey) => ({ authorization: `Bearer ${key}` });
const skill = (text = BENIGN_SKILL) => ({
  category: 'SKILL',
  source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(text) }] },
  devNotes: '',
});
const quote = (body: object = skill(), key = t.devKey) => t.app.inject({ method: 'POST', url: '/api/v1/dev/quotes', headers: dev(key), payload: body });
const submit = (body: object, key = t.devKey, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/dev/submissions', headers: { ...dev(key), ...headers }, payload: body });
const credits = async (key = t.devKey) => (await t.app.inject({ url: '/api/v1/dev/credits', headers: dev(key) })).json().credits as number;
const books = async () => (await t.app.inject({ url: '/api/v1/operator/ledger/trial-balance', headers: op })).json();
let n = 0;
/** A fresh developer with an API key and no credits. */
async function newDeveloper(): Promise<{ id: string; key: string }> {
  const d = await findOrCreateDeveloper(t.s.db, `payer${++n}-${Date.now()}@example.test`);
  return { id: d.id, key: (await createApiKey(t.s.db, d.id, 'test')).key };
}
const grant = (developerId: string, c: number) =>
  t.app.inject({ method: 'POST', url: '/api/v1/operator/payments/credit-grants', headers: op, payload: { developerId, credits: c, reason: 'test grant' } });

describe('quotes', () => {
  it('prices a draft from the catalogue with an itemised explanation and an expiry', async () => {
    const r = await quote();
    expect(r.statusCode).toBe(201);
    const q = r.json();
    expect(q).toMatchObject({ status: 'OPEN', productType: 'SKILL', credits: 100, usdc: '1.00', usdcMicros: '1000000', listCredits: 100, discountCredits: 0 });
    expect(new Date(q.expiresAt).getTime() - Date.now()).toBeGreaterThan(800_000);
    expect(q.explanation.base.credits).toBe(100);
    expect(q.explanation.surfaces[0].surface).toBe('SKILL');
    expect(q.explanation.surfaces[0].rules.length).toBeGreaterThan(0);
    expect(q.explanation.signals).toHaveProperty('capabilities');
    expect(q.explanation.campaign).toBeNull();
    expect((await t.app.inject({ url: `/api/v1/dev/quotes/${q.quoteId}`, headers: dev() })).json().quoteId).toBe(q.quoteId);
  });

  it('follows operator changes to the catalogue, each in the audit log', async () => {
    const cat = (await t.app.inject({ url: '/api/v1/operator/pricing/catalogue', headers: op })).json();
    const skillCat = cat.categories.find((c: { productType: string }) => c.productType === 'SKILL');
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/operator/pricing/categories/${skillCat.id}`,
      headers: op,
      payload: { baseCredits: 120 },
    });
    expect(changed.statusCode).toBe(200);
    const rule = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/pricing/rules',
      headers: op,
      payload: { name: 'Any skill', surface: 'SKILL', signal: 'capabilities', minValue: 0, multiplierBps: 15_000 },
    });
    expect(rule.statusCode).toBe(201);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/pricing/rules',
      headers: op,
      payload: { name: 'x', surface: 'SKILL', signal: 'fileCount', minValue: 0, multiplierBps: 15_000 },
    });
    expect(bad.json().error).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', field: 'signal' });
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/pricing/categories',
      headers: op,
      payload: { productType: 'SKILL', baseCredits: 5 },
    });
    expect(dup.json().error.code).toBe('SIGMA_E_PRICING_CONFLICT');
    const q = (await quote()).json();
    expect(q.credits).toBe(180);
    expect(q.explanation.surfaces[0].rules.find((x: { ruleId: string }) => x.ruleId === rule.json().id).applied).toBe(true);
    // Put things back: retire the rule, restore the price.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/operator/pricing/rules/${rule.json().id}/retire`, headers: op })).statusCode).toBe(200);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/operator/pricing/categories/${changed.json().id}`, headers: op, payload: { baseCredits: 100 } });
    expect((await quote()).json().credits).toBe(100);
    // The old quote keeps its snapshot.
    expect((await t.app.inject({ url: `/api/v1/dev/quotes/${q.quoteId}`, headers: dev() })).json().credits).toBe(180);
    const log = (await t.app.inject({ url: '/api/v1/operator/audit-log?limit=50', headers: op })).json().entries.map((e: { action: string }) => e.action);
    for (const a of ['pricing.category.changed', 'pricing.rule.created', 'pricing.rule.retired']) expect(log).toContain(a);
  });

  it('refuses an unknown category price and retired entries', async () => {
    const cat = (await t.app.inject({ url: '/api/v1/operator/pricing/catalogue', headers: op })).json();
    const fee = cat.packageFees[0];
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/operator/pricing/package-fee/${fee.id}/retire`, headers: op })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/operator/pricing/package-fee/${fee.id}/retire`, headers: op })).json().error.code).toBe(
      'SIGMA_E_PRICING_NOT_FOUND',
    );
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/v1/operator/pricing/package-fee', headers: op, payload: { creditsPerPackage: 25 } })).statusCode,
    ).toBe(200);
  });
});

describe('paying a submission with credits', () => {
  it('debits the quoted price atomically, stores the snapshot, and a retried key charges nothing', async () => {
    const before = await credits();
    const q = (await quote()).json();
    const h = { 'idempotency-key': `pay-${Date.now()}` };
    const a = await submit({ ...skill(), quoteId: q.quoteId }, t.devKey, h);
    expect(a.statusCode).toBe(201);
    const b = await submit({ ...skill(), quoteId: q.quoteId }, t.devKey, h);
    expect(b.statusCode).toBe(200);
    expect(b.json().submissionId).toBe(a.json().submissionId);
    expect(await credits()).toBe(before - 100);
    const view = (await t.app.inject({ url: `/api/v1/dev/submissions/${a.json().submissionId}`, headers: dev() })).json();
    const paid = view.timeline.find((e: { type: string }) => e.type === 'payment.settled');
    expect(paid.data).toMatchObject({ quoteId: q.quoteId, totalCredits: 100, payment: { method: 'CREDITS', paidCredits: 100 } });
    expect((await t.app.inject({ url: `/api/v1/dev/quotes/${q.quoteId}`, headers: dev() })).json()).toMatchObject({
      status: 'CONSUMED',
      submissionId: a.json().submissionId,
    });
  });

  it('quotes in the same step when no quoteId is given (the default flow)', async () => {
    const before = await credits();
    const r = await submit(skill());
    expect(r.statusCode).toBe(201);
    expect(await credits()).toBe(before - 100);
  });

  it('refuses a used quote, an expired quote and a quote for other content, charging nothing', async () => {
    const before = await credits();
    const q = (await quote()).json();
    expect((await submit({ ...skill(), quoteId: q.quoteId })).statusCode).toBe(201);
    const again = await submit({ ...skill(), quoteId: q.quoteId });
    expect(again.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_QUOTE_USED', field: 'quoteId' });
    const other = (await quote()).json();
    const mismatch = await submit({ ...skill(`${BENIGN_SKILL}\nMore text.\n`), quoteId: other.quoteId });
    expect(mismatch.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_QUOTE_MISMATCH', field: 'source' });
    clock.offsetMs = 16 * 60_000;
    try {
      const expired = await submit({ ...skill(), quoteId: other.quoteId });
      expect(expired.statusCode).toBe(409);
      expect(expired.json().error.code).toBe('SIGMA_E_PAYMENT_QUOTE_EXPIRED');
      expect((await t.app.inject({ url: `/api/v1/dev/quotes/${other.quoteId}`, headers: dev() })).json().status).toBe('EXPIRED');
    } finally {
      clock.offsetMs = 0;
    }
    expect(await credits()).toBe(before - 100);
  });

  it('never lets a balance go negative: an unfunded developer gets 402 and nothing is created', async () => {
    const d = await newDeveloper();
    const r = await submit(skill(), d.key);
    expect(r.statusCode).toBe(402);
    expect(r.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS', details: { balance: 0, price: 100 } });
    expect((await t.app.inject({ url: '/api/v1/dev/submissions', headers: dev(d.key) })).json().submissions).toHaveLength(0);
    await grant(d.id, 150);
    expect((await submit(skill(), d.key)).statusCode).toBe(201);
    expect((await submit(skill(), d.key)).json().error.code).toBe('SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS');
    expect(await credits(d.key)).toBe(50);
    const hist = (await t.app.inject({ url: '/api/v1/dev/credits', headers: dev(d.key) })).json().history;
    expect(hist.map((h: { kind: string; credits: number }) => [h.kind, h.credits])).toEqual([
      ['submission.charge', -100],
      ['credit.grant', 150],
    ]);
  });

  it('honours the operators’ method switches', async () => {
    const off = await t.app.inject({ method: 'PUT', url: '/api/v1/operator/payments/methods/CREDITS', headers: op, payload: { enabled: false } });
    expect(off.json().methods.CREDITS).toBe(false);
    try {
      const r = await submit(skill());
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_METHOD_DISABLED', field: 'payment.method' });
      expect((await t.app.inject({ url: '/api/v1/dev/payment-methods', headers: dev() })).json().methods.CREDITS).toBe(false);
    } finally {
      await t.app.inject({ method: 'PUT', url: '/api/v1/operator/payments/methods/CREDITS', headers: op, payload: { enabled: true } });
    }
    expect((await submit(skill())).statusCode).toBe(201);
  });
});

describe('free routes', () => {
  it('vouchers: single use, per-developer limits, expiry and retirement; the cost goes to promotions', async () => {
    const d = await newDeveloper();
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/operator/payments/vouchers', headers: op, payload: { code: 'once-only', maxUses: 1 } })).statusCode,
    ).toBe(201);
    expect((await t.app.inject({ url: '/api/v1/dev/vouchers/ONCE-ONLY', headers: dev(d.key) })).json()).toMatchObject({ valid: true, remainingForYou: 1 });
    const ok = await submit({ ...skill(), payment: { method: 'voucher', code: 'once-only' } }, d.key);
    expect(ok.statusCode).toBe(201);
    expect(await credits(d.key)).toBe(0);
    const over = await submit({ ...skill(), payment: { method: 'voucher', code: 'ONCE-ONLY' } }, d.key);
    expect(over.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_VOUCHER_EXHAUSTED', field: 'payment.code' });

    await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/payments/vouchers',
      headers: op,
      payload: { code: 'TWO-EACH', maxUses: 100, perDeveloperLimit: 2 },
    });
    for (let i = 0; i < 2; i++) expect((await submit({ ...skill(), payment: { method: 'voucher', code: 'two-each' } }, d.key)).statusCode).toBe(201);
    expect((await submit({ ...skill(), payment: { method: 'voucher', code: 'two-each' } }, d.key)).json().error.code).toBe('SIGMA_E_PAYMENT_VOUCHER_EXHAUSTED');
    expect((await submit({ ...skill(), payment: { method: 'voucher', code: 'two-each' } })).statusCode).toBe(201); // another developer

    await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/payments/vouchers',
      headers: op,
      payload: { code: 'SOON-GONE', maxUses: null, expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    clock.offsetMs = 120_000;
    try {
      expect((await submit({ ...skill(), payment: { method: 'voucher', code: 'SOON-GONE' } }, d.key)).json().error.code).toBe(
        'SIGMA_E_PAYMENT_VOUCHER_INVALID',
      );
    } finally {
      clock.offsetMs = 0;
    }
    await t.app.inject({ method: 'POST', url: '/api/v1/operator/payments/vouchers/TWO-EACH/retire', headers: op });
    expect((await submit({ ...skill(), payment: { method: 'voucher', code: 'TWO-EACH' } })).json().error.code).toBe('SIGMA_E_PAYMENT_VOUCHER_INVALID');
    expect((await submit({ ...skill(), payment: { method: 'voucher', code: 'NOPE-NOPE' } })).json().error.code).toBe('SIGMA_E_PAYMENT_VOUCHER_INVALID');
    expect(await credits(d.key)).toBe(0);
  });

  it('allow-listed wallets pay nothing when they sign the quote; others and wrong signatures are refused', async () => {
    const d = await newDeveloper();
    const wallet = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
    const stranger = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
    await t.app.inject({ method: 'POST', url: '/api/v1/operator/payments/wallets', headers: op, payload: { address: wallet.address, note: 'partner' } });
    const q = (await quote(skill(), d.key)).json();
    const sig = await wallet.signMessage({ message: `sigma:free-submission:${q.quoteId}` });
    const noQuote = await submit({ ...skill(), payment: { method: 'wallet', address: wallet.address, signature: sig } }, d.key);
    expect(noQuote.json().error.field).toBe('quoteId');
    const wrongSigner = await submit(
      {
        ...skill(),
        quoteId: q.quoteId,
        payment: { method: 'wallet', address: wallet.address, signature: await stranger.signMessage({ message: `sigma:free-submission:${q.quoteId}` }) },
      },
      d.key,
    );
    expect(wrongSigner.json().error.code).toBe('SIGMA_E_PAYMENT_WALLET_NOT_ALLOWED');
    const notListed = await submit(
      {
        ...skill(),
        quoteId: q.quoteId,
        payment: { method: 'wallet', address: stranger.address, signature: await stranger.signMessage({ message: `sigma:free-submission:${q.quoteId}` }) },
      },
      d.key,
    );
    expect(notListed.json().error.code).toBe('SIGMA_E_PAYMENT_WALLET_NOT_ALLOWED');
    const ok = await submit({ ...skill(), quoteId: q.quoteId, payment: { method: 'wallet', address: wallet.address, signature: sig } }, d.key);
    expect(ok.statusCode).toBe(201);
    // The signature was for that quote: it cannot pay another.
    const q2 = (await quote(skill(), d.key)).json();
    expect(
      (await submit({ ...skill(), quoteId: q2.quoteId, payment: { method: 'wallet', address: wallet.address, signature: sig } }, d.key)).json().error.code,
    ).toBe('SIGMA_E_PAYMENT_WALLET_NOT_ALLOWED');
  });

  it('operator free overrides are one-shot', async () => {
    const d = await newDeveloper();
    expect((await submit({ ...skill(), payment: { method: 'override' } }, d.key)).json().error.code).toBe('SIGMA_E_PAYMENT_OVERRIDE_NOT_FOUND');
    const g = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/payments/free-overrides',
      headers: op,
      payload: { developerId: d.id, reason: 'conference demo' },
    });
    expect(g.statusCode).toBe(201);
    expect((await submit({ ...skill(), payment: { method: 'override' } }, d.key)).statusCode).toBe(201);
    expect((await submit({ ...skill(), payment: { method: 'override' } }, d.key)).json().error.code).toBe('SIGMA_E_PAYMENT_OVERRIDE_NOT_FOUND');
    const list = (await t.app.inject({ url: '/api/v1/operator/payments/free-overrides', headers: op })).json().overrides;
    expect(list.find((o: { id: string }) => o.id === g.json().id).usedAt).not.toBeNull();
    const log = (await t.app.inject({ url: '/api/v1/operator/audit-log?limit=100', headers: op })).json().entries.map((e: { action: string }) => e.action);
    for (const a of [
      'payments.override.granted',
      'payments.voucher.created',
      'payments.wallet.allowed',
      'payments.credits.granted',
      'payments.method.disabled',
    ])
      expect(log).toContain(a);
  });
});

describe('campaigns', () => {
  it('reserves a first-N slot at quote time, releases it when the quote expires, and counts redemptions', async () => {
    const c = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operator/pricing/campaigns',
      headers: op,
      payload: { name: 'first two', kind: 'FIRST_N', discountBps: 5_000, maxRedemptions: 2 },
    });
    expect(c.statusCode).toBe(201);
    try {
      const q1 = (await quote()).json();
      const q2 = (await quote()).json();
      const q3 = (await quote()).json();
      expect([q1.credits, q2.credits, q3.credits]).toEqual([50, 50, 100]);
      expect(q1.explanation.campaign).toMatchObject({ campaignId: c.json().id, discountBps: 5_000, credits: 50 });
      expect((await submit({ ...skill(), quoteId: q1.quoteId })).statusCode).toBe(201);
      // q2 expires unused: its slot comes back.
      clock.offsetMs = 16 * 60_000;
      const q4 = (await quote()).json();
      expect(q4.credits).toBe(50);
      const q5 = (await quote()).json();
      expect(q5.credits).toBe(100);
      expect((await submit({ ...skill(), quoteId: q4.quoteId })).statusCode).toBe(201);
      const cat = (await t.app.inject({ url: '/api/v1/operator/pricing/catalogue', headers: op })).json();
      expect(cat.campaigns.find((x: { id: string }) => x.id === c.json().id).redeemed).toBe(2);
    } finally {
      clock.offsetMs = 0;
      await t.app.inject({ method: 'POST', url: `/api/v1/operator/pricing/campaigns/${c.json().id}/retire`, headers: op });
    }
    expect((await quote()).json().credits).toBe(100);
  });
});

describe('books', () => {
  it('balance: every transaction sums to zero per currency and no developer is negative', async () => {
    const b = await books();
    expect(b.balanced).toBe(true);
    expect(b.unbalanced).toEqual([]);
    expect(b.totals).toMatchObject({ CREDIT: '0' });
    const promo = b.accounts.find((a: { kind: string; currency: string }) => a.kind === 'promotions' && a.currency === 'CREDIT');
    expect(BigInt(promo.balance)).toBeLessThan(0n);
    expect(Number(b.accounts.find((a: { ownerId: string }) => a.ownerId === demoId).balance)).toBe(await creditBalance(t.s.db, demoId));
  });
});
