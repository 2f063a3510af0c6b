import MarkdownIt from 'markdown-it';
import type { ProseSegmentKind } from '@sigma/core';
import type { Block } from './blocks.js';
import { codeSpans, htmlPieces } from './html.js';
import { count, frontMatter, headingsAt, inlineText } from './markdown-inline.js';

/**
 * Markdown to blocks with their context (heading path, the sentence that introduced them).
 * markdown-it does the CommonMark work (containers, fences, HTML blocks); emphasis, links,
 * tables and reference definitions are left to us or off, so nothing is rendered and every
 * source line is accounted for. Lines the parser does not place in a leaf block (nesting over
 * the cap, malformed input) come back as `raw` blocks, so nothing escapes analysis.
 */

const md = new MarkdownIt({ html: true, linkify: false, typographer: false, maxNesting: 24 }).disable([
  'table',
  'reference',
  'emphasis',
  'link',
  'image',
  'autolink',
  'entity',
  'strikethrough',
  'linkify',
  'replacements',
  'smartquotes',
]);

const DELIM_ROW = /^\s{0,3}\|?\s{0,8}:?-{1,200}:?\s{0,8}(?:\|\s{0,8}:?-{1,200}:?\s{0,8}){0,200}\|?\s{0,8}$/;
const PSEUDO_HEADING = /^(?:\*\*|__)[^*_\n]{1,100}(?:\*\*|__):?$|^[^\n]{1,100}:$/;
const MD_COMMENT = /^\[(?:\/\/|comment|#|hidden|note)\]:\s{0,3}(?:#|<>)\s{0,3}\(([^\n]{0,2000})\)\s{0,3}$/i;

const NO_CTX: Pick<Block, 'headings' | 'levels' | 'leadIns'> = { headings: [], levels: [], leadIns: [] };

/** Splits Markdown into blocks. `lineBase` is added to every line (text taken from inside a file). */
export function markdownBlocks(source: string, lineBase = 0): Block[] {
  const { body, block: fmBlock } = frontMatter(source.replace(/\r\n?/g, '\n'), lineBase);
  const tokens = md.parse(body, {});
  const lines = body.split('\n');
  const covered = new Uint8Array(lines.length + 1);
  const out: Block[] = fmBlock ? [fmBlock] : [];
  const headings: string[] = [];
  const levels: number[] = [];
  const marks: Array<{ line: number; path: string[]; levels: number[] }> = [];
  // Containers: kind of the innermost one and the lead-in each carries.
  const stack: Array<{ type: string; leadIn: string | null }> = [];
  let pending: string | null = null;
  const mark = (map: [number, number] | null): void => {
    if (map) for (let l = map[0]; l < map[1] && l < covered.length; l++) covered[l] = 1;
  };
  const leadIns = (): string[] => {
    const out: string[] = pending ? [pending] : [];
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.leadIn) out.push(stack[k]!.leadIn!);
    return out;
  };
  const container = (): ProseSegmentKind => {
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k]!.type === 'item') return 'list-item';
      if (stack[k]!.type === 'quote') return 'blockquote';
    }
    return 'paragraph';
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const line0 = (t.map?.[0] ?? 0) + 1 + lineBase;
    const leaf = t.type === 'paragraph_open' || t.type === 'fence' || t.type === 'code_block' || t.type === 'html_block';
    const ctx = leaf ? { headings: [...headings], levels: [...levels], leadIns: leadIns() } : NO_CTX;
    switch (t.type) {
      case 'heading_open': {
        const inline = tokens[i + 1]!;
        const level = Number(t.tag.slice(1)) || 1;
        while (levels.length > 0 && levels[levels.length - 1]! >= level) {
          levels.pop();
          headings.pop();
        }
        const { text, spans } = inlineText(inline, line0, out, { headings: [...headings], levels: [...levels], leadIns: [] });
        out.push({
          kind: 'heading',
          line: line0,
          endLine: line0,
          text,
          spans,
          hidden: false,
          lang: null,
          headings: [...headings],
          levels: [...levels],
          leadIns: [],
        });
        headings.push(
          text
            .replace(/\s{1,100}/g, ' ')
            .trim()
            .slice(0, 120),
        );
        levels.push(level);
        marks.push({ line: line0, path: [...headings], levels: [...levels] });
        pending = null;
        mark(t.map as [number, number] | null);
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        stack.push({ type: 'list', leadIn: pending });
        break;
      case 'list_item_open':
        stack.push({ type: 'item', leadIn: null });
        break;
      case 'blockquote_open':
        stack.push({ type: 'quote', leadIn: pending });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'list_item_close':
      case 'blockquote_close':
        stack.pop();
        break;
      case 'paragraph_open': {
        const inline = tokens[i + 1]!;
        mark(t.map as [number, number] | null);
        const kind = container();
        const { text, spans } = inlineText(inline, line0, out, ctx);
        const rows = text.split('\n');
        const mdc = rows.length === 1 ? MD_COMMENT.exec(text.trim()) : null;
        if (mdc) {
          out.push({ ...ctx, kind: 'html-comment', line: line0, endLine: line0, text: mdc[1]!, spans: [], hidden: true, lang: null });
        } else if (rows.length >= 2 && rows[0]!.includes('|') && DELIM_ROW.test(rows[1]!)) {
          const header = rows[0]!.replace(/^\s{0,3}\||\|\s{0,8}$/g, '').trim();
          const rowLead = [header, ...ctx.leadIns];
          rows.forEach((r, k) => {
            if (k === 1 || r.trim() === '') return;
            const cells = r.replace(/^\s{0,3}\||\|\s{0,8}$/g, '').trim();
            out.push({
              ...ctx,
              kind: 'table-row',
              line: line0 + k,
              endLine: line0 + k,
              text: cells,
              spans: codeSpans(cells),
              hidden: false,
              lang: null,
              leadIns: k === 0 ? ctx.leadIns : rowLead,
            });
          });
        } else {
          out.push({ ...ctx, kind, line: line0, endLine: line0 + rows.length - 1, text, spans, hidden: false, lang: null });
        }
        const trimmed = text.trim();
        pending = !mdc && PSEUDO_HEADING.test(trimmed) && trimmed.length <= 300 ? trimmed : null;
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block': {
        mark(t.map as [number, number] | null);
        const first = t.type === 'fence' ? line0 + 1 : line0;
        const content = t.content.endsWith('\n') ? t.content.slice(0, -1) : t.content;
        const info = t.type === 'fence' ? t.info.trim() : '';
        const sp = info.search(/\s/);
        const lang = (sp < 0 ? info : info.slice(0, sp)).toLowerCase() || null;
        out.push({
          headings: ctx.headings,
          levels: ctx.levels,
          leadIns: ctx.leadIns,
          kind: 'code-block',
          line: first,
          endLine: first + count(content),
          text: content,
          spans: [],
          hidden: false,
          lang,
        });
        break;
      }
      case 'html_block': {
        mark(t.map as [number, number] | null);
        const pieces = htmlPieces(t.content);
        for (const p of pieces.hidden)
          out.push({
            ...ctx,
            kind: p.kind,
            line: line0 + p.lineOffset,
            endLine: line0 + p.lineOffset + count(p.text),
            text: p.text,
            spans: [],
            hidden: true,
            lang: null,
          });
        if (pieces.visible.trim())
          out.push({ ...ctx, kind: 'paragraph', line: line0, endLine: line0 + count(t.content), text: pieces.visible, spans: [], hidden: false, lang: null });
        break;
      }
      case 'hr':
        mark(t.map as [number, number] | null);
        break;
      default:
        break;
    }
  }
  // Whatever the parser did not place in a leaf block is analysed as plain text.
  let start = -1;
  for (let l = 0; l <= lines.length; l++) {
    const blank = l === lines.length || covered[l] === 1 || lines[l]!.trim() === '';
    if (!blank && start < 0) start = l;
    if (blank && start >= 0) {
      const text = lines.slice(start, l).join('\n');
      out.push({
        kind: 'raw',
        line: start + 1 + lineBase,
        endLine: l + lineBase,
        text,
        spans: codeSpans(text),
        hidden: false,
        lang: null,
        ...headingsAt(marks, start + 1 + lineBase),
        leadIns: [],
      });
      start = -1;
    }
  }
  return out;
}
