import { unitRule } from './rule.js';
import type { HitSink } from './rule.js';
import { hitAt } from './unit.js';
import type { Unit } from './unit.js';

/** Blank lines in a row that count as a gap (ToB's bypass used ~100k). */
export const GAP_LINES_BLOCK = 300;
export const GAP_LINES_WARN = 60;
/** Horizontal whitespace in a row. */
export const GAP_SPACES_BLOCK = 2000;
export const GAP_SPACES_WARN = 400;
export const LONG_LINE = 5000;

function isPad(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0x0d ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x2800 ||
    c === 0x3164 ||
    c === 0x115f ||
    c === 0x1160 ||
    c === 0xffa0 ||
    c === 0x200b ||
    c === 0xfeff ||
    c === 0x202f ||
    (c >= 0x2000 && c <= 0x200a)
  );
}

/**
 * Padding and truncation tricks: long runs of blank lines or spaces (and the content after them,
 * shown as evidence), and very long lines in instructions.
 */
const PAD = String.raw`[ \t\x0b\x0c\r\u00a0\u3000\u2800\u3164\u115f\u1160\uffa0\u200b\ufeff\u202f\u2000-\u200a]`;
/** Candidate runs: many line breaks separated only by padding, or a long horizontal run. */
// The look-behind makes each attempt start at the beginning of a run, which keeps the scan linear.
const RUNS = new RegExp(String.raw`(?<!${PAD})(?:(?:${PAD}*\n){${GAP_LINES_WARN + 1},}${PAD}*|${PAD}{${GAP_SPACES_WARN},})`, 'g');

export function scanPadding(u: Unit, out: HitSink<PaddingRuleId>): void {
  const t = u.text;
  const n = t.length;
  let reports = 0;
  RUNS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RUNS.exec(t)) !== null && reports < 10) {
    const start = m.index;
    // Extend over any adjacent padding and newlines, then measure.
    let i = start;
    let newlines = 0;
    let maxSpaces = 0;
    let spaces = 0;
    while (i < n) {
      const d = t.charCodeAt(i);
      if (d === 10) {
        newlines++;
        spaces = 0;
      } else if (isPad(d)) {
        spaces++;
        if (spaces > maxSpaces) maxSpaces = spaces;
      } else break;
      i++;
    }
    RUNS.lastIndex = Math.max(i, start + 1);
    const blankLines = Math.max(0, newlines - 1);
    const bigV = blankLines >= GAP_LINES_WARN;
    const bigH = maxSpaces >= GAP_SPACES_WARN;
    if (!bigV && !bigH) continue;
    const after = i < n ? t.slice(i, Math.min(n, i + 160)) : '';
    const contentAfter = after.trim().length > 0;
    const huge = blankLines >= GAP_LINES_BLOCK || maxSpaces >= GAP_SPACES_BLOCK;
    const what = bigV ? `${blankLines} blank lines` : `${maxSpaces} whitespace characters`;
    if (huge && contentAfter) {
      out.push({ ...hitAt(u, 'PADDING_CONTENT_AFTER_GAP', i, 0), excerpt: after, detail: `${what} hide content that starts at line ${u.lines.lineOf(i)}` });
    } else {
      out.push({
        ...hitAt(u, 'PADDING_WHITESPACE_RUN', start, 0),
        excerpt: contentAfter ? after : '(whitespace to the end of the file)',
        detail: `${what}${contentAfter ? ` before line ${u.lines.lineOf(i)}` : ' at the end of the file'}`,
      });
    }
    reports++;
  }
  if (u.role === 'prose' && u.depth === 0) {
    let lineStart = 0;
    let longReported = 0;
    while (lineStart <= n && longReported < 3) {
      let e = t.indexOf('\n', lineStart);
      if (e < 0) e = n;
      if (e - lineStart > LONG_LINE) {
        out.push({
          ...hitAt(u, 'PADDING_LONG_LINE', lineStart, 0),
          excerpt: `…${t.slice(Math.max(lineStart, e - 150), e)}`,
          detail: `line of ${e - lineStart} characters; its end is shown`,
        });
        longReported++;
      }
      lineStart = e + 1;
    }
  }
}

type PaddingRuleId = 'PADDING_CONTENT_AFTER_GAP' | 'PADDING_WHITESPACE_RUN' | 'PADDING_LONG_LINE';

/** Padding and truncation tricks in files as submitted. */
export const PADDING = unitRule({
  name: 'padding',
  decoded: false,
  meta: [
    {
      id: 'PADDING_CONTENT_AFTER_GAP',
      title: 'Content hidden after a huge blank gap',
      category: 'padding',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: true,
      signal: 'promptInjection',
      owasp: ['OWASP-AST08', 'OWASP-AST01'],
      why: 'Thousands of blank lines or spaces push content past what viewers and scanners show; a known truncation bypass.',
      remediation: 'Remove the padding.',
    },
    {
      id: 'PADDING_WHITESPACE_RUN',
      title: 'Long run of blank lines or whitespace',
      category: 'padding',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'Long whitespace runs are used to push content out of view.',
      remediation: 'Remove the padding.',
    },
    {
      id: 'PADDING_LONG_LINE',
      title: 'Extremely long line in instructions',
      category: 'padding',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'Very long lines are truncated by viewers and some scanners, hiding their tail.',
      remediation: 'Wrap the text into normal lines.',
    },
  ],
  run(u, ctx) {
    scanPadding(u, ctx.hits);
  },
});
