import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { hitAt, isParsedCode } from '../unit.js';

const SQL_RE = /\b(?:select\b[\s\S]{1,200}?\bfrom\b|insert\s{1,4}into\b|update\s{1,4}[\w."`[\]{}$]{1,80}\s{1,4}set\b|delete\s{1,4}from\b|drop\s{1,4}table\b)/i;

/** SQL assembled by string interpolation or concatenation and passed to a database call. */
export const CODE_SQL = unitRule({
  name: 'code-sql-injection',
  decoded: false,
  when: isParsedCode,
  meta: [
    {
      id: 'CODE_SQL_INJECTION',
      title: 'SQL built by string interpolation',
      category: 'code',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'SQL assembled from variables lets crafted input read or change any data the skill can reach.',
      remediation: 'Use parameterised queries (placeholders and a parameter tuple).',
    },
  ],
  run(u, ctx) {
    const { code } = codeModel(u);
    const lx = u.lexed!;
    const out = ctx.hits;
    // ── SQL assembled from variables ──
    if (/\.(?:execute|executemany|executescript|query|raw|exec)\s{0,2}\(|\bread_sql\w{0,8}\s{0,2}\(|\bcursor\b/.test(code)) {
      for (const s of lx.strings) {
        if (s.value.length > 4000 || !SQL_RE.test(s.value)) continue;
        const after = code.slice(s.end, s.end + 40);
        const before = code.slice(Math.max(0, s.start - 10), s.start);
        const interpolated =
          s.interpolated ||
          /^\s{0,3}%\s{0,3}[\w(]/.test(after) ||
          /^\s{0,3}\.format\s{0,2}\(/.test(after) ||
          /^\s{0,3}\+/.test(after) ||
          /\+\s{0,3}$/.test(before);
        if (interpolated) out.push(hitAt(u, 'CODE_SQL_INJECTION', s.start, s.end - s.start));
      }
    }
  },
});
