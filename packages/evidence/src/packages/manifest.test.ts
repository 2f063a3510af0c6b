import { describe, expect, it } from 'vitest';
import { parseDependencyManifests } from './manifest.js';
import type { ManifestFile } from './manifest.js';
import { evaluateMarker, parseRequirement } from './pep508.js';
import { DEFAULT_TARGET } from './types.js';

const pj = (o: Record<string, unknown>): string => JSON.stringify(o, null, 2) + '\n';
const parse = (files: ManifestFile[], opts = {}) => parseDependencyManifests(files, { npmRegistry: 'http://127.0.0.1:4873', ...opts });
const codes = (r: ReturnType<typeof parse>) => r.errors.map((e) => [e.code, e.file, e.line, e.name]);

describe('npm manifests', () => {
  it('accepts exact pins and ranges, with the line of each', () => {
    const r = parse([{ path: 'package.json', text: pj({ name: 'app', dependencies: { 'left-pad': '1.3.0', chalk: '^5.3.0', '@scope/x': '~1.2.0' } }) }]);
    expect(r.errors).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.pin, d.version, d.source.line])).toEqual([
      ['left-pad', 'exact', '1.3.0', 4],
      ['chalk', 'range', null, 5],
      ['@scope/x', 'range', null, 6],
    ]);
  });

  it('refuses *, latest, dist-tags, VCS, URLs, paths and bad names with the code and the line', () => {
    const text = pj({
      dependencies: {
        a: '*',
        b: 'latest',
        c: 'next',
        d: 'git+https://github.com/x/d.git',
        e: 'github:x/e',
        f: 'x/f#main',
        g: 'https://example.com/g.tgz',
        h: 'file:../h',
        i: './i',
        j: '>=0.0.0',
        'Bad Name': '1.0.0',
        k: '',
      },
    });
    const r = parse([{ path: 'package.json', text }]);
    expect(r.dependencies).toEqual([]);
    expect(codes(r)).toEqual([
      ['SIGMA_E_PACKAGE_SPEC_UNPINNED', 'package.json', 3, 'a'],
      ['SIGMA_E_PACKAGE_SPEC_UNPINNED', 'package.json', 4, 'b'],
      ['SIGMA_E_PACKAGE_SPEC_UNPINNED', 'package.json', 5, 'c'],
      ['SIGMA_E_PACKAGE_SPEC_VCS', 'package.json', 6, 'd'],
      ['SIGMA_E_PACKAGE_SPEC_VCS', 'package.json', 7, 'e'],
      ['SIGMA_E_PACKAGE_SPEC_VCS', 'package.json', 8, 'f'],
      ['SIGMA_E_PACKAGE_SPEC_URL', 'package.json', 9, 'g'],
      ['SIGMA_E_PACKAGE_SPEC_PATH', 'package.json', 10, 'h'],
      ['SIGMA_E_PACKAGE_SPEC_PATH', 'package.json', 11, 'i'],
      ['SIGMA_E_PACKAGE_SPEC_UNPINNED', 'package.json', 12, 'j'],
      ['SIGMA_E_PACKAGE_SPEC_INVALID', 'package.json', 13, 'Bad Name'],
      ['SIGMA_E_PACKAGE_SPEC_UNPINNED', 'package.json', 14, 'k'],
    ]);
  });

  it('reads aliases, skips devDependencies and optional peers', () => {
    const r = parse([
      {
        path: 'package.json',
        text: pj({
          dependencies: { sw: 'npm:string-width@4.2.3' },
          devDependencies: { vitest: 'latest' },
          peerDependencies: { react: '^18.0.0', 'maybe-peer': '*' },
          peerDependenciesMeta: { 'maybe-peer': { optional: true } },
        }),
      },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.alias, d.pin, d.version])).toEqual([
      ['string-width', 'sw', 'exact', '4.2.3'],
      ['react', null, 'range', null],
    ]);
  });

  it('a lockfile pin wins over the range, and must agree with it', () => {
    const lock = pj({
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '^1.0.0', b: '^2.0.0' } },
        'node_modules/a': { version: '1.4.0', resolved: 'http://127.0.0.1:4873/a/-/a-1.4.0.tgz', integrity: 'sha512-AAAA' },
        'node_modules/b': { version: '3.0.0', resolved: 'https://registry.npmjs.org/b/-/b-3.0.0.tgz', integrity: 'sha512-BBBB' },
      },
    });
    const r = parse([
      { path: 'package.json', text: pj({ dependencies: { a: '^1.0.0', b: '^2.0.0', c: '1.0.0' } }) },
      { path: 'package-lock.json', text: lock },
    ]);
    expect(r.dependencies.map((d) => [d.name, d.pin, d.version, d.integrity])).toEqual([['a', 'lockfile', '1.4.0', 'sha512-AAAA']]);
    expect(codes(r)).toEqual([
      ['SIGMA_E_PACKAGE_LOCK_MISMATCH', 'package-lock.json', 16, 'b'],
      ['SIGMA_E_PACKAGE_LOCK_MISMATCH', 'package-lock.json', null, 'c'],
    ]);
  });

  it('refuses lockfile entries from private registries, git and links, and lockfile v1', () => {
    const lock = pj({
      lockfileVersion: 3,
      packages: {
        '': {},
        'node_modules/p': { version: '1.0.0', resolved: 'https://npm.internal.corp/p/-/p-1.0.0.tgz' },
        'node_modules/g': { version: '1.0.0', resolved: 'git+ssh://git@github.com/x/g.git#abc' },
        'node_modules/l': { resolved: 'packages/l', link: true },
        'node_modules/d': { version: '1.0.0', resolved: 'https://evil.example/d.tgz', dev: true },
      },
    });
    const r = parse([
      { path: 'package.json', text: pj({}) },
      { path: 'package-lock.json', text: lock },
    ]);
    expect(codes(r)).toEqual([
      ['SIGMA_E_PACKAGE_PRIVATE_REGISTRY', 'package-lock.json', 5, 'p'],
      ['SIGMA_E_PACKAGE_SPEC_VCS', 'package-lock.json', 9, 'g'],
      ['SIGMA_E_PACKAGE_SPEC_PATH', 'package-lock.json', 13, 'l'],
    ]);
    const v1 = parse([
      { path: 'package.json', text: pj({ dependencies: { a: '1.0.0' } }) },
      { path: 'package-lock.json', text: pj({ lockfileVersion: 1, dependencies: {} }) },
    ]);
    expect(v1.errors.map((e) => [e.code, e.line])).toContainEqual(['SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', 2]);
  });

  it('refuses .npmrc registries other than the official and configured ones', () => {
    const r = parse([
      { path: 'package.json', text: pj({ dependencies: { a: '1.0.0' } }) },
      { path: '.npmrc', text: 'fund=false\nregistry=https://registry.npmjs.org/\n@corp:registry=https://npm.corp.example/\n' },
    ]);
    expect(codes(r)).toEqual([['SIGMA_E_PACKAGE_PRIVATE_REGISTRY', '.npmrc', 3, null]]);
  });

  it('reports invalid JSON with its line', () => {
    const r = parse([{ path: 'package.json', text: '{\n  "dependencies": {\n    "a": "1.0.0",\n  }\n}\n' }]);
    expect(codes(r)).toEqual([['SIGMA_E_PACKAGE_MANIFEST_INVALID', 'package.json', 4, null]]);
  });
});

describe('Python manifests', () => {
  it('reads requirements.txt: pins, ranges, extras, hashes, continuations, comments, includes', () => {
    const req = [
      '# runtime',
      'requests[socks]==2.31.0 \\',
      '    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f',
      'urllib3>=1.21.1,<3  # a range',
      'idna~=3.4',
      'colorama==0.4.6; sys_platform == "win32"',
      '-r more.txt',
      '--require-hashes',
    ].join('\n');
    const r = parse([
      { path: 'requirements.txt', text: req },
      { path: 'more.txt', text: 'Charset_Normalizer===3.3.2\n' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.pin, d.version, d.spec, d.extras, d.hashes.length, d.source.file, d.source.line])).toEqual([
      ['requests', 'exact', '2.31.0', '==2.31.0', ['socks'], 1, 'requirements.txt', 2],
      ['urllib3', 'range', null, '>=1.21.1,<3', [], 0, 'requirements.txt', 4],
      ['idna', 'range', null, '~=3.4', [], 0, 'requirements.txt', 5],
      ['charset-normalizer', 'exact', '3.3.2', '===3.3.2', [], 0, 'more.txt', 1],
    ]);
  });

  it('refuses unpinned, VCS, URL, path, editable, index options and env variables with their lines', () => {
    const req = [
      'flask',
      'django>=0',
      'git+https://github.com/x/y.git#egg=y',
      'pkg @ git+https://github.com/x/pkg.git@v1',
      'other @ https://example.com/other-1.0.tar.gz',
      './local/pkg',
      '-e .',
      '--index-url https://pypi.corp.example/simple',
      '--extra-index-url https://pypi.org/simple',
      '-i https://pypi.org/simple',
      'token==${TOKEN}',
      '-c constraints.txt',
      'x==1.0 --install-option=--prefix',
    ].join('\n');
    const r = parse([{ path: 'requirements.txt', text: req }]);
    expect(r.dependencies).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([
      ['SIGMA_E_PACKAGE_SPEC_UNPINNED', 1],
      ['SIGMA_E_PACKAGE_SPEC_UNPINNED', 2],
      ['SIGMA_E_PACKAGE_SPEC_VCS', 3],
      ['SIGMA_E_PACKAGE_SPEC_VCS', 4],
      ['SIGMA_E_PACKAGE_SPEC_URL', 5],
      ['SIGMA_E_PACKAGE_SPEC_PATH', 6],
      ['SIGMA_E_PACKAGE_SPEC_PATH', 7],
      ['SIGMA_E_PACKAGE_PRIVATE_REGISTRY', 8],
      ['SIGMA_E_PACKAGE_PRIVATE_REGISTRY', 9],
      ['SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', 11],
      ['SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', 12],
      ['SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', 13],
    ]);
  });

  it('reads pyproject.toml (PEP 621 and Poetry); requirements.txt pins win and must satisfy it', () => {
    const toml = [
      '[project]',
      'name = "app"',
      'dependencies = [',
      '  "requests>=2.28,<3",',
      '  "click==8.1.7",',
      ']',
      '',
      '[tool.poetry.dependencies]',
      'python = "^3.10"',
      'rich = "^13.7"',
      'httpx = { version = "0.27.0", extras = ["http2"] }',
      'mylib = { git = "https://github.com/x/mylib.git" }',
    ].join('\n');
    const r = parse([
      { path: 'pyproject.toml', text: toml },
      { path: 'requirements.txt', text: 'requests==2.31.0\nclick==8.0.0\n' },
    ]);
    expect(r.dependencies.map((d) => [d.name, d.pin, d.spec, d.source.file, d.source.line])).toEqual([
      ['requests', 'exact', '==2.31.0', 'requirements.txt', 1],
      ['click', 'exact', '==8.0.0', 'requirements.txt', 2],
      ['rich', 'range', '>=13.7,<14', 'pyproject.toml', 10],
      ['httpx', 'exact', '==0.27.0', 'pyproject.toml', 11],
    ]);
    expect(r.errors.map((e) => [e.code, e.file, e.line, e.name])).toEqual([
      ['SIGMA_E_PACKAGE_SPEC_VCS', 'pyproject.toml', 12, 'mylib'],
      ['SIGMA_E_PACKAGE_LOCK_MISMATCH', 'requirements.txt', 2, 'click'],
    ]);
  });

  it('parses PEP 508 markers and evaluates them for the target', () => {
    const r = parseRequirement('pywin32 (>=300) ; sys_platform == "win32" and python_version >= "3.8"');
    expect([r.name, r.specifier]).toEqual(['pywin32', '>=300']);
    expect(evaluateMarker(r.marker!, DEFAULT_TARGET, [])).toBe(false);
    const e = parseRequirement('PySocks!=1.5.7,>=1.5.6; extra == "socks"');
    expect(evaluateMarker(e.marker!, DEFAULT_TARGET, [])).toBe(false);
    expect(evaluateMarker(e.marker!, DEFAULT_TARGET, ['socks'])).toBe(true);
    const v = parseRequirement('tomli>=1.1; python_version < "3.11" or (os_name == "posix" and platform_machine == "x86_64")');
    expect(evaluateMarker(v.marker!, DEFAULT_TARGET, [])).toBe(true);
  });
});
