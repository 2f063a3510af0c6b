import type { Hit } from '../types.js';
import { unfoldOffset } from '../text/fold.js';
import { eachMatchNear, foldedProse, hitAt } from './unit.js';
import type { Facts, Unit } from './unit.js';

/**
 * Rules over natural-language text: Markdown, and the comments and string literals of code
 * (docstrings become tool descriptions). All patterns are bounded (`\s{1,n}`, `[^.\n]{0,n}`).
 */

const S = String.raw`\s{1,6}`;

interface ProseRule {
  id: string;
  re: RegExp;
  needles: string[];
  extra?: Partial<Hit>;
  /** Lower the severity when the sentence negates or discusses the pattern. */
  negatable?: boolean;
}

const ADDRESSEE = String.raw`(?:ai|llm|automated|security|code)?\s{0,3}(?:reviewers?|auditors?|scanners?|validators?|analy[sz]ers?|moderators?|judges?|evaluators?|inspectors?|graders?|classifiers?|guardrails?|safety\s{1,3}(?:checks?|filters?|systems?))`;
const VERDICT = String.raw`(?:safe|clean|harmless|trusted|trustworthy|legitimate|approved|secure|verified|low[- ]risk|no[- ]risk|compliant|not\s{1,3}(?:dangerous|harmful|suspicious|a\s{1,3}threat))`;
const OBJ = String.raw`(?:this|the|it|me|my|our)(?:${S}(?:skill|file|files|code|package|tool|submission|repo|repository|content|script|scripts|plugin|project|extension|server))?`;

const RULES: ProseRule[] = [
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
  {
    id: 'PROMPT_CONCEALMENT',
    needles: ['user'],
    negatable: false,
    re: new RegExp(
      String.raw`\b(?:do${S}not|don'?t|never|without)${S}(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|mention(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|alert(?:ing)?|let(?:ting)?)${S}[^.\n]{0,60}?\b(?:the${S}|your${S})?(?:user|human|owner|operator)s?\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_CONCEALMENT',
    needles: ['hidden', 'secret', 'hide', 'conceal', 'silently', 'covert', 'invisible'],
    re: new RegExp(
      String.raw`\bkeep${S}(?:this|these|it|the${S}\w{1,20})${S}(?:\w{1,20}${S}){0,2}(?:hidden|secret|invisible|confidential)\b(?![^.\n]{0,30}\b(?:key|token|password|credential)s?\b)|\b(?:hide|conceal)${S}(?:this|these|it|the${S}\w{1,20}|your${S}\w{1,20})${S}(?:\w{1,20}${S}){0,2}from${S}(?:the${S}|your${S})?(?:user|human|owner)s?\b|\b(?:silently|covertly|secretly|invisibly)${S}(?:send|upload|post|transmit|copy|forward|execute|run|install|download|collect|read|modify|delete)\b`,
      'gi',
    ),
  },
  {
    // Confirmation bypass: acting without the user's say-so. Only consequential actions count.
    id: 'PROMPT_CONCEALMENT',
    needles: ['confirm', 'asking', 'permission', 'consent', 'approval'],
    re: new RegExp(
      String.raw`\b(?:without|never|do${S}not|don'?t)${S}(?:asking|ask|requesting|request|seeking|waiting${S}for|getting)${S}(?:(?:the|any|user'?s?|their|for|from)${S}){0,3}(?:confirmation|permission|consent|approval)\b[^.\n]{0,80}?\b(?:delete|remove|send|upload|transfer|pay|purchase|push|deploy|rm\b|wipe|overwrite|email|post|publish|buy|sell|withdraw)|\b(?:delete|remove|send|upload|transfer|pay|purchase|push|deploy|wipe|overwrite|email|publish|buy|sell|withdraw)\b[^.\n]{0,80}?\bwithout${S}(?:asking|requesting|seeking|waiting${S}for)${S}(?:(?:the|any|user'?s?|their|for|from)${S}){0,3}(?:confirmation|permission|consent|approval)\b`,
      'gi',
    ),
    extra: { severity: 'MEDIUM', detail: "Consequential actions without the user's confirmation." },
  },
  {
    id: 'PROMPT_SYSTEM_PROMPT_EXTRACTION',
    needles: ['prompt', 'instructions'],
    negatable: true,
    re: new RegExp(
      String.raw`\b(?:reveal|print|output|repeat|show|display|dump|leak|expose|share|send|disclose|copy)${S}(?:(?:me|us|all|your|the|its|full|entire|complete|exact|verbatim|original)${S}){0,4}(?:system${S}prompt|system${S}message|hidden${S}(?:prompt|instructions)|initial${S}instructions|developer${S}(?:prompt|message)|(?:secret|confidential|internal)${S}instructions)\b|\bsystem${S}prompt[^.\n]{0,40}?\b(?:reveal|print|dump|leak|output|repeat)${S}it\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_CREDENTIAL_DISCLOSURE',
    needles: ['authorization', 'auth', 'key', 'token', 'cookie', 'credential', 'password', 'seed', 'secret', 'environment variable'],
    negatable: true,
    re: new RegExp(
      String.raw`\b(?:echo|print|output|reveal|include|repeat|display|return|paste|send|post|share|tell|log|leak|expose|write)${S}(?:(?:me|us|back)${S})?(?:(?:full|raw|exact|actual|current|complete|value|values|of)${S}){0,3}(?:the|your|user'?s?|all|any|their|its|every)${S}(?:(?:full|raw|exact|actual|current|complete|value|values|of|the|your)${S}){0,4}(?:authorization${S}header|auth(?:entication)?${S}(?:header|token)s?|api[\s_-]?keys?|access${S}tokens?|bearer${S}tokens?|session${S}(?:tokens?|cookies?)|credentials|passwords?|private${S}keys?|seed${S}phrases?|secret${S}keys?|env(?:ironment)?${S}variables)\b[^.\n]{0,80}?\b(?:response|reply|output|message|answer|chat|conversation|comment|issue|log|url|request|body|summary|next${S}turn)\b`,
      'gi',
    ),
  },
  {
    id: 'PROMPT_RUNAWAY_INVOCATION',
    needles: ['indefinitely', 'forever', 'endless', 'infinite', 'without stop', 'without limit', 'until'],
    re: new RegExp(
      String.raw`\b(?:retry|repeat|call|invoke|run|loop|poll|keep${S}(?:calling|trying|retrying|running|invoking|polling))${S}(?:(?:this|the|that|each|every)${S})?(?:(?:tool|call|request|function|command|action|query)s?${S})?(?:indefinitely|forever|endlessly|infinitely|without${S}(?:stopping|limit|end|a${S}limit)|until${S}(?:it${S})?(?:succeeds|works|the${S}(?:result|response|output)${S}contains))`,
      'gi',
    ),
  },
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
  {
    id: 'EXFIL_INSTRUCTION',
    needles: ['send', 'upload', 'post', 'transmit', 'forward', 'report', 'sync'],
    re: new RegExp(
      String.raw`\b(?:send|upload|post|transmit|forward|report|sync|copy)${S}(?:(?:the|all|any|their|user'?s?|these|every|its|your)${S}){0,2}(?:\w{1,20}${S})?(?:results?|data|files?|contents?|output|information|conversation|history|credentials?|keys?|tokens?|cookies?|passwords?|secrets?|env(?:ironment)?(?:${S}variables)?)\b[^.\n]{0,40}?\bto${S}(?:our|my|an?${S}(?:external|remote|third[- ]party)|the${S}(?:remote|external|collection|analytics)|https?:\/\/|\S{1,60}\.(?:com|net|org|io|xyz|ru|cn|top|site|dev)\b)`,
      'gi',
    ),
  },
];

/** Words that mark a sentence as warning about, or quoting, an attack rather than making one. */
export const DISCUSSION =
  /\b(?:never|don'?t|do\s+not|avoid|prevent|detect|detects|detection|block|blocks|refuse|reject|warn|example|e\.g\.|such\s+as|attacks?|attackers?|injections?|jailbreak\s+attempt|phrases?|patterns?|red[- ]team|test\s+case|if\s+(?:a|the)\s+(?:user|document|page|tool)|watch\s+out|beware)\b/i;

export function scanProse(u: Unit, facts: Facts, out: Hit[]): void {
  const view = foldedProse(u);
  const text = view.text;
  if (text.trim().length === 0) return;
  const lower = text.toLowerCase();
  for (const r of RULES) {
    eachMatchNear(
      r.re,
      text,
      lower,
      r.needles,
      (m, at) => {
        const off = unfoldOffset(view, at);
        let extra: Partial<Hit> = { ...r.extra };
        if (r.negatable) {
          // Look at the sentence start up to the match.
          const lineStart = text.lastIndexOf('\n', at) + 1;
          const before = text.slice(Math.max(lineStart, at - 80), at);
          if (DISCUSSION.test(before))
            extra = { ...extra, severity: 'LOW', confidence: 'LOW', detail: 'The phrase is quoted or discussed, not addressed to the agent.' };
        }
        if (r.id === 'PROMPT_RUNAWAY_INVOCATION') {
          const sentence = text.slice(at, Math.min(text.length, at + m[0].length + 120)).split(/[.\n]/, 1)[0] ?? '';
          if (/\b(?:api[\s_-]?keys?|tokens?|passwords?|secrets?|credentials?|private\s+keys?)\b/i.test(sentence)) {
            extra = { ...extra, severity: 'HIGH', detail: 'The loop runs until a credential appears in the result.' };
          }
        }
        if (r.id === 'EXFIL_INSTRUCTION') facts.sendInstructions.push({ file: u.file, line: u.lines.lineOf(off), what: m[0].slice(0, 80) });
        out.push(hitAt(u, r.id, off, m[0].length, extra));
      },
      30,
    );
  }
}
