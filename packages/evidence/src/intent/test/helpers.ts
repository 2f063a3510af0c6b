import type { IntentFinding, ProseRole, Severity } from '@sigma/core';
import { SEVERITY_RANK } from '@sigma/core';
import { fold } from '../../text/fold.js';
import { analyzeIntent, segmentProse } from '../index.js';
import type { Segment } from '../index.js';

export function findings(text: string, file = 'SKILL.md'): IntentFinding[] {
  return analyzeIntent(segmentProse(text, { file }));
}

/** Highest severity reported for the text, or null when nothing scores. */
export function top(text: string): Severity | null {
  let best: Severity | null = null;
  for (const f of findings(text)) if (!best || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  return best;
}

/** At least this severity. */
export function atLeast(text: string, sev: Severity): boolean {
  const t = top(text);
  return t !== null && SEVERITY_RANK[t] >= SEVERITY_RANK[sev];
}

/** The role of the first segment whose text contains `needle`. */
export function roleOf(text: string, needle: string): ProseRole | undefined {
  return segment(text, needle)?.role;
}

export function segment(text: string, needle: string): Segment | undefined {
  const n = fold(needle).text;
  return segmentProse(text, { file: 'SKILL.md' }).find((s) => s.kind !== 'inline-code' && s.text.includes(n));
}

/** A SKILL.md around a body. */
export function skill(body: string, name = 'helper'): string {
  return `---\nname: ${name}\ndescription: Helps with everyday tasks.\n---\n# ${name}\n\n${body}\n`;
}
