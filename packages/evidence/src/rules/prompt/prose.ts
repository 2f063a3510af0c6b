import { unfoldOffset } from '../../text/fold.js';
import { DISCUSSION } from '../patterns.js';
import type { HitSink } from '../rule.js';
import { eachMatchNear, foldedProse, hitAt } from '../unit.js';
import type { Facts, HitExtra, Unit } from '../unit.js';

/**
 * Patterns over natural-language text: Markdown, and the comments and string literals of code
 * (docstrings become tool descriptions). All patterns are bounded (`\s{1,n}`, `[^.\n]{0,n}`).
 */

export const S = String.raw`\s{1,6}`;

export interface ProseMatch {
  unit: Unit;
  facts: Facts;
  /** The folded prose view's text, the match and its offset in it. */
  text: string;
  match: RegExpExecArray;
  at: number;
  /** The match's offset in the unit's text. */
  offset: number;
}

export interface ProsePattern<Id extends string> {
  id: Id;
  re: RegExp;
  needles: string[];
  extra?: HitExtra;
  /** Lower the severity when the sentence negates or discusses the pattern. */
  negatable?: boolean;
  /** Context for one match: more overrides (merged last), or facts to record. */
  then?: (m: ProseMatch) => HitExtra | void;
}

/** Runs prose patterns over a unit's folded prose view (at most 30 hits per pattern). */
export function runProsePatterns<Id extends string>(u: Unit, facts: Facts, patterns: readonly ProsePattern<Id>[], out: HitSink<Id>): void {
  const view = foldedProse(u);
  const text = view.text;
  if (text.trim().length === 0) return;
  const lower = text.toLowerCase();
  for (const r of patterns) {
    eachMatchNear(
      r.re,
      text,
      lower,
      r.needles,
      (m, at) => {
        const off = unfoldOffset(view, at);
        let extra: HitExtra = { ...r.extra };
        if (r.negatable) {
          // Look at the sentence start up to the match.
          const lineStart = text.lastIndexOf('\n', at) + 1;
          const before = text.slice(Math.max(lineStart, at - 80), at);
          if (DISCUSSION.test(before))
            extra = { ...extra, severity: 'LOW', confidence: 'LOW', detail: 'The phrase is quoted or discussed, not addressed to the agent.' };
        }
        const more = r.then?.({ unit: u, facts, text, match: m, at, offset: off });
        if (more) extra = { ...extra, ...more };
        out.push(hitAt(u, r.id, off, m[0].length, extra));
      },
      30,
    );
  }
}
