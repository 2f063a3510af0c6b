import type { BehaviourModel } from '@sigma/core';
import { PER_ID } from './shared.js';
import type { RuleMeta, SkillContext } from '../rule.js';

/**
 * Deletes aimed at the user's data as a whole: the home directory itself, every entry of it (a path
 * under the home root whose name is chosen at run time), the file-system root, or a credential store.
 * Named caches and the skill's own files are what cleaners are for; those are not reported.
 */
export const DESTRUCTIVE_META: Array<RuleMeta<'BEHAVIOUR_DESTRUCTIVE_DELETE'>> = [
  {
    id: 'BEHAVIOUR_DESTRUCTIVE_DELETE',
    title: "A script deletes the user's home directory, the file-system root or a credential store",
    category: 'destructive',
    severity: 'HIGH',
    confidence: 'HIGH',
    blocking: false,
    signal: 'none',
    owasp: ['OWASP-AST01'],
    why: 'Removing the home directory (or every entry of it) or the root destroys the user’s data beyond recovery; a condition in front of it (a date, a free-space check, an environment variable) only decides when.',
    remediation: 'Delete only named paths the skill owns or documents (caches, its own output), list them in SKILL.md, and ask before deleting.',
  },
];

/** The home directory or the root, whole or with the entry chosen at run time (`~`, `~/…`, `~/*`, `/…`). */
const WHOLE = /^(?:~|~\/|~\/…|~…|~\/\*|~\/\.?\*|\/|\/…|\/\*|\/(?:home|Users)\/[^/]+\/?(?:…|\*)?|[A-Za-z]:\/(?:…|\*)?|[A-Za-z]:\/Users\/[^/]+\/?(?:…|\*)?)$/;

export function destructiveDeletes(ctx: SkillContext<string>, model: BehaviourModel): void {
  const found = model.events.filter((e) => e.category === 'file-delete' && e.reachable && (WHOLE.test(e.path ?? '') || e.location === 'credential'));
  for (const e of found.slice(0, PER_ID)) {
    const whole = WHOLE.test(e.path ?? '');
    ctx.report({
      ruleId: 'BEHAVIOUR_DESTRUCTIVE_DELETE',
      file: e.file,
      line: e.line,
      excerpt: e.excerpt,
      severity: whole ? 'HIGH' : 'MEDIUM',
      detail: `${e.file}:${e.line} ${e.detail}${whole && e.path?.includes('…') ? ' (each entry named at run time: everything there)' : ''}.`,
    });
  }
}
