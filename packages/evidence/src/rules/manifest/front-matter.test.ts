import { describe, expect, it } from 'vitest';
import { run, skillMd } from '../../../test/helpers.js';
import { itFires, itStaysQuiet } from '../../../test/rule-cases.js';

const reasonOf = (tags: string[]): string | undefined => tags.find((t) => t.startsWith('reason:'));

describe('front-matter', () => {
  itFires([
    { name: 'no front matter', files: { 'SKILL.md': '# Title\n\nBody\n' }, rule: 'MANIFEST_NO_FRONT_MATTER' },
    { name: 'bad yaml', files: { 'SKILL.md': '---\nname: [unclosed\ndescription: x\n---\nbody\n' }, rule: 'MANIFEST_FRONT_MATTER_UNREADABLE', blocking: true },
    {
      name: 'repaired value',
      files: { 'SKILL.md': skillMd('x', 'name: tool\ndescription: Use it when: asked') },
      rule: 'MANIFEST_FRONT_MATTER_INVALID',
      severity: 'MEDIUM',
    },
    { name: 'missing description', files: { 'SKILL.md': skillMd('x', 'name: tool') }, rule: 'MANIFEST_FIELD_MISSING', severity: 'LOW' },
    {
      name: 'name outside the format',
      files: { 'SKILL.md': skillMd('x', 'name: My Tool\ndescription: Does it.') },
      rule: 'MANIFEST_FIELD_INVALID',
      severity: 'LOW',
    },
    {
      name: 'typed field of the wrong type',
      files: { 'SKILL.md': skillMd('x', 'name: tool\ndescription: Does it.\nallowed-tools: 5') },
      rule: 'MANIFEST_FIELD_INVALID',
    },
  ]);

  itStaysQuiet([
    {
      name: 'real-world front matter: multi-line description, license, list of tools, metadata',
      files: {
        'SKILL.md': skillMd(
          'x',
          'name: pdf-tools\ndescription: |-\n  Reads PDFs. ❤️ Use for: forms\nlicense: Complete terms in LICENSE.txt\nallowed-tools: [Read, Bash]\nmetadata:\n  version: "1.2"',
        ),
      },
      rule: 'MANIFEST_FIELD_INVALID',
    },
  ]);

  it('an unreadable front matter gives its line and reason, and nothing is taken from it', async () => {
    const r = await run({ 'SKILL.md': '---\nname: a\ndescription: b\nname: c\n---\nbody\n' });
    const f = r.findings.find((x) => x.ruleId === 'MANIFEST_FRONT_MATTER_UNREADABLE')!;
    expect([f.line, f.blocking, reasonOf(f.tags)]).toEqual([4, true, 'reason:duplicate-key']);
    expect(r.manifest.name).toBeNull();
    expect(r.frontMatterErrors[0]!.line).toBe(4);
  });

  it('hidden characters in a key, the name or the description make it unreadable; in other values they are left to the Unicode rules', async () => {
    const key = await run({ 'SKILL.md': skillMd('x', 'na\u200bme: a\ndescription: b') });
    expect(reasonOf(key.findings.find((x) => x.ruleId === 'MANIFEST_FRONT_MATTER_UNREADABLE')!.tags)).toBe('reason:hidden-characters');
    const name = await run({ 'SKILL.md': skillMd('x', 'name: "to\\u2066ol"\ndescription: b') });
    expect(name.findings.find((x) => x.ruleId === 'MANIFEST_FRONT_MATTER_UNREADABLE')!.line).toBe(2);
    const list = await run({ 'SKILL.md': skillMd('x', 'name: [a, b]\ndescription: b') });
    expect(reasonOf(list.findings.find((x) => x.ruleId === 'MANIFEST_FRONT_MATTER_UNREADABLE')!.tags)).toBe('reason:not-text');
    const other = await run({ 'SKILL.md': skillMd('x', 'name: a\ndescription: b\nlicense: "MIT\\u200b"') });
    expect(other.findings.filter((x) => x.ruleId === 'MANIFEST_FRONT_MATTER_UNREADABLE')).toEqual([]);
  });
});
