import { matchParen } from './parse.js';
import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { eachMatch, hitAt, isParsedCode } from '../unit.js';
import type { Unit } from '../unit.js';
import type { HitSink } from '../rule.js';

type EvaluationRuleId = 'CODE_DYNAMIC_EVAL' | 'CODE_SHELL_INJECTION' | 'EXEC_FETCHED_CODE' | 'EXEC_OBFUSCATED_CODE';

/** Dynamic evaluation of non-constant input (fetched or decoded code blocks), and shell commands built from variables. */
export const CODE_EVALUATION = unitRule({
  name: 'code-evaluation',
  decoded: false,
  when: isParsedCode,
  meta: [
    {
      id: 'CODE_DYNAMIC_EVAL',
      title: 'Dynamic code evaluation of non-constant input',
      category: 'code',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'eval/exec/new Function on data that is not a constant runs whatever that data says (code injection).',
      remediation: 'Parse the input instead (ast.literal_eval, JSON.parse, an expression parser).',
    },
    {
      id: 'CODE_SHELL_INJECTION',
      title: 'Shell command built from variables',
      category: 'code',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST03'],
      why: 'A shell command assembled from variables can be subverted by crafted input.',
      remediation: 'Pass an argument list without a shell (shell=False / execFile).',
    },
  ],
  alsoReports: ['EXEC_FETCHED_CODE', 'EXEC_OBFUSCATED_CODE'],
  run(u, ctx) {
    scanEvaluation(u, ctx.hits);
  },
});

/** Evaluation and shell calls in one lexed unit (also used for code blocks inside Markdown). */
export function scanEvaluation(u: Unit, out: HitSink<EvaluationRuleId>): void {
  const { py, code, raw, kindsIn } = codeModel(u);
  // ── dynamic evaluation ──
  const evalRe = py
    ? /(?<![\w.])(?:eval|exec|execfile)\s{0,2}\(/g
    : /(?<![\w.$])eval\s{0,2}\(|\bnew\s{1,3}Function\s{0,2}\(|(?<![\w.$])Function\s{0,2}\(|\bvm\.(?:runInNewContext|runInThisContext|runInContext|compileFunction)\s{0,2}\(|\bnew\s{1,3}vm\.Script\s{0,2}\(|(?<![\w.$])set(?:Timeout|Interval)\s{0,2}\(\s{0,2}["'`]/g;
  eachMatch(
    evalRe,
    code,
    (m) => {
      if (/\b(?:def|function|async)\s{1,3}$|\.\s{0,2}$/.test(code.slice(Math.max(0, m.index - 12), m.index))) return; // a definition or method, not a call
      const open = m.index + m[0].lastIndexOf('(');
      const close = matchParen(code, open);
      const argsCode = code.slice(open + 1, close < 0 ? Math.min(code.length, open + 400) : close);
      const argsRaw = raw.slice(open + 1, close < 0 ? Math.min(raw.length, open + 400) : close);
      if (/^\s*(?:[rbuRBU]{0,2}["'`])[\s]*["'`]?\s*(?:,[^()]{0,80})?$/.test(argsCode) && !/[{$]/.test(argsRaw)) return; // literal only
      if (argsCode.trim() === '') return;
      const k = kindsIn(argsRaw);
      if (k.has('net')) out.push(hitAt(u, 'EXEC_FETCHED_CODE', m.index, m[0].length));
      else if (k.has('decode')) out.push(hitAt(u, 'EXEC_OBFUSCATED_CODE', m.index, m[0].length));
      else out.push(hitAt(u, 'CODE_DYNAMIC_EVAL', m.index, m[0].length));
    },
    30,
  );

  // ── shell built from variables ──
  const shellRe = py
    ? /\bos\.(?:system|popen)\s{0,2}\(|\bsubprocess\.(?:run|call|Popen|check_output|check_call|getoutput|getstatusoutput)\s{0,2}\(/g
    : /(?<![\w.$])(?:exec|execSync)\s{0,2}\(/g;
  if (py || /\bchild_process\b/.test(code)) {
    eachMatch(
      shellRe,
      code,
      (m) => {
        const open = m.index + m[0].length - 1;
        const close = matchParen(code, open);
        if (close < 0) return;
        const argsCode = code.slice(open + 1, close);
        const argsRaw = raw.slice(open + 1, close);
        const k = kindsIn(argsRaw);
        if (k.has('net')) {
          out.push(hitAt(u, 'EXEC_FETCHED_CODE', m.index, m[0].length));
          return;
        }
        const shellish = py ? /^\s*os\./.test(m[0]) || /\bshell\s{0,2}=\s{0,2}True/.test(argsCode) || /getoutput/.test(m[0]) : true;
        if (!shellish) return;
        const first = argsCode.split(',')[0] ?? '';
        const literal = /^\s*[rbuRBU]{0,2}["'`]\s*["'`]\s*$/.test(first) && !/\{[^}]{1,100}\}|\$\{/.test(argsRaw.split(',')[0] ?? '');
        if (!literal) out.push(hitAt(u, 'CODE_SHELL_INJECTION', m.index, m[0].length));
      },
      20,
    );
  }
}
