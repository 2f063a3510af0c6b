import { parseDocument } from 'yaml';

export interface FrontMatterError {
  line: number | null;
  message: string;
}

export interface FrontMatter {
  /** True when the file starts with a `---` fence (after an optional BOM and blank lines). */
  present: boolean;
  data: Record<string, unknown> | null;
  errors: FrontMatterError[];
  /** Offset in the text where the body starts (0 when there is no front matter). */
  bodyOffset: number;
  /** 1-based line of the first YAML line (the line after the opening fence). */
  yamlStartLine: number;
  /** Raw YAML text. */
  raw: string;
}

const MAX_FRONT_MATTER = 64 * 1024;
const MAX_NESTING = 64;

/** Rough nesting depth (indentation levels and open brackets) so hostile YAML is refused before parsing. */
function nestingDepth(src: string): number {
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

/** Line-based fallback for the common real-world breakage: unquoted `key: value: more`. */
function lenientParse(src: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let listKey: string | null = null;
  for (const line of src.split('\n')) {
    const top = /^([A-Za-z_][\w-]{0,63})\s*:\s?(.*)$/.exec(line);
    if (top) {
      const key = top[1]!;
      const value = top[2]!.trim();
      if (value === '') {
        listKey = key;
        out[key] = [];
      } else {
        listKey = null;
        const flow = /^\[(.*)\]$/.exec(value);
        out[key] = flow
          ? flow[1]!
              .split(',')
              .map((s) => unquote(s.trim()))
              .filter(Boolean)
          : unquote(value);
      }
      continue;
    }
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && listKey && Array.isArray(out[listKey])) (out[listKey] as unknown[]).push(unquote(item[1]!.trim()));
  }
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}

/**
 * Parses YAML front matter. Tolerates a BOM, leading blank lines, CRLF, trailing spaces on the
 * fences and `...` as the closing fence; reports YAML errors with their line in the file and
 * falls back to a line-based reading so name and description are still found.
 */
export function parseFrontMatter(text: string): FrontMatter {
  const none: FrontMatter = { present: false, data: null, errors: [], bodyOffset: 0, yamlStartLine: 0, raw: '' };
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  let line = 1;
  // Leading blank lines.
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
  if (first !== '---' || firstNl < 0) return none;
  const yamlStart = firstNl + 1;
  const yamlStartLine = line + 1;
  // Closing fence.
  let j = yamlStart;
  let close = -1;
  let closeEnd = text.length;
  while (j <= text.length && j - yamlStart <= MAX_FRONT_MATTER) {
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
    const tooBig = j - yamlStart > MAX_FRONT_MATTER;
    return {
      present: true,
      data: null,
      errors: [
        { line: yamlStartLine - 1, message: tooBig ? `front matter larger than ${MAX_FRONT_MATTER} bytes` : 'front matter is not closed by a `---` line' },
      ],
      bodyOffset: 0,
      yamlStartLine,
      raw: '',
    };
  }
  const raw = text.slice(yamlStart, close).replace(/\r\n?/g, '\n');
  const fm: FrontMatter = { present: true, data: null, errors: [], bodyOffset: closeEnd, yamlStartLine, raw };
  if (nestingDepth(raw) > MAX_NESTING) {
    fm.errors.push({ line: yamlStartLine, message: `front matter nested deeper than ${MAX_NESTING} levels; not parsed` });
    fm.data = lenientParse(raw);
    return fm;
  }
  try {
    const doc = parseDocument(raw, { prettyErrors: false, uniqueKeys: false, strict: false });
    for (const e of doc.errors) {
      const pos = e.pos?.[0];
      const l = typeof pos === 'number' ? raw.slice(0, pos).split('\n').length : undefined;
      fm.errors.push({ line: l === undefined ? null : yamlStartLine + l - 1, message: firstLine(e.message) });
    }
    if (doc.errors.length === 0) {
      const js: unknown = doc.toJS({ maxAliasCount: 100 });
      if (js === null || js === undefined) fm.data = {};
      else if (typeof js === 'object' && !Array.isArray(js)) fm.data = js as Record<string, unknown>;
      else fm.errors.push({ line: yamlStartLine, message: 'front matter is not a mapping of keys to values' });
    }
  } catch (e) {
    fm.errors.push({ line: yamlStartLine, message: `front matter could not be parsed: ${firstLine((e as Error).message)}` });
  }
  if (fm.data === null) fm.data = lenientParse(raw);
  return fm;
}

function firstLine(s: string): string {
  const l = s.split('\n', 1)[0] ?? s;
  return l.length > 300 ? `${l.slice(0, 300)}…` : l;
}
