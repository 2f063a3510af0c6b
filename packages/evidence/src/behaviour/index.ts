/**
 * The behaviour model library: what a skill's scripts read, what they do with it, and whether that
 * matches what SKILL.md says. Small API: `buildBehaviour`, `extractClaims`, `compareClaims`.
 * See docs/behaviour.md.
 */
import type { BehaviourFile, BehaviourLang, BehaviourModel } from '@sigma/core';
import { buildModel } from './build.js';
import { declaredHostsOf } from './claims.js';
import type { FileUnit } from './frame.js';
import type { LoweredFile } from './ir.js';
import { lowerJs } from './js.js';
import { Program } from './program.js';
import { lowerPython } from './python.js';
import { lowerShell } from './shell.js';
import { lowerOther } from './generic.js';

export { extractClaims, declaredHostsOf } from './claims.js';
export { compareClaims } from './compare.js';
export type { Declared } from './compare.js';

export interface BehaviourInput {
  path: string;
  text: string;
  /** The language, when the name does not tell it (shell commands taken out of a Markdown file). */
  lang?: BehaviourLang;
}

export interface BehaviourOptions {
  /** The entry point (a script path inside the skill); without it every script counts as an entry. */
  entry?: string;
  /** Hosts the manifest declares, in addition to the hosts SKILL.md names. */
  declaredHosts?: string[];
}

/** The language of a script from its name, or its `#!` line; null for files that are not scripts. */
export function scriptLang(path: string, text: string): BehaviourLang | null {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'py' || ext === 'pyw') return 'python';
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs' || ext === 'jsx') return 'javascript';
  if (ext === 'ts' || ext === 'mts' || ext === 'cts' || ext === 'tsx') return path.endsWith('.d.ts') ? null : 'typescript';
  if (ext === 'sh' || ext === 'bash' || ext === 'zsh' || ext === 'ksh') return 'shell';
  if (ext === 'go') return 'go';
  if (ext === 'rb' || ext === 'rake') return 'ruby';
  if (ext === 'ps1' || ext === 'psm1') return 'powershell';
  if (ext !== undefined && !path.endsWith('/' + ext)) return null;
  const bang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const prog = bang ? (bang[1]!.endsWith('/env') ? (bang[2] ?? '') : bang[1]!).replace(/^.*\//, '') : '';
  if (/^python\d?(?:\.\d+)?$/.test(prog)) return 'python';
  if (/^(?:node|deno|bun|tsx|ts-node)$/.test(prog)) return 'javascript';
  if (/^(?:sh|bash|zsh|dash|ksh)$/.test(prog)) return 'shell';
  if (/^ruby\d?(?:\.\d+)?$/.test(prog)) return 'ruby';
  if (/^(?:pwsh|powershell)$/.test(prog)) return 'powershell';
  return null;
}

function lower(lang: BehaviourLang, path: string, text: string): LoweredFile {
  try {
    if (lang === 'python') return lowerPython(text, lineIndex(text));
    if (lang === 'shell') return lowerShell(text);
    if (lang === 'go' || lang === 'ruby' || lang === 'powershell') return lowerOther(text, lang);
    return lowerJs(text, path);
  } catch (err) {
    const parser =
      lang === 'python'
        ? '@lezer/python'
        : lang === 'shell'
          ? 'sigma shell lowering'
          : lang === 'javascript' || lang === 'typescript'
            ? 'typescript'
            : `sigma ${lang} reader`;
    return {
      body: [],
      parsed: 'failed',
      reason: `the parser stopped: ${err instanceof Error ? err.message : String(err)}; nothing in this file was analysed`,
      parser,
    };
  }
}

function lineIndex(text: string): (pos: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: pos - starts[lo]! };
  };
}

/** The behaviour model of every script in `files` (other files are ignored; SKILL.md supplies the declared hosts). */
export function buildBehaviour(files: BehaviourInput[], opts: BehaviourOptions = {}): BehaviourModel {
  const units: FileUnit[] = [];
  const infos: BehaviourFile[] = [];
  const declared = new Set((opts.declaredHosts ?? []).map((h) => h.toLowerCase()));
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (/(?:^|\/)SKILL\.md$/i.test(f.path)) for (const h of declaredHostsOf(f.text)) declared.add(h);
    const lang = f.lang ?? scriptLang(f.path, f.text);
    if (!lang) continue;
    const lowered = lower(lang, f.path, f.text);
    units.push({ path: f.path, lang, lines: f.text.split(/\r?\n/), lowered });
    infos.push({ path: f.path, lang, parser: lowered.parser, parsed: lowered.parsed, reason: lowered.reason });
  }
  const prog = new Program(units);
  const wanted = opts.entry?.replace(/^\.\//, '') ?? null;
  const entry = wanted !== null && prog.files.has(wanted) ? wanted : null;
  if (wanted !== null && entry === null) prog.rec.notes.add(`entry ${wanted} is not a script of the skill; every script was treated as an entry`);
  for (const i of infos) if (i.parsed !== 'full') prog.rec.notes.add(`${i.path}: ${i.reason}`);
  prog.run(entry ? [entry, ...units.map((u) => u.path).filter((p) => p !== entry)] : units.map((u) => u.path));
  return buildModel(prog, infos, entry, declared);
}
