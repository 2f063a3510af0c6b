/** The registry HTTP policy, tested against real loopback servers that misbehave on purpose. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SigmaError } from '@sigma/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from './http.js';
import type { HttpPolicy } from './http.js';
import { parseDependencyManifests } from './manifest.js';
import { npmRegistry } from './registry-npm.js';
import { resolveDependencies } from './resolve.js';

type Handler = (req: IncomingMessage, res: ServerResponse, origin: string) => void;

async function serve(handler: Handler): Promise<{ origin: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res, origin);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, server };
}

let main: Awaited<ReturnType<typeof serve>>;
let other: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  other = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end('elsewhere');
  });
  main = await serve((req, res, origin) => {
    const u = req.url ?? '';
    if (u === '/ok') return void res.end('fine');
    if (u === '/hop') return void res.writeHead(302, { location: '/ok' }).end();
    if (u === '/offsite') return void res.writeHead(302, { location: `${other.origin}/x` }).end();
    if (u === '/loop') return void res.writeHead(301, { location: '/loop' }).end();
    if (u === '/big') return void res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
    if (u === '/chunked') {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
      return void res.end();
    }
    if (u === '/slow') return void setTimeout(() => res.end('late'), 1500);
    if (u === '/boom') return void res.writeHead(503).end();
    if (u === '/forbidden') return void res.writeHead(403).end();
    const tarballOn = (host: string) =>
      JSON.stringify({
        name: u.slice(1),
        versions: {
          '1.0.0': { name: u.slice(1), version: '1.0.0', dist: { tarball: `${host}/t.tgz`, integrity: `sha512-${Buffer.alloc(64, 1).toString('base64')}` } },
        },
      });
    if (u === '/foreign-tarball') return void res.writeHead(200, { 'content-type': 'application/json' }).end(tarballOn(other.origin));
    if (u === '/no-digest')
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ name: 'no-digest', versions: { '1.0.0': { version: '1.0.0', dist: { tarball: `${origin}/t.tgz` } } } }));
    if (u === '/not-json') return void res.writeHead(200).end('<html>');
    if (u === '/wrong-name') return void res.writeHead(200).end(JSON.stringify({ name: 'someone-else', versions: {} }));
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  for (const s of [main, other]) await new Promise<void>((r) => s.server.close(() => r()));
});

const policy = (): HttpPolicy => ({ origins: [main.origin], timeoutMs: 500, maxRedirects: 2 });
const get = (path: string, maxBytes = 4096) => httpGet(`${main.origin}${path}`, { accept: '*/*', maxBytes, what: 'test' }, policy());
const code = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'no error',
    (e: SigmaError) => e.code,
  );

describe('registry HTTP policy', () => {
  it('follows redirects on the registry, refuses ones that leave it, and stops loops', async () => {
    expect(new TextDecoder().decode((await get('/hop')).bytes)).toBe('fine');
    expect(await code(get('/offsite'))).toBe('SIGMA_E_PACKAGE_FOREIGN_HOST');
    expect(other.hits).toEqual([]);
    expect(await code(get('/loop'))).toBe('SIGMA_E_PACKAGE_REGISTRY_INVALID');
    expect(await code(httpGet(`${other.origin}/x`, { accept: '*/*', maxBytes: 10, what: 'test' }, policy()))).toBe('SIGMA_E_PACKAGE_FOREIGN_HOST');
    expect(other.hits).toEqual([]);
  });

  it('caps sizes whether or not the length is announced, and times out', async () => {
    expect(await code(get('/big'))).toBe('SIGMA_E_PACKAGE_TOO_LARGE');
    expect(await code(get('/chunked'))).toBe('SIGMA_E_PACKAGE_TOO_LARGE');
    expect((await get('/chunked', 20_000)).bytes.length).toBe(10_000);
    const t0 = Date.now();
    expect(await code(get('/slow'))).toBe('SIGMA_E_PACKAGE_REGISTRY_UNAVAILABLE');
    expect(Date.now() - t0).toBeLessThan(1400);
  });

  it('maps server errors: 5xx unavailable, other statuses invalid, 404 left to the caller', async () => {
    expect(await code(get('/boom'))).toBe('SIGMA_E_PACKAGE_REGISTRY_UNAVAILABLE');
    expect(await code(get('/forbidden'))).toBe('SIGMA_E_PACKAGE_REGISTRY_INVALID');
    expect((await get('/nothing')).status).toBe(404);
  });
});

describe('npm client against a misbehaving registry', () => {
  const resolveOne = (name: string, client = npmRegistry({ url: main.origin, timeoutMs: 2000 })) =>
    resolveDependencies(parseDependencyManifests([{ path: 'package.json', text: JSON.stringify({ dependencies: { [name]: '1.0.0' } }) }]), { npm: client });

  it('refuses a tarball URL on another host unless the operator names that origin', async () => {
    const r = await resolveOne('foreign-tarball');
    const c = npmRegistry({ url: main.origin });
    expect(await code(c.download(r.packages[0]!.distribution.url))).toBe('SIGMA_E_PACKAGE_FOREIGN_HOST');
    expect(other.hits).toEqual([]);
    const trusting = npmRegistry({ url: main.origin, extraOrigins: [other.origin] });
    expect(new TextDecoder().decode(await trusting.download(r.packages[0]!.distribution.url))).toBe('elsewhere');
  });

  it('fails closed on a version without a digest, a non-JSON answer and a packument for another name', async () => {
    expect(await code(resolveOne('no-digest'))).toBe('SIGMA_E_PACKAGE_INTEGRITY_MISSING');
    expect(await code(resolveOne('not-json'))).toBe('SIGMA_E_PACKAGE_REGISTRY_INVALID');
    expect(await code(resolveOne('wrong-name'))).toBe('SIGMA_E_PACKAGE_REGISTRY_INVALID');
  });
});
