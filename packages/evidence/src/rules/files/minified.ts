import { fileRule } from '../rule.js';

/** Minified or generated code is scanned like any other text, and reported as hard to review. */
export const MINIFIED_FILES = fileRule({
  name: 'minified-files',
  meta: [
    {
      id: 'OPAQUE_MINIFIED',
      title: 'Minified or generated code',
      category: 'ingest',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'Minified code is scanned but cannot be reviewed reliably by people or models.',
      remediation: 'Ship readable source; build minified bundles at install time from pinned dependencies.',
    },
  ],
  run(f, ctx) {
    if (f.kind === 'minified' && f.binary === null && f.text !== null && !f.expandedArchive && f.bytes.length > 0) {
      ctx.hits.push({ ruleId: 'OPAQUE_MINIFIED', file: f.path, line: 1, excerpt: f.text.slice(0, 120) });
    }
  },
});
