import type { Hit } from '../types.js';
import { unfoldOffset } from '../text/fold.js';
import { AGENT_FILES, CRED_PATH, EXEC_IN_DATA, WALLET_PATH } from './patterns.js';
import { addCap, eachMatch, foldedText, hitAt } from './unit.js';
import type { Facts, Unit } from './unit.js';

/**
 * Rules over instruction text (Markdown and plain text) and data files (JSON/YAML): credential
 * and wallet requests, download-and-run lures, hidden directives, and code payloads in data.
 */

const CRED_VERBS =
  /\b(?:cat|read|open|copy|cp|upload|send|post|print|display|show|paste|include|collect|extract|dump|grab|harvest|base64|curl|scp|tar|zip|attach|forward|email)\b/i;

const SEED_REQUEST =
  /\b(?:enter|paste|provide|send|share|type|input|give|import|submit|reveal|tell\s{1,3}me|ask\s{1,3}(?:the\s{1,3})?user\s{1,3}for)\s{1,4}(?:me\s{1,4})?(?:your|the|their|user'?s?|a|my)\s{1,4}(?:[\w-]{1,20}\s{1,4}){0,2}(?:seed\s{1,3}phrase|mnemonic(?:\s{1,3}phrase)?|recovery\s{1,3}phrase|secret\s{1,3}recovery\s{1,3}phrase|private\s{1,3}keys?|wallet\s{1,3}(?:password|key|backup|file))\b/gi;
const WALLET_MENTION =
  /\b(?:seed\s{1,3}phrase|mnemonic\s{1,3}phrase|recovery\s{1,3}phrase|private\s{1,3}key|wallet\s{1,3}address|crypto\s{0,3}wallet|web3\s{1,3}wallet|sign(?:ing)?\s{1,3}(?:the\s{1,3})?transactions?|metamask|phantom\s{1,3}wallet|hardware\s{1,3}wallet|swap\s{1,3}\d|token\s{1,3}swaps?)\b/i;

const EXE_DOWNLOAD =
  /\b(?:download|get|grab|fetch|install)\b[^\n]{0,160}?\b[\w.-]{1,80}\.(?:exe|msi|dmg|pkg|scr|bat|cmd|vbs|jar|apk|appimage|run|bin)\b[^\n]{0,40}/gi;
const RUN_VERB = /\b(?:run|execute|open|launch|start|double[- ]click|install)\b/i;
const PASSWORD_ARCHIVE =
  /\b(?:extract|unzip|unpack|open|decompress)\b[^\n]{0,60}?\b(?:with\s{1,3}|using\s{1,3})?(?:the\s{1,3})?(?:password|passphrase|pass|pwd)\s{0,3}[:=]?\s{0,3}[`'"*]{0,2}[\w!@#$%^&*-]{1,32}|\b(?:password|passphrase)[- ]protected\s{1,3}(?:zip|archive|rar|7z)\b|\b(?:zip|archive|rar|7z)\b[^\n]{0,40}\b(?:password|passphrase)\s{0,3}[:=]\s{0,3}[`'"*]{0,2}[\w!@#$%^&*-]{1,32}/gi;

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

const AGENT_CONFIG_REDIRECT = new RegExp(String.raw`(?:>>?|\btee\s{1,3}(?:-a\s{1,3})?)\s{0,3}["']?[\w./~$-]{0,80}${AGENT_FILES}`, 'gi');
const AGENT_CONFIG =
  /\b(?:add|append|write|insert|save|put|inject|modify|update|edit|overwrite)\b[^\n.]{0,80}?(?:\bCLAUDE\.md\b|\bAGENTS\.md\b|\.claude[/\\]settings(?:\.local)?\.json|\.cursorrules\b|\.cursor[/\\](?:rules|mcp\.json)|copilot-instructions\.md|claude_desktop_config\.json|\bMEMORY\.md\b|\.codex[/\\]|\.openclaw[/\\]|\bsystem\s{1,3}prompt\s{1,3}file)/gi;

/** Fenced code blocks in Markdown: language and body range. */
export function fencedBlocks(text: string): Array<{ lang: string; start: number; end: number }> {
  const out: Array<{ lang: string; start: number; end: number }> = [];
  const re = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]{0,4}([\w+-]{0,20})[^\n]{0,100}\n/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < 2000) {
    const fence = m[1]!;
    const start = m.index + m[0].length;
    const closeRe = new RegExp(`^[ \\t]{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'gm');
    closeRe.lastIndex = start;
    const c = closeRe.exec(text);
    const end = c ? c.index : text.length;
    out.push({ lang: m[2]!.toLowerCase(), start, end });
    re.lastIndex = c ? c.index + c[0].length : text.length;
  }
  return out;
}

export function scanInstructions(u: Unit, facts: Facts, out: Hit[]): void {
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
  eachMatch(
    SEED_REQUEST,
    text,
    (m) => {
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      const before = text.slice(Math.max(lineStart, m.index - 60), m.index);
      if (/\b(?:never|don'?t|do\s+not|will\s+not|won'?t|no\s+one|nobody)\b/i.test(before)) return;
      out.push(hitAt(u, 'WALLET_ACCESS', at(m.index), m[0].length, { detail: 'Asks for a seed phrase, private key or wallet secret.' }));
      facts.credentialInstructions.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: m[0] });
    },
    20,
  );
  const wm = WALLET_MENTION.exec(text);
  if (wm) addCap(facts, 'wallet', u, at(wm.index), wm[0]);

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
  eachMatch(
    /\b(?:curl|wget|http|httpie|xh)\b[^\n|;]{0,200}?(?:\s(?:-d|-F|-T)\s{0,2}\S|\s--(?:data(?:-binary|-raw|-urlencode)?|form|upload-file|post-data|post-file)\b|\s-X\s{0,2}(?:POST|PUT|PATCH)\b)/g,
    text,
    (m) => {
      facts.sends.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: m[0].slice(0, 80) });
    },
    20,
  );
  eachMatch(
    /(?:^|[;&|(`$]\s{0,3})(?:env|printenv|set|export\s{1,3}-p)\s{0,3}\|\s{0,3}(?:base64\s{0,3}\|\s{0,3})?(?:curl|wget|nc|ncat|gzip|tar|xxd|openssl)\b/gm,
    text,
    (m) => {
      out.push(hitAt(u, 'ENV_HARVEST', at(m.index), m[0].length, { detail: 'The whole environment is piped into a transfer tool.' }));
      facts.envHarvest.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: m[0] });
    },
    5,
  );
  eachMatch(
    /\b(?:nslookup|dig|host|ping)\s{1,3}[^\n]{0,40}\$\((?:whoami|hostname|id|cat|env|printenv|echo\s{1,3}\$)[^\n)]{0,80}\)[^\n]{0,10}\.[a-z0-9-]{2,63}\.[a-z]{2,24}/gi,
    text,
    (m) => {
      out.push(hitAt(u, 'EXFIL_DATA_FLOW', at(m.index), m[0].length, { detail: 'Local data is encoded into a DNS lookup (DNS exfiltration).' }));
    },
    5,
  );

  // Packages from untrusted indexes or URLs (dependency confusion, unreviewed code).
  eachMatch(
    /\bpip3?\s{1,3}install\b[^\n]{0,200}?(?:--(?:extra-)?index-url|\s-i)\s{1,3}(?:https?:\/\/)(?!pypi\.org|files\.pythonhosted\.org|download\.pytorch\.org)[^\s]{3,200}|\bpip3?\s{1,3}install\b[^\n]{0,200}?--trusted-host\b|\bnpm\s{1,3}(?:i|install|add)\b[^\n]{0,120}?--registry[= ]\s{0,2}https?:\/\/(?!registry\.npmjs\.org)[^\s]{3,200}/gi,
    text,
    (m) => {
      out.push(hitAt(u, 'SUPPLY_CHAIN_UNTRUSTED_SOURCE', at(m.index), m[0].length));
    },
    10,
  );
  eachMatch(
    /\b(?:pip3?\s{1,3}install|npm\s{1,3}(?:i|install|add)|yarn\s{1,3}add|pnpm\s{1,3}add|uv\s{1,3}pip\s{1,3}install)\b[^\n]{0,120}?\s(?:git\+https?:\/\/|https?:\/\/[^\s]{3,200}\.(?:tgz|tar\.gz|whl|zip)\b)/gi,
    text,
    (m) => {
      out.push(
        hitAt(u, 'SUPPLY_CHAIN_UNTRUSTED_SOURCE', at(m.index), m[0].length, {
          severity: 'MEDIUM',
          detail: 'Installs code straight from a URL or git repository, outside the registry.',
        }),
      );
    },
    10,
  );

  // Download-and-run lures.
  eachMatch(
    EXE_DOWNLOAD,
    text,
    (m) => {
      const window = text.slice(m.index, Math.min(text.length, m.index + 600));
      if (!RUN_VERB.test(window)) return;
      out.push(
        hitAt(u, 'EXEC_DOWNLOAD_AND_RUN', at(m.index), m[0].length, {
          severity: 'HIGH',
          blocking: false,
          detail: 'Tells the reader to download an executable and run it.',
        }),
      );
    },
    10,
  );
  eachMatch(
    PASSWORD_ARCHIVE,
    text,
    (m) => {
      out.push(hitAt(u, 'EXEC_PASSWORD_ARCHIVE', at(m.index), m[0].length));
    },
    10,
  );

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

  // Writing into the agent's own configuration or memory.
  eachMatch(
    AGENT_CONFIG,
    text,
    (m) => {
      out.push(hitAt(u, 'PERSISTENCE_AGENT_CONFIG', at(m.index), m[0].length, u.role === 'prose' ? { severity: 'MEDIUM' } : {}));
    },
    10,
  );
  if (u.role === 'code') {
    eachMatch(AGENT_CONFIG_REDIRECT, text, (m) => out.push(hitAt(u, 'PERSISTENCE_AGENT_CONFIG', at(m.index), m[0].length)), 10);
  }

  // Code payloads in data: JSON/YAML files, and json/yaml blocks (or escaped JSON strings) in Markdown.
  if (u.lang === 'json' || u.lang === 'yaml') {
    eachMatch(new RegExp(EXEC_IN_DATA.source, 'g'), text, (m) => out.push(hitAt(u, 'CODE_EXEC_IN_DATA', at(m.index), m[0].length)), 10);
  } else if (u.lang === 'markdown') {
    const blocks = fencedBlocks(text).filter((b) => /^(?:json|jsonc|json5|yaml|yml|toml)$/.test(b.lang));
    eachMatch(
      new RegExp(EXEC_IN_DATA.source, 'g'),
      text,
      (m) => {
        const inData = blocks.some((b) => m.index >= b.start && m.index < b.end) || /\\["']/.test(m[0]);
        if (inData) out.push(hitAt(u, 'CODE_EXEC_IN_DATA', at(m.index), m[0].length));
      },
      10,
    );
  }
}
