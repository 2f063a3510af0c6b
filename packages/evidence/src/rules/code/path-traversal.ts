import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { hitAt, isParsedCode } from '../unit.js';

const SANITIZERS =
  /\b(?:basename|realpath|abspath|normpath|resolve|commonpath|is_relative_to|relative_to|secure_filename|safe_join|startswith|startsWith|normalize)\b|\.\.\s{0,2}(?:in|not\s{1,3}in)\b/;

/** A fixed base directory joined with a function parameter and read without a containment check. */
export const CODE_PATH_TRAVERSAL = unitRule({
  name: 'code-path-traversal',
  decoded: false,
  when: isParsedCode,
  meta: [
    {
      id: 'CODE_PATH_TRAVERSAL',
      title: 'File path built from input without confinement',
      category: 'code',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST03'],
      why: 'Joining a fixed directory with an unchecked parameter lets `../` escape the directory and read any file.',
      remediation: 'Resolve the path and check it stays inside the base directory (realpath + commonpath), or use basename.',
    },
  ],
  run(u, ctx) {
    const { code, raw, funcs } = codeModel(u);
    const out = ctx.hits;
    // ── path traversal: fixed base directory joined with an unchecked parameter ──
    for (const f of funcs) {
      if (f.params.length === 0) continue;
      const body = raw.slice(f.start, f.end);
      const bodyCode = code.slice(f.start, f.end);
      if (SANITIZERS.test(bodyCode)) continue;
      if (
        !/(?<![\w.])open\s{0,2}\(|\.read_text\s{0,2}\(|\.read_bytes\s{0,2}\(|\breadFileSync\s{0,2}\(|\breadFile\s{0,2}\(|\bcreateReadStream\s{0,2}\(|\bsend_file\s{0,2}\(/.test(
          bodyCode,
        )
      )
        continue;
      const paramAlt = f.params.filter((p) => /^[A-Za-z_$][\w$]*$/.test(p)).join('|');
      if (!paramAlt) continue;
      const joinRe = new RegExp(
        String.raw`(?:os\.path\.join|path\.join|path\.resolve)\s{0,2}\(\s{0,2}(?:["'\`][/~][^"'\`\n]{0,200}["'\`]|[A-Za-z_$][\w$.]{0,60})\s{0,2},[^)\n]{0,200}?\b(?:${paramAlt})\b|["'\`]\s{0,2}\/\s{0,2}(?:${paramAlt})\b|f["'][/~][^"'\n]{0,200}\{(?:${paramAlt})\}|\`[/~][^\`\n]{0,200}\$\{(?:${paramAlt})\}|["'][/~][^"'\n]{0,200}["']\s{0,2}\+\s{0,2}(?:${paramAlt})\b`,
      );
      const jm = joinRe.exec(body);
      if (!jm) continue;
      // The base must be a fixed absolute/home directory (a literal, or a name bound to one in the function).
      const baseLiteral = /["'`][/~]/.test(jm[0]) || new RegExp(String.raw`\b[A-Za-z_$][\w$]{0,60}\s{0,2}=\s{0,2}["'\`][/~]`).test(body);
      if (!baseLiteral) continue;
      out.push(
        hitAt(u, 'CODE_PATH_TRAVERSAL', f.start + jm.index, jm[0].length, {
          detail: `parameter(s) ${f.params.join(', ')} reach a file path without a containment check`,
        }),
      );
    }
  },
});
