/**
 * A real npm registry for tests: Verdaccio 6.8 in-process on a loopback port, with no uplinks (it
 * never proxies to the internet), storage in a temporary folder, anonymous publishing. Fixtures are
 * published through the registry API exactly as `npm publish` sends them (PUT /<name> with the
 * version document and the base64 tarball in `_attachments`).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmTarball } from './fixtures.js';
import type { TarEntry } from './fixtures.js';

export interface NpmFixture {
  name: string;
  version: string;
  /** Extra package.json fields (scripts, dependencies, main…). */
  manifest?: Record<string, unknown>;
  files?: Record<string, string | Uint8Array>;
  extraEntries?: TarEntry[];
  /** Fields of the version document that differ from the tarball's package.json (manifest confusion). */
  registryOverrides?: Record<string, unknown>;
  /** Publish a tarball built elsewhere. */
  tarball?: Uint8Array;
}

export interface LocalNpmRegistry {
  url: string;
  storage: string;
  publish(f: NpmFixture): Promise<{ integrity: string; tarball: Uint8Array }>;
  /** Replaces a published tarball in storage (a compromised mirror). */
  tamper(name: string, version: string, bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export async function startVerdaccio(): Promise<LocalNpmRegistry> {
  const storage = await mkdtemp(join(tmpdir(), 'sigma-verdaccio-'));
  const { runServer } = (await import('verdaccio')) as unknown as {
    runServer(config: Record<string, unknown>): Promise<Server>;
  };
  const server = await runServer({
    self_path: join(storage, 'config.yaml'),
    storage: join(storage, 'storage'),
    auth: { htpasswd: { file: join(storage, 'htpasswd'), max_users: -1 } },
    uplinks: {},
    packages: {
      '@*/*': { access: '$all', publish: '$all', unpublish: '$all' },
      '**': { access: '$all', publish: '$all', unpublish: '$all' },
    },
    web: { enable: false },
    log: { type: 'stdout', format: 'json', level: 'fatal' },
    max_body_size: '64mb',
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const storageDir = join(storage, 'storage');

  return {
    url,
    storage: storageDir,
    async publish(f) {
      const pj = { name: f.name, version: f.version, ...(f.manifest ?? {}) };
      const tarball = f.tarball ?? npmTarball(pj, f.files ?? {}, f.extraEntries ?? []);
      const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
      const shasum = createHash('sha1').update(tarball).digest('hex');
      const base = f.name.startsWith('@') ? f.name.split('/')[1]! : f.name;
      const file = `${base}-${f.version}.tgz`;
      const doc = {
        _id: f.name,
        name: f.name,
        'dist-tags': { latest: f.version },
        versions: {
          [f.version]: {
            ...pj,
            ...(f.registryOverrides ?? {}),
            _id: `${f.name}@${f.version}`,
            dist: { integrity, shasum, tarball: `${url}/${f.name}/-/${file}` },
          },
        },
        _attachments: { [file]: { content_type: 'application/octet-stream', data: Buffer.from(tarball).toString('base64'), length: tarball.length } },
      };
      const path = f.name.startsWith('@') ? `@${encodeURIComponent(f.name.slice(1))}` : encodeURIComponent(f.name);
      const res = await fetch(`${url}/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
      if (res.status !== 201 && res.status !== 200) throw new Error(`publish ${f.name}@${f.version}: ${res.status} ${await res.text()}`);
      await res.body?.cancel();
      return { integrity, tarball };
    },
    async tamper(name, version, bytes) {
      const base = name.startsWith('@') ? name.split('/')[1]! : name;
      await writeFile(join(storageDir, name, `${base}-${version}.tgz`), bytes);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      await rm(storage, { recursive: true, force: true });
    },
  };
}
