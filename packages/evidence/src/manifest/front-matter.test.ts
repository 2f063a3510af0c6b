import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './front-matter.js';

describe('parseFrontMatter', () => {
  it('parses ordinary front matter and finds the body', () => {
    const t = '---\nname: demo\ndescription: Does things.\n---\n# Body\n';
    const fm = parseFrontMatter(t);
    expect(fm.present).toBe(true);
    expect(fm.data).toEqual({ name: 'demo', description: 'Does things.' });
    expect(t.slice(fm.bodyOffset)).toBe('# Body\n');
    expect(fm.errors).toEqual([]);
  });

  it('tolerates BOM, leading blank lines, CRLF, fence spaces and a `...` close', () => {
    const fm = parseFrontMatter('\ufeff\n\n---  \r\nname: a\r\ndescription: b\r\n...\r\nbody');
    expect(fm.data).toEqual({ name: 'a', description: 'b' });
    expect(fm.yamlStartLine).toBe(4);
  });

  it('reports YAML errors with the line in the file and still reads name/description', () => {
    const fm = parseFrontMatter('---\nname: tool\ndescription: Use it: carefully: now\nlist: [a, b\n---\nbody');
    expect(fm.errors.length).toBeGreaterThan(0);
    expect(fm.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(fm.data!['name']).toBe('tool');
    expect(fm.data!['description']).toBe('Use it: carefully: now');
  });

  it('reports an unclosed block and missing front matter', () => {
    const open = parseFrontMatter('---\nname: a\nbody without close');
    expect(open.present).toBe(true);
    expect(open.errors[0]!.message).toMatch(/not closed/);
    expect(parseFrontMatter('# Just a title\n').present).toBe(false);
    expect(parseFrontMatter('').present).toBe(false);
  });

  it('refuses hostile nesting and alias bombs without crashing', () => {
    const deep = `---\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n`;
    const fm = parseFrontMatter(deep);
    expect(fm.errors[0]!.message).toMatch(/nested deeper/);
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    bomb.push('---', '');
    const b = parseFrontMatter(bomb.join('\n'));
    expect(b.errors.length).toBeGreaterThan(0);
  });

  it('rejects non-mapping front matter', () => {
    const fm = parseFrontMatter('---\n- a\n- b\n---\n');
    expect(fm.errors[0]!.message).toMatch(/not a mapping/);
  });
});
