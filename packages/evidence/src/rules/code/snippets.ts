import { lex } from '../../lex/lex.js';
import { fencedBlocks } from '../../text/markdown.js';
import { unitRule } from '../rule.js';
import type { Hit } from '../rule.js';
import { makeUnit } from '../unit.js';
import { scanEvaluation } from './eval.js';

/**
 * Python and JS code blocks inside Markdown are instructions the agent may run, but they are also
 * how documentation shows ordinary API use. Only the unambiguous evaluation rules run on them:
 * evaluating downloaded or decoded code.
 */
export const MARKDOWN_SNIPPETS = unitRule({
  name: 'markdown-code-blocks',
  decoded: false,
  when: (u) => u.lang === 'markdown',
  meta: [],
  alsoReports: ['EXEC_FETCHED_CODE', 'EXEC_OBFUSCATED_CODE'],
  run(u, ctx) {
    for (const b of fencedBlocks(u.text)) {
      const lang = /^(?:py|python3?)$/.test(b.lang) ? 'python' : /^(?:js|javascript|ts|typescript|node|mjs|jsx|tsx)$/.test(b.lang) ? 'js' : null;
      if (!lang || b.end - b.start > 100_000) continue;
      const body = u.text.slice(b.start, b.end);
      const snippet = makeUnit(u.file, lang, 'code', body, lex(lang, body), null, 0, u.lines.lineOf(b.start) - 1);
      const found: Hit<'CODE_DYNAMIC_EVAL' | 'CODE_SHELL_INJECTION' | 'EXEC_FETCHED_CODE' | 'EXEC_OBFUSCATED_CODE'>[] = [];
      scanEvaluation(snippet, found);
      for (const h of found) if (h.ruleId === 'EXEC_FETCHED_CODE' || h.ruleId === 'EXEC_OBFUSCATED_CODE') ctx.hits.push({ ...h, ruleId: h.ruleId });
    }
  },
});
