import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SigmaError } from '@sigma/core';
import { describe, expect, it } from 'vitest';
import { cvss3Score } from './cvss.js';
import { indexOsv, loadOsvSnapshot, matchAdvisories } from './osv.js';

describe('CVSS 3 base score', () => {
  it('matches the FIRST calculator', () => {
    expect(cvss3Score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(cvss3Score('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')).toBe(6.1);
    expect(cvss3Score('CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N')).toBe(5.5);
    expect(cvss3Score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toBe(10);
    expect(cvss3Score('CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N')).toBe(0);
    expect(cvss3Score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBeNull();
    expect(cvss3Score('CVSS:3.1/AV:X/AC:L')).toBeNull();
  });
});

describe('OSV matching', () => {
  const idx = indexOsv(
    [
      {
        id: 'GHSA-a',
        affected: [
          {
            package: { ecosystem: 'npm', name: 'lib' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0-beta.1' }, { last_affected: '2.1.0' }] }],
          },
        ],
        database_specific: { severity: 'LOW' },
      },
      {
        id: 'GHSA-git',
        affected: [{ package: { ecosystem: 'npm', name: 'lib' }, ranges: [{ type: 'GIT', repo: 'https://x', events: [{ introduced: '0' }] }] }],
      },
      { id: 'PYSEC-b', affected: [{ package: { ecosystem: 'PyPI', name: 'Some_Lib' }, versions: ['1.0', '1.1'] }] },
      { id: 'RUSTSEC-c', affected: [{ package: { ecosystem: 'crates.io', name: 'lib' }, versions: ['1.1.0'] }] },
      { not: 'an advisory' },
    ],
    'sha256:x',
  );
  const ids = (eco: 'npm' | 'PyPI', name: string, v: string) => matchAdvisories(idx, eco, name, v).map((a) => a.id);

  it('evaluates introduced/fixed/last_affected events in version order', () => {
    expect(ids('npm', 'lib', '0.9.0')).toEqual([]);
    expect(ids('npm', 'lib', '1.0.0')).toEqual(['GHSA-a']);
    expect(ids('npm', 'lib', '1.1.9')).toEqual(['GHSA-a']);
    expect(ids('npm', 'lib', '1.2.0')).toEqual([]);
    expect(ids('npm', 'lib', '2.0.0')).toEqual(['GHSA-a']);
    expect(ids('npm', 'lib', '2.1.0')).toEqual(['GHSA-a']);
    expect(ids('npm', 'lib', '2.1.1')).toEqual([]);
    expect(matchAdvisories(idx, 'npm', 'lib', '1.0.0')[0]!.severity).toBe('LOW');
  });

  it('matches explicit versions with PyPI name normalisation, and ignores other ecosystems', () => {
    expect(ids('PyPI', 'some-lib', '1.1')).toEqual(['PYSEC-b']);
    expect(ids('PyPI', 'some-lib', '1.2')).toEqual([]);
    expect(idx.count).toBe(4);
  });

  it('loads a folder of records or JSON lines, and refuses what it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sigma-osv-t-'));
    try {
      await writeFile(
        join(dir, 'MAL-1.json'),
        JSON.stringify({ id: 'MAL-1', affected: [{ package: { ecosystem: 'npm', name: 'bad' }, versions: ['0.0.1'] }] }),
      );
      await writeFile(
        join(dir, 'GHSA-2.json'),
        JSON.stringify({ id: 'GHSA-2', affected: [{ package: { ecosystem: 'npm', name: 'bad' }, versions: ['0.0.1'] }] }),
      );
      const folder = await loadOsvSnapshot(dir);
      expect(matchAdvisories(folder, 'npm', 'bad', '0.0.1').map((a) => [a.id, a.malware, a.severity])).toEqual([
        ['MAL-1', true, 'CRITICAL'],
        ['GHSA-2', false, 'MEDIUM'],
      ]);
      const lines = join(dir, 'snap.jsonl');
      await writeFile(lines, '{"id":"A","affected":[]}\n{"id":"B","affected":[]}\n');
      expect((await loadOsvSnapshot(lines)).count).toBe(2);
      await writeFile(lines, '{broken');
      expect(
        await loadOsvSnapshot(lines).then(
          () => 'ok',
          (e: SigmaError) => e.code,
        ),
      ).toBe('SIGMA_E_PACKAGE_ADVISORIES_INVALID');
      expect(
        await loadOsvSnapshot(join(dir, 'missing.json')).then(
          () => 'ok',
          (e: SigmaError) => e.code,
        ),
      ).toBe('SIGMA_E_PACKAGE_ADVISORIES_INVALID');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
