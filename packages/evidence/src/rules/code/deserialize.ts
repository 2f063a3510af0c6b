import { matchParen } from './parse.js';
import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { eachMatch, hitAt, isParsedCode } from '../unit.js';

/** Deserialisation with loaders that execute code (of downloaded bytes: fetched-code execution). */
export const CODE_DESERIALIZATION = unitRule({
  name: 'code-deserialization',
  decoded: false,
  when: isParsedCode,
  meta: [
    {
      id: 'CODE_INSECURE_DESERIALIZATION',
      title: 'Deserialises data that can execute code',
      category: 'code',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'pickle, marshal, dill and unsafe YAML loaders run code embedded in the data; loading downloaded or caller-supplied bytes is remote code execution.',
      remediation: 'Use JSON or yaml.safe_load; never unpickle data you did not produce.',
    },
  ],
  alsoReports: ['EXEC_FETCHED_CODE'],
  run(u, ctx) {
    const { py, code, raw, kindsIn } = codeModel(u);
    const out = ctx.hits;
    // ── deserialisation that executes code ──
    const deserRe = py
      ? /\b(?:pickle|cPickle|_pickle|dill|marshal|shelve|jsonpickle)\.(?:loads?|decode|open)\s{0,2}\(|\byaml\.(?:unsafe_load|load)\s{0,2}\(|\bnumpy\.load\s{0,2}\([^)]{0,200}allow_pickle\s{0,2}=\s{0,2}True/g
      : /\b(?:serialize|node-serialize)\b[^\n]{0,40}\.unserialize\s{0,2}\(|\bunserialize\s{0,2}\(/g;
    eachMatch(
      deserRe,
      code,
      (m) => {
        const open = m.index + m[0].lastIndexOf('(');
        const close = matchParen(code, open);
        const argsRaw = raw.slice(open + 1, close < 0 ? Math.min(raw.length, open + 400) : close);
        if (/yaml\.load/.test(m[0]) && /Loader\s{0,2}=\s{0,2}(?:yaml\.)?(?:Safe|Base|CSafe)Loader/.test(argsRaw)) return;
        const fromNet = kindsIn(argsRaw).has('net');
        out.push(
          hitAt(
            u,
            fromNet ? 'EXEC_FETCHED_CODE' : 'CODE_INSECURE_DESERIALIZATION',
            m.index,
            m[0].length,
            fromNet ? { detail: 'Downloaded bytes are deserialised with a loader that runs code.' } : { severity: /yaml/.test(m[0]) ? 'MEDIUM' : 'HIGH' },
          ),
        );
      },
      10,
    );
  },
});
