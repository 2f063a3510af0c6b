import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, erc20Abi, http, type Address, type Hash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePaymentRequiredHeader, encodePaymentSignatureHeader } from '@x402/core/http';
import { toClientEvmSigner } from '@x402/evm';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { decodePaymentResponseHeader, wrapFetchWithPayment, x402Client } from '@x402/fetch';
import { localChain, localDevKey, sbyteAbi, testUsdcAbi } from '@sigma/contracts';
import { run } from '../../cli/src/main.js';
import { createApiKey, findOrCreateDeveloper } from '../src/domain/auth/developers.js';
import { paymentChainOf } from '../src/domain/payments/chain.js';
import { creditBalance, trialBalance } from '../src/domain/payments/credits.js';
import { x402Of } from '../src/domain/payments/x402.js';
import { b64, startTestServer, TEST_OPERATOR, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

// Direct USDC transfers and x402 v2 against the server's own local chain (SIGMA_CHAIN=local): real
// transactions, real receipts, the official x402 client paying a listening server.
let t: TestServer;
let base: string;
let op: Record<string, string>;
let usdc: Address;
let sbyte: Address;
let treasury: Address;
let rpcUrl: string;
const deployer = privateKeyToAccount(localDevKey(0));
const payer = privateKeyToAccount(localDevKey(7));
const GASLESS_KEY = '0x0123456789012345678901234567890123456789012345678901234567890123';
const gasless = privateKeyToAccount(GASLESS_KEY); // no ETH: x402 is gasless for the payer

let pub: ReturnType<typeof createPublicClient>;
const wallet = (acct = payer) => createWalletClient({ account: acct, chain: localChain(rpcUrl), transport: http(rpcUrl) });
async function send(hash: Hash) {
  const r = await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  expect(r.status).toBe('success');
  return hash;
}
const transfer = async (token: Address, to: Address, amount: bigint, from = payer) =>
  send(await wallet(from).writeContract({ address: token, abi: erc20Abi, functionName: 'transfer', args: [to, amount] }));
const usdcOf = (a: Address) => pub.readContract({ address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [a] });

beforeAll(async () => {
  t = await startTestServer({ workers: false, env: { SIGMA_CHAIN: 'local' } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR });
  op = { authorization: `Bearer ${login.json().token as string}` };
  const chain = t.s.chain!;
  rpcUrl = chain.rpcUrl;
  usdc = chain.contracts.testUsdc;
  sbyte = chain.contracts.sbyte;
  treasury = chain.contracts.treasury;
  pub = createPublicClient({ chain: localChain(rpcUrl), transport: http(rpcUrl) });
  const minter = wallet(deployer);
  for (const to of [payer.address, gasless.address]) {
    await send(await minter.writeContract({ address: usdc, abi: testUsdcAbi, functionName: 'mint', args: [to, 100_000_000n] }));
  }
  await send(await minter.writeContract({ address: sbyte, abi: sbyteAbi, functionName: 'mint', args: [payer.address, 10n ** 21n] }));
}, 180_000);
afterAll(async () => t?.close());

type Err = { error: { code: string } };
const dev = (key = t.devKey) => ({ authorization: `Bearer ${key}` });
const skill = () => ({ category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: b64(BENIGN_SKILL) }] }, devNotes: '' });
const quote = async (key = t.devKey) => (await t.app.inject({ method: 'POST', url: '/api/v1/dev/quotes', headers: dev(key), payload: skill() })).json();
const intentFor = async (payload: object, key = t.devKey) => t.app.inject({ method: 'POST', url: '/api/v1/dev/payment-intents', headers: dev(key), payload });
const confirm = (id: string, txHash: string, key = t.devKey) =>
  t.app.inject({ method: 'POST', url: `/api/v1/dev/payment-intents/${id}/confirm`, headers: dev(key), payload: { txHash } });
async function freshDeveloper(tag: string) {
  const d = await findOrCreateDeveloper(t.s.db, `${tag}-${Date.now()}@example.test`);
  return { id: d.id, key: (await createApiKey(t.s.db, d.id, tag)).key };
}

describe('direct chain transfer', () => {
  it('pays a quote: intent → USDC to the treasury → confirm by hash → submission consumes the intent', async () => {
    const d = await freshDeveloper('direct');
    const q = await quote(d.key);
    const i = await intentFor({ quoteId: q.quoteId }, d.key);
    expect(i.statusCode).toBe(201);
    const intent = i.json();
    expect(intent).toMatchObject({
      status: 'CREATED',
      purpose: 'SUBMISSION',
      method: 'CHAIN_TRANSFER',
      credits: 100,
      payTo: treasury,
      amount: { asset: usdc, micros: '1000000', usdc: '1.00', network: 'eip155:31337' },
    });
    expect(intent.priceSnapshot.quoteId).toBe(q.quoteId);
    const before = await usdcOf(treasury);
    const hash = await transfer(usdc, treasury, 1_000_000n);
    const c = await confirm(intent.intentId, hash, d.key);
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ status: 'CONFIRMED', txHash: hash.toLowerCase(), payer: payer.address.toLowerCase() });
    expect(await usdcOf(treasury)).toBe(before + 1_000_000n);
    // A retried confirmation is harmless.
    expect((await confirm(intent.intentId, hash, d.key)).json().status).toBe('CONFIRMED');
    expect(await creditBalance(t.s.db, d.id)).toBe(100);
    const sub = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: dev(d.key),
      payload: { ...skill(), quoteId: q.quoteId, payment: { method: 'intent', intentId: intent.intentId } },
    });
    expect(sub.statusCode).toBe(201);
    expect(await creditBalance(t.s.db, d.id)).toBe(0);
    const after = (await t.app.inject({ url: `/api/v1/dev/payment-intents/${intent.intentId}`, headers: dev(d.key) })).json();
    expect(after).toMatchObject({ status: 'CONSUMED', submissionId: sub.json().submissionId });
    // A consumed intent pays nothing else.
    const q2 = await quote(d.key);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/submissions',
      headers: dev(d.key),
      payload: { ...skill(), quoteId: q2.quoteId, payment: { method: 'intent', intentId: intent.intentId } },
    });
    expect(again.json().error.code).toBe('SIGMA_E_PAYMENT_INTENT_STATE');

    // The same hash can never pay again: not for another intent, not for another developer.
    const other = (await intentFor({ credits: 100 })).json();
    const reused = await confirm(other.intentId, hash);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_TX_REUSED', field: 'txHash' });
  });

  it('refuses a wrong token, a wrong recipient, a short amount, an unknown and an unconfirmed transaction', async () => {
    const d = await freshDeveloper('attacks');
    const i = (await intentFor({ credits: 250 }, d.key)).json(); // 2.50 USDC
    expect(i.purpose).toBe('TOPUP');
    const wrongToken = await transfer(sbyte, treasury, 2_500_000n);
    expect((await confirm(i.intentId, wrongToken, d.key)).json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_TX_INVALID', field: 'txHash' });
    const wrongRecipient = await transfer(usdc, deployer.address, 2_500_000n);
    expect((await confirm(i.intentId, wrongRecipient, d.key)).json().error.message).toMatch(/treasury/);
    const short = await transfer(usdc, treasury, 2_499_999n);
    const s = await confirm(i.intentId, short, d.key);
    expect(s.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_TX_INVALID', details: { paid: '2499999', required: '2500000' } });
    const unknown = await confirm(i.intentId, `0x${'ab'.repeat(32)}`, d.key);
    expect(unknown.json().error.code).toBe('SIGMA_E_PAYMENT_TX_UNCONFIRMED');
    // Three confirmations required: a fresh transfer is refused until two more blocks are mined.
    t.s.config.payments.confirmations = 3;
    try {
      const good = await transfer(usdc, treasury, 2_500_000n);
      const early = await confirm(i.intentId, good, d.key);
      expect(early.json().error).toMatchObject({ code: 'SIGMA_E_PAYMENT_TX_UNCONFIRMED', details: { confirmations: 1, required: 3 } });
      await pub.request({ method: 'hardhat_mine' as never, params: ['0x2'] as never });
      const ok = await confirm(i.intentId, good, d.key);
      expect(ok.json()).toMatchObject({ status: 'CONSUMED', credits: 250 });
    } finally {
      t.s.config.payments.confirmations = 1;
    }
    expect(await creditBalance(t.s.db, d.id)).toBe(250);
    // None of the refused hashes was burnt or credited; the intent is done.
    expect((await confirm(i.intentId, short, d.key)).json().error.code).toBe('SIGMA_E_PAYMENT_INTENT_STATE');
  });
});

describe('x402 v2', () => {
  const client = (account = gasless) =>
    x402Client.fromConfig({
      schemes: [{ network: 'eip155:*', client: new ExactEvmScheme(toClientEvmSigner(account, pub as never)) }],
      spendControls: { allowedAssets: [{ network: 'eip155:31337', asset: usdc, maxAmountPerPayment: '50000000' }] },
    });

  it('describes its offers at /.well-known/x402.json', async () => {
    const w = (await t.app.inject('/.well-known/x402.json')).json();
    expect(w).toMatchObject({ x402Version: 2, enabled: true, facilitator: { kind: 'local' } });
    expect(w.offers.map((o: { resource: string }) => new URL(o.resource).pathname)).toEqual(['/api/v1/dev/credits/topup', '/api/v1/dev/submissions/x402']);
    expect(w.offers[0].accepts).toMatchObject({
      scheme: 'exact',
      network: 'eip155:31337',
      asset: usdc,
      payTo: treasury,
      extra: { name: 'USD Coin', version: '2' },
    });
  });

  it('answers 402 with a v2 PAYMENT-REQUIRED header, settles before crediting, and never credits a replay twice', async () => {
    const d = await freshDeveloper('x402');
    const unpaid = await fetch(`${base}/api/v1/dev/credits/topup`, {
      method: 'POST',
      headers: { ...dev(d.key), 'content-type': 'application/json' },
      body: JSON.stringify({ credits: 300 }),
    });
    expect(unpaid.status).toBe(402);
    const required = decodePaymentRequiredHeader(unpaid.headers.get('payment-required')!);
    expect(required.x402Version).toBe(2);
    expect(required.accepts[0]).toMatchObject({ scheme: 'exact', network: 'eip155:31337', amount: '3000000', asset: usdc, payTo: treasury });
    expect(((await unpaid.json()) as Err).error.code).toBe('SIGMA_E_PAYMENT_REQUIRED');
    expect(await creditBalance(t.s.db, d.id)).toBe(0);

    let signature: string | null = null;
    const recording = async (input: string | URL | Request, init?: RequestInit) => {
      const req = new Request(input, init);
      signature = req.headers.get('payment-signature') ?? signature;
      return fetch(req);
    };
    const payFetch = wrapFetchWithPayment(recording, client());
    const payerBefore = await usdcOf(gasless.address);
    const treasuryBefore = await usdcOf(treasury);
    const paid = await payFetch(`${base}/api/v1/dev/credits/topup`, {
      method: 'POST',
      headers: { ...dev(d.key), 'content-type': 'application/json' },
      body: JSON.stringify({ credits: 300 }),
    });
    expect(paid.status).toBe(200);
    const body = (await paid.json()) as { intentId: string };
    expect(body).toMatchObject({ credited: 300, credits: 300, replayed: false, payer: gasless.address.toLowerCase() });
    const receipt = decodePaymentResponseHeader(paid.headers.get('payment-response')!);
    expect(receipt).toMatchObject({ success: true, network: 'eip155:31337' });
    expect((await pub.getTransactionReceipt({ hash: receipt.transaction as Hash })).status).toBe('success');
    expect(await usdcOf(gasless.address)).toBe(payerBefore - 3_000_000n);
    expect(await usdcOf(treasury)).toBe(treasuryBefore + 3_000_000n);
    expect(await pub.getBalance({ address: gasless.address })).toBe(0n);

    // Replaying the same authorization returns the first result and credits nothing.
    expect(signature).toBeTruthy();
    const replay = await fetch(`${base}/api/v1/dev/credits/topup`, {
      method: 'POST',
      headers: { ...dev(d.key), 'content-type': 'application/json', 'payment-signature': signature! },
      body: JSON.stringify({ credits: 300 }),
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ replayed: true, credited: 300, credits: 300, intentId: body.intentId });
    expect(await creditBalance(t.s.db, d.id)).toBe(300);
    // …even with a bigger amount in the body, and not for someone else.
    const bigger = await fetch(`${base}/api/v1/dev/credits/topup`, {
      method: 'POST',
      headers: { ...dev(d.key), 'content-type': 'application/json', 'payment-signature': signature! },
      body: JSON.stringify({ credits: 5000 }),
    });
    expect(((await bigger.json()) as { credits: number }).credits).toBe(300);
    const thief = await fetch(`${base}/api/v1/dev/credits/topup`, {
      method: 'POST',
      headers: { ...dev(), 'content-type': 'application/json', 'payment-signature': signature! },
      body: JSON.stringify({ credits: 300 }),
    });
    expect(thief.status).toBe(409);
    expect(((await thief.json()) as Err).error.code).toBe('SIGMA_E_PAYMENT_NONCE_REUSED');
    expect(await usdcOf(gasless.address)).toBe(payerBefore - 3_000_000n);
  });

  it('refuses an authorization signed for less than the price, and settles nothing', async () => {
    const d = await freshDeveloper('cheap');
    const url = `${base}/api/v1/dev/credits/topup`;
    const headers = { ...dev(d.key), 'content-type': 'application/json' };
    // Sign a genuine authorization for a 1-credit top-up (0.01 USDC) but present it for 1000 credits.
    const cheap = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ credits: 1 }) });
    const payload = await client().createPaymentPayload(decodePaymentRequiredHeader(cheap.headers.get('payment-required')!));
    const before = await usdcOf(gasless.address);
    const r = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'payment-signature': encodePaymentSignatureHeader(payload) },
      body: JSON.stringify({ credits: 1000 }),
    });
    expect(r.status).toBe(402);
    expect(((await r.json()) as Err).error.code).toBe('SIGMA_E_PAYMENT_X402_INVALID');
    expect(await creditBalance(t.s.db, d.id)).toBe(0);
    expect(await usdcOf(gasless.address)).toBe(before);
  });

  it('marks the intent FAILED when settlement fails, credits nothing, and lets the same authorization be retried', async () => {
    const d = await freshDeveloper('settle-fail');
    const url = `${base}/api/v1/dev/credits/topup`;
    const headers = { ...dev(d.key), 'content-type': 'application/json' };
    const first = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ credits: 40 }) });
    const signature = encodePaymentSignatureHeader(await client().createPaymentPayload(decodePaymentRequiredHeader(first.headers.get('payment-required')!)));
    const http = await x402Of(t.s, paymentChainOf(t.s)!).server();
    const real = http.processSettlement.bind(http);
    http.processSettlement = async () =>
      ({
        success: false,
        errorReason: 'facilitator_unavailable',
        transaction: '',
        network: 'eip155:31337',
        headers: {},
        response: { status: 402, headers: {}, body: { error: 'facilitator_unavailable' } },
      }) as never;
    try {
      const failed = await fetch(url, { method: 'POST', headers: { ...headers, 'payment-signature': signature }, body: JSON.stringify({ credits: 40 }) });
      expect(failed.status).toBe(402);
      expect(((await failed.json()) as Err).error.code).toBe('SIGMA_E_PAYMENT_X402_INVALID');
    } finally {
      http.processSettlement = real;
    }
    const intents = (await t.app.inject({ url: '/api/v1/dev/payment-intents', headers: dev(d.key) })).json().intents as Array<{
      status: string;
      failureReason: string;
      method: string;
    }>;
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ status: 'FAILED', method: 'X402' });
    expect(intents[0]!.failureReason).toMatch(/facilitator_unavailable/);
    expect(await creditBalance(t.s.db, d.id)).toBe(0);
    const retried = await fetch(url, { method: 'POST', headers: { ...headers, 'payment-signature': signature }, body: JSON.stringify({ credits: 40 }) });
    expect(retried.status).toBe(200);
    expect(await creditBalance(t.s.db, d.id)).toBe(40);
    const after = (await t.app.inject({ url: '/api/v1/dev/payment-intents', headers: dev(d.key) })).json().intents as Array<{ status: string }>;
    expect(after.map((i) => i.status)).toEqual(['CONSUMED']);
  });

  it('pays a quoted submission in one request and the submission consumes the payment', async () => {
    const d = await freshDeveloper('x402sub');
    const q = await quote(d.key);
    const payFetch = wrapFetchWithPayment(fetch, client());
    const res = await payFetch(`${base}/api/v1/dev/submissions/x402`, {
      method: 'POST',
      headers: { ...dev(d.key), 'content-type': 'application/json' },
      body: JSON.stringify({ ...skill(), quoteId: q.quoteId }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { intentId: string; submissionId: string };
    expect(decodePaymentResponseHeader(res.headers.get('payment-response')!).success).toBe(true);
    const intent = (await t.app.inject({ url: `/api/v1/dev/payment-intents/${body.intentId}`, headers: dev(d.key) })).json();
    expect(intent).toMatchObject({ status: 'CONSUMED', method: 'X402', submissionId: body.submissionId, credits: 100 });
    expect(await creditBalance(t.s.db, d.id)).toBe(0);
    const view = (await t.app.inject({ url: `/api/v1/dev/submissions/${body.submissionId}`, headers: dev(d.key) })).json();
    expect(view.timeline.find((e: { type: string }) => e.type === 'payment.settled').data.payment).toMatchObject({ method: 'X402', intentId: body.intentId });
    // An expired or used quote is refused before any money is asked for.
    const used = await fetch(`${base}/api/v1/dev/submissions/x402`, {
      method: 'POST',
      headers: { ...dev(d.key), 'content-type': 'application/json' },
      body: JSON.stringify({ ...skill(), quoteId: q.quoteId }),
    });
    expect(used.status).toBe(409);
    expect(((await used.json()) as Err).error.code).toBe('SIGMA_E_PAYMENT_QUOTE_USED');
  });

  it('keeps the books balanced in both currencies', async () => {
    const b = await trialBalance(t.s.db);
    expect(b.balanced).toBe(true);
    expect(b.totals).toEqual({ CREDIT: '0', USDC: '0' });
    const treasuryUsdc = b.accounts.find((a) => a.kind === 'treasury' && a.currency === 'USDC')!;
    expect(BigInt(treasuryUsdc.balance)).toBe(1_000_000n + 2_500_000n + 3_000_000n + 400_000n + 1_000_000n);
    const http = await t.app.inject({ url: '/api/v1/operator/ledger/trial-balance', headers: op });
    expect(http.json().balanced).toBe(true);
  });
});

describe('sigma CLI payments', () => {
  const cli = async (args: string[], env: Record<string, string>) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), progress: () => ({ update: () => undefined, stop: () => undefined }) };
    const code = await run(args, io, { SIGMA_API_URL: base, SIGMA_CONFIG: '/nonexistent', ...env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('shows credits, buys credits and submits with --pay credits|voucher:CODE|x402', async () => {
    const d = await freshDeveloper('cli');
    const dir = join(mkdtempSync(join(tmpdir(), 'sigma-pay-')), 'skill');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'SKILL.md'), BENIGN_SKILL);
    const env = { SIGMA_API_KEY: d.key, SIGMA_WALLET_KEY: GASLESS_KEY };

    const none = await cli(['submit', dir, '--json'], env);
    expect(none.code).toBe(3);
    expect(none.err).toMatch(/SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS/);
    expect((await cli(['submit', dir, '--pay', 'gold'], env)).code).toBe(2);

    const bought = await cli(['credits', 'buy', '150', '--json'], env);
    expect(bought.code, bought.err).toBe(0);
    expect(JSON.parse(bought.out)).toMatchObject({ credited: 150, credits: 150, settlement: { success: true } });
    const bal = await cli(['credits'], env);
    expect(bal.out).toMatch(/^credits: 150 \(1\.50 USDC/);
    expect(bal.out).toMatch(/credit\.topup/);

    const byCredits = await cli(['submit', dir, '--json'], env);
    expect(byCredits.code, byCredits.err).toBe(0);
    expect(JSON.parse(byCredits.out)).toMatchObject({ status: 'SUBMITTED', credits: 100, paidWith: 'credits' });

    await t.app.inject({ method: 'POST', url: '/api/v1/operator/payments/vouchers', headers: op, payload: { code: 'CLI-FREE', maxUses: 1 } });
    const byVoucher = await cli(['submit', dir, '--pay', 'voucher:CLI-FREE'], env);
    expect(byVoucher.code, byVoucher.err).toBe(0);
    expect(byVoucher.out).toMatch(/quote [0-9a-f]{24}: 100 credits \(1\.00 USDC\)/);
    expect(byVoucher.out).toMatch(/paid with voucher CLI-FREE/);
    expect((await cli(['submit', dir, '--pay', 'voucher:CLI-FREE'], env)).err).toMatch(/SIGMA_E_PAYMENT_VOUCHER_EXHAUSTED/);

    const byX402 = await cli(['submit', dir, '--pay', 'x402', '--json'], env);
    expect(byX402.code, byX402.err).toBe(0);
    expect(JSON.parse(byX402.out)).toMatchObject({ status: 'SUBMITTED', paidWith: 'x402' });
    expect(await creditBalance(t.s.db, d.id)).toBe(50);
    expect((await cli(['submit', dir, '--pay', 'x402'], { SIGMA_API_KEY: d.key })).err).toMatch(/wallet/);
    expect((await trialBalance(t.s.db)).balanced).toBe(true);
  });
});
