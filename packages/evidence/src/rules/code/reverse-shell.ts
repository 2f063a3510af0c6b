import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { eachMatch, hitAt, isParsedCode } from '../unit.js';

/** A network socket wired to a shell's standard streams. */
export const CODE_REVERSE_SHELL = unitRule({
  name: 'code-reverse-shell',
  decoded: false,
  when: isParsedCode,
  meta: [],
  alsoReports: ['EXEC_REVERSE_SHELL'],
  run(u, ctx) {
    const { py, code, raw } = codeModel(u);
    const out = ctx.hits;
    // ── reverse shells in code: a socket wired to a shell's standard streams ──
    const revPy = py && /\bsocket\b/.test(code) ? /\bos\.dup2\s{0,2}\(\s{0,2}[\w.]{1,40}\.fileno\s{0,2}\(\s{0,2}\)|\bpty\.spawn\s{0,2}\(/g : null;
    const revJs =
      !py && /\bnet\.(?:connect|createConnection|Socket)\b/.test(code)
        ? /\b(?:spawn|exec)\s{0,2}\(\s{0,2}["'`](?:\/bin\/|\/usr\/bin\/)?(?:ba|z|da)?sh\b|\b(?:cmd|powershell)\.exe\b/g
        : null;
    const revRe = revPy ?? revJs;
    if (revRe) {
      const view = revPy ? code : raw;
      eachMatch(revRe, view, (m) => out.push(hitAt(u, 'EXEC_REVERSE_SHELL', m.index, m[0].length, { detail: 'A network socket is connected to a shell.' })), 3);
    }
  },
});
