import { unfoldOffset } from '../../text/fold.js';
import { unitRule } from '../rule.js';
import { eachMatch, foldedText, hitAt, isParsedCode } from '../unit.js';
const HIDDEN_DIRECTIVE_TAG = /<\s{0,3}(?:important|system|instructions?|admin|secret|hidden)\s{0,3}>/gi;

const HTML_COMMENT = /<!--([\s\S]{0,4000}?)-->/g;

/** Text that addresses the model. */
const DIRECTIVE_ADDRESS =
  /\b(?:you\s{1,3}(?:must|should|will|are\s{1,3}to|need\s{1,3}to)|assistant|the\s{1,3}(?:ai|model|agent|llm)\b|ignore\s{1,3}(?:all|any|the|previous|prior|above|your|these|those|this|every)\b|disregard|before\s{1,3}(?:using|answering|responding|replying|calling)|always|never)/i;

/** Text that asks for an action that matters. */
const DIRECTIVE_ACTION =
  /\b(?:send|upload|post\s{1,3}(?:it|the|all)|fetch|curl|wget|execute|run\s{1,3}(?:this|the|it)|read\s{1,3}(?:the|~|\/|\.)|exfil\w{0,10}|secretly|silently|do\s{1,3}not\s{1,3}(?:tell|mention|reveal|inform)|don'?t\s{1,3}(?:tell|mention|reveal|inform)|pass\s{1,3}(?:its|the)\s{1,3}content|include\s{1,3}(?:the|its|all)|call\s{1,3}(?:the|this)\s{1,3}tool|instead\s{1,3}of)\b/i;

const DIRECTIVE_WORDS = { test: (s: string): boolean => DIRECTIVE_ADDRESS.test(s) || DIRECTIVE_ACTION.test(s) };

const HIDDEN_STYLE =
  /<(?:div|span|p|section)\b[^>]{0,200}(?:display\s{0,2}:\s{0,2}none|visibility\s{0,2}:\s{0,2}hidden|font-size\s{0,2}:\s{0,2}0|\bhidden\b)[^>]{0,200}>([\s\S]{0,2000}?)<\/(?:div|span|p|section)>/gi;

const MD_COMMENT = /^\[\/\/\]:\s{0,3}#\s{0,3}\(([^)\n]{10,1000})\)/gm;

/** Directives hidden from rendered views (tags models weight, HTML comments, hidden elements, Markdown comments): tool poisoning. */
export const HIDDEN_DIRECTIVES = unitRule({
  name: 'hidden-directives',
  decoded: true,
  when: (u) => !isParsedCode(u),
  meta: [
    {
      id: 'PROMPT_TOOL_POISONING',
      title: 'Hidden directive in a tool or skill description',
      category: 'prompt-injection',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST01', 'OWASP-AST04'],
      why: 'Directives tucked into descriptions, HTML comments or <important> tags are read by the model but not by the user.',
      remediation: 'Put all instructions in visible text; keep descriptions descriptive.',
    },
  ],
  run(u, ctx) {
    const out = ctx.hits;
    const view = foldedText(u);
    const text = view.text;
    const at = (i: number): number => unfoldOffset(view, i);
    // Directives hidden from rendered views.
    eachMatch(
      HIDDEN_DIRECTIVE_TAG,
      text,
      (m) => {
        const after = text.slice(m.index, Math.min(text.length, m.index + 400));
        if (DIRECTIVE_WORDS.test(after))
          out.push(hitAt(u, 'PROMPT_TOOL_POISONING', at(m.index), m[0].length, { detail: 'Directive wrapped in a tag that models weight and people skim.' }));
      },
      10,
    );
    if (u.lang === 'markdown' || u.lang === 'html') {
      eachMatch(
        HTML_COMMENT,
        text,
        (m) => {
          const body = m[1] ?? '';
          if (body.trim().length >= 20 && DIRECTIVE_WORDS.test(body)) {
            const strong = DIRECTIVE_ADDRESS.test(body) && DIRECTIVE_ACTION.test(body);
            out.push(
              hitAt(u, 'PROMPT_TOOL_POISONING', at(m.index), m[0].length, {
                severity: strong ? 'MEDIUM' : 'LOW',
                detail: 'Instruction-like text inside an HTML comment is invisible when rendered.',
              }),
            );
          }
        },
        10,
      );
      for (const re of [HIDDEN_STYLE, MD_COMMENT]) {
        eachMatch(
          re,
          text,
          (m) => {
            const body = m[1] ?? '';
            if (DIRECTIVE_WORDS.test(body)) {
              const both = DIRECTIVE_ADDRESS.test(body) && DIRECTIVE_ACTION.test(body);
              out.push(
                hitAt(u, 'PROMPT_TOOL_POISONING', at(m.index), m[0].length, {
                  severity: both ? 'HIGH' : 'MEDIUM',
                  detail: 'Text hidden from the rendered view but read by the model.',
                }),
              );
            }
          },
          10,
        );
      }
    }
  },
});
