import { unitRule } from '../rule.js';
import { runProsePatterns, S } from './prose.js';
import type { ProsePattern } from './prose.js';

const PATTERNS: ProsePattern<'REMOTE_INSTRUCTIONS'>[] = [
  {
    id: 'REMOTE_INSTRUCTIONS',
    needles: ['http'],
    re: new RegExp(
      String.raw`\b(?:fetch|download|retrieve|load|read|get|curl|wget|visit|open|check|pull)\b[^\n]{0,80}?https?:\/\/[^\s)"'<>]{3,200}[^\n]{0,100}?\b(?:and|then|,)${S}(?:(?:strictly|always|carefully|exactly)${S})?(?:follow|obey|execute|apply|run|carry${S}out|do${S}(?:exactly${S})?what|act${S}on)${S}(?:(?:the|its|these|those|them|it|all|any|whatever)${S})?(?:instructions|commands|steps|directives|rules|contents?|text|it|them|says)\b`,
      'gi',
    ),
  },
  {
    id: 'REMOTE_INSTRUCTIONS',
    needles: ['http'],
    // "Follow the instructions at <docs URL>" is common and usually harmless: informational only.
    extra: { severity: 'LOW', confidence: 'LOW' },
    re: new RegExp(
      String.raw`\b(?:follow|obey|execute|apply|use)${S}(?:(?:the|all|any|latest|updated|current)${S}){0,2}(?:instructions|commands|directives|rules|prompts?)${S}(?:(?:found|contained|listed|provided|hosted|published)${S})?(?:at|in|from|on)${S}(?:<)?https?:\/\/`,
      'gi',
    ),
  },
  {
    id: 'REMOTE_INSTRUCTIONS',
    needles: ['http'],
    re: new RegExp(
      String.raw`\b(?:always|first|before${S}(?:each|every|any)${S}\w{1,20},?)${S}(?:fetch|download|load|read|retrieve|check)${S}[^\n]{0,60}?https?:\/\/[^\s)"'<>]{3,200}[^\n]{0,60}?\b(?:for|to${S}get)${S}(?:the${S})?(?:latest|updated|current|new|real)${S}(?:instructions|rules|prompts?|commands|directives)\b`,
      'gi',
    ),
  },
];

/** Fetching remote instructions and following them ("download and follow"). */
export const REMOTE_INSTRUCTIONS = unitRule({
  name: 'remote-instructions',
  decoded: true,
  meta: [
    {
      id: 'REMOTE_INSTRUCTIONS',
      title: 'Fetches remote instructions and follows them',
      category: 'remote-instructions',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST05'],
      why: 'Instructions loaded from a URL at run time can change after review; the certified text is no longer what runs.',
      remediation: 'Ship the instructions inside the skill instead of fetching them.',
    },
  ],
  run(u, ctx) {
    runProsePatterns(u, ctx.facts, PATTERNS, ctx.hits);
  },
});
