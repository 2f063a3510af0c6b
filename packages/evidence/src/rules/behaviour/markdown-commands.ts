import { SEVERITY_RANK } from '@sigma/core';
import { buildBehaviour } from '../../behaviour/index.js';
import { fencedBlocks } from '../../text/markdown.js';
import type { SkillContext } from '../rule.js';
import { manifestHosts, PER_ID, worstFirst } from './shared.js';

const SHELL_FENCES = /^(?:bash|sh|shell|zsh|console|terminal)$/;
const MAX_MARKDOWN_COMMAND_BYTES = 100_000;

/**
 * Commands the skill's Markdown gives in shell blocks: the agent runs them as written. Only their data
 * flows count here (secret or personal data leaving); the claims and declarations are checked against the
 * scripts. A block the prose presents as an example or a pattern is lowered by the prose-intent rule.
 */
export function markdownCommands(ctx: SkillContext<string>): void {
  const inputs: Array<{ path: string; text: string; lang: 'shell' }> = [];
  for (const f of ctx.files) {
    if (f.text === null || !/\.(?:md|markdown|mdx)$/i.test(f.path) || f.text.length > MAX_MARKDOWN_COMMAND_BYTES) continue;
    const blocks = fencedBlocks(f.text).filter((b) => SHELL_FENCES.test(b.lang));
    if (blocks.length === 0) continue;
    // Keep the line numbers: everything outside the blocks becomes blank lines.
    let text = '';
    let pos = 0;
    for (const b of blocks) {
      text += f.text.slice(pos, b.start).replace(/[^\n]/g, '') + f.text.slice(b.start, b.end);
      pos = b.end;
    }
    text += f.text.slice(pos).replace(/[^\n]/g, '');
    inputs.push({ path: f.path, text: text.replace(/^\s*\$ /gm, ''), lang: 'shell' });
  }
  if (inputs.length === 0) return;
  const model = buildBehaviour(inputs, { declaredHosts: manifestHosts(ctx) });
  const events = new Map(model.events.map((e) => [e.id, e]));
  // In documentation `$VAR` is a placeholder the reader fills in; what counts is the whole environment,
  // key stores, home files, the clipboard and the conversation leaving.
  const carried = (id: string): boolean => {
    const e = events.get(id);
    return !!e && (e.category !== 'env' || e.name === '*');
  };
  const flows = worstFirst(
    model.flows.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.HIGH && events.get(f.sink)?.category === 'network' && carried(f.source)),
  );
  for (const f of flows.slice(0, PER_ID)) {
    const sink = events.get(f.sink)!;
    const src = events.get(f.source)!;
    ctx.report({
      ruleId: 'BEHAVIOUR_SENSITIVE_FLOW',
      file: sink.file,
      line: sink.line,
      excerpt: sink.excerpt,
      severity: f.severity,
      detail: `A command ${sink.file} gives to run (line ${sink.line}) reads ${src.detail.replace(/^reads /, '')} and sends it out: ${f.explanation}.`,
    });
  }
}
