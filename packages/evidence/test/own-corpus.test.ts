/**
 * The project's own evaluation corpus (packages/evidence/corpus, docs/detection.md) is well formed.
 * This test asserts the shape of the corpus, never detection figures: the engine and the council
 * are measured on it by `npm run eval`, and their figures live in docs/detection.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVIDENCE_LIMITS, ingestPath } from '../src/index.js';
import { sampleFiles, type FileEntry } from '../scripts/corpus-manifest.js';
import { readManifest } from '../scripts/eval.js';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
const LABELS = new Set(['malicious', 'benign', 'dual-use']);
const KINDS = new Set(['skill', 'mcp-tool']);

interface Entry {
  id: string;
  set: string;
  kind: string;
  label: string;
  category: string;
  pair_id?: string;
  label_source: string;
  notes: string;
  lang: string;
  code: string[];
  layout: string;
  files: FileEntry[];
  total_bytes: number;
}

const entries: Entry[] = readFileSync(join(CORPUS, 'manifest.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Entry);

function textOf(id: string): Array<{ file: string; text: string }> {
  return sampleFiles(join(CORPUS, id)).map((f) => ({ file: f.file, text: readFileSync(join(CORPUS, id, f.file), 'utf8') }));
}

describe('own corpus (packages/evidence/corpus)', () => {
  it('has the size the issue asks for: ≥ 80 samples, ≥ 20 twin pairs, ≥ 20 dual-use', () => {
    expect(entries.length).toBeGreaterThanOrEqual(80);
    expect(new Set(entries.filter((e) => e.pair_id).map((e) => e.pair_id)).size).toBeGreaterThanOrEqual(20);
    expect(entries.filter((e) => e.label === 'dual-use').length).toBeGreaterThanOrEqual(20);
    for (const l of LABELS) expect(entries.filter((e) => e.label === l).length, l).toBeGreaterThanOrEqual(20);
  });

  it('every entry has the required fields with valid values, and ids are unique', () => {
    const ids = new Set<string>();
    for (const e of entries) {
      expect(e.id, JSON.stringify(e)).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(ids.has(e.id), `duplicate ${e.id}`).toBe(false);
      ids.add(e.id);
      expect(e.set, e.id).toBe('own');
      expect(KINDS.has(e.kind), `${e.id} kind ${e.kind}`).toBe(true);
      expect(LABELS.has(e.label), `${e.id} label ${e.label}`).toBe(true);
      expect(e.category, e.id).toMatch(/^[a-z][a-z-]+$/);
      expect(e.label_source.length, `${e.id} label_source`).toBeGreaterThan(20);
      expect(typeof e.notes, e.id).toBe('string');
      expect(e.lang, e.id).toMatch(/^[a-z]{2}$/);
      expect(Array.isArray(e.code), e.id).toBe(true);
      expect(e.layout, e.id).toMatch(/^[a-z0-9.+-]+$/);
    }
    // The eval reads the same manifest and sees every entry.
    expect(readManifest(CORPUS).map((s) => s.id)).toEqual(entries.map((e) => e.id));
  });

  it('every entry has its folder, every folder an entry, and the listed files match the folder byte for byte', () => {
    const folders = readdirSync(CORPUS).filter((n) => statSync(join(CORPUS, n)).isDirectory());
    expect(folders.sort()).toEqual(entries.map((e) => e.id).sort());
    for (const e of entries) {
      const files = sampleFiles(join(CORPUS, e.id));
      expect(e.files, `${e.id}: run tsx packages/evidence/scripts/corpus-manifest.ts`).toEqual(files);
      expect(e.total_bytes, e.id).toBe(files.reduce((s, f) => s + f.bytes, 0));
      expect(existsSync(join(CORPUS, e.id, e.kind === 'skill' ? 'SKILL.md' : '')), `${e.id} has a SKILL.md`).toBe(true);
    }
  });

  it('every sample stays within the engine limits and ingests without a problem', async () => {
    const lim = DEFAULT_EVIDENCE_LIMITS;
    for (const e of entries) {
      expect(e.files.length, e.id).toBeLessThanOrEqual(lim.maxFiles);
      expect(e.total_bytes, e.id).toBeLessThanOrEqual(lim.maxTotalBytes);
      for (const f of e.files) expect(f.bytes, `${e.id}/${f.file}`).toBeLessThanOrEqual(lim.maxFileBytes);
      const ing = await ingestPath(join(CORPUS, e.id));
      expect(
        ing.problems.map((p) => p.ruleId),
        e.id,
      ).toEqual([]);
      expect(ing.files.length, e.id).toBe(e.files.length);
    }
  });

  it('twin pairs are complete: two samples, one malicious and one benign or dual-use look-alike', () => {
    const pairs = new Map<string, Entry[]>();
    for (const e of entries) if (e.pair_id) pairs.set(e.pair_id, [...(pairs.get(e.pair_id) ?? []), e]);
    for (const [id, members] of pairs) {
      expect(members.length, id).toBe(2);
      expect(members.map((m) => m.label === 'malicious').sort(), id).toEqual([false, true]);
      // Twins look alike: same kind and the same SKILL.md name in the front matter.
      expect(members[0]!.kind, id).toBe(members[1]!.kind);
      const name = (m: Entry) =>
        (textOf(m.id)
          .find((f) => f.file === 'SKILL.md' || f.file === 'README.md')
          ?.text.match(/^name:\s*(.+)$/m) ?? [])[1] ?? m.kind;
      expect(name(members[0]!), id).toBe(name(members[1]!));
    }
  });

  it('no sample describes its own label: no label names anywhere, no attack vocabulary in malicious or benign samples', () => {
    const SELF_LABEL = /\b(?:benign|dual[- ]use|this is a test|test sample)\b/i;
    const ATTACK_WORDS = /\b(?:malicious|malware|exfiltrat\w*|backdoor\w*|poisoned|steal\w*|stolen|attacker\w*|evil)\b/i;
    for (const e of entries) {
      expect(`${e.id}`.match(/malicious|benign|dual|evil|attack|exfil/), e.id).toBeNull();
      for (const f of textOf(e.id)) {
        expect(f.text.match(SELF_LABEL)?.[0], `${e.id}/${f.file}`).toBeUndefined();
        if (e.label !== 'dual-use') expect(f.text.match(ATTACK_WORDS)?.[0], `${e.id}/${f.file}`).toBeUndefined();
      }
    }
  });

  it('covers several natural languages, code languages and layouts', () => {
    expect(new Set(entries.map((e) => e.lang)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(entries.flatMap((e) => e.code)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(entries.map((e) => e.layout)).size).toBeGreaterThanOrEqual(10);
    expect(entries.filter((e) => e.kind === 'mcp-tool').length).toBeGreaterThanOrEqual(3);
  });
});
