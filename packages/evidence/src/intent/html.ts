import type { CodeSpan } from './blocks.js';

/** HTML inside Markdown: what a rendered view hides (comments, invisible elements) and what it shows. */

export interface HiddenPiece {
  kind: 'html-comment' | 'hidden-html';
  text: string;
  /** Lines between the start of the HTML and the piece. */
  lineOffset: number;
}

export interface HtmlPieces {
  hidden: HiddenPiece[];
  /** Visible text with tags, comments and hidden elements replaced by their line breaks. */
  visible: string;
  /** An opening tag styled invisible (for inline HTML, whose content follows as text). */
  opensHidden: boolean;
  /** A closing tag. */
  closes: boolean;
}

const TAG = /<(\/?)([a-z][a-z0-9-]{0,15})\b([^<>]{0,600})>/gi;
const HIDDEN_ATTR =
  /display\s{0,3}:\s{0,3}none|visibility\s{0,3}:\s{0,3}hidden|font-size\s{0,3}:\s{0,3}0(?![.\d])|opacity\s{0,3}:\s{0,3}0(?![.\d])|(?:^|\s)hidden(?:\s|=|$)|aria-hidden\s{0,3}=\s{0,3}["']?true|color\s{0,3}:\s{0,3}(?:transparent|white|#fff\b|#ffffff\b)|(?:height|width)\s{0,3}:\s{0,3}0(?:px)?\s{0,3}[;"']|left\s{0,3}:\s{0,3}-\d{3,}/i;

const keepBreaks = (s: string): string => s.replace(/[^\n]/g, '');

export function htmlPieces(html: string): HtmlPieces {
  const hidden: HiddenPiece[] = [];
  const lower = html.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const breaks: number[] = [];
  for (let i = html.indexOf('\n'); i >= 0; i = html.indexOf('\n', i + 1)) breaks.push(i);
  const lineOffset = (at: number): number => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let visible = '';
  let pos = 0;
  let opensHidden = false;
  let closes = false;
  let nextComment = -2;
  let nextTag: RegExpExecArray | null | undefined;
  while (pos < html.length) {
    if (nextComment !== -1 && nextComment < pos) nextComment = html.indexOf('<!--', pos);
    if (nextTag !== null && (nextTag === undefined || nextTag.index < pos)) {
      TAG.lastIndex = pos;
      nextTag = TAG.exec(html);
    }
    const c = nextComment;
    const t = nextTag ?? null;
    if (c >= 0 && (!t || c <= t.index)) {
      visible += html.slice(pos, c);
      const end = html.indexOf('-->', c + 4);
      const stop = end < 0 ? html.length : end;
      const body = html.slice(c + 4, stop);
      if (body.trim()) hidden.push({ kind: 'html-comment', text: body, lineOffset: lineOffset(c) });
      pos = end < 0 ? html.length : end + 3;
      visible += keepBreaks(html.slice(c, pos));
      continue;
    }
    if (!t) {
      visible += html.slice(pos);
      break;
    }
    visible += html.slice(pos, t.index);
    const closing = t[1] === '/';
    const name = t[2]!.toLowerCase();
    const attrs = t[3] ?? '';
    pos = t.index + t[0].length;
    if (closing) closes = true;
    if (!closing && HIDDEN_ATTR.test(attrs) && !attrs.trimEnd().endsWith('/')) {
      const close = lower.indexOf(`</${name}`, pos);
      const end = close < 0 ? html.length : lower.indexOf('>', close) < 0 ? html.length : lower.indexOf('>', close) + 1;
      // Inline HTML has no closing tag here: the hidden content follows as separate tokens.
      if (close < 0) opensHidden = true;
      const body = html.slice(pos, close < 0 ? html.length : close);
      if (body.trim()) hidden.push({ kind: 'hidden-html', text: stripTags(body), lineOffset: lineOffset(pos) });
      visible += keepBreaks(html.slice(t.index, end));
      pos = end;
      continue;
    }
    visible += keepBreaks(t[0]) || ' ';
  }
  return { hidden, visible, opensHidden, closes };
}

function stripTags(s: string): string {
  return s.replace(/<[^<>]{0,600}>/g, (m) => keepBreaks(m) || ' ');
}

/**
 * Backtick code spans in plain text (table cells, raw lines, comments), CommonMark style: a run
 * of n backticks closes at the next run of exactly n. Linear: one pointer per run length.
 */
export function codeSpans(text: string): CodeSpan[] {
  const runs: Array<{ at: number; n: number }> = [];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 96) continue;
    let j = i;
    while (j < text.length && text.charCodeAt(j) === 96) j++;
    runs.push({ at: i, n: j - i });
    i = j - 1;
  }
  const byLen = new Map<number, number[]>();
  runs.forEach((r, k) => {
    const list = byLen.get(r.n);
    if (list) list.push(k);
    else byLen.set(r.n, [k]);
  });
  const ptr = new Map<number, number>();
  const out: CodeSpan[] = [];
  let k = 0;
  while (k < runs.length) {
    const r = runs[k]!;
    const list = byLen.get(r.n)!;
    let p = ptr.get(r.n) ?? 0;
    while (p < list.length && list[p]! <= k) p++;
    ptr.set(r.n, p);
    if (p >= list.length) {
      k++;
      continue;
    }
    const close = runs[list[p]!]!;
    out.push({ start: r.at, end: close.at + close.n, code: text.slice(r.at + r.n, close.at).trim() });
    k = list[p]! + 1;
  }
  return out;
}
