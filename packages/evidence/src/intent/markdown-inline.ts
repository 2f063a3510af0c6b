import type { Token } from 'markdown-it';
import { parseFrontMatter } from '../manifest/front-matter.js';
import { htmlPieces } from './html.js';
import type { Block, CodeSpan } from './blocks.js';

/** Inline content of a Markdown block, the front matter's description, and heading lookup. */

export function inlineText(tok: Token, line0: number, out: Block[], ctx: Pick<Block, 'headings' | 'levels' | 'leadIns'>): { text: string; spans: CodeSpan[] } {
  let text = '';
  const spans: CodeSpan[] = [];
  let lineNo = line0;
  let hiddenDepth = 0;
  let hiddenText = '';
  let hiddenLine = line0;
  for (const c of tok.children ?? []) {
    if (c.type === 'softbreak' || c.type === 'hardbreak') {
      text += '\n';
      lineNo++;
      if (hiddenDepth > 0) hiddenText += '\n';
    } else if (c.type === 'code_inline') {
      const s = `\`${c.content}\``;
      if (hiddenDepth > 0) hiddenText += s;
      else {
        spans.push({ start: text.length, end: text.length + s.length, code: c.content });
        text += s;
      }
    } else if (c.type === 'html_inline') {
      const pieces = htmlPieces(c.content);
      for (const p of pieces.hidden)
        out.push({
          ...ctx,
          kind: p.kind,
          line: lineNo + p.lineOffset,
          endLine: lineNo + p.lineOffset + count(p.text),
          text: p.text,
          spans: [],
          hidden: true,
          lang: null,
        });
      if (pieces.opensHidden) {
        if (hiddenDepth === 0) hiddenLine = lineNo;
        hiddenDepth++;
      } else if (pieces.closes && hiddenDepth > 0) {
        hiddenDepth--;
        if (hiddenDepth === 0 && hiddenText.trim()) {
          out.push({
            ...ctx,
            kind: 'hidden-html',
            line: hiddenLine,
            endLine: hiddenLine + count(hiddenText),
            text: hiddenText,
            spans: [],
            hidden: true,
            lang: null,
          });
          hiddenText = '';
        }
      }
      const nl = count(c.content);
      text += '\n'.repeat(nl);
      lineNo += nl;
    } else if (hiddenDepth > 0) hiddenText += c.content;
    else text += c.content;
  }
  if (hiddenText.trim())
    out.push({ ...ctx, kind: 'hidden-html', line: hiddenLine, endLine: hiddenLine + count(hiddenText), text: hiddenText, spans: [], hidden: true, lang: null });
  return { text, spans };
}

export function count(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Blanks the front matter (keeping its line breaks) and returns its description as a block. */
export function frontMatter(text: string, lineBase: number): { body: string; block: Block | null } {
  const fm = parseFrontMatter(text);
  if (!fm.present || fm.bodyOffset === 0) return { body: text, block: null };
  const head = text.slice(0, fm.bodyOffset);
  const body = head.replace(/[^\n]/g, '') + text.slice(fm.bodyOffset);
  const desc = fm.data?.['description'];
  if (typeof desc !== 'string' || desc.trim() === '') return { body, block: null };
  const rawLines = fm.raw.split('\n');
  const at = rawLines.findIndex((l) => /^description\s{0,4}:/i.test(l));
  const line = fm.yamlStartLine + Math.max(0, at) + lineBase;
  const oneLine = desc.replace(/\s{1,1000}/g, ' ').trim();
  return {
    body,
    block: { kind: 'front-matter', line, endLine: line, text: oneLine, spans: [], hidden: false, lang: null, headings: [], levels: [], leadIns: [] },
  };
}

/** The heading path in force at a line (marks are in line order). */
export function headingsAt(marks: Array<{ line: number; path: string[]; levels: number[] }>, line: number): { headings: string[]; levels: number[] } {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]!.line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? { headings: [...marks[lo - 1]!.path], levels: [...marks[lo - 1]!.levels] } : { headings: [], levels: [] };
}
