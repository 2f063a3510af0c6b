import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainProof } from '@sigma/core';
import { checkDomainProof, normaliseLink } from './domain.js';
import { createGuardPolicy } from './policy.js';
import type { GuardPolicy } from './policy.js';
import { startServer, tableResolver } from './testkit.js';
import type { TestServer } from './testkit.js';

const CERT = 'https://sigma.test.example/certificates/c0ffee000000000000000001';
const link = (attrs = '', text = 'Certified by SIGMA', href = CERT) => `<a href="${href}"${attrs}>${text}</a>`;
const page = (body: string, head = '') =>
  `<!doctype html><html><head><title>Dev</title>${head}</head><body><h1>Our tool</h1>${body}<img src="/logo.png"></body></html>`;

const PAGES: Record<string, string> = {
  '/ok': page(`<footer>${link()}</footer>`),
  '/base': page(link('', 'SIGMA', 'certificates/c0ffee000000000000000001'), '<base href="https://sigma.test.example/">'),
  '/variants': page(link('', 'SIGMA', 'http://SIGMA.test.example:443/certificates/c0ffee000000000000000001/?utm_source=site#top')),
  '/image-link': page(link('', '<img src="/badge.svg" alt="SIGMA certified">')),
  '/summary': page(`<details><summary>${link()}</summary><p>more</p></details>`),
  '/other-cert': page(link('', 'SIGMA', 'https://sigma.test.example/certificates/c0ffee000000000000000002')),
  '/comment': page(`<!-- ${link()} -->`),
  '/script': page(`<script>document.write('${link()}')</script>`),
  '/template': page(`<template>${link()}</template>`),
  '/noscript': page(`<noscript>${link()}</noscript>`),
  '/hidden-attr': page(link(' hidden')),
  '/aria-hidden': page(`<div aria-hidden="true">${link()}</div>`),
  '/display-none': page(`<div style="display: none">${link()}</div>`),
  '/visibility': page(link(' style="visibility:hidden"')),
  '/opacity': page(link(' style="opacity: 0.0"')),
  '/font-size': page(link(' style="font-size:0px"')),
  '/zero-size': page(`<span style="width:0;height:0;overflow:hidden;display:inline-block">${link()}</span>`),
  '/offscreen': page(link(' style="position:absolute; left:-9999px"')),
  '/empty-text': page(link('', '   ')),
  '/closed-details': page(`<details><summary>More</summary>${link()}</details>`),
  '/link-element': page('', `<link rel="certificate" href="${CERT}">`),
};

let site: TestServer;
let policy: GuardPolicy;
let origin: string;

beforeAll(async () => {
  site = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (PAGES[path]) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGES[path]);
    if (path === '/json') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ link: CERT }));
    if (path === '/to-www') return res.writeHead(301, { location: `http://www.dev.test.example:${site.port}/ok` }).end();
    if (path === '/to-elsewhere') return res.writeHead(302, { location: `http://elsewhere.test.example:${site.port}/ok` }).end();
    if (path === '/huge') return res.writeHead(200, { 'content-type': 'text/html' }).end(page(`${'<p>filler</p>'.repeat(300_000)}${link()}`));
    res.writeHead(404, { 'content-type': 'text/html' }).end(page(link()));
  });
  origin = `http://dev.test.example:${site.port}`;
  policy = createGuardPolicy(
    { allowList: [`127.0.0.1:${site.port}`], totalTimeoutMs: 3_000 },
    tableResolver({ 'dev.test.example': ['127.0.0.1'], 'www.dev.test.example': ['127.0.0.1'], 'elsewhere.test.example': ['127.0.0.1'] }),
  );
});
afterAll(() => site.close());

const check = (path: string, p = policy) =>
  checkDomainProof({ homepageUrl: `${origin}${path}`, certificateUrls: [CERT] }, { policy: p, now: () => new Date('2026-12-02T00:00:00Z') });

describe('checkDomainProof', () => {
  it.each(['/ok', '/base', '/variants', '/image-link', '/summary'])('verifies an ordinary visible link (%s), fetching that one page only', async (path) => {
    const before = site.requests.length;
    const r = await check(path);
    expect(DomainProof.parse(r)).toEqual(r);
    expect(r).toMatchObject({ verified: true, checkedAt: '2026-12-02T00:00:00.000Z', url: `${origin}${path}`, error: null });
    expect(site.requests.slice(before).map((q) => q.url)).toEqual([path]);
  });

  it.each(['/other-cert', '/comment', '/script', '/template', '/noscript', '/link-element'])('finds no link in %s', async (path) => {
    const r = await check(path);
    expect(r).toMatchObject({ verified: false, reason: 'no link to the certificate page was found on the homepage' });
  });

  it.each([
    '/hidden-attr',
    '/aria-hidden',
    '/display-none',
    '/visibility',
    '/opacity',
    '/font-size',
    '/zero-size',
    '/offscreen',
    '/empty-text',
    '/closed-details',
  ])('does not count a hidden or empty link (%s)', async (path) => {
    const r = await check(path);
    expect(r).toMatchObject({ verified: false, reason: 'the only links to the certificate page are hidden or empty, which does not count' });
  });

  it('refuses non-HTML, error pages and pages over the size cap', async () => {
    expect((await check('/json')).reason).toMatch(/not HTML/);
    expect(await check('/missing')).toMatchObject({ verified: false, reason: 'the homepage answered 404' });
    const big = await checkDomainProof({ homepageUrl: `${origin}/huge`, certificateUrls: [CERT] }, { policy, maxBodyBytes: 256 * 1024 });
    expect(big).toMatchObject({ verified: false, error: { code: 'SIGMA_E_PROBE_TOO_LARGE' } });
  });

  it('follows a redirect to www of the same host but not off the host', async () => {
    const www = await check('/to-www');
    expect(www).toMatchObject({ verified: true, finalUrl: `http://www.dev.test.example:${site.port}/ok` });
    const before = site.requests.length;
    const off = await check('/to-elsewhere');
    expect(off).toMatchObject({ verified: false, error: { code: 'SIGMA_E_PROBE_REDIRECT_FORBIDDEN' } });
    expect(site.requests.length).toBe(before + 1);
  });

  it('goes through the guard: a homepage on a non-public address is never fetched', async () => {
    const before = site.requests.length;
    const r = await check('/ok', createGuardPolicy({}, tableResolver({ 'dev.test.example': ['127.0.0.1'] })));
    expect(r).toMatchObject({ verified: false, error: { code: 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN' } });
    expect(site.requests.length).toBe(before);
  });

  it('normalises links: scheme, case, default port, trailing slash, query and fragment do not matter; the path does', () => {
    const n = normaliseLink(CERT, CERT);
    expect(normaliseLink('HTTP://Sigma.Test.Example:80/certificates/c0ffee000000000000000001//?a=1#x', CERT)).toBe(n);
    expect(normaliseLink('https://sigma.test.example/certificates/c0ffee000000000000000001x', CERT)).not.toBe(n);
    expect(normaliseLink('javascript:alert(1)', CERT)).toBeNull();
  });
});
