import { SEVERITY_RANK } from '@sigma/core';
import type { ProseRole, ProseSegmentKind, Severity } from '@sigma/core';
import { DESCRIPTIVE } from './roles.js';
import type { Segment } from './segment.js';

/**
 * "Is this line describing or instructing?" for the keyword rules. A rule that matched
 * `curl … | sh` on a line asks for the line's context; a pattern list or threat description
 * lowers it, hidden instructions raise it. Conservative: when a line holds several segments,
 * the most instructing one answers.
 */

export type Stance = 'instructing' | 'describing' | 'neutral';

export interface ProseContext {
  role: ProseRole;
  stance: Stance;
  /** Heading path of the section. */
  section: string[];
  kind: ProseSegmentKind;
  hidden: boolean;
  /** Why the role was chosen. */
  reason: string;
}

const STANCE: Record<ProseRole, Stance> = {
  instruction: 'instructing',
  'user-instruction': 'instructing',
  documentation: 'neutral',
  quoted: 'describing',
  example: 'describing',
  'pattern-list': 'describing',
  'threat-description': 'describing',
};

/** Higher answers first when several segments share a line. */
function precedence(s: Segment): number {
  if (s.hidden && s.role === 'instruction') return 5;
  if (s.role === 'instruction') return 4;
  if (s.role === 'user-instruction') return 3;
  if (s.role === 'documentation') return 2;
  return 1;
}

const MAX_PER_LINE = 12;

export class ProseContextIndex {
  private readonly byFile = new Map<string, Map<number, Segment[]>>();

  constructor(segments: readonly Segment[]) {
    for (const s of segments) {
      let lines = this.byFile.get(s.file);
      if (!lines) this.byFile.set(s.file, (lines = new Map()));
      for (let l = s.line; l <= s.endLine; l++) {
        const list = lines.get(l);
        if (!list) lines.set(l, [s]);
        else if (list.length < MAX_PER_LINE) list.push(s);
      }
    }
  }

  /**
   * Context of a line. With `excerpt` (what the rule matched), a code span on that line that
   * contains it answers for itself.
   */
  contextFor(file: string, line: number, excerpt?: string): ProseContext | null {
    const list = this.byFile.get(file)?.get(line);
    if (!list || list.length === 0) return null;
    let pick: Segment | undefined;
    if (excerpt) {
      const needle = excerpt.trim().slice(0, 80);
      pick = list.find(
        (s) => s.kind === 'inline-code' && needle.length > 0 && (s.text.includes(needle) || needle.includes(s.text.trim())) && s.text.trim().length >= 3,
      );
    }
    pick ??= list.reduce((a, b) => (precedence(b) > precedence(a) ? b : a));
    // A described span inside an instructing sentence on the same line does not lower the line.
    if (
      pick.kind === 'inline-code' &&
      list.some((s) => s.kind !== 'inline-code' && precedence(s) > precedence(pick!) && STANCE[s.role] === 'instructing' && s.block !== pick!.block)
    ) {
      pick = list.reduce((a, b) => (precedence(b) > precedence(a) ? b : a));
    }
    return { role: pick.role, stance: STANCE[pick.role], section: pick.section, kind: pick.kind, hidden: pick.hidden, reason: pick.roleReason };
  }
}

export function contextIndex(segments: readonly Segment[]): ProseContextIndex {
  return new ProseContextIndex(segments);
}

export interface Adjusted {
  severity: Severity;
  blocking: boolean;
  /** Plain words for the finding's detail; null when nothing changed. */
  reason: string | null;
}

const ORDER: Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/**
 * The default way a keyword rule lets context move its severity: described text drops two
 * levels (never below LOW) and does not block; a hidden instruction rises one level.
 */
export function adjustForContext(ctx: ProseContext | null, severity: Severity, blocking: boolean): Adjusted {
  if (!ctx) return { severity, blocking, reason: null };
  const rank = SEVERITY_RANK[severity];
  if (ctx.stance === 'describing' && DESCRIPTIVE.has(ctx.role)) {
    const lowered = ORDER[Math.max(Math.min(rank, 1), rank - 2)]!;
    return { severity: lowered, blocking: false, reason: `Described, not instructed: ${ctx.role} (${ctx.reason}).` };
  }
  if (ctx.hidden && ctx.stance === 'instructing') {
    return { severity: ORDER[Math.min(4, rank + 1)]!, blocking, reason: `Hidden from the rendered view and addressed to the agent (${ctx.reason}).` };
  }
  return { severity, blocking, reason: null };
}
