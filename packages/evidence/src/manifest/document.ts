import { isRootSkillMd } from '../ingest/paths.js';
import type { InputFile } from '../types.js';
import { readDeclared } from './declared.js';
import type { DeclaredManifest } from './declared.js';
import { parseFrontMatter } from './front-matter.js';
import type { FrontMatter } from './front-matter.js';

/** What is wrong with SKILL.md's front matter, as found while reading it. */
export type FrontMatterProblem =
  | { kind: 'absent'; line: number; excerpt: string }
  | { kind: 'yaml'; line: number | null; message: string }
  | { kind: 'field-missing'; field: 'name' | 'description'; line: number };

/** SKILL.md as the skill rules see it: text, parsed front matter, problems and declarations. */
export interface SkillDocument {
  path: string;
  bytes: Uint8Array;
  text: string;
  frontMatter: FrontMatter;
  problems: FrontMatterProblem[];
  declared: DeclaredManifest;
}

/** SKILL.md: the root one, else the shallowest outside archives, else a lone Markdown file. */
export function selectSkillMd(files: readonly InputFile[]): InputFile | null {
  return (
    files.find((f) => isRootSkillMd(f.path)) ??
    files
      .filter((f) => /(?:^|\/)skill\.md$/i.test(f.path) && !f.path.includes('!/'))
      .sort((a, b) => a.path.split('/').length - b.path.split('/').length || (a.path < b.path ? -1 : 1))[0] ??
    (files.length === 1 && /\.(?:md|markdown)$/i.test(files[0]!.path) ? files[0]! : null)
  );
}

export function readSkillDocument(file: InputFile, text: string): SkillDocument {
  const fm = parseFrontMatter(text);
  const problems: FrontMatterProblem[] = fm.errors.map((e) => ({ kind: 'yaml', line: e.line, message: e.message }));
  if (!fm.present) problems.push({ kind: 'absent', line: 1, excerpt: text.split('\n', 1)[0] ?? '' });
  if (fm.present && fm.data) {
    for (const field of ['name', 'description'] as const) {
      const v = fm.data[field];
      if (typeof v !== 'string' || v.trim() === '') problems.push({ kind: 'field-missing', field, line: fm.yamlStartLine });
    }
  }
  return { path: file.path, bytes: file.bytes, text, frontMatter: fm, problems, declared: readDeclared(fm.data) };
}

/** The report's `frontMatterErrors`: YAML errors with their lines, then absence, then missing fields. */
export function frontMatterErrors(doc: SkillDocument | null): Array<{ line: number | null; message: string }> {
  if (!doc) return [];
  const out: Array<{ line: number | null; message: string }> = [];
  for (const p of doc.problems) if (p.kind === 'yaml') out.push({ line: p.line, message: p.message });
  for (const p of doc.problems) if (p.kind === 'absent') out.push({ line: null, message: 'SKILL.md has no YAML front matter' });
  for (const p of doc.problems) if (p.kind === 'field-missing') out.push({ line: p.line, message: `required field "${p.field}" is missing or empty` });
  return out;
}

/** 1-based line of a top-level `key:` in SKILL.md, or null. */
export function lineOfKey(text: string, key: string): number | null {
  const m = new RegExp(`^${key}\\s*:`, 'm').exec(text);
  if (!m) return null;
  return text.slice(0, m.index).split('\n').length;
}
