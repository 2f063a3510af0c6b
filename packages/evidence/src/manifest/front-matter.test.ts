import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './front-matter.js';
import { repairPlainScalars } from './yaml-repair.js';

const reasons = (t: string): string[] => parseFrontMatter(t).issues.map((i) => `${i.kind}:${i.reason}`);

describe('parseFrontMatter', () => {
  it('parses ordinary front matter and finds the body', () => {
    const t = '---\nname: demo\ndescription: Does things.\n---\n# Body\n';
    const fm = parseFrontMatter(t);
    expect(fm.present).toBe(true);
    expect(fm.data).toEqual({ name: 'demo', description: 'Does things.' });
    expect(t.slice(fm.bodyOffset)).toBe('# Body\n');
    expect(fm.issues).toEqual([]);
  });

  it('tolerates BOM, leading blank lines, CRLF, fence spaces and a `...` close', () => {
    const fm = parseFrontMatter('\ufeff\n\n---  \r\nname: a\r\ndescription: b\r\n...\r\nbody');
    expect(fm.data).toEqual({ name: 'a', description: 'b' });
    expect(fm.yamlStartLine).toBe(4);
    expect(fm.issues).toEqual([]);
  });

  it('repairs the common unquoted `key: a: b` value (and its continuation lines), reporting it with its line', () => {
    const fm = parseFrontMatter('---\nname: tool\ndescription: Use it: carefully\n  when: asked\nlicense: MIT\n---\nbody');
    expect(fm.data).toEqual({ name: 'tool', description: 'Use it: carefully when: asked', license: 'MIT' });
    expect(fm.issues.map((i) => [i.kind, i.line])).toEqual([['repaired', 3]]);
    const tick = parseFrontMatter('---\nname: t\ndescription: `t` formats text\n---\n');
    expect(tick.data!['description']).toBe('`t` formats text');
  });

  it('does not repair what looks like structure: an unclosed list stays unreadable, with its line', () => {
    const fm = parseFrontMatter('---\nname: [unclosed\ndescription: x\n---\nbody\n');
    expect(fm.data).toBeNull();
    expect(fm.issues[0]).toMatchObject({ kind: 'unreadable', reason: 'yaml-syntax', line: 3 });
    // A repairable line does not rescue a file with another error.
    expect(reasons('---\nname: a\ndescription: Use it: now\nlist: [a, b\n---\n')).toContain('unreadable:yaml-syntax');
    expect(parseFrontMatter('---\nname: a\ndescription: Use it: now\nlist: [a, b\n---\n').data).toBeNull();
  });

  it('refuses unclosed front matter, duplicate keys, non-mappings and oversized front matter', () => {
    expect(reasons('---\nname: a\nbody without close')).toEqual(['unreadable:unclosed']);
    expect(reasons('---')).toEqual(['unreadable:unclosed']);
    expect(reasons('---\nname: a\nname: b\n---\n')).toEqual(['unreadable:duplicate-key']);
    expect(reasons('---\n- a\n- b\n---\n')).toEqual(['unreadable:not-a-mapping']);
    expect(reasons(`---\nname: a\ndescription: ${'x'.repeat(70_000)}\n---\n`)).toEqual(['unreadable:too-large']);
    expect(parseFrontMatter('# Just a title\n').present).toBe(false);
    expect(parseFrontMatter('').present).toBe(false);
  });

  it('refuses hostile nesting and alias bombs without crashing', () => {
    expect(reasons(`---\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n`)).toEqual(['unreadable:too-deep']);
    expect(reasons(`---\nx: ${'['.repeat(20)}1${']'.repeat(20)}\n---\n`)).toEqual(['unreadable:too-deep']);
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      bomb.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    }
    bomb.push('---', '');
    expect(reasons(bomb.join('\n'))).toEqual(['unreadable:alias-limit']);
    // A few aliases are fine.
    expect(parseFrontMatter('---\nbase: &b {x: 1}\nother: *b\n---\n').data).toEqual({ base: { x: 1 }, other: { x: 1 } });
  });
});

describe('repairPlainScalars', () => {
  it('keeps every line in place and leaves valid or structural values alone', () => {
    const src = 'a: plain\nb: one: two\n  three\nc: [x, y]\nd: "q: r"\n';
    const out = repairPlainScalars(src);
    expect(out.split('\n')).toHaveLength(src.split('\n').length);
    expect(out).toBe('a: plain\nb: "one: two three"\n\nc: [x, y]\nd: "q: r"\n');
  });
});
