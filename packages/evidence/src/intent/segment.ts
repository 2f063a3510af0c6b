import type { ProseRole, ProseSegmentKind } from '@sigma/core';
import { fold } from '../text/fold.js';
import { framed, outerText, quotations, quotedShare, sentenceCues } from './cues.js';
import type { Cues } from './cues.js';
import { markdownBlocks } from './markdown.js';
import type { Block, CodeSpan } from './blocks.js';
import { codeRole, leadInContext, sectionContext, sentenceRole } from './roles.js';
import { splitSentences } from './sentences.js';

/** One piece of prose with its role: a sentence, a table row, a code block, a code span. */
export interface Segment {
  file: string;
  /** 1-based lines in the file. */
  line: number;
  endLine: number;
  kind: ProseSegmentKind;
  role: ProseRole;
  /** Why the role was chosen, in plain words. */
  roleReason: string;
  /** The text, folded (look-alikes and invisible characters normalised). */
  text: string;
  /** Heading path, outermost first. */
  section: string[];
  /** Invisible in a rendered view (HTML comment, hidden element, Markdown comment). */
  hidden: boolean;
  /** Listed under something that forbids it ("Never:", "## Don'ts"). */
  prohibited: boolean;
  /** Code spans in `text` (offsets into `text`). */
  spans: CodeSpan[];
  /** Fence language of a code block. */
  lang: string | null;
  /** Index of the block the segment belongs to (sentences of one paragraph share it). */
  block: number;
}

export interface SegmentOptions {
  file: string;
  /** Added to every line: for text taken from inside a file (a docstring, a tool description). */
  lineBase?: number;
  /** `markdown` (SKILL.md, README), `text` (tool descriptions, docstrings: parsed as Markdown too, lines as statements). */
  format?: 'markdown' | 'text';
}

/** Cues computed while segmenting, reused by `analyzeIntent`. */
const CUES = new WeakMap<Segment, { cues: Cues; outer: string }>();
export function cuesOf(seg: Segment): { cues: Cues; outer: string } {
  let c = CUES.get(seg);
  if (!c) {
    const outer = outerText(seg.text, seg.spans);
    c = { cues: sentenceCues(outer), outer };
    CUES.set(seg, c);
  }
  return c;
}

const MAX_CODE_LINES = 400;

/**
 * Splits prose into role-tagged segments. Deterministic and linear in the input; runs on the
 * folded text, so look-alike letters and invisible characters do not change the result.
 */
export function segmentProse(text: string, opts: SegmentOptions): Segment[] {
  const folded = fold(text).text;
  const blocks = markdownBlocks(folded, opts.lineBase ?? 0);
  const out: Segment[] = [];
  // Many blocks share a section and a lead-in: decide each once.
  const sections = new Map<string, ReturnType<typeof sectionContext>>();
  // SKILL.md's title is the skill's name; another document's title says what the document is.
  const titleIsName = /(?:^|\/)SKILL\.md$/i.test(opts.file);
  const leads = new Map<string, ReturnType<typeof leadInContext>>();
  const sectionOf = (b: Block): ReturnType<typeof sectionContext> => {
    const key = b.headings.join('\u0000') + '\u0001' + b.levels.join(',');
    if (!sections.has(key)) sections.set(key, sectionContext(b.headings, b.levels, titleIsName));
    return sections.get(key)!;
  };
  const leadOf = (t: string): ReturnType<typeof leadInContext> => {
    if (!leads.has(t)) leads.set(t, leadInContext(t));
    return leads.get(t)!;
  };
  blocks.forEach((b, index) => {
    const section = sectionOf(b);
    const lead = b.leadIns.reduce<ReturnType<typeof leadInContext>>((found, t) => found ?? leadOf(t), null);
    const base = { file: opts.file, section: b.headings, hidden: b.hidden, lang: b.lang, block: index };
    if (b.kind === 'code-block') {
      const d = codeRole(b, lead, section);
      out.push({
        ...base,
        kind: 'code-block',
        line: b.line,
        endLine: Math.max(b.line, b.endLine),
        role: d.role,
        roleReason: d.reason,
        text: b.text,
        prohibited: d.prohibited,
        spans: [],
      });
      return;
    }
    const lineMode = b.kind === 'raw' || b.kind === 'html-comment' || b.kind === 'hidden-html' || opts.format === 'text';
    for (const s of splitSentences(b.text, b.spans, lineMode)) pushSentence(out, b, s.text, s.spans, b.line + s.lineOffset, s.lineCount, base, lead, section);
  });
  return out;
}

function pushSentence(
  out: Segment[],
  b: Block,
  text: string,
  spans: CodeSpan[],
  line: number,
  lineCount: number,
  base: Pick<Segment, 'file' | 'section' | 'hidden' | 'lang' | 'block'>,
  lead: ReturnType<typeof leadInContext>,
  section: ReturnType<typeof sectionContext>,
): void {
  // A sentence that is nothing but a code span is read as the code's own words.
  const unwrapped = spans.length === 1 && spans[0]!.start <= 2 && text.length - spans[0]!.end <= 2 && /\s/.test(spans[0]!.code);
  const own = unwrapped ? spans[0]!.code : text;
  const ownSpans = unwrapped ? [] : spans;
  const quotes = quotations(own);
  const plain = outerText(own, ownSpans);
  // The framing words must stand outside the quotes: a quoted "…contains the API key" frames nothing.
  const fr = quotes.length > 0 ? framed(outerText(own, ownSpans, quotes)) : framed(plain);
  // Quotations are material only when framing words present them as such.
  const outer = fr ? outerText(own, ownSpans, quotes) : plain;
  const cues = sentenceCues(outer);
  const d = sentenceRole(b, cues, lead, section, quotedShare(own, ownSpans, quotes), fr);
  const role: ProseRole = unwrapped && d.role === 'documentation' ? 'quoted' : d.role;
  const seg: Segment = {
    ...base,
    kind: b.kind,
    line,
    endLine: line + lineCount - 1,
    role,
    roleReason: unwrapped && role === 'quoted' ? 'a code span on its own' : d.reason,
    text: own,
    prohibited: d.prohibited,
    spans: ownSpans,
  };
  CUES.set(seg, { cues, outer });
  out.push(seg);
  for (const sp of spans) {
    const before = outerText(text.slice(Math.max(0, sp.start - 40), sp.start), []);
    const isQuoted = role === 'documentation' && framed(before) !== null;
    const spanLine = line + countNl(text.slice(0, sp.start));
    out.push({
      ...base,
      kind: 'inline-code',
      line: spanLine,
      endLine: spanLine + countNl(sp.code),
      role: isQuoted ? 'quoted' : role,
      roleReason: isQuoted ? 'code presented as material' : `inside a sentence that is ${role}: ${d.reason}`,
      text: sp.code,
      prohibited: d.prohibited,
      spans: [],
    });
  }
}

function countNl(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Lines of a code block as statements (bounded), for the analyzer. */
export function codeLines(seg: Segment): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  const lines = seg.text.split('\n');
  for (let k = 0; k < lines.length && k < MAX_CODE_LINES; k++) if (lines[k]!.trim()) out.push({ text: lines[k]!, line: seg.line + k });
  return out;
}
