import { describe, expect, it } from 'vitest';
import { bytesToBase64, checkLimits, normalisePaths, toUpload, type PickedFile } from './files';

const file = (path: string, size = 10, text = 'x'): PickedFile => ({ path, size, read: async () => new TextEncoder().encode(text).buffer as ArrayBuffer });

describe('upload preparation', () => {
  it('drops the picked folder name when every file shares it', () => {
    expect(normalisePaths(['my-skill/SKILL.md', 'my-skill/scripts/run.py'])).toEqual(['SKILL.md', 'scripts/run.py']);
    expect(normalisePaths(['SKILL.md', 'notes.md'])).toEqual(['SKILL.md', 'notes.md']);
    expect(normalisePaths(['a/SKILL.md', 'b/x.md'])).toEqual(['a/SKILL.md', 'b/x.md']);
    expect(normalisePaths(['dir\\SKILL.md', 'dir\\./x.md'])).toEqual(['SKILL.md', 'x.md']);
  });

  it('encodes bytes as base64, including large and non-ASCII content', async () => {
    expect(bytesToBase64(new TextEncoder().encode('héllo'))).toBe(Buffer.from('héllo').toString('base64'));
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
    expect(await toUpload([file('SKILL.md', 2, 'hi')])).toEqual([{ path: 'SKILL.md', contentBase64: 'aGk=' }]);
  });

  it('checks limits before upload with a message for each problem', () => {
    expect(checkLimits([])).toMatch(/Choose/);
    expect(checkLimits([file('SKILL.md')])).toBeNull();
    expect(checkLimits([file('skill.zip')])).toBeNull();
    expect(checkLimits([file('README.md')])).toMatch(/SKILL\.md/);
    expect(checkLimits([file('SKILL.md', 300 * 1024)])).toMatch(/larger than 200 KB/);
    expect(checkLimits(Array.from({ length: 51 }, (_, i) => file(i === 0 ? 'SKILL.md' : `f${i}.md`)))).toMatch(/At most 50/);
    expect(checkLimits([file('SKILL.md', 150 * 1024), file('a.md', 150 * 1024), file('b.md', 150 * 1024), file('c.md', 150 * 1024)])).toMatch(/add up/);
  });
});
