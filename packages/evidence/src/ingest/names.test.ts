import { describe, expect, it } from 'vitest';
import { CaseClashes, fileNameProblem } from './names.js';

describe('fileNameProblem', () => {
  it('names each reason', () => {
    const r = (p: string): string | undefined => fileNameProblem(p)?.reason;
    expect(r('scripts/run.py')).toBeUndefined();
    expect(r('docs/naïve café.md')).toBeUndefined();
    expect(r('a\u0007b')).toBe('control-character');
    expect(r('a\u202eb.sh')).toBe('invisible-character');
    expect(r('a\u00a0b.md')).toBe('invisible-character');
    expect(r('lib/nul.txt')).toBe('reserved-name');
    expect(r('Com1')).toBe('reserved-name');
    expect(r('console.md')).toBeUndefined();
    expect(r('notes/a:b.md')).toBe('reserved-character');
    expect(r('what?.md')).toBe('reserved-character');
    expect(r('dir./x')).toBe('trailing-dot-or-space');
    expect(r('x ')).toBe('trailing-dot-or-space');
  });
});

describe('CaseClashes', () => {
  it('reports the earlier path a new one collides with', () => {
    const c = new CaseClashes();
    expect(c.add('Docs/Readme.md')).toBeNull();
    expect(c.add('docs/README.md')).toBe('Docs/Readme.md');
    expect(c.add('DOCS')).toBe('Docs');
    expect(c.add('docs/other.md')).toBeNull();
    expect(c.add('docs/other.md/x')).toBe('docs/other.md');
  });
});
