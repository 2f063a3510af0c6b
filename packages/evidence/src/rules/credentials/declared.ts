import type { SkillDocument } from '../../manifest/document.js';
import { CRED_PATH, WALLET_PATH } from '../patterns.js';
import { skillRule } from '../rule.js';

/** True when SKILL.md itself names the credential store or wallet path found in `what` (declared use). */
export function isDeclaredCredential(doc: SkillDocument | null, what: string): boolean {
  if (!doc) return false;
  const key = (CRED_PATH.exec(what) ?? WALLET_PATH.exec(what))?.[0]?.replace(/^[\s/\\~"'`=(]+/, '').toLowerCase();
  return key !== undefined && key.length >= 4 && doc.text.toLowerCase().includes(key);
}

/**
 * Context: credential stores that SKILL.md itself names are declared use. Access to them from the
 * skill's other files is lowered to MEDIUM (reported, not high risk), with the reason in the finding.
 * Hits whose severity another rule already set are left alone.
 */
export const DECLARED_CREDENTIALS = skillRule({
  name: 'declared-credentials',
  meta: [],
  run(ctx) {
    const doc = ctx.skill;
    if (!doc) return;
    for (const h of ctx.hits) {
      if (
        (h.ruleId === 'CREDENTIAL_STORE_ACCESS' || h.ruleId === 'WALLET_ACCESS') &&
        h.file !== doc.path &&
        h.severity === undefined &&
        isDeclaredCredential(doc, h.excerpt)
      ) {
        ctx.adjust(h, { severity: 'MEDIUM', reason: "SKILL.md declares this access; confirm it is proportionate to the skill's purpose." });
      }
    }
  },
});
