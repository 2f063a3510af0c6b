import { decodedLooksActive } from '../text/blobs.js';
import { blobRule } from './rule.js';
import { SEVERITY_RANK } from '@sigma/core';

/**
 * Encoded blobs (base64, hex, char codes…) whose decoded text was scanned by the unit rules: a blob
 * that decodes to code, or in which a rule found something of MEDIUM or more, is reported with the
 * decoded text as evidence (a blob that only decodes to a URL is MEDIUM).
 */
export const OBFUSCATION = blobRule({
  name: 'obfuscation',
  meta: [
    {
      id: 'OBFUSCATED_PAYLOAD',
      title: 'Encoded blob decodes to code, commands or URLs',
      category: 'obfuscation',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Base64, hex or char-code blobs that decode to commands or URLs hide behaviour from reviewers.',
      remediation: 'Ship the content in readable form.',
    },
  ],
  run(blob, ctx) {
    const u = blob.parent;
    const found = blob.found.some((h) => SEVERITY_RANK[ctx.severityOf(h)] >= SEVERITY_RANK.MEDIUM);
    const active = decodedLooksActive(blob.decoded);
    if (!found && active === 'none') return;
    ctx.hits.push({
      ruleId: 'OBFUSCATED_PAYLOAD',
      ...(found || active === 'code' ? {} : { severity: 'MEDIUM' as const }),
      file: u.file,
      line: blob.line,
      excerpt: u.decodedFrom ? `[decoded ${u.decodedFrom.encoding}] ${blob.decoded}` : u.lines.excerptAt(blob.offset, blob.length),
      detail: `${blob.encoding} decodes to: "${blob.decoded.slice(0, 240)}"`,
    });
  },
});
