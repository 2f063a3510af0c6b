import { unitRule } from '../rule.js';
import type { Hit } from '../rule.js';
import type { Unit } from '../unit.js';
import { findSecrets } from './detect.js';

/**
 * Secrets in any text, decoded blobs included (a pasted key is live in code, strings, comments and
 * prose alike). Known vendor formats that are not placeholders block; in documentation, generic,
 * hex, URL and bearer secrets are often worked examples and stay HIGH for the council.
 */
export const SECRETS = unitRule({
  name: 'secrets',
  decoded: true,
  meta: [
    {
      id: 'SECRET_LIVE',
      title: 'Live secret in the source',
      category: 'secrets',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'secret',
      owasp: ['OWASP-AST04'],
      why: 'A real credential in a published skill is exposed to everyone who installs it.',
      remediation: 'Revoke the credential now, remove it, and read it from the environment at run time.',
    },
    {
      id: 'SECRET_PLACEHOLDER',
      title: 'Credential placeholder or example value',
      category: 'secrets',
      severity: 'INFO',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'A credential-shaped value that is a placeholder, example or redacted value; not a live secret.',
      remediation: 'None needed; make placeholders obvious (e.g. <YOUR_API_KEY>).',
    },
  ],
  run(u, ctx) {
    const text = u.text;
    if (text.length === 0) return;
    let n = 0;
    for (const s of findSecrets(text)) {
      if (n++ > 50) break;
      if (s.live) {
        const soft =
          u.role === 'prose' &&
          (s.kind === 'generic-secret-assignment' || s.kind === 'eth-private-key' || s.kind === 'url-credentials' || s.kind === 'bearer-token');
        ctx.hits.push({
          ...hitAtOffset(u, 'SECRET_LIVE', s.start),
          detail: `${s.kind} (${s.value.length} characters, redacted)${soft ? '; in documentation, possibly a worked example' : ''}`,
          liveSecret: true,
          ...(soft ? { severity: 'HIGH' as const, blocking: false } : {}),
        });
      } else if (s.kind !== 'generic-secret-assignment' && s.kind !== 'bearer-token' && s.kind !== 'url-credentials') {
        ctx.hits.push({ ...hitAtOffset(u, 'SECRET_PLACEHOLDER', s.start), detail: `${s.kind} placeholder or example value` });
      }
    }
  },
});

/** Like `hitAt`, but the line ignores `lineBase` (secrets are located in the unit's own text). */
function hitAtOffset<Id extends string>(u: Unit, ruleId: Id, offset: number): Hit<Id> {
  const line = u.decodedFrom ? u.decodedFrom.line : u.lines.lineOf(offset);
  const ex = u.lines.excerptAt(offset, 0);
  return { ruleId, file: u.file, line, excerpt: u.decodedFrom ? `[decoded ${u.decodedFrom.encoding}] ${ex}` : ex };
}
