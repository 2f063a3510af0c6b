import { performance } from 'node:perf_hooks';
import type { FileEntry, FileKind } from '@sigma/core';
import { decodeText, kindOf, langOf, sniffBinary } from '../classify.js';
import type { Lang } from '../classify.js';
import { sha256 } from '../ingest/ingest.js';
import { lex } from '../lex/lex.js';
import type { AnalyzedFile, ClassifiedFile, FileContext, Hit } from '../rules/rule.js';
import { makeUnit } from '../rules/unit.js';
import type { Unit } from '../rules/unit.js';
import type { AnalysisState } from './state.js';
import { sinkFor } from './state.js';
import { scanTopUnit } from './units.js';

/** Classifies every ingested file (decode text, sniff binary, kind and language), in path order. */
export function classifyFiles(state: AnalysisState): ClassifiedFile[] {
  const expanded = new Set(state.ingest.expandedArchives ?? []);
  const files = [...state.ingest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files.map((f): ClassifiedFile => {
    const base = { path: f.path, bytes: f.bytes };
    if (expanded.has(f.path)) return { ...base, text: null, textProblem: null, binary: null, kind: 'archive', lang: 'text', expandedArchive: true };
    const decoded = decodeText(f.bytes);
    const text = decoded.text;
    if (f.bytes.length === 0)
      return { ...base, text: '', textProblem: null, binary: null, kind: kindOf(f.path, '', null), lang: 'text', expandedArchive: false };
    const binary = sniffBinary(f.bytes, f.path);
    if (binary !== null) return { ...base, text, textProblem: null, binary, kind: kindOf(f.path, text, binary), lang: 'text', expandedArchive: false };
    if (text === null) return { ...base, text, textProblem: decoded.reason ?? 'binary', binary, kind: 'binary', lang: 'text', expandedArchive: false };
    return { ...base, text, textProblem: null, binary, kind: kindOf(f.path, text, null), lang: langOf(f.path, text), expandedArchive: false };
  });
}

/** True when the file's text is scanned by the unit rules. */
function scanned(f: ClassifiedFile): f is ClassifiedFile & { text: string } {
  return !f.expandedArchive && f.bytes.length > 0 && f.binary === null && f.text !== null;
}

function lexLang(lang: Lang): 'python' | 'js' | 'shell' | 'powershell' | null {
  return lang === 'python' || lang === 'js' || lang === 'shell' || lang === 'powershell' ? lang : null;
}

function roleOf(kind: FileKind, lang: Lang): Unit['role'] {
  if (kind === 'script' || kind === 'minified' || lang === 'python' || lang === 'js' || lang === 'shell' || lang === 'powershell') return 'code';
  if (kind === 'config' || lang === 'json' || lang === 'yaml') return 'config';
  return 'prose';
}

/**
 * Stage 2 and 3 per file, in path order: file rules on every file, then the unit rules (and the
 * decoded blobs) on its text under the per-file time cap. Fills `state.files`.
 */
export function analyzeFiles(state: AnalysisState, perFileMs: number): void {
  const classified = classifyFiles(state);
  for (const f of classified) {
    const entry: FileEntry = { path: f.path, bytes: f.bytes.length, sha256: sha256(f.bytes), kind: f.kind, analyzed: f.binary === null && f.text !== null };
    if (f.expandedArchive) entry.analyzed = true;
    const ctx: Omit<FileContext<string>, 'hits'> = { files: classified, ingest: state.ingest };
    for (const rule of state.index.file) rule.run(f, { ...ctx, hits: sinkFor(rule, state.hits) });
    let unit: Unit | null = null;
    if (scanned(f)) {
      const deadline = performance.now() + perFileMs;
      const ll = lexLang(f.lang);
      unit = makeUnit(f.path, f.lang, roleOf(f.kind, f.lang), f.text, ll ? lex(ll, f.text) : null);
      const fileHits: Hit[] = [];
      const done = scanTopUnit(state, unit, state.facts, fileHits, deadline);
      if (!done) {
        entry.analyzed = false;
        fileHits.push({ ruleId: 'UNANALYZABLE_TIMEOUT', file: f.path, line: null, excerpt: `analysis stopped after ${perFileMs} ms` });
      }
      state.hits.push(...fileHits);
    }
    const analyzed: AnalyzedFile = { ...f, entry, unit };
    state.files.push(analyzed);
  }
}
