import { SEVERITY_RANK } from '@sigma/core';
import type { IntentFinding } from '@sigma/core';
import { adjustForContext, analyzeIntent, contextIndex, segmentProse } from '../../intent/index.js';
import type { Segment } from '../../intent/index.js';
import type { RuleCategory, SkillContext } from '../rule.js';
import { CONTEXTUAL_CATEGORIES } from '../context/categories.js';
import { combineIntent } from './intent-combine.js';
import { toolTexts } from './tool-text.js';
import { skillRule } from '../rule.js';

/** At most this many intent findings per skill (the strongest). */
const PER_SKILL = 8;
/** Markdown files larger than this are left to the keyword rules. */
const MAX_PROSE_BYTES = 300_000;

/** Keyword-rule categories whose hits in prose depend on whether the text instructs or describes. */
const CONTEXTUAL = CONTEXTUAL_CATEGORIES;

const isProse = (path: string, kind: string): boolean => kind === 'markdown' || /\.(?:md|markdown|mdx)$/i.test(path);

/**
 * Instruction analysis by role: every sentence of the skill's prose is read as who is told to do
 * what, to which object, sent where — and whether it is an instruction at all or a quotation, an
 * example, a pattern to detect, a threat described. Instructions with dangerous intent become
 * findings that explain the decision. Then the keyword rules' hits in prose are moved by the same
 * reading: a described pattern drops, a hidden instruction rises; each change says why.
 */
export const PROSE_INTENT = skillRule({
  name: 'prose-intent',
  meta: [
    {
      id: 'PROMPT_INTENT',
      title: 'An instruction to the agent with harmful intent',
      category: 'prompt-injection',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST05'],
      why: "Read by role: the text instructs the agent (not the user, not an example or a pattern list) to act against the user's interest.",
      remediation:
        'Remove the instruction; a skill must not tell the agent to hide actions, relax safeguards, send user data away or rewrite its own instructions.',
    },
  ],
  run(ctx) {
    const segments: Segment[] = [];
    for (const f of ctx.files) {
      if (f.text === null || f.path.includes('!/') || f.bytes.length > MAX_PROSE_BYTES || !isProse(f.path, f.kind)) continue;
      segments.push(...segmentProse(f.text, { file: f.path }));
    }
    const tools = toolTexts(ctx.files).flatMap((t) => segmentProse(t.text, { file: t.file, lineBase: t.line - 1, format: 'text' }));
    for (const i of analyzeIntent(tools, { minSeverity: 'LOW' })
      .filter((x) => x.severity !== 'LOW' || toolReason(x))
      .slice(0, PER_SKILL)) {
      const why = toolReason(i);
      ctx.report(intentHit(i, why ? `in a tool description, which the agent reads as guidance: ${why}` : null));
    }
    if (segments.length === 0) return;
    const all = analyzeIntent(segments, { minSeverity: 'LOW' });
    const combined = new Map(combineIntent(all).map((c) => [c.anchor, c.reason]));
    const found = all
      .filter((i) => i.severity !== 'LOW' || combined.has(i))
      .sort((a, b) => Number(combined.has(b)) - Number(combined.has(a)) || b.score - a.score)
      .slice(0, PER_SKILL);
    for (const i of found) ctx.report(intentHit(i, combined.get(i) ?? null));
    moveKeywordHits(ctx, segments);
  },
});

/**
 * A tool's description has one reader, the agent, and one legitimate job: saying what the tool does
 * with its arguments. Reaching for secrets or keeping the user out of it there is high risk.
 */
function toolReason(i: IntentFinding): string | null {
  if (i.frame.negated) return null;
  if (i.frame.objects.includes('secrets') && i.frame.actions.some((a) => a === 'read' || a === 'send' || a === 'reveal'))
    return 'it tells the agent to read or pass secrets.';
  if (i.frame.concealed || i.frame.actions.includes('hide')) return 'it asks to keep something from the user.';
  return null;
}

/** What an instruction may act on for it to count as high risk (not the skill's own files, not nothing). */
const HARMFUL_OBJECTS: ReadonlySet<string> = new Set([
  'user-data',
  'conversation',
  'secrets',
  'safety',
  'instructions',
  'confirmation',
  'agent-config',
  'remote-code',
]);

/** The fetched text is to be obeyed as instructions, not consulted for facts. */
const AS_INSTRUCTIONS =
  /whatever it says|do (?:what|as) it says|as (?:your |its |the |new )*(?:instructions|rules|system prompt)|\bobey|treat (?:it|them|what it says) as|takes? precedence|overrides?\b|in place of (?:this|these)/;

/**
 * The reporting policy on top of the score: a sentence is high risk only when it is addressed to
 * the agent as an instruction (or states that the skill defers to text at an outside address), it
 * acts on something that matters, and its score is clear of the boundary. Everything else is
 * reported at MEDIUM at most, with the reason: prose about safety is common in good skills.
 */
export function intentSeverity(i: IntentFinding): { severity: IntentFinding['severity']; reason: string | null } {
  if (i.severity !== 'HIGH' && i.severity !== 'CRITICAL') return { severity: i.severity, reason: null };
  const external = i.frame.destinations.some((d) => d.external);
  const addressed = (i.role === 'instruction' && i.frame.target === 'agent') || (i.role === 'documentation' && external) || i.hidden;
  const harmful = i.frame.objects.some((o) => HARMFUL_OBJECTS.has(o)) || external;
  const persistOnly = i.frame.actions.every((a) => a === 'persist') && !i.frame.concealed && !external;
  if (!addressed)
    return {
      severity: 'MEDIUM',
      reason: `Held at MEDIUM: the sentence is ${i.role === 'user-instruction' ? 'addressed to the human' : 'not an instruction to the agent'}.`,
    };
  if (!harmful) return { severity: 'MEDIUM', reason: "Held at MEDIUM: the action names nothing of the user's (data, secrets, safeguards, instructions)." };
  const followOnly = i.frame.actions.every((a) => a === 'fetch-follow' || a === 'read') && !i.frame.concealed && !AS_INSTRUCTIONS.test(i.excerpt.toLowerCase());
  if (followOnly && !i.hidden)
    return {
      severity: 'MEDIUM',
      reason:
        'Held at MEDIUM: reading a page it names, with nothing overriding its instructions or hidden from the user, is how many skills consult documentation.',
    };
  if (persistOnly) return { severity: 'MEDIUM', reason: 'Held at MEDIUM: writing configuration, done openly, is what some skills are for.' };
  if (i.score < 0.7) return { severity: 'MEDIUM', reason: `Held at MEDIUM: score ${i.score.toFixed(2)} is close to the boundary.` };
  return { severity: i.severity, reason: null };
}

function intentHit(i: IntentFinding, combined: string | null): Parameters<SkillContext<'PROMPT_INTENT'>['report']>[0] {
  const policy = combined
    ? { severity: i.severity === 'CRITICAL' ? ('CRITICAL' as const) : ('HIGH' as const), reason: `Read with the rest of the skill: ${combined}` }
    : intentSeverity(i);
  return {
    ruleId: 'PROMPT_INTENT',
    file: i.file,
    line: i.line,
    excerpt: i.excerpt,
    severity: policy.severity,
    confidence: i.confidence,
    detail: policy.reason ? `${i.explanation} ${policy.reason}` : i.explanation,
    tags: [`role:${i.role}`, ...(i.hidden ? ['hidden'] : [])],
  };
}

function moveKeywordHits(ctx: SkillContext<string>, segments: readonly Segment[]): void {
  const index = contextIndex(segments);
  const kinds = new Map(ctx.files.map((f) => [f.path, f.kind]));
  const categoryOf = (id: string): RuleCategory | undefined => ctx.ruleMeta(id)?.category;
  for (const h of ctx.hits) {
    // A hit another rule already moved keeps that decision; a rule's own initial severity is moved from.
    if (h.file === null || h.line === null || h.ruleId === 'PROMPT_INTENT' || (h.adjustments?.length ?? 0) > 0) continue;
    if (!isProse(h.file, kinds.get(h.file) ?? '')) continue;
    const cat = categoryOf(h.ruleId);
    if (!cat || !CONTEXTUAL.has(cat)) continue;
    const meta = ctx.ruleMeta(h.ruleId)!;
    const base = h.severity ?? meta.severity;
    const moved = adjustForContext(index.contextFor(h.file, h.line, h.excerpt), base, h.blocking ?? meta.blocking);
    if (!moved.reason || (moved.severity === base && moved.blocking === (h.blocking ?? meta.blocking))) continue;
    // A severity the rule chose itself (it already read its own context) is only ever lowered here.
    if (h.severity !== undefined && SEVERITY_RANK[moved.severity] > SEVERITY_RANK[base]) continue;
    ctx.adjust(h, { severity: moved.severity, blocking: moved.blocking, reason: moved.reason });
  }
}
