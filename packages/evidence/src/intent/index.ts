/**
 * Instruction analysis by role, not by keyword (issue 13, item 3). See docs/intent.md.
 *
 *   const segments = segmentProse(text, { file: 'SKILL.md' });
 *   const findings = analyzeIntent(segments);          // scored, explained instructions
 *   const ctx = contextIndex(segments).contextFor('SKILL.md', 12);   // describing or instructing?
 */
export { segmentProse } from './segment.js';
export type { Segment, SegmentOptions } from './segment.js';
export { analyzeIntent } from './analyze.js';
export type { AnalyzeIntentOptions } from './analyze.js';
export { ProseContextIndex, contextIndex, adjustForContext } from './context.js';
export type { ProseContext, Stance, Adjusted } from './context.js';
export type { CodeSpan } from './blocks.js';

import { analyzeIntent } from './analyze.js';
import type { AnalyzeIntentOptions } from './analyze.js';
import { segmentProse } from './segment.js';
import type { SegmentOptions } from './segment.js';
import type { IntentFinding } from '@sigma/core';

/** Segments and analyses in one call. */
export function analyzeProse(text: string, opts: SegmentOptions & AnalyzeIntentOptions): IntentFinding[] {
  return analyzeIntent(segmentProse(text, opts), opts);
}
