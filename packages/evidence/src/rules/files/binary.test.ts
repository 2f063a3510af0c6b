import { describe, expect, it } from 'vitest';
import { run, skillMd } from '../../../test/helpers.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from([...b, ...new Array(64).fill(7)]);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const ELF = bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1);

describe('binary-files', () => {
  it('an executable blocks and is not analysed', async () => {
    const r = await run({ 'SKILL.md': skillMd('x'), 'bin/tool': ELF });
    const f = r.findings.find((x) => x.ruleId === 'UNANALYZABLE_BINARY')!;
    expect([f.file, f.blocking]).toEqual(['bin/tool', true]);
    expect(r.sourceFacts.files.find((e) => e.path === 'bin/tool')!.analyzed).toBe(false);
  });

  it('an image is an opaque asset (LOW); an image named as a font blocks', async () => {
    const ok = await run({ 'SKILL.md': skillMd('x'), 'logo.png': PNG });
    expect(ok.findings.find((x) => x.ruleId === 'OPAQUE_ASSET')!.severity).toBe('LOW');
    expect(ok.blocked).toBe(false);
    const lie = await run({ 'SKILL.md': skillMd('x'), 'font.woff2': PNG });
    expect(lie.findings.find((x) => x.ruleId === 'UNANALYZABLE_BINARY')!.excerpt).toBe('content is image but the name says font');
  });

  it('text that is not valid UTF-8 blocks as an encoding problem', async () => {
    const r = await run({ 'SKILL.md': skillMd('x'), 'notes.txt': Uint8Array.from([0x68, 0x69, 0x20, 0xc3, 0x28, 0x20, 0x6f, 0x6b]) });
    expect(r.findings.find((x) => x.ruleId === 'UNANALYZABLE_ENCODING')!.blocking).toBe(true);
  });

  it('bytecode without its source blocks', async () => {
    const pyc = Uint8Array.from([0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, ...new Array(24).fill(0x41)]);
    const r = await run({ 'SKILL.md': skillMd('x'), 'tool.pyc': pyc });
    expect(r.findings.find((x) => x.ruleId === 'UNANALYZABLE_BYTECODE')!.excerpt).toBe('no tool.py in the submission');
  });
});
