import { fencedBlocks } from '../text/markdown.js';
import { unfoldOffset } from '../text/fold.js';
import { EXEC_IN_DATA } from './patterns.js';
import { unitRule } from './rule.js';
import { eachMatch, foldedText, hitAt, isParsedCode } from './unit.js';

/** Process-spawning code inside data: JSON/YAML files, and json/yaml blocks or escaped JSON strings in Markdown. */
export const CODE_IN_DATA = unitRule({
  name: 'code-in-data',
  decoded: true,
  when: (u) => !isParsedCode(u),
  meta: [
    {
      id: 'CODE_EXEC_IN_DATA',
      title: 'Process-spawning code embedded in a data value',
      category: 'code',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'A configuration or JSON value that contains code spawning processes is an injection payload for whatever evaluates it.',
      remediation: 'Remove code from data values.',
    },
  ],
  run(u, ctx) {
    const out = ctx.hits;
    const view = foldedText(u);
    const text = view.text;
    const at = (i: number): number => unfoldOffset(view, i);
    // Code payloads in data: JSON/YAML files, and json/yaml blocks (or escaped JSON strings) in Markdown.
    if (u.lang === 'json' || u.lang === 'yaml') {
      eachMatch(new RegExp(EXEC_IN_DATA.source, 'g'), text, (m) => out.push(hitAt(u, 'CODE_EXEC_IN_DATA', at(m.index), m[0].length)), 10);
    } else if (u.lang === 'markdown') {
      const blocks = fencedBlocks(text).filter((b) => /^(?:json|jsonc|json5|yaml|yml|toml)$/.test(b.lang));
      eachMatch(
        new RegExp(EXEC_IN_DATA.source, 'g'),
        text,
        (m) => {
          const inData = blocks.some((b) => m.index >= b.start && m.index < b.end) || /\\["']/.test(m[0]);
          if (inData) out.push(hitAt(u, 'CODE_EXEC_IN_DATA', at(m.index), m[0].length));
        },
        10,
      );
    }
  },
});
