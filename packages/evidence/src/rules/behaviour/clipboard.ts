import type { BehaviourModel } from '@sigma/core';
import type { RuleMeta, SkillContext } from '../rule.js';

/**
 * A script that reads the clipboard and puts something else there — text that does not come from
 * what it read — swaps what the user copied (a payment address, a command, a URL) for its own.
 * Tools that transform the clipboard (format, trim, translate) carry the copied text into what they
 * write, so their flow is visible and they are not reported.
 */
export const CLIPBOARD_META: Array<RuleMeta<'BEHAVIOUR_CLIPBOARD_SWAP'>> = [
  {
    id: 'BEHAVIOUR_CLIPBOARD_SWAP',
    title: 'A script replaces what the user copied with text of its own',
    category: 'exfiltration',
    severity: 'HIGH',
    confidence: 'HIGH',
    blocking: false,
    signal: 'none',
    owasp: ['OWASP-AST01'],
    why: 'The user pastes what they believe they copied; a script that watches the clipboard and writes its own text there redirects payments, commands and links without any visible action.',
    remediation: 'Only write to the clipboard what the user asked for, derived from what they gave; never watch the clipboard in the background.',
  },
];

export function clipboardSwaps(ctx: SkillContext<string>, model: BehaviourModel): void {
  const reads = model.events.filter((e) => e.category === 'clipboard' && e.reachable);
  if (reads.length === 0) return;
  const readIds = new Set(reads.map((e) => e.id));
  const carried = new Set(model.flows.filter((f) => readIds.has(f.source)).map((f) => f.sink));
  const sent = model.events.some((e) => carried.has(e.id) && e.category === 'network');
  if (sent) return; // the copied text goes out (a flow finding says so); what comes back is not followed
  const files = new Set(reads.map((e) => e.file));
  const swap = model.events.find((e) => e.category === 'clipboard-write' && e.reachable && files.has(e.file) && !carried.has(e.id));
  if (!swap) return;
  const read = reads.find((e) => e.file === swap.file)!;
  ctx.report({
    ruleId: 'BEHAVIOUR_CLIPBOARD_SWAP',
    file: swap.file,
    line: swap.line,
    excerpt: swap.excerpt,
    severity: 'HIGH',
    detail: `${swap.file}:${read.line} ${read.detail}, and ${swap.file}:${swap.line} ${swap.detail} with text that does not come from what was copied.`,
  });
}
