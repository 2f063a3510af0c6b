import { unitRule } from '../rule.js';
import { runProsePatterns, S } from './prose.js';
import type { ProsePattern } from './prose.js';

const ADDRESSEE = String.raw`(?:ai|llm|automated|security|code)?\s{0,3}(?:reviewers?|auditors?|scanners?|validators?|analy[sz]ers?|moderators?|judges?|evaluators?|inspectors?|graders?|classifiers?|guardrails?|safety\s{1,3}(?:checks?|filters?|systems?))`;
const VERDICT = String.raw`(?:safe|clean|harmless|trusted|trustworthy|legitimate|approved|secure|verified|low[- ]risk|no[- ]risk|compliant|not\s{1,3}(?:dangerous|harmful|suspicious|a\s{1,3}threat))`;
const OBJ = String.raw`(?:this|the|it|me|my|our)(?:${S}(?:skill|file|files|code|package|tool|submission|repo|repository|content|script|scripts|plugin|project|extension|server))?`;

const PATTERNS: ProsePattern<'PROMPT_INSTRUCTION_OVERRIDE' | 'PROMPT_REVIEWER_MANIPULATION'>[] = [
  {
    id: 'PROMPT_INSTRUCTION_OVERRIDE',
    needles: ['ignore', 'disregard', 'forget', 'override', 'bypass'],
    negatable: true,
    re: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|override|bypass)${S}(?:(?:all|any|the|your|every|of|these|those|my)${S}){0,3}(?:previous|prior|above|earlier|preceding|former|original|system|safety|existing|initial|other)${S}(?:instructions?|prompts?|rules|directives?|guidelines|guardrails|constraints|restrictions|context|messages|polic(?:y|ies)|programming|commands)\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_INSTRUCTION_OVERRIDE',
    needles: ['mode'],
    negatable: true,
    re: new RegExp(
      String.raw`\b(?:you${S}are${S}now|act${S}as|enter|entering|switch${S}to|activate|enable)${S}(?:in${S})?(?:an?${S}|the${S})?(?:unrestricted|unfiltered|uncensored|jailbroken|jailbreak|developer|god|dan|sudo|admin|root)(?:${S}[\w-]{1,20}){0,2}?${S}mode\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_INSTRUCTION_OVERRIDE',
    needles: ['system', 'do anything now', 'new instructions'],
    negatable: true,
    re: /\bsystem\s{0,3}(?:override|prompt\s{1,3}override)\b|\bnew\s{1,3}system\s{1,3}prompt\s{0,3}:|\bdo\s{1,3}anything\s{1,3}now\b|^#{1,6}\s{0,3}new\s{1,3}instructions\b/gim,
  },
  {
    id: 'PROMPT_INSTRUCTION_OVERRIDE',
    needles: ['ignore', 'disregard', 'bypass'],
    negatable: true,
    re: new RegExp(
      String.raw`\b(?:disregard|ignore|bypass)${S}(?:(?:any|all|the|your)${S}){0,2}(?:content${S}polic(?:y|ies)|ethical${S}guidelines|safety${S}(?:guidelines|policies|rules|filters)|(?:usage${S})?restrictions|limitations)\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_INSTRUCTION_OVERRIDE',
    needles: ['<|', '[inst]', '<<sys>>', 'forget', 'do not follow', "don't follow", 'from now on'],
    negatable: true,
    re: new RegExp(
      String.raw`<\|(?:im_start|im_end|system|endoftext|begin_of_text|start_header_id|eot_id)\|>|\[INST\]|<<SYS>>|\bforget${S}(?:everything|all${S}(?:previous|prior|your)|what${S}you${S}(?:were|have${S}been)${S}told)\b|\b(?:do${S}not|don'?t)${S}follow${S}(?:any${S})?(?:the${S})?(?:other|previous|prior|original|system)${S}(?:instructions|rules|prompts?)\b|\bfrom${S}now${S}on,?${S}you${S}(?:will|must|are)${S}(?:ignore|obey|only|no${S}longer)\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_REVIEWER_MANIPULATION',
    needles: [
      'safe',
      'clean',
      'harmless',
      'trusted',
      'legitimate',
      'approved',
      'secure',
      'verified',
      'risk',
      'compliant',
      'dangerous',
      'harmful',
      'suspicious',
      'threat',
    ],
    re: new RegExp(
      String.raw`\b(?:mark|rate|classify|label|report|treat|consider|score|judge|approve|certify|pass|whitelist|allowlist|flag|deem|declare|grade)${S}${OBJ}${S}(?:as${S}|to${S}be${S})?${VERDICT}\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_REVIEWER_MANIPULATION',
    needles: ['review', 'audit', 'scan', 'validat', 'analy', 'moderat', 'judge', 'evaluat', 'inspect', 'grader', 'classif', 'guardrail', 'safety'],
    re: new RegExp(
      String.raw`\b(?:to${S}(?:the${S}|any${S})?|dear${S}|attention${S}|note${S}(?:to${S}|for${S})(?:the${S}|any${S})?|hey${S})${ADDRESSEE}\b[^\n]{0,160}?\b(?:ignore|skip|disregard|overlook|approve|pass|do${S}not${S}(?:flag|report|block|reject|mention)|don'?t${S}(?:flag|report|block|reject|mention)|no${S}need${S}to|is${S}${VERDICT})`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_REVIEWER_MANIPULATION',
    needles: ['review', 'audit', 'scan', 'validat', 'analy', 'moderat', 'judge', 'evaluat', 'inspect'],
    re: new RegExp(
      String.raw`\b(?:if${S}you${S}are${S}(?:an?${S})?|as${S}(?:an?${S}|the${S}))${ADDRESSEE}[^\n]{0,160}?\b(?:ignore|skip|approve|pass|mark|rate|classify|report|return|output|respond|do${S}not|don'?t)\b`,
      'gi',
    ),
  },
  {
    // Notes headed to the reviewer ("Reviewer note: … reply SAFE") and bare verdict tokens it is told to give.
    id: 'PROMPT_REVIEWER_MANIPULATION',
    needles: ['review', 'audit', 'scan', 'validat', 'analy', 'judge', 'evaluat', 'grader', 'classif'],
    re: new RegExp(
      String.raw`\b${ADDRESSEE}${S}(?:note|notice|instructions?|message|memo|directive)s?${S}?:[^\n]{0,200}?\b(?:reply|respond|answer|return|output|say|mark|rate|classify|verdict|approve|pass|ignore|skip)\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_REVIEWER_MANIPULATION',
    needles: ['safe', 'approve', 'verdict'],
    re: /\b(?:reply|respond|answer|return|output|say)\s{1,3}(?:(?:only|just|with|exactly)\s{1,3}){0,2}["'`]?(?:SAFE|APPROVED?|CLEAN)\b["'`]?|"verdict"\s{0,3}:\s{0,3}"SAFE"/g,
  },
  {
    // Text that tries to close the fence reviewers quote untrusted content in (SIGMA's is <untrusted-…>).
    id: 'PROMPT_REVIEWER_MANIPULATION',
    needles: ['untrusted'],
    re: /<\/\s{0,3}untrusted[\w-]{0,40}\s{0,3}>|\b(?:end|close)\s{1,3}of\s{1,3}(?:the\s{1,3})?untrusted\s{1,3}(?:content|input|data|section)\b/gi,
  },
];

/** Instruction-override phrasing, and text addressed to the reviewer or scanner instead of the agent. */
export const PROMPT_INJECTION = unitRule({
  name: 'prompt-injection',
  decoded: true,
  meta: [
    {
      id: 'PROMPT_INSTRUCTION_OVERRIDE',
      title: 'Instruction-override phrasing',
      category: 'prompt-injection',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01'],
      why: 'Text that tells the model to ignore or replace its previous instructions hijacks the agent.',
      remediation: "Remove the override; a skill adds instructions, it never cancels the host's.",
    },
    {
      id: 'PROMPT_REVIEWER_MANIPULATION',
      title: 'Instructions addressed to the reviewer or scanner',
      category: 'prompt-injection',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01', 'OWASP-AST08'],
      why: 'Text that asks the reviewer, scanner or validator to mark the skill safe is an attempt to subvert review itself.',
      remediation: 'Remove any text addressed to reviewers, scanners or validators.',
    },
  ],
  run(u, ctx) {
    runProsePatterns(u, ctx.facts, PATTERNS, ctx.hits);
  },
});
