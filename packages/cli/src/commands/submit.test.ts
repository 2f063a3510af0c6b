import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, DEV_KEY, FakeApi, sigma, type Seen } from '../../test/fake-api.js';
import { x402Route } from '../../test/x402-fake.js';
import { EXIT } from '../config.js';
import { parsePay } from './submit.js';

const dir = mkdtempSync(join(tmpdir(), 'sigma-cli-submit-'));
const skill = join(dir, 'skill');
mkdirSync(join(skill, 'scripts'), { recursive: true });
mkdirSync(join(skill, 'node_modules', 'x'), { recursive: true });
writeFileSync(join(skill, 'SKILL.md'), '---\nname: unit-converter\ndescription: Converts units.\n---\n\n1 inch = 2.54 cm.\n');
writeFileSync(join(skill, 'scripts', 'convert.py'), 'print(2.54)\n');
writeFileSync(join(skill, 'node_modules', 'x', 'index.js'), 'skipped');
const QUOTE = {
  quoteId: 'q'.repeat(24),
  credits: 120,
  usdc: '1.20',
  usdcMicros: '1200000',
  listCredits: 150,
  discountCredits: 30,
  expiresAt: '2026-11-01T00:15:00.000Z',
};
const SUB = 'd'.repeat(24);

let fake: FakeApi;
beforeAll(async () => {
  fake = await FakeApi.start();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.dev('POST /api/v1/dev/quotes', () => ({ status: 201, body: QUOTE }));
  fake.dev('POST /api/v1/dev/submissions', () => ({ status: 201, body: { submissionId: SUB, status: 'SUBMITTED' } }));
});
const env = () => ({ SIGMA_API_URL: fake.url, SIGMA_API_KEY: DEV_KEY });
const b64 = (s: string) => Buffer.from(s).toString('base64');
type Draft = {
  category: string;
  source: { type: string; files?: Array<{ path: string; contentBase64: string }>; url?: string; ref?: string };
  devNotes: string;
};

describe('sigma submit', () => {
  it('quotes the draft, pays with credits and prints the quote and the submission', async () => {
    const r = await sigma(['submit', skill, '--notes', 'Reads only what the user pastes.', '--idempotency-key', 'ci-42'], env());
    expect(r.code, r.err.join('\n')).toBe(EXIT.ok);
    expect(r.out).toEqual([
      `quote ${QUOTE.quoteId}: 120 credits (1.20 USDC), 30 off, valid until ${QUOTE.expiresAt}`,
      `submitted ${SUB} (SUBMITTED), paid with 120 credits`,
    ]);
    const [quote] = fake.requests('POST /api/v1/dev/quotes') as [Seen];
    const draft = quote.body as Draft;
    expect(draft.category).toBe('SKILL');
    expect(draft.devNotes).toBe('Reads only what the user pastes.');
    expect(draft.source.files!.map((f) => f.path)).toEqual(['SKILL.md', 'scripts/convert.py']);
    expect(draft.source.files![1]!.contentBase64).toBe(b64('print(2.54)\n'));
    const [paid] = fake.requests('POST /api/v1/dev/submissions') as [Seen];
    expect(paid.body).toEqual({ ...draft, quoteId: QUOTE.quoteId, payment: { method: 'credits' } });
    expect(paid.headers['idempotency-key']).toBe('ci-42');
  });

  it('--json prints one line with the submission, the quote and how it was paid', async () => {
    const r = await sigma(['submit', join(skill, 'SKILL.md'), '--json', '--pay', 'voucher:LAUNCH-25', '--category', 'SKILL'], env());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toHaveLength(1);
    expect(r.json()).toEqual({ submissionId: SUB, status: 'SUBMITTED', quoteId: QUOTE.quoteId, credits: 120, usdc: '1.20', paidWith: 'voucher' });
    const [paid] = fake.requests('POST /api/v1/dev/submissions') as [Seen];
    expect((paid.body as { payment: unknown }).payment).toEqual({ method: 'voucher', code: 'LAUNCH-25' });
    expect((paid.body as Draft).source.files!.map((f) => f.path)).toEqual(['SKILL.md']);
  });

  it('a git source must be pinned to a commit; a pinned one is sent as a git source', async () => {
    const unpinned = await sigma(['submit', 'https://github.com/you/skill.git'], env());
    expect(unpinned.code).toBe(EXIT.usage);
    expect(unpinned.err.join('\n')).toContain('--ref <40-hex commit>');
    expect(fake.seen).toEqual([]);
    const ref = 'e'.repeat(40);
    const pinned = await sigma(['submit', 'https://github.com/you/skill.git', '--ref', ref, '--category', 'CODE', '--entry', 'main.py'], env());
    expect(pinned.code).toBe(EXIT.ok);
    expect(fake.requests('POST /api/v1/dev/quotes')[0]!.body).toMatchObject({
      category: 'CODE',
      entry: 'main.py',
      source: { type: 'git', url: 'https://github.com/you/skill.git', ref },
    });
  });

  it('--sandbox-base-url is sent with an API submission', async () => {
    const r = await sigma(['submit', join(skill, 'SKILL.md'), '--category', 'SKILL_API', '--sandbox-base-url', 'https://sandbox.example.com/v1'], env());
    expect(r.code).toBe(EXIT.ok);
    expect(fake.requests('POST /api/v1/dev/quotes')[0]!.body).toMatchObject({ category: 'SKILL_API', sandboxBaseUrl: 'https://sandbox.example.com/v1' });
  });

  it('refuses what cannot be submitted before any request: no such path, too many files, no key', async () => {
    expect((await sigma(['submit', join(dir, 'missing')], env())).code).toBe(EXIT.usage);
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 51; i++) writeFileSync(join(many, `f${i}.md`), 'x');
    const tooMany = await sigma(['submit', many], env());
    expect(tooMany.code).toBe(EXIT.usage);
    expect(tooMany.err.join('\n')).toContain('more than 50 files');
    expect((await sigma(['submit', skill], { SIGMA_API_URL: fake.url })).code).toBe(EXIT.usage);
    expect(fake.seen).toEqual([]);
  });

  it('the API refusing: bad input exits 2, too few credits or a bad key exit 3, with the code', async () => {
    fake.dev('POST /api/v1/dev/quotes', () => apiError('SIGMA_E_REQUEST_INVALID', 'category: not accepted yet', { field: 'category' }));
    const invalid = await sigma(['submit', skill, '--category', 'API'], env());
    expect(invalid.code).toBe(EXIT.usage);
    expect(invalid.err.join('\n')).toContain('SIGMA_E_REQUEST_INVALID: category: not accepted yet (field category)');

    fake.dev('POST /api/v1/dev/quotes', () => ({ status: 201, body: QUOTE }));
    fake.dev('POST /api/v1/dev/submissions', () => apiError('SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS', 'The price is 120 credits; the balance is 40.'));
    const poor = await sigma(['submit', skill], env());
    expect(poor.code).toBe(EXIT.api);
    expect(poor.err.join('\n')).toContain('SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS');

    const badKey = await sigma(['submit', skill], { SIGMA_API_URL: fake.url, SIGMA_API_KEY: 'sigma_dk_nope' });
    expect(badKey.code).toBe(EXIT.api);
    expect(badKey.err.join('\n')).toContain('SIGMA_E_AUTH_INVALID');
  });

  it('--wait follows the new submission to its decision and exits by it', async () => {
    fake.dev('GET /api/v1/dev/submissions/:id', (_, p) => ({
      body: { submissionId: p.id, status: 'APPROVED', skillName: 'unit-converter', certificateId: 'c'.repeat(24), reasons: [], timeline: [] },
    }));
    const r = await sigma(['submit', skill, '--wait', '--json'], env());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.filter(Boolean)).toHaveLength(1);
    expect(r.json()).toMatchObject({ submissionId: SUB, status: 'APPROVED' });
    expect(fake.requests(`GET /api/v1/dev/submissions/${SUB}`)).toHaveLength(1);
  });

  it('--pay x402 pays exactly the quoted USDC through the x402 route', async () => {
    const wallet = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
    const payments = x402Route(
      fake,
      'POST /api/v1/dev/submissions/x402',
      () => BigInt(QUOTE.usdcMicros),
      () => ({ submissionId: SUB, status: 'SUBMITTED' }),
    );
    const r = await sigma(['submit', skill, '--pay', 'x402'], { ...env(), SIGMA_WALLET_KEY: wallet });
    expect(r.code, r.err.join('\n')).toBe(EXIT.ok);
    expect(r.out.at(-1)).toBe(`submitted ${SUB} (SUBMITTED), paid with x402 (1.20 USDC)`);
    expect(payments.map((p) => p.value)).toEqual([1_200_000n]);
    expect(fake.requests('POST /api/v1/dev/submissions')).toEqual([]);
    // A route asking more than the quote is not paid.
    x402Route(
      fake,
      'POST /api/v1/dev/submissions/x402',
      () => BigInt(QUOTE.usdcMicros) + 1n,
      () => ({}),
    );
    const over = await sigma(['submit', skill, '--pay', 'x402'], { ...env(), SIGMA_WALLET_KEY: wallet });
    expect(over.code).toBe(EXIT.api);
    expect(payments).toHaveLength(1);
  });
});

describe('--pay', () => {
  it('is credits, voucher:CODE or x402', () => {
    expect(parsePay(undefined)).toEqual({ method: 'credits' });
    expect(parsePay(' x402 ')).toEqual({ method: 'x402' });
    expect(parsePay('voucher: SPRING ')).toEqual({ method: 'voucher', code: 'SPRING' });
    for (const bad of ['voucher:', 'voucher', 'card', '']) expect(() => parsePay(bad), bad).toThrow(/--pay must be/);
  });
});
