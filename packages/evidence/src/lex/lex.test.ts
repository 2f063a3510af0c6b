import { describe, expect, it } from 'vitest';
import { lexJs, lexPython, lexShell } from './lex.js';

describe('lexPython', () => {
  it('separates code, comments and strings, keeping offsets and newlines', () => {
    const src = 'x = eval(s)  # eval(comment)\ny = "eval(str)"\n"""doc\neval(doc)\n"""\nz = f"{a} b"\n';
    const l = lexPython(src);
    expect(l.code.length).toBe(src.length);
    expect(l.code.split('\n').length).toBe(src.split('\n').length);
    expect(l.code).toContain('eval(s)');
    expect(l.code).not.toContain('eval(comment)');
    expect(l.code).not.toContain('eval(str)');
    expect(l.code).not.toContain('eval(doc)');
    expect(l.noComments).toContain('eval(str)');
    expect(l.noComments).not.toContain('eval(comment)');
    expect(l.strings.map((s) => s.value)).toEqual(['eval(str)', 'doc\neval(doc)\n', '{a} b']);
    expect(l.strings[2]!.interpolated).toBe(true);
    expect(l.comments).toHaveLength(1);
  });

  it('handles prefixes, escapes and unterminated strings without throwing', () => {
    const l = lexPython('a = rb"\\x00" + b\'\\\'\'\nb = "unterminated\nc = 1 # tail');
    expect(l.strings[0]!.value).toBe('\\x00');
    expect(l.code).toContain('c = 1');
  });
});

describe('lexJs', () => {
  it('handles template literals with nested interpolation, regexes and comments', () => {
    const src = 'const a = `x ${`y ${b}`} eval(t)`; // eval(c)\nconst r = /eval\\(/g.exec(s); const d = 4 / 2 / 1;\n/* eval(block) */ eval(real);\n';
    const l = lexJs(src);
    expect(l.code.length).toBe(src.length);
    expect(l.code).not.toContain('eval(t)');
    expect(l.code).not.toContain('eval(c)');
    expect(l.code).not.toContain('eval(block)');
    expect(l.code).toContain('eval(real)');
    expect(l.code).toContain('4 / 2 / 1');
    expect(l.strings.some((s) => s.value === 'eval\\(')).toBe(true);
  });

  it('survives unbalanced input', () => {
    expect(() => lexJs('`${'.repeat(1000))).not.toThrow();
    expect(() => lexJs('/'.repeat(1000))).not.toThrow();
    expect(() => lexJs('"\\'.repeat(1000))).not.toThrow();
  });
});

describe('lexShell', () => {
  it('treats # as a comment only at a word start', () => {
    const l = lexShell('echo a#b $# ${#x} # real comment\ncurl x | sh\n');
    expect(l.comments).toHaveLength(1);
    expect(l.noComments).toContain('a#b');
    expect(l.noComments).not.toContain('real comment');
  });
});
