import { unfoldOffset } from '../../text/fold.js';
import { CRED_PATH, WALLET_PATH } from '../patterns.js';
import { unitRule } from '../rule.js';
import { addCap, eachMatch, foldedText, hitAt, isParsedCode } from '../unit.js';
const CRED_VERBS =
  /\b(?:cat|read|open|copy|cp|upload|send|post|print|display|show|paste|include|collect|extract|dump|grab|harvest|base64|curl|scp|tar|zip|attach|forward|email)\b/i;

const SEED_REQUEST =
  /\b(?:enter|paste|provide|send|share|type|input|give|import|submit|reveal|tell\s{1,3}me|ask\s{1,3}(?:the\s{1,3})?user\s{1,3}for)\s{1,4}(?:me\s{1,4})?(?:your|the|their|user'?s?|a|my)\s{1,4}(?:[\w-]{1,20}\s{1,4}){0,2}(?:seed\s{1,3}phrase|mnemonic(?:\s{1,3}phrase)?|recovery\s{1,3}phrase|secret\s{1,3}recovery\s{1,3}phrase|private\s{1,3}keys?|wallet\s{1,3}(?:password|key|backup|file))\b/gi;

const WALLET_MENTION =
  /\b(?:seed\s{1,3}phrase|mnemonic\s{1,3}phrase|recovery\s{1,3}phrase|private\s{1,3}key|wallet\s{1,3}address|crypto\s{0,3}wallet|web3\s{1,3}wallet|sign(?:ing)?\s{1,3}(?:the\s{1,3})?transactions?|metamask|phantom\s{1,3}wallet|hardware\s{1,3}wallet|swap\s{1,3}\d|token\s{1,3}swaps?)\b/i;

/** Credential stores, wallets and seed phrases named in instructions and data (prose without a read verb is LOW), and scripted password dialogs. */
export const CREDENTIAL_INSTRUCTIONS = unitRule({
  name: 'credential-instructions',
  decoded: true,
  when: (u) => !isParsedCode(u),
  meta: [
    {
      id: 'CREDENTIAL_STORE_ACCESS',
      title: 'Reads credential stores',
      category: 'credentials',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST03'],
      why: "SSH keys, cloud credentials, browser password stores and keychains give whoever reads them the user's identity.",
      remediation: "Do not read credential stores; ask for a scoped token through the host's secret mechanism.",
    },
    {
      id: 'WALLET_ACCESS',
      title: 'Accesses crypto wallets, seed phrases or private keys',
      category: 'credentials',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST03'],
      why: 'Seed phrases and wallet keys give irreversible control over funds.',
      remediation: 'Never ask for or read seed phrases or private keys; use a hardware or external signer.',
    },
  ],
  run(u, ctx) {
    const facts = ctx.facts;
    const out = ctx.hits;
    const view = foldedText(u);
    const text = view.text;
    const at = (i: number): number => unfoldOffset(view, i);
    // Credential and wallet stores named in instructions.
    if (
      /\.ssh|\.aws|\.kube|\.docker|netrc|credentials|gcloud|shadow|gnupg|login data|cookies|key[34]\.db|logins\.json|keychain|cmdkey|vaultcmd|password-store|wallet|electrum|bitcoin|ethereum|keystore|exodus|solana/i.test(
        text,
      )
    ) {
      eachMatch(
        /[^\n]{1,400}/g,
        text,
        (m) => {
          const line = m[0];
          const cred = CRED_PATH.exec(line);
          const wallet = cred ? null : WALLET_PATH.exec(line);
          const hit = cred ?? wallet;
          if (!hit) return;
          // An instruction acts on the store: a verb just before the path, or the path piped onward.
          const before = line.slice(Math.max(0, hit.index - 60), hit.index);
          const imperative =
            /\b(?:security|cmdkey|vaultcmd)\b/i.test(hit[0]) ||
            CRED_VERBS.test(before) ||
            /^[^|\n]{0,80}\|\s{0,3}(?:curl|wget|nc|ncat|base64|gzip|xxd|openssl|tar)\b/.test(line.slice(hit.index));
          const id = cred ? 'CREDENTIAL_STORE_ACCESS' : 'WALLET_ACCESS';
          out.push(
            hitAt(
              u,
              id,
              at(m.index + hit.index),
              hit[0].length,
              imperative ? {} : { severity: 'LOW', detail: 'Named in prose without an instruction to read it.' },
            ),
          );
          if (imperative) facts.credentialInstructions.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: hit[0] });
        },
        100000,
      );
    }
    let asked = false;
    eachMatch(
      SEED_REQUEST,
      text,
      (m) => {
        const lineStart = text.lastIndexOf('\n', m.index) + 1;
        const before = text.slice(Math.max(lineStart, m.index - 60), m.index);
        if (/\b(?:never|don'?t|do\s+not|will\s+not|won'?t|no\s+one|nobody)\b/i.test(before)) return;
        asked = true;
        out.push(hitAt(u, 'WALLET_ACCESS', at(m.index), m[0].length, { detail: 'Asks for a seed phrase, private key or wallet secret.' }));
        facts.credentialInstructions.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: m[0] });
      },
      20,
    );
    // Prose that names keys or seed phrases (a scanner's pattern list, a warning) uses no wallet; prose that asks for one does.
    const wm = WALLET_MENTION.exec(text);
    if (wm && (u.role !== 'prose' || asked)) addCap(facts, 'wallet', u, at(wm.index), wm[0]);

    // Fake password dialogs (macOS stealers) and shell-level sends.
    eachMatch(
      /\bosascript\b[^\n]{0,200}display\s{1,3}dialog[^\n]{0,200}(?:hidden\s{1,3}answer|password)/gi,
      text,
      (m) => {
        out.push(hitAt(u, 'CREDENTIAL_STORE_ACCESS', at(m.index), m[0].length, { detail: "A scripted dialog that asks for the user's password." }));
        facts.credentialInstructions.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: 'password dialog' });
      },
      5,
    );
  },
});
