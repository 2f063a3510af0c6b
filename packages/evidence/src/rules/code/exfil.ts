import { matchParen, stripAuthArgs, wordRe } from './parse.js';
import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { eachMatch, hitAt, isParsedCode } from '../unit.js';

/** Outbound sends as facts, and secret or environment data flowing into a request (credentials sent as authentication headers are not exfiltration). */
export const CODE_EXFILTRATION = unitRule({
  name: 'code-exfiltration',
  decoded: false,
  when: isParsedCode,
  meta: [
    {
      id: 'EXFIL_DATA_FLOW',
      title: 'Secret or environment data flows into an outbound request',
      category: 'exfiltration',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'An environment value or file content placed in a request body leaves the machine.',
      remediation: 'Send credentials only as authentication headers to the declared API host; never in bodies or to other hosts.',
    },
  ],
  run(u, ctx) {
    const { py, code, raw, funcs, kindsIn, sendRe, sendFuncs } = codeModel(u);
    const facts = ctx.facts;
    const out = ctx.hits;
    // ── outbound sends and data flows into them ──
    eachMatch(
      sendRe,
      code,
      (m) => {
        const open = m.index + m[0].lastIndexOf('(');
        if (
          !py &&
          /\.(?:send|write)\s{0,2}\($/.test(m[0]) &&
          !/\b(?:socket|ws|sock|conn|req|request|client)\b/i.test(code.slice(Math.max(0, m.index - 30), m.index))
        )
          return;
        const close = matchParen(code, open);
        const argsRaw = raw.slice(open + 1, close < 0 ? Math.min(raw.length, open + 2000) : close);
        if (
          !py &&
          /fetch|axios\s{0,2}\(/.test(m[0]) &&
          !/\b(?:body|data)\s{0,2}:/.test(argsRaw) &&
          !/method\s{0,2}:\s{0,2}["'](?:POST|PUT|PATCH)/i.test(argsRaw)
        ) {
          // A plain GET. Still a flow when the URL itself carries data.
          const k = kindsIn(argsRaw);
          if (k.has('env') || k.has('cred') || k.has('harvest')) {
            const stripped = stripAuthArgs(argsRaw);
            const ks = kindsIn(stripped);
            if (ks.has('env') || ks.has('cred') || ks.has('harvest'))
              out.push(hitAt(u, 'EXFIL_DATA_FLOW', m.index, m[0].length, { detail: `data from ${[...ks].sort().join(', ')} goes into the request` }));
          }
          return;
        }
        if (py && /urlopen/.test(m[0]) && !/\bdata\s{0,2}=|Request\s{0,2}\(/.test(argsRaw)) return;
        facts.sends.push({ file: u.file, line: u.lines.lineOf(m.index), what: m[0].trim() });
        const ks = kindsIn(stripAuthArgs(argsRaw));
        const sensitive = [...ks].filter((k) => k === 'env' || k === 'cred' || k === 'harvest' || k === 'file');
        if (sensitive.length > 0 && (ks.has('env') || ks.has('cred') || ks.has('harvest'))) {
          out.push(hitAt(u, 'EXFIL_DATA_FLOW', m.index, m[0].length, { detail: `data from ${sensitive.sort().join(', ')} goes into the request body` }));
        }
      },
      50,
    );
    // Calls into functions that send, with sensitive arguments.
    const sendFuncRe = wordRe(sendFuncs);
    if (sendFuncRe) {
      const callRe = new RegExp(`${sendFuncRe.source}\\s{0,2}\\(`, 'g');
      eachMatch(
        callRe,
        code,
        (m) => {
          const inDef = funcs.some((f) => f.start === m.index || code.slice(Math.max(0, m.index - 12), m.index).match(/\bdef\s{1,3}$|\bfunction\s{1,3}$/));
          if (inDef) return;
          const open = m.index + m[0].length - 1;
          const close = matchParen(code, open);
          const argsRaw = raw.slice(open + 1, close < 0 ? open + 1 : close);
          const ks = kindsIn(argsRaw);
          if (ks.has('env') || ks.has('cred') || ks.has('harvest')) {
            out.push(
              hitAt(u, 'EXFIL_DATA_FLOW', m.index, m[0].length, {
                detail: `data from ${[...ks]
                  .filter((k) => k !== 'net' && k !== 'decode')
                  .sort()
                  .join(', ')} is passed to a function that sends it out`,
              }),
            );
          }
        },
        20,
      );
    }
  },
});
