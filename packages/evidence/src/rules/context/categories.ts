import type { RuleCategory } from '../rule.js';

/**
 * Rule categories whose findings depend on what the text is to the skill — an instruction it gives,
 * or something it describes, quotes or analyses. Context rules (prose role, data context) may move
 * these; hidden Unicode, padding, secrets, ingest and manifest findings are facts and stay.
 */
export const CONTEXTUAL_CATEGORIES: ReadonlySet<RuleCategory> = new Set<RuleCategory>([
  'prompt-injection',
  'remote-instructions',
  'remote-execution',
  'credentials',
  'persistence',
  'destructive',
  'exfiltration',
  'code',
]);
