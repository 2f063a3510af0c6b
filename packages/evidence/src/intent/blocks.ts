/** The shapes the Markdown reader produces: leaf blocks and the code spans inside them. */
import type { ProseSegmentKind } from '@sigma/core';

export interface CodeSpan {
  /** Offsets in the block text, backticks included. */
  start: number;
  end: number;
  code: string;
}

export interface Block {
  kind: ProseSegmentKind;
  /** 1-based, in the file (the caller's `lineBase` applied). */
  line: number;
  endLine: number;
  /** Visible text; soft line breaks kept as `\n` so every line maps back. */
  text: string;
  spans: CodeSpan[];
  hidden: boolean;
  /** Fence info (code blocks). */
  lang: string | null;
  /** Heading texts from the outermost to the innermost section. */
  headings: string[];
  /** Their levels (1 for `#`). */
  levels: number[];
  /** Text that introduced this block ("Flag the following:", a table header, a bold pseudo-heading). */
  /** Texts that introduced this block, innermost first. */
  leadIns: string[];
}
