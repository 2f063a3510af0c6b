import { EXEC_IN_DATA } from '../patterns.js';
import { unitRule } from '../rule.js';
import { hitAt, isParsedCode } from '../unit.js';

/** Process-spawning code inside string values of Python and JS/TS. */
export const CODE_STRING_PAYLOADS = unitRule({
  name: 'code-string-payloads',
  decoded: false,
  when: isParsedCode,
  meta: [],
  alsoReports: ['CODE_EXEC_IN_DATA'],
  run(u, ctx) {
    const lx = u.lexed!;
    const out = ctx.hits;
    // ── process-spawning code inside string values ──
    for (const s of lx.strings) {
      if (s.value.length < 12 || s.value.length > 4000) continue;
      if (EXEC_IN_DATA.test(s.value)) out.push(hitAt(u, 'CODE_EXEC_IN_DATA', s.start, s.end - s.start));
    }
  },
});
