/** Property-based tests of the file-name rules at ingest (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from './ingest.js';
import { fileNameProblem, foldPath } from './names.js';

const RUNS = { numRuns: 300 };
const enc = new TextEncoder();
const segment = fc.stringMatching(/^[a-z0-9_-]{1,10}(?:\.[a-z0-9]{1,4})?$/).filter((s) => fileNameProblem(s) === null);
const safePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const HIDDEN = [
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00ad',
  '\u061c',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u202e',
  '\u2066',
  '\u2060',
  '\ufeff',
  '\u3164',
  '\u00a0',
  '\u{e0041}',
  '\ue000',
];
const DEVICES = ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM9', 'LPT1', 'LPT3', 'CONIN$', 'COM¹'];
const flipCase = (s: string, seed: number): string => [...s].map((c, i) => ((seed >> (i % 30)) & 1 ? c.toUpperCase() : c)).join('');
const refused = (r: ReturnType<typeof ingestFiles>): string[] =>
  r.problems.filter((p) => p.ruleId === 'UNANALYZABLE_FILE_NAME').map((p) => p.tags.find((t) => t.startsWith('reason:'))!);

describe('file names (properties)', () => {
  it('ordinary paths pass and are ingested', () => {
    fc.assert(
      fc.property(safePath, (p) => {
        expect(fileNameProblem(p)).toBeNull();
        const r = ingestFiles([{ path: p, bytes: enc.encode('x') }]);
        expect(r.files.map((f) => f.path)).toEqual([p]);
      }),
      RUNS,
    );
  });

  it('a control, bidi, invisible or look-alike-space character anywhere refuses the file, naming it with the character escaped', () => {
    fc.assert(
      fc.property(safePath, fc.constantFrom(...HIDDEN), fc.nat(), (p, h, at) => {
        const i = at % (p.length + 1);
        const bad = `${p.slice(0, i)}${h}${p.slice(i)}`;
        const r = ingestFiles([
          { path: 'SKILL.md', bytes: enc.encode('x') },
          { path: bad, bytes: enc.encode('y') },
        ]);
        expect(r.files.map((f) => f.path)).toEqual(['SKILL.md']);
        const f = r.problems.find((x) => x.ruleId === 'UNANALYZABLE_FILE_NAME')!;
        expect(f.blocking).toBe(true);
        expect(['reason:control-character', 'reason:invisible-character']).toContain(f.tags.at(-1));
        expect(f.file).toContain(`\\u{${h.codePointAt(0)!.toString(16)}}`);
      }),
      RUNS,
    );
  });

  it('a Windows device name in any segment, in any case and with any extension, is refused', () => {
    fc.assert(
      fc.property(safePath, fc.constantFrom(...DEVICES), fc.nat(), fc.option(fc.stringMatching(/^[a-z]{1,4}$/)), (p, dev, seed, ext) => {
        const name = `${flipCase(dev.toLowerCase(), seed)}${ext ? `.${ext}` : ''}`;
        expect(fileNameProblem(`${p}/${name}`)?.reason).toBe('reserved-name');
        expect(fileNameProblem(`${name}/${p}`)?.reason).toBe('reserved-name');
      }),
      RUNS,
    );
  });

  it('two paths that are one file on a case-insensitive file system: the first is kept, the other refused as a clash', () => {
    fc.assert(
      fc.property(safePath, fc.integer({ min: 1 }), (p, seed) => {
        const other = flipCase(p, seed);
        fc.pre(other !== p);
        const r = ingestFiles([
          { path: p, bytes: enc.encode('a') },
          { path: other, bytes: enc.encode('b') },
        ]);
        const first = [p, other].sort()[0]!;
        expect(r.files.map((f) => f.path)).toEqual([first]);
        expect(refused(r)).toEqual(['reason:case-clash']);
      }),
      RUNS,
    );
  });

  it('a file and a directory that differ only in case clash; paths that fold apart do not', () => {
    fc.assert(
      fc.property(segment, segment, fc.integer({ min: 1 }), (dir, leaf, seed) => {
        const upper = flipCase(dir, seed);
        fc.pre(upper !== dir);
        expect(
          refused(
            ingestFiles([
              { path: dir, bytes: enc.encode('a') },
              { path: `${upper}/${leaf}`, bytes: enc.encode('b') },
            ]),
          ),
        ).toEqual(['reason:case-clash']);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.uniqueArray(safePath, { minLength: 2, maxLength: 6, selector: foldPath }), (paths) => {
        // Skip lists where one path is a folded directory of another (a real clash).
        fc.pre(!paths.some((a) => paths.some((b) => a !== b && foldPath(b).startsWith(`${foldPath(a)}/`))));
        const r = ingestFiles(paths.map((p) => ({ path: p, bytes: enc.encode(p) })));
        expect(refused(r)).toEqual([]);
        expect(r.files).toHaveLength(paths.length);
      }),
      RUNS,
    );
  });

  it('composed and decomposed spellings of one name clash (macOS normalises names)', () => {
    const r = ingestFiles([
      { path: 'caf\u00e9.md', bytes: enc.encode('a') },
      { path: 'cafe\u0301.md', bytes: enc.encode('b') },
    ]);
    expect(refused(r)).toEqual(['reason:case-clash']);
  });
});
