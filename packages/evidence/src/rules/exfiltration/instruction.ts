import { unitRule } from '../rule.js';
import { runProsePatterns, S } from '../prompt/prose.js';
import type { ProsePattern } from '../prompt/prose.js';

const PATTERNS: ProsePattern<'EXFIL_INSTRUCTION'>[] = [
  {
    id: 'EXFIL_INSTRUCTION',
    needles: ['send', 'upload', 'post', 'transmit', 'forward', 'report', 'sync'],
    re: new RegExp(
      String.raw`\b(?:send|upload|post|transmit|forward|report|sync|copy)${S}(?:(?:the|all|any|their|user'?s?|these|every|its|your)${S}){0,2}(?:\w{1,20}${S})?(?:results?|data|files?|contents?|output|information|conversation|history|credentials?|keys?|tokens?|cookies?|passwords?|secrets?|env(?:ironment)?(?:${S}variables)?)\b[^.\n]{0,40}?\bto${S}(?:our|my|an?${S}(?:external|remote|third[- ]party)|the${S}(?:remote|external|collection|analytics)|https?:\/\/|\S{1,60}\.(?:com|net|org|io|xyz|ru|cn|top|site|dev)\b)`,
      'gi',
    ),
    then: ({ unit, facts, match, offset }) => {
      facts.sendInstructions.push({ file: unit.file, line: unit.lines.lineOf(offset), what: match[0].slice(0, 80) });
    },
  },
];

/** Instructions to send data to an external server. */
export const EXFIL_INSTRUCTIONS = unitRule({
  name: 'exfiltration-instructions',
  decoded: true,
  meta: [
    {
      id: 'EXFIL_INSTRUCTION',
      title: 'Instructions to send data to an external server',
      category: 'exfiltration',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Telling the agent to send user data to a server the user did not choose leaks it.',
      remediation: 'Declare the destination in externalCalls with its reason, or remove the instruction.',
    },
  ],
  run(u, ctx) {
    runProsePatterns(u, ctx.facts, PATTERNS, ctx.hits);
  },
});
