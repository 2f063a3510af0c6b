import { fold, unfoldOffset } from '../../text/fold.js';
import type { Folded } from '../../text/fold.js';
import { DISCUSSION } from '../patterns.js';
import type { Hit, HitSink } from '../rule.js';
import { eachMatchNear, foldedText, hitAt, memo } from '../unit.js';
import type { HitExtra, Unit } from '../unit.js';

/** A command pattern: the rule id it reports and a linear regex, run only where a needle occurs. */
export interface CommandPattern<Id extends string> {
  id: Id;
  re: RegExp;
  /** Cheap pre-check: skip the regex when none of these substrings occur (lower-case). */
  needles: string[];
  extra?: HitExtra;
  /** Severity when the match is in executable code rather than prose. */
  codeSeverity?: Hit['severity'];
}

export const DL = String.raw`(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod|aria2c|http(?:ie)?\s+get)`;
export const SH = String.raw`(?:sudo\s{1,4}(?:-\S{1,12}\s{1,4}){0,3})?(?:(?:/usr)?/bin/)?(?:ba|z|da|k|fi|c)?sh\b`;
export const INTERP = String.raw`(?:python[0-9.]{0,4}|node|perl|ruby|php|iex|invoke-expression|pwsh|powershell)\b`;

/** Commands live in Markdown prose, shell scripts, and string literals of code (comments excluded). */
export function commandView(u: Unit): { view: Folded; lower: string } {
  return memo(u, 'commands.view', () => {
    const view = u.lexed ? fold(u.lexed.noComments) : foldedText(u);
    return { view, lower: view.text.toLowerCase() };
  });
}

/** Runs command patterns over a unit's command view (at most 50 hits per pattern). */
export function runCommandPatterns<Id extends string>(u: Unit, patterns: readonly CommandPattern<Id>[], out: HitSink<Id>): void {
  const { view, lower } = commandView(u);
  for (const r of patterns) {
    eachMatchNear(
      r.re,
      view.text,
      lower,
      r.needles,
      (m, at) => {
        const off = unfoldOffset(view, at);
        const sev = r.codeSeverity && u.role === 'code' ? { severity: r.codeSeverity } : {};
        out.push(hitAt(u, r.id, off, m[0].length, { ...r.extra, ...sev, ...contextual(u, r.id, view.text, at) }));
      },
      50,
    );
  }
}

/**
 * Persistence described in prose is an instruction to a person, weaker than code doing it. A
 * blocking pattern quoted in a sentence that warns about it ("never run `curl … | sh`") stays HIGH
 * for the council but does not block on its own.
 */
function contextual(u: Unit, ruleId: string, view: string, at: number): HitExtra {
  if (u.role !== 'prose') return {};
  if (ruleId === 'PERSISTENCE_STARTUP' || ruleId === 'PRIVILEGE_ESCALATION') return { severity: 'MEDIUM' };
  const lineStart = view.lastIndexOf('\n', at) + 1;
  const before = view.slice(Math.max(lineStart, at - 100), at);
  if (DISCUSSION.test(before) && !/\b(?:run|execute|paste|type|copy)\b[^.]{0,40}$/i.test(before)) {
    return { severity: 'HIGH', blocking: false, detail: 'Quoted in a sentence that discusses or warns about it.' };
  }
  return {};
}
