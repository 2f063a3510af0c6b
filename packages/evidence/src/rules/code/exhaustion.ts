import { matchParen } from './parse.js';
import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { eachMatch, hitAt, isParsedCode } from '../unit.js';

/** Loops with no exit, wait or bound, and multi-million element allocations. */
export const CODE_EXHAUSTION = unitRule({
  name: 'code-resource-exhaustion',
  decoded: false,
  when: isParsedCode,
  meta: [
    {
      id: 'CODE_RESOURCE_EXHAUSTION',
      title: 'Unbounded loop or allocation',
      category: 'code',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST03'],
      why: 'A loop with no exit, no wait and no bound, or a multi-million element allocation, exhausts the host.',
      remediation: 'Bound the loop (exit condition, timeout, sleep) and the allocation.',
    },
  ],
  run(u, ctx) {
    const { py, code } = codeModel(u);
    const out = ctx.hits;
    // ── unbounded loops and allocations ──
    const exitWords =
      /\b(?:break|return|raise|throw|exit|quit|_exit|sleep|wait|await|yield|accept|recv|input|select|poll|timeout|join|read|readline|get|next|pop|task_done|setTimeout|Event|sys\.exit|process\.exit)\b/;
    if (py) {
      eachMatch(
        /^([ \t]{0,40})while\s{1,3}(?:True|1)\s{0,3}:/gm,
        code,
        (m) => {
          const indent = m[1]!.length;
          const start = m.index + m[0].length;
          let end = code.length;
          let pos = code.indexOf('\n', start);
          while (pos >= 0) {
            const next = code.indexOf('\n', pos + 1);
            const line = code.slice(pos + 1, next < 0 ? code.length : next);
            if (line.trim().length > 0 && /^[ \t]*/.exec(line)![0].length <= indent) {
              end = pos;
              break;
            }
            if (next < 0) break;
            pos = next;
          }
          if (exitWords.test(code.slice(start, end))) return;
          // A loop inside `try:` ends by exception (seek/next past the end): the idiomatic bounded form.
          const before = code
            .slice(Math.max(0, m.index - 4000), m.index)
            .split('\n')
            .reverse();
          for (const l of before) {
            if (l.trim() === '') continue;
            const ind = /^[ \t]*/.exec(l)![0].length;
            if (ind < indent) {
              if (/^\s*try\s*:/.test(l)) return;
              break;
            }
          }
          out.push(hitAt(u, 'CODE_RESOURCE_EXHAUSTION', m.index, m[0].length, { detail: 'loop has no exit, wait or bound' }));
        },
        10,
      );
    } else {
      eachMatch(
        /\bwhile\s{0,3}\(\s{0,3}(?:true|1)\s{0,3}\)\s{0,3}\{|\bfor\s{0,3}\(\s{0,3};\s{0,3};\s{0,3}\)\s{0,3}\{/g,
        code,
        (m) => {
          const open = m.index + m[0].length - 1;
          const close = matchParen(code, open, 200000);
          if (!exitWords.test(code.slice(open, close < 0 ? code.length : close)))
            out.push(hitAt(u, 'CODE_RESOURCE_EXHAUSTION', m.index, m[0].length, { detail: 'loop has no exit, wait or bound' }));
        },
        10,
      );
    }
    eachMatch(
      /\[[^\]\n]{1,80}\]\s{0,3}\*\s{0,3}(?:\d{7,}|\d{1,3}\s{0,2}\*\*\s{0,2}(?:[7-9]|\d{2}))\b|\bnew\s{1,3}Array\s{0,2}\(\s{0,2}\d{8,}\s{0,2}\)|\.repeat\s{0,2}\(\s{0,2}\d{8,}\s{0,2}\)/g,
      code,
      (m) => {
        out.push(hitAt(u, 'CODE_RESOURCE_EXHAUSTION', m.index, m[0].length, { detail: 'multi-million element allocation' }));
      },
      5,
    );
  },
});
