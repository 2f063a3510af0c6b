import { z } from 'zod';
import { Confidence, Severity } from '../enums.js';

/**
 * Instruction analysis by role (`@sigma/evidence` `intent/`): what a piece of prose in a skill or
 * tool description is doing (instructing the agent, describing a threat, listing patterns…) and,
 * for instructions, what it asks for. Findings explain every decision in plain words.
 */

/** What a segment of prose does. Only `instruction` (and, weaker, `user-instruction` and `documentation`) is acted on. */
export const ProseRole = z.enum([
  /** Imperative or obligation addressed to the agent ("you", "the assistant", "always…", "when X, do Y"). */
  'instruction',
  /** Tells the human how to install, configure or run the skill. */
  'user-instruction',
  /** Describes what the skill or tool does. */
  'documentation',
  /** Text inside quotes or code spans presented as material, not as an order. */
  'quoted',
  /** An example, sample input or sample output. */
  'example',
  /** Things to detect, flag, block or look for; rule definitions, regexes, rule files. */
  'pattern-list',
  /** Explains an attack ("attackers may…", "this technique…", "watch out for…"). */
  'threat-description',
]);
export type ProseRole = z.infer<typeof ProseRole>;

export const ProseSegmentKind = z.enum([
  'heading',
  'paragraph',
  'list-item',
  'blockquote',
  'table-row',
  'code-block',
  'inline-code',
  /** `<!-- … -->`: invisible once rendered. */
  'html-comment',
  /** An element styled invisible (`display:none`, `hidden`, zero font size). */
  'hidden-html',
  /** The `description` of the front matter. */
  'front-matter',
  /** Lines the Markdown parser left out (too deeply nested, malformed): analysed as plain text. */
  'raw',
]);
export type ProseSegmentKind = z.infer<typeof ProseSegmentKind>;

/** What an instruction asks the agent to do, as classes of meaning (not words). */
export const IntentAction = z.enum([
  'send',
  'hide',
  'disable-safety',
  'override-instructions',
  'execute',
  'persist',
  'fetch-follow',
  'escalate',
  'destroy',
  'read',
  'reveal',
]);
export type IntentAction = z.infer<typeof IntentAction>;

/** What the action applies to. */
export const IntentObject = z.enum([
  'user-data',
  'conversation',
  'files',
  'secrets',
  'safety',
  'instructions',
  'confirmation',
  'agent-config',
  /** Remote code or a command that downloads and runs code. */
  'remote-code',
  /** The skill's own temporary or generated artefacts (narrow scope). */
  'own-artifacts',
]);
export type IntentObject = z.infer<typeof IntentObject>;

export const IntentTarget = z.enum(['agent', 'user', 'tool', 'unknown']);
export type IntentTarget = z.infer<typeof IntentTarget>;

export const IntentDestination = z.object({
  kind: z.enum(['url', 'email', 'host', 'ip', 'external', 'tool-argument', 'user', 'local']),
  value: z.string(),
  /** True when data would leave the user's machine and conversation. */
  external: z.boolean(),
});
export type IntentDestination = z.infer<typeof IntentDestination>;

export const IntentFrame = z.object({
  target: IntentTarget,
  actions: z.array(IntentAction),
  objects: z.array(IntentObject),
  destinations: z.array(IntentDestination),
  /** The trigger ("when the user asks…", "before answering…"), when there is one. */
  condition: z.string().nullable(),
  /** The main action is forbidden ("never send…"): a guardrail, not an attack. */
  negated: z.boolean(),
  /** The instruction asks for secrecy (hide, quietly, don't tell the user). */
  concealed: z.boolean(),
  /** Words that triggered each part, for the explanation. */
  cues: z.array(z.string()),
});
export type IntentFrame = z.infer<typeof IntentFrame>;

/** One step of the score: what was seen and how much it weighed. */
export const IntentFactor = z.object({
  name: z.string(),
  weight: z.number(),
  why: z.string(),
});
export type IntentFactor = z.infer<typeof IntentFactor>;

export const IntentFinding = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  /** The sentence as written (folded), at most 240 characters. */
  excerpt: z.string(),
  kind: ProseSegmentKind,
  role: ProseRole,
  /** Heading path of the section the sentence is in. */
  section: z.array(z.string()),
  /** Invisible when rendered (HTML comment, hidden element). */
  hidden: z.boolean(),
  frame: IntentFrame,
  /** 0..1. */
  score: z.number().min(0).max(1),
  severity: Severity,
  confidence: Confidence,
  factors: z.array(IntentFactor),
  /** The decision in plain words. */
  explanation: z.string(),
});
export type IntentFinding = z.infer<typeof IntentFinding>;
