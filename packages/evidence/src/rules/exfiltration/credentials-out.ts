import { isDeclaredCredential } from '../credentials/declared.js';
import { skillRule } from '../rule.js';

/**
 * Across the whole skill: credentials are collected somewhere (credential stores read by code that
 * SKILL.md does not declare, secret-filtered environment sweeps, instructions to read them) and
 * data is sent out somewhere (sends, send instructions, or a data flow into a request).
 */
export const CREDENTIAL_EXFILTRATION = skillRule({
  name: 'credential-exfiltration',
  meta: [
    {
      id: 'EXFIL_CREDENTIALS',
      title: 'Collects credentials and sends data out',
      category: 'exfiltration',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Harvesting credentials and making outbound requests in the same skill is credential theft.',
      remediation: 'Remove the credential collection.',
    },
  ],
  run(ctx) {
    const facts = ctx.facts;
    const credReads = facts.credentialReads.filter((c) => !isDeclaredCredential(ctx.skill, c.what));
    const credSources = [...credReads, ...facts.envHarvest, ...facts.credentialInstructions];
    const sendSinks = [...facts.sends, ...facts.sendInstructions];
    const flowHit = ctx.hits.find((h) => h.ruleId === 'EXFIL_DATA_FLOW');
    if (credSources.length === 0 || (sendSinks.length === 0 && !flowHit)) return;
    const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }): number =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
    const src = credSources.sort(byPlace)[0]!;
    const sink = flowHit ? { file: flowHit.file ?? '', line: flowHit.line ?? 0, what: 'data flow' } : sendSinks.sort(byPlace)[0]!;
    ctx.report({
      ruleId: 'EXFIL_CREDENTIALS',
      file: src.file,
      line: src.line,
      excerpt: src.what,
      detail: `Credentials are collected at ${src.file}:${src.line} and data is sent out at ${sink.file}:${sink.line}.`,
    });
  },
});
