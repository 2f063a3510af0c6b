import { describe, expect, it } from 'vitest';
import { run, skillMd } from '../../../test/helpers.js';

describe('minified-files', () => {
  it('minified JS is scanned and reported as hard to review', async () => {
    const js = `var a=1;${'function f(x){return x*2};'.repeat(200)}`;
    const r = await run({ 'SKILL.md': skillMd('x'), 'dist/app.js': js });
    const f = r.findings.find((x) => x.ruleId === 'OPAQUE_MINIFIED')!;
    expect([f.file, f.line, f.severity]).toEqual(['dist/app.js', 1, 'MEDIUM']);
    expect(r.sourceFacts.files.find((e) => e.path === 'dist/app.js')!.kind).toBe('minified');
  });

  it('ordinary JS is not', async () => {
    const r = await run({ 'SKILL.md': skillMd('x'), 'app.js': 'export function f(x) {\n  return x * 2;\n}\n' });
    expect(r.findings.filter((x) => x.ruleId === 'OPAQUE_MINIFIED')).toEqual([]);
  });
});
