import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/web-build.mjs';
import { DEV_KEY, freshPgDatabase, getJson, ROOT, startServer, tempDataDir, waitUntil, type ServerProcess } from './helpers.js';

/**
 * The web app in Chromium, the way people use it: a developer signs in with the emailed code (dev
 * outbox), submits a benign corpus skill, watches it reach APPROVED and checks the certificate in
 * the browser; an operator enrols TOTP and resolves an escalation with a reason. Screenshots of the
 * final pages go to test-results/web/.
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
    const text = '---\nname: unit-converter\nversion: 1.0.0\ndescription: Converts lengths between inches and centimetres.\n---\n\n# Unit converter\n\n1 inch = 2.54 cm. Answer with the converted value and the formula.\n';
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
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
      await shot(page, 'studio-dry-run');
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.waitForURL('**/dashboard/submissions/*');
      await page.getByText('Approved.').waitFor({ timeout: 120_000 });
      await page.getByText(/Certificate [0-9a-f]{24} sealed/).first().waitFor();
      await shot(page, 'submission-approved');

      // The public certificate page recomputes the payload hash in the browser.
      await page.getByRole('link', { name: 'view the certificate' }).click();
      await page.getByTestId('payload-hash-check').filter({ hasText: 'payload hash matches' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('validity').filter({ hasText: 'Valid SIGMA certificate' }).waitFor();
      for (const heading of ['Verification', 'Status and validity', 'Endpoint validation, monitoring and site proof', 'What was certified', 'Developer notes', 'Audit rounds', 'Pin for agents']) {
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
      body: JSON.stringify({ category: 'SKILL', source: { type: 'upload', files: [{ path: 'SKILL.md', contentBase64: Buffer.from(UNDECLARED_HOST_SKILL).toString('base64') }] } }),
    });
    expect(created.status).toBe(201);
    const { submissionId } = (await created.json()) as { submissionId: string };
    const dev = { authorization: `Bearer ${DEV_KEY}` };
    await waitUntil(async () => (await getJson<{ status: string }>(`${server.url}/api/v1/dev/submissions/${submissionId}`, dev)).status === 'ESCALATED', 60_000);

    const { ctx, page, problems } = await newPage();
    await keepEvidence(page, 'operator', async () => {
      await page.goto('/console');
      await page.waitForURL('**/console/login');
      await page.getByLabel('Email').fill(OPERATOR.email);
      await page.getByLabel('Password').fill(OPERATOR.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // First sign-in: enrol TOTP from the QR page.
      await page.getByRole('button', { name: 'Start enrolment' }).click();
      await page.getByRole('img', { name: 'QR code for the TOTP secret' }).waitFor();
      const secret = ((await page.getByLabel('TOTP secret', { exact: true }).textContent()) ?? '').trim();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      const totp = new TOTP({ issuer: 'SIGMA', label: OPERATOR.email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
      await shot(page, 'console-totp-enrolment');
      await page.getByLabel('Code from your app').fill(totp.generate());
      await page.getByRole('button', { name: 'Confirm enrolment' }).click();
      await page.getByText('Second factor enrolled').waitFor();

      // A wrong code is refused with the API's message; the right one signs in.
      await page.getByLabel('Password').fill(OPERATOR.password);
      await page.getByLabel('Authenticator code').fill(totp.generate() === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Wrong email, password or code' }).waitFor();
      await page.getByLabel('Authenticator code').fill(totp.generate());
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/console$/);
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

      const after = await getJson<{ status: string; reasons: Array<{ code: string; message: string }> }>(`${server.url}/api/v1/dev/submissions/${submissionId}`, dev);
      expect(after.status).toBe('REJECTED');
      expect(after.reasons).toEqual([expect.objectContaining({ code: 'OPERATOR_REJECT', message: reason })]);

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('cell', { name: 'submission.decide' }).first().waitFor();
      await shot(page, 'console-audit-log');
    });
    expect(problems).toEqual([]);
    await ctx.close();
  });
});
