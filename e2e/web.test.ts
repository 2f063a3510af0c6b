import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/web-build.mjs';
import { DEV_KEY, freshPgDatabase, getJson, ROOT, startServer, tempDataDir, waitUntil, type ServerProcess } from './helpers.js';

/**
 * The web app in Chromium, the way people use it: a developer signs in with the emailed code (dev
 * outbox), gets a quote for a benign corpus skill, pays it with credits, watches it reach APPROVED and
 * checks the certificate in the browser; an operator enrols TOTP and resolves an escalation with a
 * reason; an operator changes a price and switches a payment method off and the studio shows both;
 * an operator sanctions a validator beside its standing-history chart and reads the usage charts.
 * Screenshots of the final pages go to test-results/web/.
 */
const CHROMIUM = process.env.SIGMA_CHROMIUM ?? '/usr/bin/chromium';
const CORPUS =
  [process.env.SIGMA_CORPUS_DIR, resolve(ROOT, '../shared/corpus/dev'), '/work/shared/corpus/dev'].find((d): d is string => !!d && existsSync(d)) ??
  resolve(ROOT, '../shared/corpus/dev');
/** Labelled benign in the corpus manifest; the evidence engine and the offline council approve it. */
const BENIGN_SAMPLE = 'ciscoss__safe-skills__simple-math';
const SHOTS = join(ROOT, 'test-results', 'web');
const OPERATOR = { email: 'operator@sigma.local', password: 'e2e-operator-password' };

/** Declares one host but calls a second, undeclared one: the council splits and, with no escalation panel, an operator decides. */
const UNDECLARED_HOST_SKILL = `---
name: weather-brief
version: 2.0.0
description: Gives a short weather brief for a city.
externalCalls:
  - url: https://api.open-meteo.com/v1/forecast
    method: GET
    auth: none
    reason: forecast data
---

# Weather brief

First look up the city's coordinates with a GET request to https://geocoding-api.open-meteo.com/v1/search?name=Berlin
then fetch the forecast with a GET request to https://api.open-meteo.com/v1/forecast?latitude=52.52&longitude=13.41
and summarise temperature and rain for the next 24 hours in two sentences.
`;

const haveChromium = existsSync(CHROMIUM);

/**
 * The benign corpus sample's files (checked against the corpus manifest). A clone without the shared
 * corpus beside it still runs the flow, with a small benign skill written for the test.
 */
function benignFiles(): Array<{ name: string; mimeType: string; buffer: Buffer }> {
  const sample = join(CORPUS, BENIGN_SAMPLE);
  if (!existsSync(join(CORPUS, 'manifest.jsonl')) || !existsSync(join(sample, 'SKILL.md'))) {
    console.warn(`web e2e: corpus not found at ${CORPUS} (set SIGMA_CORPUS_DIR); using a built-in benign skill`);
    const text =
      '---\nname: unit-converter\nversion: 1.0.0\ndescription: Converts lengths between inches and centimetres.\n---\n\n# Unit converter\n\n1 inch = 2.54 cm. Answer with the converted value and the formula.\n';
    return [{ name: 'SKILL.md', mimeType: 'text/markdown', buffer: Buffer.from(text) }];
  }
  const entry = readFileSync(join(CORPUS, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; label: string; files: Array<{ file: string }> })
    .find((e) => e.id === BENIGN_SAMPLE);
  if (entry?.label !== 'benign') throw new Error(`${BENIGN_SAMPLE} is not labelled benign in ${CORPUS}/manifest.jsonl`);
  return entry.files.map((f) => ({ name: f.file, mimeType: 'application/octet-stream', buffer: readFileSync(join(sample, f.file)) }));
}
let server: ServerProcess;
let browser: Browser;
let pgDb: Awaited<ReturnType<typeof freshPgDatabase>> = null;

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(SHOTS, { recursive: true });
  if (!ensureWebBuilt({ log: () => undefined })) throw new Error('the web app did not build');
  pgDb = await freshPgDatabase();
  [server, browser] = await Promise.all([
    startServer('all', {
      SIGMA_DATA_DIR: tempDataDir(),
      SIGMA_SEED_DEV_API_KEY: DEV_KEY,
      SIGMA_SEED_OPERATOR_PASSWORD: OPERATOR.password,
      SIGMA_OPERATOR_TOTP: 'required',
      SIGMA_PANEL_ESCALATION: '0',
      ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    }),
    chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await pgDb?.drop();
});

/** A fresh browser profile; page errors and CSP violations fail the test. */
async function newPage(viewport = { width: 1200, height: 900 }): Promise<{ ctx: BrowserContext; page: Page; problems: string[] }> {
  const ctx = await browser.newContext({ viewport, baseURL: server.url });
  const page = await ctx.newPage();
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
    });
  };
  watch(page);
  ctx.on('page', watch);
  return { ctx, page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** On failure, keep a screenshot of where the page was (test-results/web/failed-<name>.png). */
async function keepEvidence<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    await page.screenshot({ path: join(SHOTS, `failed-${name}.png`), fullPage: true }).catch(() => undefined);
    throw new Error(`${(err as Error).message}\n(at ${page.url()}; screenshot test-results/web/failed-${name}.png)`, { cause: err });
  }
}

/** The operator's TOTP secret once enrolled (by the escalation test, or by whichever test signs in first). */
let totpSecret: string | null = null;
const totpOf = (secret: string) =>
  new TOTP({ issuer: 'SIGMA', label: OPERATOR.email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
/** The server takes each code once (RFC 6238 §5.2): a new sign-in waits for the next 30-second code, as a person would. */
let lastTotpStep = -1;
async function freshCode(secret: string): Promise<string> {
  while (Math.floor(Date.now() / 30_000) <= lastTotpStep) await new Promise((r) => setTimeout(r, 250));
  lastTotpStep = Math.floor(Date.now() / 30_000);
  return totpOf(secret).generate();
}

/** Sign in to the console: the first time enrol TOTP from the QR page (checking a wrong code is refused), later just password + code. */
async function operatorSignIn(page: Page): Promise<void> {
  await page.goto('/console');
  await page.waitForURL('**/console/login');
  await page.getByLabel('Email').fill(OPERATOR.email);
  await page.getByLabel('Password').fill(OPERATOR.password);
  if (!totpSecret) {
    await page.getByRole('button', { name: 'Sign in' }).click();
    // First sign-in: enrol TOTP from the QR page.
    await page.getByRole('button', { name: 'Start enrolment' }).click();
    await page.getByRole('img', { name: 'QR code for the TOTP secret' }).waitFor();
    const secret = ((await page.getByLabel('TOTP secret', { exact: true }).textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await shot(page, 'console-totp-enrolment');
    await page.getByLabel('Code from your app').fill(await freshCode(secret));
    await page.getByRole('button', { name: 'Confirm enrolment' }).click();
    await page.getByText('Second factor enrolled').waitFor();
    totpSecret = secret;
    // A wrong code is refused with the API's message; the right one signs in.
    await page.getByLabel('Password').fill(OPERATOR.password);
    const right = totpOf(secret).generate();
    await page.getByLabel('Authenticator code').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email, password or code' }).waitFor();
  }
  await page.getByLabel('Authenticator code').fill(await freshCode(totpSecret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console$/);
}

/** Sign a developer in with the emailed code, read from the development outbox (no UI detour). */
async function developerSignIn(page: Page, email = 'dev@sigma.local'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await page.getByLabel('Sign-in code').waitFor();
  const box = await getJson<{ messages: Array<{ to: string; subject: string }> }>(`${server.url}/api/v1/dev-outbox/messages`);
  const code = /(\d{6})/.exec(box.messages.find((m) => m.to === email)?.subject ?? '')?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await page.getByLabel('Sign-in code').fill(code!);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/dashboard');
}

/** No element wider than a phone screen (tables scroll inside their own region). */
async function fitsPhone(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate<string[]>(
    `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap')).slice(0, 5).map((e) => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60))`,
  );
  expect(await page.evaluate<number>('document.documentElement.scrollWidth'), wide.join('\n')).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1200, height: 900 });
}

describe.skipIf(!haveChromium)('the web app in Chromium', () => {
  it('a developer signs in with the emailed code (by keyboard), submits a benign corpus skill, watches it reach APPROVED and sees "payload hash matches"', async () => {
    const files = benignFiles();
    const { ctx, page, problems } = await newPage();
    await keepEvidence(page, 'developer', async () => {
      const landing = await page.goto('/');
      expect(landing!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await expect.poll(() => page.locator('.stat').count()).toBe(4);

      // Sign in by keyboard only: Tab from the page heading to the email field, Enter submits.
      await page.goto('/login');
      await page.getByRole('heading', { name: 'Sign in to the developer dashboard' }).waitFor();
      await page.keyboard.press('Tab');
      const focused = (attr: string) => page.evaluate<string | null>(`document.activeElement && document.activeElement.getAttribute(${JSON.stringify(attr)})`);
      expect(await focused('type')).toBe('email');
      // The seeded demo developer, who starts with credits to pay for the submission.
      await page.keyboard.type('dev@sigma.local');
      await page.keyboard.press('Enter');
      const codeField = page.getByLabel('Sign-in code');
      await codeField.waitFor();
      await expect.poll(() => focused('autocomplete')).toBe('one-time-code');
      await expect(page.getByRole('note').filter({ hasText: 'Development only' }).count()).resolves.toBe(1);

      // The code arrives in the development outbox (no SMTP on this server).
      const outbox = await ctx.newPage();
      await outbox.goto('/dev/outbox');
      await outbox.getByText('DEVELOPMENT ONLY').waitFor();
      const subject = (await outbox.locator('.mail-subject').first().textContent()) ?? '';
      const code = /(\d{6})/.exec(subject)?.[1];
      expect(code, subject).toMatch(/^\d{6}$/);
      await shot(outbox, 'dev-outbox');
      await outbox.close();

      // A wrong code shows the API's message, not a blank page.
      await page.keyboard.type(code === '000000' ? '111111' : '000000');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'The sign-in code is wrong' }).waitFor();
      await codeField.fill('');
      await codeField.focus();
      await page.keyboard.type(code!);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/dashboard');
      await page.getByText('Signed in as').waitFor();

      // New submission studio: files, notes, dry run, locked manifest, submit.
      await page.getByRole('link', { name: 'New submission' }).first().click();
      await page.getByLabel('Files (SKILL.md and its files, or a .zip / .tar.gz archive)').setInputFiles(files);
      await page.getByLabel('Developer notes (optional)').fill('Arithmetic with Python operators only; no eval, no network.');
      await page.getByRole('button', { name: 'Run dry-run validation' }).click();
      await page.getByRole('heading', { name: 'Manifest preview (locked)' }).waitFor();
      await page.getByText('No blocking findings').waitFor();

      // The quote follows the dry run: itemised, with a countdown, payable with the demo credits.
      const quote = page.getByTestId('quote');
      await quote.waitFor();
      const headline = (await quote.locator('.quote-headline').textContent()) ?? '';
      const [, priceText, usdc] = /([\d,]+) credits? = ([\d.]+) USDC/.exec(headline) ?? [];
      const price = Number(priceText!.replace(/,/g, ''));
      expect(price, headline).toBeGreaterThan(0);
      expect(usdc).toBe((price / 100).toFixed(2));
      await quote.getByRole('rowheader', { name: 'Base price (SKILL)' }).waitFor();
      await quote.getByRole('rowheader', { name: 'Total' }).waitFor();
      expect(await page.getByTestId('quote-countdown').textContent()).toMatch(/^1[45]:\d\d$/);
      expect(await page.getByLabel('Pay with credits').isChecked()).toBe(true);
      await page.getByTestId('credit-balance').filter({ hasText: '10,000 credits' }).waitFor();
      await shot(page, 'studio-quote');
      await page.getByRole('button', { name: `Pay ${price.toLocaleString('en-US')} credits and submit` }).click();
      await page.waitForURL('**/dashboard/submissions/*');
      const submissionUrl = page.url();
      await page.getByText('Approved.').waitFor({ timeout: 120_000 });
      await page
        .getByText(/Certificate [0-9a-f]{24} sealed/)
        .first()
        .waitFor();
      await shot(page, 'submission-approved');

      // The charge is in the credit ledger, and the balance is derived from it.
      await page.getByRole('link', { name: 'Credits', exact: true }).click();
      await page
        .getByTestId('credits-balance')
        .filter({ hasText: (10_000 - price).toLocaleString('en-US') })
        .waitFor();
      await page.getByRole('region', { name: 'Credit movements' }).getByText('submission.charge').waitFor();
      await page.getByRole('img', { name: /Balance over time/ }).waitFor();
      await shot(page, 'credits');
      await page.goto(submissionUrl);

      // The public certificate page recomputes the payload hash in the browser.
      await page.getByRole('link', { name: 'view the certificate' }).click();
      await page.getByTestId('payload-hash-check').filter({ hasText: 'payload hash matches' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('validity').filter({ hasText: 'Valid SIGMA certificate' }).waitFor();
      for (const heading of [
        'Verification',
        'Status and validity',
        'Endpoint validation, monitoring, site proof and source drift',
        'What was certified',
        'Developer notes',
        'Audit rounds',
        'Pin for agents',
      ]) {
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      }
      await page.getByRole('heading', { name: /Phase 1/ }).waitFor();
      await page.getByRole('heading', { name: /Phase 2/ }).waitFor();
      await page.getByText('Arithmetic with Python operators only; no eval, no network.', { exact: true }).waitFor();
      await shot(page, 'certificate');

      // Readable on a phone: nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('payload-hash-check').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot(page, 'certificate-390px');

      // A developer session is no operator session.
      await page.goto('/console');
      await page.waitForURL('**/console/login');
    });
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('an operator signs in with TOTP (enrolling via the QR page) and resolves an escalated submission with a reason', async () => {
    const created = await fetch(`${server.url}/api/v1/dev/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'SKILL',
        source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: Buffer.from(UNDECLARED_HOST_SKILL).toString('base64') }] },
      }),
    });
    expect(created.status).toBe(201);
    const { submissionId } = (await created.json()) as { submissionId: string };
    const dev = { authorization: `Bearer ${DEV_KEY}` };
    await waitUntil(
      async () => (await getJson<{ status: string }>(`${server.url}/api/v1/dev/submissions/${submissionId}`, dev)).status === 'ESCALATED',
      60_000,
    );

    const { ctx, page, problems } = await newPage();
    await keepEvidence(page, 'operator', async () => {
      await operatorSignIn(page);
      await page.getByText('escalation(s) waiting for a decision').waitFor();

      // The escalation: evidence and every verdict side by side, then decide with a reason.
      await page.locator(`a[href="/console/submissions/${submissionId}"]`).click();
      await page.getByRole('heading', { name: 'Decide this escalation' }).waitFor();
      await page.getByRole('heading', { name: 'Evidence', exact: true }).waitFor();
      await page.getByRole('heading', { name: 'Verdicts', exact: true }).waitFor();
      await page.getByText('geocoding-api.open-meteo.com').first().waitFor();
      const reason = 'The body calls geocoding-api.open-meteo.com, which the manifest does not declare; declare it and resubmit.';
      await page.getByLabel('Reject').check();
      await page.getByLabel('Reason').fill(reason);
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.getByText('Rejected (REJECTED).').waitFor();
      await shot(page, 'console-decision');

      const after = await getJson<{ status: string; reasons: Array<{ code: string; message: string }> }>(
        `${server.url}/api/v1/dev/submissions/${submissionId}`,
        dev,
      );
      expect(after.status).toBe('REJECTED');
      expect(after.reasons).toEqual([expect.objectContaining({ code: 'OPERATOR_REJECT', message: reason })]);

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('cell', { name: 'submission.decide' }).first().waitFor();
      await shot(page, 'console-audit-log');
    });
    expect(problems).toEqual([]);
    await ctx.close();
  });
  it('an operator raises the SKILL price and switches vouchers off; the next quote in the studio shows the new price and no voucher, and too few credits show the API message', async () => {
    const files = benignFiles();
    const op = await newPage();
    const dev = await newPage();
    await keepEvidence(op.page, 'console-pricing', async () => {
      await operatorSignIn(op.page);
      await op.page.getByRole('link', { name: 'Pricing', exact: true }).click();
      await op.page.getByRole('heading', { name: 'Categories (base prices)' }).waitFor();
      await op.page.getByLabel('New base price for SKILL (credits)').fill('20000');
      await op.page.getByRole('button', { name: 'Change the SKILL price' }).click();
      await op.page.getByRole('status').filter({ hasText: 'SKILL now costs 20,000 credits (200.00 USDC).' }).waitFor();
      await op.page.getByRole('rowheader', { name: 'SKILL', exact: true }).waitFor();
      await fitsPhone(op.page);
      await shot(op.page, 'console-pricing');

      await op.page.getByRole('link', { name: 'Payments', exact: true }).click();
      await op.page.getByTestId('books-balance').filter({ hasText: 'Books balance: yes' }).waitFor();
      const vouchers = op.page.getByLabel(/accept Vouchers/);
      expect(await vouchers.isChecked()).toBe(true);
      await vouchers.uncheck();
      await op.page.getByRole('status').filter({ hasText: 'Vouchers switched off.' }).waitFor();
      expect(await vouchers.isChecked()).toBe(false);
      await fitsPhone(op.page);
      await shot(op.page, 'console-payments');
    });
    await keepEvidence(dev.page, 'studio-new-price', async () => {
      await developerSignIn(dev.page);
      await dev.page.goto('/dashboard/new');
      await dev.page.getByLabel('Files (SKILL.md and its files, or a .zip / .tar.gz archive)').setInputFiles(files);
      await dev.page.getByRole('button', { name: 'Run dry-run validation' }).click();
      const quote = dev.page.getByTestId('quote');
      await quote.waitFor();
      expect(await quote.getByRole('row', { name: /Base price \(SKILL\)/ }).textContent()).toContain('20,000');
      // Vouchers are no longer offered; the other methods still are.
      await dev.page.getByLabel('Pay with credits').waitFor();
      expect(await dev.page.getByLabel('Voucher code').count()).toBe(0);
      await dev.page.getByText('Switched off on this deployment: voucher.').waitFor();
      // Paying with too few credits shows the API's message and code, and a way to buy more.
      await dev.page.getByRole('button', { name: /^Pay [\d,]+ credits and submit$/ }).click();
      const alert = dev.page.getByRole('alert').filter({ hasText: 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS' });
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/The price is \d+ credits; the balance is \d+\./);
      await dev.page.getByRole('link', { name: 'Buy credits' }).first().waitFor();
      expect(dev.page.url()).toContain('/dashboard/new');
      await fitsPhone(dev.page);
      await shot(dev.page, 'studio-insufficient-credits');
    });
    // Put the price and the voucher switch back for anything that runs later.
    await keepEvidence(op.page, 'console-pricing-restore', async () => {
      await op.page.getByLabel(/accept Vouchers/).check();
      await op.page.getByRole('status').filter({ hasText: 'Vouchers switched on.' }).waitFor();
      await op.page.getByRole('link', { name: 'Pricing', exact: true }).click();
      await op.page.getByLabel('New base price for SKILL (credits)').fill('100');
      await op.page.getByRole('button', { name: 'Change the SKILL price' }).click();
      await op.page.getByRole('status').filter({ hasText: 'SKILL now costs 100 credits (1.00 USDC).' }).waitFor();
    });
    expect([...op.problems, ...dev.problems]).toEqual([]);
    await op.ctx.close();
    await dev.ctx.close();
  });

  it('an operator opens a validator, sees its standing-history chart, sanctions it with a reason, and reads LLM usage charts', async () => {
    const { ctx, page, problems } = await newPage();
    await keepEvidence(page, 'console-validator', async () => {
      await operatorSignIn(page);
      await page.getByRole('link', { name: 'Validators', exact: true }).click();
      await page.getByRole('heading', { name: 'Inject a canary' }).waitFor();
      await page
        .getByRole('link', { name: /^Validator / })
        .first()
        .click();
      await page.waitForURL('**/console/validators/*');
      await page
        .getByTestId('standing-charts')
        .getByRole('img', { name: /Reputation over time/ })
        .waitFor();
      await page
        .getByTestId('standing-charts')
        .getByRole('img', { name: /Governance weight over time/ })
        .waitFor();
      const before = Number(await page.getByTestId('reputation').textContent());
      const reason = 'Voted SAFE on a canary that exfiltrates credentials (browser test).';
      await page.getByLabel('Reputation penalty (50–300)').fill('60');
      await page.getByLabel('Stake slash in basis points (optional)').fill('0');
      await page.getByLabel('Reason for the sanction').fill(reason);
      await page.getByRole('button', { name: 'Apply the sanction' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Sanctioned: reputation ${Math.max(0, before - 60)}` })
        .waitFor();
      await page
        .getByTestId('reputation')
        .filter({ hasText: String(Math.max(0, before - 60)) })
        .waitFor();
      const row = page.getByRole('region', { name: 'Standing history' }).getByRole('row').filter({ hasText: reason });
      await row.waitFor();
      expect(await row.textContent()).toContain('(−60)');
      // The chart now has the sanction as a step down.
      expect(await page.getByTestId('standing-charts').locator('.chart-dot').count()).toBeGreaterThanOrEqual(4);
      await fitsPhone(page);
      await shot(page, 'console-validator');

      await page.getByRole('link', { name: 'LLM usage', exact: true }).click();
      await page
        .getByTestId('usage-charts')
        .getByRole('img', { name: /Cost per day/ })
        .waitFor();
      await page
        .getByTestId('usage-charts')
        .getByRole('img', { name: /Calls per day/ })
        .waitFor();
      await page
        .getByRole('region', { name: 'Usage per model' })
        .getByText(/^offline:/)
        .first()
        .waitFor();
      await page.getByRole('region', { name: 'Usage per validator' }).getByRole('link').first().waitFor();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /Catalogue synced: \d+ bundled entries/ })
        .waitFor();
      await fitsPhone(page);
      await shot(page, 'console-usage');

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('cell', { name: 'validator.sanction' }).first().waitFor();
    });
    expect(problems).toEqual([]);
    await ctx.close();
  });
});
