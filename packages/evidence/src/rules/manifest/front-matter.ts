import type { SkillDocument } from '../../manifest/document.js';
import { skillRule } from '../rule.js';
import type { Hit } from '../rule.js';

/**
 * SKILL.md itself: missing (for SKILL* categories), without front matter, front matter that cannot
 * be read (blocks: no certificate for what cannot be read), front matter read with the one accepted
 * repair, required fields missing, and fields outside the documented format.
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
      id: 'MANIFEST_FRONT_MATTER_UNREADABLE',
      title: 'Front matter cannot be read',
      category: 'manifest',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST04', 'OWASP-AST08'],
      why: 'The front matter is not closed, is not valid YAML, has duplicate keys, exceeds the size, alias or nesting limits, or hides characters in a key, the name or the description; agents, reviewers and the certificate would not read the same skill.',
      remediation:
        'Fix the front matter at the reported line: close it with `---`, quote values that contain `: `, remove duplicate keys, aliases and hidden characters.',
      uploadError: 'SIGMA_E_SUBMISSION_FRONT_MATTER_INVALID',
    },
    {
      id: 'MANIFEST_FRONT_MATTER_INVALID',
      title: 'Front matter is not valid YAML (read with a repair)',
      category: 'manifest',
      severity: 'MEDIUM',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'A value contains `: ` or starts with a reserved character, which YAML refuses; it was read as plain text, but agents and reviewers may read malformed front matter differently.',
      remediation: 'Quote the value at the reported line.',
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
    {
      id: 'MANIFEST_FIELD_INVALID',
      title: 'Front matter field outside the documented format',
      category: 'manifest',
      severity: 'LOW',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'The field does not follow the Agent Skills format (name of 1–64 lower-case letters, digits and hyphens; description up to 1024 characters; typed optional fields); loaders may ignore or truncate it.',
      remediation: 'Bring the field into the documented format.',
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
    for (const h of frontMatterHits(doc)) ctx.report(h);
  },
});

type FrontMatterRuleId =
  'MANIFEST_FRONT_MATTER_UNREADABLE' | 'MANIFEST_FRONT_MATTER_INVALID' | 'MANIFEST_NO_FRONT_MATTER' | 'MANIFEST_FIELD_MISSING' | 'MANIFEST_FIELD_INVALID';

/** The hits for SKILL.md's front matter problems (also used by the upload preflight). */
export function frontMatterHits(doc: SkillDocument): Hit<FrontMatterRuleId>[] {
  const file = doc.path;
  return doc.problems.map((p): Hit<FrontMatterRuleId> => {
    switch (p.kind) {
      case 'absent':
        return { ruleId: 'MANIFEST_NO_FRONT_MATTER', file, line: p.line, excerpt: p.excerpt };
      case 'unreadable':
        return { ruleId: 'MANIFEST_FRONT_MATTER_UNREADABLE', file, line: p.line, excerpt: p.message, tags: [`reason:${p.reason}`] };
      case 'repaired':
        return { ruleId: 'MANIFEST_FRONT_MATTER_INVALID', file, line: p.line, excerpt: p.message };
      case 'field-missing':
        return { ruleId: 'MANIFEST_FIELD_MISSING', file, line: p.line, excerpt: `${p.field} is missing` };
      case 'field-invalid':
        return { ruleId: 'MANIFEST_FIELD_INVALID', file, line: p.line, excerpt: p.message };
    }
  });
}
