import { unfoldOffset } from '../text/fold.js';
import { AGENT_FILES } from './patterns.js';
import { unitRule } from './rule.js';
import { eachMatch, foldedText, hitAt, isParsedCode } from './unit.js';
const AGENT_CONFIG_REDIRECT = new RegExp(String.raw`(?:>>?|\btee\s{1,3}(?:-a\s{1,3})?)\s{0,3}["']?[\w./~$-]{0,80}${AGENT_FILES}`, 'gi');

const AGENT_CONFIG =
  /\b(?:add|append|write|insert|save|put|inject|modify|update|edit|overwrite)\b[^\n.]{0,80}?(?:\bCLAUDE\.md\b|\bAGENTS\.md\b|\.claude[/\\]settings(?:\.local)?\.json|\.cursorrules\b|\.cursor[/\\](?:rules|mcp\.json)|copilot-instructions\.md|claude_desktop_config\.json|\bMEMORY\.md\b|\.codex[/\\]|\.openclaw[/\\]|\bsystem\s{1,3}prompt\s{1,3}file)/gi;

/** Writing into the agent's own instruction, memory or settings files (in prose MEDIUM: an instruction to a person). */
export const AGENT_CONFIG_WRITES = unitRule({
  name: 'agent-config-writes',
  decoded: true,
  when: (u) => !isParsedCode(u),
  meta: [
    {
      id: 'PERSISTENCE_AGENT_CONFIG',
      title: 'Modifies agent configuration or memory',
      category: 'persistence',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01', 'OWASP-AST03'],
      why: "Writing to the agent's own instruction files or settings plants directives that outlive the skill.",
      remediation: 'Do not write to agent configuration or memory files.',
    },
  ],
  run(u, ctx) {
    const out = ctx.hits;
    const view = foldedText(u);
    const text = view.text;
    const at = (i: number): number => unfoldOffset(view, i);
    // Writing into the agent's own configuration or memory.
    eachMatch(
      AGENT_CONFIG,
      text,
      (m) => {
        out.push(hitAt(u, 'PERSISTENCE_AGENT_CONFIG', at(m.index), m[0].length, u.role === 'prose' ? { severity: 'MEDIUM' } : {}));
      },
      10,
    );
    if (u.role === 'code') {
      eachMatch(AGENT_CONFIG_REDIRECT, text, (m) => out.push(hitAt(u, 'PERSISTENCE_AGENT_CONFIG', at(m.index), m[0].length)), 10);
    }
  },
});
