import { AGENT_FILE_RE, CRED_PATH, WALLET_PATH } from '../patterns.js';
import { unitRule } from '../rule.js';
import { addCap, hitAt, isParsedCode } from '../unit.js';

/** Credential stores and wallets named by path strings in code, and writes into the agent's own instruction or settings files. */
export const CODE_STORES = unitRule({
  name: 'code-credential-stores',
  decoded: false,
  when: isParsedCode,
  meta: [],
  alsoReports: ['CREDENTIAL_STORE_ACCESS', 'WALLET_ACCESS', 'PERSISTENCE_AGENT_CONFIG'],
  run(u, ctx) {
    const lx = u.lexed!;
    const facts = ctx.facts;
    const out = ctx.hits;
    // ── credential stores and wallets referenced by code ──
    for (const s of lx.strings) {
      // Path-like strings only: a sentence that mentions a store (a docstring) is not an access.
      if (s.value.length > 400 || s.value.trim().split(/\s+/).length > 3) continue;
      const cred = CRED_PATH.exec(s.value);
      const wallet = cred ? null : WALLET_PATH.exec(s.value);
      if (cred || wallet) {
        out.push(hitAt(u, cred ? 'CREDENTIAL_STORE_ACCESS' : 'WALLET_ACCESS', s.start, s.end - s.start));
        facts.credentialReads.push({ file: u.file, line: u.lines.lineOf(s.start), what: s.value.slice(0, 80) });
        if (wallet) addCap(facts, 'wallet', u, s.start, s.value.slice(0, 60));
      }
    }

    // ── writes into the agent's own instruction or settings files ──
    for (const s of lx.strings) {
      if (s.value.length > 300 || !AGENT_FILE_RE.test(s.value)) continue;
      const line = u.lines.lineText(u.lines.lineOf(s.start));
      if (
        /\bopen\s{0,2}\([^)]{0,300}["'](?:a|w|a\+|w\+|ab|wb)["']|\.write_text\s{0,2}\(|\.write\s{0,2}\(|\b(?:writeFile|appendFile)(?:Sync)?\s{0,2}\(|\bcreateWriteStream\s{0,2}\(/.test(
          line,
        )
      ) {
        out.push(hitAt(u, 'PERSISTENCE_AGENT_CONFIG', s.start, s.end - s.start));
      }
    }
  },
});
