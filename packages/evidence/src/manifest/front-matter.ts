import { parseDocument, visit } from 'yaml';
import type { Document } from 'yaml';
import { repairPlainScalars } from './yaml-repair.js';

/** Why front matter cannot be read (the `reason:` tag of the blocking finding). */
export type UnreadableReason =
  'unclosed' | 'too-large' | 'too-deep' | 'yaml-syntax' | 'duplicate-key' | 'alias-limit' | 'not-a-mapping' | 'hidden-characters' | 'not-text';

/** A problem found while reading the YAML: unreadable (blocks), or repaired (read with the one accepted repair). */
export interface FrontMatterIssue {
  kind: 'unreadable' | 'repaired';
  reason: UnreadableReason;
  /** 1-based line in SKILL.md, or null. */
  line: number | null;
  message: string;
}

export interface FrontMatter {
  /** True when the file starts with a `---` fence (after an optional BOM and blank lines). */
  present: boolean;
  /** The mapping read; null when absent or unreadable. */
  data: Record<string, unknown> | null;
  issues: FrontMatterIssue[];
  /** Offset in the text where the body starts (0 when there is no front matter). */
  bodyOffset: number;
  /** 1-based line of the first YAML line (the line after the opening fence). */
  yamlStartLine: number;
  /** Raw YAML text (LF line endings). */
  raw: string;
}

/** Limits on what is read at all; over any of them the front matter is unreadable. */
export const FRONT_MATTER_LIMITS = Object.freeze({
  /** Bytes of YAML between the fences. */
  maxBytes: 64 * 1024,
  /** Rough nesting (brackets, indentation) refused before parsing, so hostile input never reaches the parser. */
  maxRoughNesting: 64,
  /** Nesting of the parsed value (maps and lists). */
  maxDepth: 16,
  /** Alias nodes (`*name`) in the document: front matter seldom needs any; a bomb needs many. */
  maxAliases: 16,
  /** JSON size of the resolved value (aliases expanded). */
  maxResolvedBytes: 256 * 1024,
});

/** Rough nesting depth (indentation levels and open brackets). */
function roughNesting(src: string): number {
  let maxBrackets = 0;
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 91 || c === 123) {
      depth++;
      if (depth > maxBrackets) maxBrackets = depth;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  let maxIndent = 0;
  for (const line of src.split('\n')) {
    const m = /^( *)(?:- )*/.exec(line);
    const indent = m ? m[0].length : 0;
    if (indent > maxIndent) maxIndent = indent;
  }
  return Math.max(maxBrackets, Math.floor(maxIndent / 2));
}

/** Depth of a parsed value; stops counting past `limit` (so a recursive alias terminates). */
function depthOf(v: unknown, limit: number, d = 0): number {
  if (d > limit || v === null || typeof v !== 'object') return d;
  let max = d + 1;
  for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
    max = Math.max(max, depthOf(x, limit, d + 1));
    if (max > limit) return max;
  }
  return max;
}

function firstLine(s: string): string {
  const l = s.split('\n', 1)[0] ?? s;
  return l.length > 300 ? `${l.slice(0, 300)}…` : l;
}

/** One issue per kind and line (YAML often reports one mistake several times). */
function addIssue(fm: FrontMatter, issue: FrontMatterIssue): void {
  if (!fm.issues.some((i) => i.kind === issue.kind && i.line === issue.line)) fm.issues.push(issue);
}

const parse = (src: string): Document.Parsed => parseDocument(src, { prettyErrors: false, uniqueKeys: true, strict: true });

/**
 * Reads YAML front matter strictly. Tolerates what is not YAML's business — a BOM, leading blank
 * lines, CRLF, trailing spaces on the fences, `...` as the closing fence — and one repair for the
 * common breakage of a plain value that contains `: ` or starts with a reserved character (see
 * `repairPlainScalars`). Everything else YAML refuses, duplicate keys, and anything over the
 * limits makes the front matter unreadable: `data` is null and the issue says why and where.
 */
export function parseFrontMatter(text: string): FrontMatter {
  const none: FrontMatter = { present: false, data: null, issues: [], bodyOffset: 0, yamlStartLine: 0, raw: '' };
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  let line = 1;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const l = text.slice(i, nl < 0 ? text.length : nl);
    if (l.trim() !== '') break;
    if (nl < 0) return none;
    i = nl + 1;
    line++;
  }
  const firstNl = text.indexOf('\n', i);
  const first = text.slice(i, firstNl < 0 ? text.length : firstNl).trim();
  if (first !== '---') return none;
  const yamlStartLine = line + 1;
  const unreadable = (reason: UnreadableReason, at: number | null, message: string, raw = ''): FrontMatter => ({
    present: true,
    data: null,
    issues: [{ kind: 'unreadable', reason, line: at, message }],
    bodyOffset: 0,
    yamlStartLine,
    raw,
  });
  if (firstNl < 0) return unreadable('unclosed', line, 'front matter is opened by `---` but never closed');
  const yamlStart = firstNl + 1;
  let j = yamlStart;
  let close = -1;
  let closeEnd = text.length;
  while (j <= text.length && j - yamlStart <= FRONT_MATTER_LIMITS.maxBytes) {
    const nl = text.indexOf('\n', j);
    const l = text.slice(j, nl < 0 ? text.length : nl).trim();
    if (l === '---' || l === '...') {
      close = j;
      closeEnd = nl < 0 ? text.length : nl + 1;
      break;
    }
    if (nl < 0) break;
    j = nl + 1;
  }
  if (close < 0) {
    return j - yamlStart > FRONT_MATTER_LIMITS.maxBytes
      ? unreadable('too-large', line, `front matter larger than ${FRONT_MATTER_LIMITS.maxBytes} bytes`)
      : unreadable('unclosed', line, 'front matter is opened by `---` but never closed');
  }
  const raw = text.slice(yamlStart, close).replace(/\r\n?/g, '\n');
  const fm: FrontMatter = { present: true, data: null, issues: [], bodyOffset: closeEnd, yamlStartLine, raw };
  const lineAt = (pos: number | undefined, src: string): number | null =>
    typeof pos === 'number' ? yamlStartLine + src.slice(0, pos).split('\n').length - 1 : null;
  const fail = (reason: UnreadableReason, at: number | null, message: string): FrontMatter => {
    fm.data = null;
    fm.issues.push({ kind: 'unreadable', reason, line: at, message });
    return fm;
  };
  if (roughNesting(raw) > FRONT_MATTER_LIMITS.maxRoughNesting)
    return fail('too-deep', yamlStartLine, `front matter nested deeper than ${FRONT_MATTER_LIMITS.maxRoughNesting} levels`);

  let doc = parse(raw);
  if (doc.errors.length > 0) {
    const repaired = repairPlainScalars(raw);
    const again = repaired === raw ? doc : parse(repaired);
    if (repaired === raw || again.errors.length > 0) {
      // The repair keeps every line where it was, so positions in either text map to the same lines.
      const src = repaired === raw ? raw : repaired;
      for (const e of again.errors)
        addIssue(fm, {
          kind: 'unreadable',
          reason: e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
          line: lineAt(e.pos?.[0], src),
          message: firstLine(e.message),
        });
      return fm;
    }
    for (const e of doc.errors) {
      addIssue(fm, {
        kind: 'repaired',
        reason: 'yaml-syntax',
        line: lineAt(e.pos?.[0], raw),
        message: `${firstLine(e.message)}; the value was read as plain text`,
      });
    }
    doc = again;
  }

  let aliases = 0;
  visit(doc, {
    Alias() {
      aliases++;
    },
  });
  if (aliases > FRONT_MATTER_LIMITS.maxAliases)
    return fail('alias-limit', yamlStartLine, `front matter uses ${aliases} aliases (limit ${FRONT_MATTER_LIMITS.maxAliases})`);
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail('alias-limit', yamlStartLine, `front matter could not be resolved: ${firstLine((e as Error).message)}`);
  }
  if (depthOf(js, FRONT_MATTER_LIMITS.maxDepth) > FRONT_MATTER_LIMITS.maxDepth) {
    return fail('too-deep', yamlStartLine, `front matter nested deeper than ${FRONT_MATTER_LIMITS.maxDepth} levels`);
  }
  if (JSON.stringify(js ?? null).length > FRONT_MATTER_LIMITS.maxResolvedBytes) {
    return fail('too-large', yamlStartLine, `front matter expands to more than ${FRONT_MATTER_LIMITS.maxResolvedBytes} bytes`);
  }
  if (js === null || js === undefined) fm.data = {};
  else if (typeof js === 'object' && !Array.isArray(js)) fm.data = js as Record<string, unknown>;
  else return fail('not-a-mapping', yamlStartLine, 'front matter is not a mapping of keys to values');
  return fm;
}
