import { HIDDEN_IN_IDENTIFIER, SkillFrontMatter, SkillFrontMatterReadable } from '@sigma/core';
import { isRootSkillMd } from '../ingest/paths.js';
import type { InputFile } from '../types.js';
import { readDeclared } from './declared.js';
import type { DeclaredManifest } from './declared.js';
import { parseFrontMatter } from './front-matter.js';
import type { FrontMatter, UnreadableReason } from './front-matter.js';

/** What is wrong with SKILL.md's front matter, as found while reading it. */
export type FrontMatterProblem =
  | { kind: 'absent'; line: number; excerpt: string }
  /** Cannot be read: blocks, and nothing is taken from the front matter. */
  | { kind: 'unreadable'; reason: UnreadableReason; line: number | null; message: string }
  /** Read with the one accepted repair. */
  | { kind: 'repaired'; line: number | null; message: string }
  | { kind: 'field-missing'; field: 'name' | 'description'; line: number }
  /** Readable, but not the documented format (`SkillFrontMatter`). */
  | { kind: 'field-invalid'; field: string; line: number | null; message: string };

/** SKILL.md as the skill rules see it: text, parsed front matter, problems and declarations. */
export interface SkillDocument {
  path: string;
  bytes: Uint8Array;
  text: string;
  frontMatter: FrontMatter;
  problems: FrontMatterProblem[];
  /** Declarations read from the front matter (none when it is unreadable). */
  declared: DeclaredManifest;
  /** True when the front matter cannot be read (a blocking problem). */
  unreadable: boolean;
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

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Checks the parsed mapping against the two tiers of the core schema. */
function schemaProblems(fm: FrontMatter, data: Record<string, unknown>): FrontMatterProblem[] {
  const out: FrontMatterProblem[] = [];
  const keyLine = (key: string): number | null => {
    const i = fm.raw.split('\n').findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`${key} `) || l.startsWith(`"${key}"`) || l.startsWith(`'${key}'`));
    return i < 0 ? fm.yamlStartLine : fm.yamlStartLine + i;
  };
  const readable = SkillFrontMatterReadable.safeParse(data);
  if (!readable.success) {
    for (const issue of readable.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field === '(keys)') {
        for (const k of Object.keys(data).filter((x) => HIDDEN_IN_IDENTIFIER.test(x))) {
          out.push({
            kind: 'unreadable',
            reason: 'hidden-characters',
            line: keyLine(k),
            message: `key ${JSON.stringify(k)} contains control, bidi or invisible characters`,
          });
        }
      } else {
        const hidden = issue.code === 'custom';
        out.push({
          kind: 'unreadable',
          reason: hidden ? 'hidden-characters' : 'not-text',
          line: keyLine(field),
          message: hidden ? `${field} ${issue.message}` : `${field} must be text, not a list or a mapping`,
        });
      }
    }
    return out;
  }
  for (const field of ['name', 'description'] as const) if (blank(data[field])) out.push({ kind: 'field-missing', field, line: fm.yamlStartLine });
  const format = SkillFrontMatter.safeParse(data);
  if (!format.success) {
    for (const issue of format.error.issues) {
      const field = issue.path.map(String).join('.');
      const top = String(issue.path[0] ?? '');
      if ((top === 'name' || top === 'description') && blank(data[top])) continue;
      out.push({ kind: 'field-invalid', field, line: keyLine(top), message: `${field}: ${issue.message}` });
    }
  }
  return out;
}

export function readSkillDocument(file: InputFile, text: string): SkillDocument {
  const fm = parseFrontMatter(text);
  const problems: FrontMatterProblem[] = fm.issues.map((i) =>
    i.kind === 'unreadable'
      ? { kind: 'unreadable', reason: i.reason, line: i.line, message: i.message }
      : { kind: 'repaired', line: i.line, message: i.message },
  );
  if (!fm.present) problems.push({ kind: 'absent', line: 1, excerpt: text.split('\n', 1)[0] ?? '' });
  if (fm.data) problems.push(...schemaProblems(fm, fm.data));
  const unreadable = problems.some((p) => p.kind === 'unreadable');
  return { path: file.path, bytes: file.bytes, text, frontMatter: fm, problems, declared: readDeclared(unreadable ? null : fm.data), unreadable };
}

/** The report's `frontMatterErrors`: YAML problems with their lines, then absence, then field problems. */
export function frontMatterErrors(doc: SkillDocument | null): Array<{ line: number | null; message: string }> {
  if (!doc) return [];
  const out: Array<{ line: number | null; message: string }> = [];
  for (const p of doc.problems) if (p.kind === 'unreadable' || p.kind === 'repaired') out.push({ line: p.line, message: p.message });
  for (const p of doc.problems) if (p.kind === 'absent') out.push({ line: null, message: 'SKILL.md has no YAML front matter' });
  for (const p of doc.problems) if (p.kind === 'field-missing') out.push({ line: p.line, message: `required field "${p.field}" is missing or empty` });
  for (const p of doc.problems) if (p.kind === 'field-invalid') out.push({ line: p.line, message: p.message });
  return out;
}

/** 1-based line of a top-level `key:` in SKILL.md, or null. */
export function lineOfKey(text: string, key: string): number | null {
  const m = new RegExp(`^${key}\\s*:`, 'm').exec(text);
  if (!m) return null;
  return text.slice(0, m.index).split('\n').length;
}
