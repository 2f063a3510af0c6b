import { reportRule } from '../rule.js';

/** What the manifest does not account for: capabilities used but not declared, hosts code contacts that SKILL.md never mentions. */
export const MANIFEST_DELTA = reportRule({
  name: 'manifest-delta',
  meta: [
    {
      id: 'MANIFEST_UNDECLARED_CAPABILITY',
      title: 'Capability used but not declared',
      category: 'manifest',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST03', 'OWASP-AST04'],
      why: 'The skill declares its capabilities but uses one it did not declare.',
      remediation: 'Declare the capability in the front matter, or remove the code that needs it.',
    },
    {
      id: 'MANIFEST_UNDECLARED_HOST',
      title: 'Code contacts a host that SKILL.md never mentions',
      category: 'manifest',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04', 'OWASP-AST03'],
      why: 'A host used by scripts or config but absent from the instructions is invisible to the user who reads SKILL.md.',
      remediation: 'Declare the host in externalCalls (url, method, auth, reason) or remove it.',
    },
  ],
  run(ctx) {
    for (const d of ctx.manifest.deltas) {
      ctx.report({
        ruleId: d.kind === 'capability' ? 'MANIFEST_UNDECLARED_CAPABILITY' : 'MANIFEST_UNDECLARED_HOST',
        file: d.file,
        line: d.line,
        excerpt: d.excerpt,
        detail: d.detail,
      });
    }
  },
});
