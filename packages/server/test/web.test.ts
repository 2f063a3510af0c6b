import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, ingestFiles, parseFrontMatter } from '@sigma/evidence';
import { guided, skillGuide, type OpenApiDocument } from '../src/planes/web/skill-guide.js';
import { startTestServer, type TestServer } from './harness.js';

const dist = mkdtempSync(join(tmpdir(), 'sigma-web-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>site</title><div id="root"></div>');
writeFileSync(join(dist, 'console.html'), '<!doctype html><title>console</title><div id="root"></div>');
writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ workers: false, seed: false, env: { SIGMA_WEB_DIST: dist } });
});
afterAll(async () => {
  await t?.close();
  rmSync(dist, { recursive: true, force: true });
});
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('serving the web app', () => {
  it('serves the site at / and client routes with their entry page', async () => {
    const root = await t.app.inject({ url: '/', headers: html });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.body).toContain('<title>site</title>');
    expect(root.headers['cache-control']).toBe('no-cache');
    for (const path of ['/certificate/0123456789abcdef01234567', '/dashboard/submissions/x', '/faq?x=1']) {
      const r = await t.app.inject({ url: path, headers: html });
      expect(r.statusCode, path).toBe(200);
      expect(r.body).toContain('<title>site</title>');
    }
  });

  it('serves the operator console at /console and below', async () => {
    for (const path of ['/console', '/console/flags', '/console/submissions/abc']) {
      const r = await t.app.inject({ url: path, headers: html });
      expect(r.statusCode, path).toBe(200);
      expect(r.body).toContain('<title>console</title>');
    }
  });

  it('serves hashed assets with a long cache and top-level files', async () => {
    const a = await t.app.inject('/assets/app-1234.js');
    expect(a.statusCode).toBe(200);
    expect(a.headers['cache-control']).toMatch(/immutable/);
    expect(a.headers['content-type']).toMatch(/javascript/);
    expect((await t.app.inject('/favicon.svg')).statusCode).toBe(200);
  });

  it('keeps API and unknown-file 404s as JSON catalogue errors, even for browsers', async () => {
    for (const path of ['/api/v1/nope', '/api/v1/public/nope', '/api/v1/dev/nope/deeper', '/assets/missing.js', '/nope', '/.well-known/nope']) {
      const accept = path === '/nope' ? {} : html;
      const r = await t.app.inject({ url: path, headers: accept });
      expect(r.statusCode, path).toBe(404);
      expect(r.json().error.code, path).toBe('SIGMA_E_ROUTE_NOT_FOUND');
    }
    const post = await t.app.inject({ method: 'POST', url: '/certificate/x', headers: html });
    expect(post.json().error.code).toBe('SIGMA_E_ROUTE_NOT_FOUND');
    const traversal = await t.app.inject({ url: '/assets/..%2f..%2f..%2fetc%2fpasswd', headers: html });
    expect([400, 403, 404]).toContain(traversal.statusCode);
    expect(traversal.body).not.toContain('root:');
  });

  it('serves the agent guide as markdown with front matter', async () => {
    const r = await t.app.inject('/skill.md');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(r.body.startsWith('---\nname: sigma-certificate-check\n')).toBe(true);
    expect(r.body).toContain(`${t.s.config.publicUrl}/api/v1/public/certificates/<id>/verify`);
    expect(r.body).toContain(t.s.issuer.address);
  });

  it('builds the agent guide from the live OpenAPI document: every public route, checked links, and it passes SIGMA itself', async () => {
    const doc = (await t.app.inject('/openapi.json')).json() as OpenApiDocument & { paths: Record<string, Record<string, { tags?: string[] }>> };
    const guide = (await t.app.inject('/skill.md')).body;
    const base = t.s.config.publicUrl;
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        if (op.tags?.includes('public') && guided(path)) expect(guide, `${method} ${path}`).toContain(`### ${method.toUpperCase()} ${path}\n`);
    expect(guide).toMatch(/### GET \/api\/v1\/public\/certificates\/\{id\}\/verify\n[\s\S]*?`valid` \(boolean\)/);
    // Every URL of this deployment that the guide names is a route of the document.
    const named = [...guide.matchAll(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/[\\w./<>{}-]*)`, 'g'))].map((m) =>
      m[1]!.replace(/<(\w+)>/g, '{$1}'),
    );
    expect(named.length).toBeGreaterThan(5);
    for (const p of named) if (p !== '/openapi.json' && p !== '/certificate/{id}') expect(Object.keys(doc.paths), p).toContain(p);
    const fm = parseFrontMatter(guide).data as { externalCalls: Array<{ url: string }> };
    expect(fm.externalCalls.map((c) => c.url.slice(base.length))).toEqual(['/api/v1/public/certificates', '/.well-known/sigma-issuer']);
    // A guide naming a route the API lost is not served stale: building it fails.
    const { ['/api/v1/public/certificates/{id}/verify']: _gone, ...rest } = doc.paths;
    expect(() => skillGuide(base, t.s.issuer.address, { ...doc, paths: rest })).toThrow(/does not have/);
    // The guide is itself a skill: SIGMA's own engine finds nothing blocking in it.
    const report = await analyze(ingestFiles([{ path: 'SKILL.md', bytes: new TextEncoder().encode(guide) }]));
    expect(report.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL').map((f) => `${f.ruleId} ${f.line}`)).toEqual([]);
  });

  it('sends security headers on pages and API responses', async () => {
    for (const path of ['/', '/certificate/x', '/healthz', '/api/v1/nope', '/openapi.json']) {
      const r = await t.app.inject({ url: path, headers: html });
      const page = String(r.headers['content-type']).startsWith('text/html');
      expect(page, path).toBe(!path.startsWith('/api') && !path.startsWith('/healthz') && !path.startsWith('/openapi'));
      expect(r.headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
      // Pages load their own scripts only; JSON may load nothing at all.
      expect(r.headers['content-security-policy'], path).toMatch(page ? /script-src 'self'(;|$)/ : /^default-src 'none';/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});

describe('without a build', () => {
  it('says how to build it for pages, and keeps JSON for the API', async () => {
    const p = await startTestServer({ workers: false, seed: false, env: { SIGMA_WEB_DIST: join(dist, 'missing') } });
    try {
      const r = await p.app.inject({ url: '/certificate/x', headers: html });
      expect(r.statusCode).toBe(503);
      expect(r.body).toMatch(/npm start/);
      expect((await p.app.inject({ url: '/api/v1/nope', headers: html })).json().error.code).toBe('SIGMA_E_ROUTE_NOT_FOUND');
      expect((await p.app.inject('/skill.md')).statusCode).toBe(200);
    } finally {
      await p.close();
    }
  });
});
