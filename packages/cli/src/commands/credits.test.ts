import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV_KEY, FakeApi, sigma, UNREACHABLE } from '../../test/fake-api.js';
import { x402Route } from '../../test/x402-fake.js';
import { EXIT } from '../config.js';

const WALLET = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const view = {
  credits: 9_900,
  usdcEquivalent: '99.00',
  creditsPerUsdc: 100,
  history: [
    {
      at: '2026-11-02T00:00:00.000Z',
      kind: 'submission.charge',
      memo: 'Review of unit-converter',
      refType: 'submission',
      refId: 'a'.repeat(24),
      credits: -100,
      transactionId: 't2',
    },
    { at: '2026-11-01T00:00:00.000Z', kind: 'grant', memo: 'Welcome', refType: null, refId: null, credits: 10_000, transactionId: 't1' },
  ],
};

let fake: FakeApi;
beforeAll(async () => {
  fake = await FakeApi.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
const env = () => ({ SIGMA_API_URL: fake.url, SIGMA_API_KEY: DEV_KEY });

describe('sigma credits', () => {
  beforeEach(() => {
    fake.dev('GET /api/v1/dev/credits', () => ({ body: view }));
  });

  it('prints the balance and one line per movement', async () => {
    const r = await sigma(['credits'], env());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out[0]).toBe('credits: 9900 (99.00 USDC; 100 credits = 1 USDC)');
    expect(r.out[1]).toBe('  2026-11-02T00:00:00.000Z  -100  submission.charge  Review of unit-converter');
    expect(r.out[2]).toBe('  2026-11-01T00:00:00.000Z  +10000  grant  Welcome');
    expect(fake.seen[0]!.query.get('limit')).toBe('10');
  });

  it('--json prints the API view as one JSON line; --limit is passed on', async () => {
    const r = await sigma(['credits', '--json', '--limit', '2'], env());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toHaveLength(1);
    expect(r.json()).toEqual(view);
    expect(fake.seen[0]!.query.get('limit')).toBe('2');
  });

  it('without a key: exit 2 and nothing sent; a bad key: exit 3 with the API code', async () => {
    const none = await sigma(['credits'], { SIGMA_API_URL: fake.url });
    expect(none.code).toBe(EXIT.usage);
    expect(none.err.join('\n')).toContain('no API key');
    expect(fake.seen).toEqual([]);
    const bad = await sigma(['credits'], { SIGMA_API_URL: fake.url, SIGMA_API_KEY: 'sigma_dk_revoked' });
    expect(bad.code).toBe(EXIT.api);
    expect(bad.err.join('\n')).toContain('SIGMA_E_AUTH_INVALID');
  });

  it('an unreachable server: exit 3 naming the address', async () => {
    const r = await sigma(['credits'], { SIGMA_API_URL: UNREACHABLE, SIGMA_API_KEY: DEV_KEY });
    expect(r.code).toBe(EXIT.api);
    expect(r.err.join('\n')).toContain(`cannot reach ${UNREACHABLE}`);
  });
});

describe('sigma credits buy (x402)', () => {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'sigma-cli-wallet-')), 'wallet.key');
  writeFileSync(keyFile, `${WALLET}\n`);

  it('pays the price with a signed EIP-3009 authorization and prints what was booked', async () => {
    const payments = x402Route(
      fake,
      'POST /api/v1/dev/credits/topup',
      (req) => BigInt((req.body as { credits: number }).credits) * 10_000n,
      (req, p) => ({ credited: (req.body as { credits: number }).credits, credits: 10_250, txHash: `0x${'ab'.repeat(32)}`, payer: p.from }),
    );
    const r = await sigma(['credits', 'buy', '250', '--wallet-key-file', keyFile], env());
    expect(r.code, r.err.join('\n')).toBe(EXIT.ok);
    expect(r.stdout).toBe(`bought 250 credits (tx 0x${'ab'.repeat(32)}); balance 10250`);
    expect(payments).toEqual([expect.objectContaining({ from: privateKeyToAccount(WALLET).address, value: 2_500_000n })]);
    const [first, paid] = fake.requests('POST /api/v1/dev/credits/topup');
    expect(first!.headers['payment-signature']).toBeUndefined();
    expect(paid!.headers.authorization).toBe(`Bearer ${DEV_KEY}`);
    expect(paid!.body).toEqual({ credits: 250 });

    const json = await sigma(['credits', 'buy', '1', '--json'], { ...env(), SIGMA_WALLET_KEY: WALLET });
    expect(json.code).toBe(EXIT.ok);
    expect(json.json()).toMatchObject({ credited: 1, settlement: { success: true, network: 'eip155:31337' } });
  });

  it('never signs for more than the credits asked for', async () => {
    const payments = x402Route(
      fake,
      'POST /api/v1/dev/credits/topup',
      () => 99_000_000n,
      () => ({}),
    );
    const r = await sigma(['credits', 'buy', '5', '--wallet-key-file', keyFile], env());
    expect(r.code).toBe(EXIT.api);
    expect(r.err.join('\n')).toMatch(/x402 payment failed|SIGMA_E_PAYMENT/);
    expect(payments).toEqual([]);
    expect(fake.requests('POST /api/v1/dev/credits/topup').every((s) => s.headers['payment-signature'] === undefined)).toBe(true);
  });

  it('refuses bad arguments before any request: a count, a missing or malformed wallet key, a missing API key', async () => {
    for (const [argv, e] of [
      [['credits', 'buy', 'lots', '--wallet-key-file', keyFile], env()],
      [['credits', 'buy', '0', '--wallet-key-file', keyFile], env()],
      [['credits', 'buy', '5'], env()],
      [['credits', 'buy', '5'], { ...env(), SIGMA_WALLET_KEY: '0x1234' }],
      [['credits', 'buy', '5', '--wallet-key-file', keyFile], { SIGMA_API_URL: fake.url }],
    ] as const) {
      const r = await sigma([...argv], e);
      expect(r.code, argv.join(' ')).toBe(EXIT.usage);
    }
    expect(fake.seen).toEqual([]);
  });

  it('a server without x402 says so (exit 3)', async () => {
    fake.on('GET /.well-known/x402.json', () => ({ body: { x402Version: 2, enabled: false, offers: [], reason: 'no chain configured' } }));
    const r = await sigma(['credits', 'buy', '5', '--wallet-key-file', keyFile], env());
    expect(r.code).toBe(EXIT.api);
    expect(r.err.join('\n')).toContain('this server does not accept x402: no chain configured');
  });
});
