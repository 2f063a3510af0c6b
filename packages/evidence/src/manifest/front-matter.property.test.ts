/** Property-based tests of the front-matter reader and the schema tiers (fast-check). */
import { HIDDEN_IN_TEXT } from '@sigma/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readSkillDocument } from './document.js';
import { FRONT_MATTER_LIMITS, parseFrontMatter } from './front-matter.js';

const RUNS = { numRuns: 300 };
const key = fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/);
const scalar = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer(), fc.boolean());
const value = fc.oneof(scalar, fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 4 }), fc.dictionary(key, scalar, { maxKeys: 3 }));
const mapping = fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 });
const fenced = (yaml: string): string => `---\n${yaml}---\nbody\n`;
const file = (text: string) => ({ path: 'SKILL.md', bytes: new TextEncoder().encode(text) });

/** Code points the readable tier refuses in a description. */
const HIDDEN = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u2028',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u2060',
  '\ufeff',
  '\u3164',
  '\u{e0041}',
  '\u{e0100}',
];

describe('front matter (properties)', () => {
  it('whatever YAML writes as a mapping is read back exactly, without issues', () => {
    fc.assert(
      fc.property(mapping, (m) => {
        const fm = parseFrontMatter(fenced(stringify(m)));
        expect(fm.issues).toEqual([]);
        expect(fm.data).toEqual(m);
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary text; an unreadable front matter yields no data, and issue lines lie inside it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (body) => {
        const text = `---\n${body}\n---\n`;
        const fm = parseFrontMatter(text);
        const last = text.split('\n').length;
        if (fm.issues.some((i) => i.kind === 'unreadable')) expect(fm.data).toBeNull();
        else expect(fm.data !== null && typeof fm.data === 'object' && !Array.isArray(fm.data)).toBe(true);
        for (const i of fm.issues) if (i.line !== null) expect(i.line >= 1 && i.line <= last).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('front matter that is opened and never closed is unreadable', () => {
    const noFence = fc.array(
      fc.string({ maxLength: 40 }).filter((l) => !['---', '...'].includes(l.trim()) && !l.includes('\n')),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(noFence, (lines) => {
        const fm = parseFrontMatter(`---\n${lines.join('\n')}`);
        expect(fm.issues.map((i) => i.reason)).toEqual(['unclosed']);
        expect(fm.data).toBeNull();
      }),
      RUNS,
    );
  });

  it('a repeated key makes the front matter unreadable, whichever key and value', () => {
    fc.assert(
      fc.property(mapping, fc.nat(), scalar, (m, n, v) => {
        const keys = Object.keys(m);
        const k = keys[n % keys.length]!;
        const fm = parseFrontMatter(fenced(`${stringify(m)}${stringify({ [k]: v })}`));
        expect(fm.issues.some((i) => i.reason === 'duplicate-key')).toBe(true);
        expect(fm.data).toBeNull();
      }),
      RUNS,
    );
  });

  it('more aliases than the limit are refused, at or under it they resolve', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (n) => {
        const yaml = `base: &b [x, y]\n${Array.from({ length: n }, (_, i) => `k${i}: *b`).join('\n')}\n`;
        const fm = parseFrontMatter(fenced(yaml));
        if (n > FRONT_MATTER_LIMITS.maxAliases) expect(fm.issues.map((i) => i.reason)).toEqual(['alias-limit']);
        else expect(fm.data!['k0']).toEqual(['x', 'y']);
      }),
      { numRuns: 60 },
    );
  });

  it('an unquoted top-level value with `: ` is read as its text (the one repair)', () => {
    const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9.,()]{0,10}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(word, { minLength: 1, maxLength: 5 }), (a, b) => {
        const text = `${a.join(' ')}: ${b.join(' ')}`;
        const fm = parseFrontMatter(fenced(`name: tool\ndescription: ${text}\n`));
        expect(fm.data).toEqual({ name: 'tool', description: text });
        expect(fm.issues.every((i) => i.kind === 'repaired' && i.line === 3)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a name or description hiding a control, bidi or invisible character is unreadable; the format tier passes well-formed ones', () => {
    const safe = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
      .filter((s) => s.trim() !== '' && !HIDDEN_IN_TEXT.test(s) && !/[\p{Cf}]/u.test(s));
    fc.assert(
      fc.property(safe, fc.constantFrom(...HIDDEN), fc.nat(), fc.constantFrom('name', 'description'), (s, h, at, field) => {
        const i = at % (s.length + 1);
        const bad = `${s.slice(0, i)}${h}${s.slice(i)}`;
        const m = { name: 'tool', description: 'Does things.', [field]: bad };
        const doc = readSkillDocument(file(''), fenced(stringify(m)));
        expect(doc.problems.some((p) => p.kind === 'unreadable' && p.reason === 'hidden-characters')).toBe(true);
        expect(doc.unreadable).toBe(true);
        expect(doc.declared.name).toBeNull();
      }),
      RUNS,
    );
    const name = fc.stringMatching(/^[a-z0-9]{1,20}(?:-[a-z0-9]{1,20}){0,2}$/);
    fc.assert(
      fc.property(name, safe, (n, d) => {
        const doc = readSkillDocument(file(''), fenced(stringify({ name: n, description: d.slice(0, 1024) })));
        expect(doc.problems).toEqual([]);
      }),
      RUNS,
    );
  });
});
