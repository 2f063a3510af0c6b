import { unitRule } from '../rule.js';
import { runProsePatterns, S } from './prose.js';
import type { ProsePattern } from './prose.js';

const PATTERNS: ProsePattern<'PROMPT_CONCEALMENT' | 'PROMPT_SYSTEM_PROMPT_EXTRACTION' | 'PROMPT_CREDENTIAL_DISCLOSURE' | 'PROMPT_RUNAWAY_INVOCATION'>[] = [
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
    then: ({ text, match, at }) => {
      const sentence = text.slice(at, Math.min(text.length, at + match[0].length + 120)).split(/[.\n]/, 1)[0] ?? '';
      if (/\b(?:api[\s_-]?keys?|tokens?|passwords?|secrets?|credentials?|private\s+keys?)\b/i.test(sentence)) {
        // An unbounded loop aimed at a secret has one reading: brute force through the tool.
        return { severity: 'HIGH', confidence: 'HIGH', detail: 'The loop runs until a credential appears in the result.' };
      }
    },
  },
];

/** Asking the agent to hide actions, reveal its system prompt or credentials, or loop without bound. */
export const AGENT_CONDUCT = unitRule({
  name: 'agent-conduct',
  decoded: true,
  meta: [
    {
      id: 'PROMPT_CONCEALMENT',
      title: 'Asks the agent to hide actions from the user',
      category: 'prompt-injection',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01'],
      why: 'A skill that tells the agent to keep behaviour secret from its user is acting against that user.',
      remediation: 'Remove concealment instructions; every action should be visible to the user.',
    },
    {
      id: 'PROMPT_SYSTEM_PROMPT_EXTRACTION',
      title: 'Asks the agent to reveal its system prompt',
      category: 'prompt-injection',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01'],
      why: "Extracting the system prompt leaks the host's configuration and any secrets in it.",
      remediation: 'Remove the instruction.',
    },
    {
      id: 'PROMPT_CREDENTIAL_DISCLOSURE',
      title: 'Asks the agent to disclose credentials',
      category: 'prompt-injection',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01'],
      why: 'Instructions to echo tokens, API keys or authorization headers into output leak credentials to whoever reads it.',
      remediation: 'Never ask the agent to print or send credentials.',
    },
    {
      id: 'PROMPT_RUNAWAY_INVOCATION',
      title: 'Unbounded tool invocation',
      category: 'prompt-injection',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST03'],
      why: 'Instructions to retry or loop without bound burn resources and, aimed at secrets, turn the agent into a brute-force tool.',
      remediation: 'Bound retries explicitly (count and back-off) and never loop until a secret appears.',
    },
  ],
  run(u, ctx) {
    runProsePatterns(u, ctx.facts, PATTERNS, ctx.hits);
  },
});
