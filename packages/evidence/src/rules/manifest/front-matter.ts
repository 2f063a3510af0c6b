import { skillRule } from '../rule.js';

/**
 * SKILL.md itself: missing (for SKILL* categories), without front matter, front matter that is not
 * valid YAML (each error with its line), and required fields that are missing or empty.
 */
export const FRONT_MATTER = skillRule({
  name: 'front-matter',
  meta: [
    {
      id: 'MANIFEST_MISSING_SKILL_MD',
      title: 'No SKILL.md',
      category: 'manifest',
      severity: 'MEDIUM',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'Without SKILL.md there is no declared purpose or manifest to check the code against.',
      remediation: 'Add a SKILL.md with front matter (name, description, capabilities, external calls).',
    },
    {
      id: 'MANIFEST_FRONT_MATTER_INVALID',
      title: 'Front matter cannot be parsed',
      category: 'manifest',
      severity: 'MEDIUM',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'Agents and reviewers may read malformed front matter differently.',
      remediation: 'Fix the YAML at the reported line.',
    },
    {
      id: 'MANIFEST_NO_FRONT_MATTER',
      title: 'SKILL.md has no front matter',
      category: 'manifest',
      severity: 'LOW',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'Without front matter the skill declares no name, description or capabilities.',
      remediation: 'Start SKILL.md with a `---` YAML block holding at least name and description.',
    },
    {
      id: 'MANIFEST_FIELD_MISSING',
      title: 'Required front matter field missing',
      category: 'manifest',
      severity: 'LOW',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'Agents select skills by name and description; missing fields make the skill ambiguous.',
      remediation: 'Add the missing field to the front matter.',
    },
  ],
  run(ctx) {
    const doc = ctx.skill;
    if (!doc) {
      if (!ctx.productType || /^SKILL/.test(ctx.productType)) {
        ctx.report({ ruleId: 'MANIFEST_MISSING_SKILL_MD', file: null, line: null, excerpt: 'no SKILL.md in the submission' });
      }
      return;
    }
    for (const p of doc.problems) {
      if (p.kind === 'absent') ctx.report({ ruleId: 'MANIFEST_NO_FRONT_MATTER', file: doc.path, line: p.line, excerpt: p.excerpt });
      else if (p.kind === 'yaml') ctx.report({ ruleId: 'MANIFEST_FRONT_MATTER_INVALID', file: doc.path, line: p.line, excerpt: p.message });
      else ctx.report({ ruleId: 'MANIFEST_FIELD_MISSING', file: doc.path, line: p.line, excerpt: `${p.field} is missing` });
    }
  },
});
