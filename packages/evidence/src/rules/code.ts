import type { Hit } from '../types.js';
import { AGENT_FILE_RE, CRED_PATH, EXEC_IN_DATA, WALLET_PATH } from './patterns.js';
import { addCap, eachMatch, hitAt, newFacts } from './unit.js';
import type { Facts, Unit } from './unit.js';

/**
 * Code rules for Python and JS/TS. They read the `code` view (comments and string contents
 * blanked) for structure and the `noComments` view for argument contents, so a dangerous call
 * described in a comment or docstring never fires, while a command inside a string still does.
 */

type Kind = 'env' | 'cred' | 'file' | 'net' | 'decode' | 'harvest';

interface CapPattern {
  cap: 'shell' | 'env' | 'process' | 'filesystem' | 'wallet' | 'network';
  re: RegExp;
}

const PY_CAPS: CapPattern[] = [
  {
    cap: 'process',
    re: /\bsubprocess\.(?:run|call|Popen|check_output|check_call|getoutput|getstatusoutput)\s{0,2}\(|\bos\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|startfile|fork|kill)\s{0,2}\(|\bpty\.spawn\(|\bcreate_subprocess_(?:exec|shell)\(/g,
  },
  { cap: 'shell', re: /\bos\.(?:system|popen)\s{0,2}\(|\bshell\s{0,2}=\s{0,2}True\b|\bcreate_subprocess_shell\(|\bsubprocess\.getoutput\(/g },
  { cap: 'env', re: /\bos\.environ\b|\b(?:os\.)?getenv\s{0,2}\(|\benviron\.get\s{0,2}\(|\bload_dotenv\s{0,2}\(/g },
  {
    cap: 'filesystem',
    re: /(?<![\w.])open\s{0,2}\(|\.(?:read_text|write_text|read_bytes|write_bytes|mkdir|unlink|rmdir|rename|touch)\s{0,2}\(|\bshutil\.\w{2,20}\(|\bos\.(?:remove|unlink|rename|makedirs|mkdir|listdir|walk|scandir|rmdir|chmod|chown)\s{0,2}\(|\bglob\.i?glob\s{0,2}\(/g,
  },
  {
    cap: 'network',
    re: /\brequests\.(?:get|post|put|patch|delete|head|request|Session)\b|\bhttpx\.\w{2,12}\b|\burllib\.request\b|\burlopen\s{0,2}\(|\burlretrieve\s{0,2}\(|\bhttp\.client\b|\bHTTPS?Connection\s{0,2}\(|\bsocket\.socket\s{0,2}\(|\baiohttp\.|\bwebsockets?\.connect|\bsmtplib\.|\bftplib\.|\bparamiko\.|\b(?:Anthropic|OpenAI|AsyncAnthropic|AsyncOpenAI)\s{0,2}\(/g,
  },
  {
    cap: 'wallet',
    re: /\bAccount\.(?:from_key|create|from_mnemonic)\b|\beth_account\b|\.sign_transaction\s{0,2}\(|\bsend_raw_transaction\b|\bKeypair\.from_(?:secret_key|seed)\b|\bMnemonic\s{0,2}\(|\bbip39\b|\bHDWallet\b/g,
  },
];

const JS_CAPS: CapPattern[] = [
  {
    cap: 'process',
    re: /\bchild_process\b|(?<![\w.$])(?:execSync|spawnSync|execFileSync|spawn|execFile)\s{0,2}\(|\bBun\.spawn\b|\bDeno\.(?:run|Command)\b|\bexeca\b|\bshelljs\b/g,
  },
  { cap: 'shell', re: /(?<![\w.$])(?:execSync)\s{0,2}\(|\bshell\s{0,2}:\s{0,2}true\b|\bshelljs\b/g },
  { cap: 'env', re: /\bprocess\.env\b|\bDeno\.env\b|\bimport\.meta\.env\b|\bdotenv\b/g },
  {
    cap: 'filesystem',
    re: /\bfs\.\w{3,20}\b|(?<![\w.$])(?:readFileSync|writeFileSync|readFile|writeFile|appendFile|appendFileSync|createReadStream|createWriteStream|readdirSync|readdir|mkdirSync|rmSync|unlinkSync|copyFileSync)\s{0,2}\(|\bDeno\.(?:readTextFile|writeTextFile|readFile|writeFile)\b/g,
  },
  {
    cap: 'network',
    re: /(?<![\w.$])fetch\s{0,2}\(|\baxios\b|\bhttps?\.(?:request|get)\s{0,2}\(|\bnew\s{1,3}WebSocket\s{0,2}\(|\bnet\.(?:connect|createConnection)\s{0,2}\(|\bXMLHttpRequest\b|\bundici\b|\bnew\s{1,3}(?:Anthropic|OpenAI)\s{0,2}\(/g,
  },
  {
    cap: 'wallet',
    re: /\bethers\.Wallet\b|\bnew\s{1,3}Wallet\s{0,2}\(|\bWallet\.fromMnemonic\b|\bfromSecretKey\b|\bsignTransaction\b|\bsendTransaction\b|\bprivateKeyToAccount\b|\bmnemonicToSeed\w{0,6}\b|\bbip39\b/g,
  },
];

/** Outbound sends (data leaves the machine). */
const PY_SEND =
  /\brequests\.(?:post|put|patch)\s{0,2}\(|\brequests\.request\s{0,2}\(|\bhttpx\.(?:post|put|patch)\s{0,2}\(|\b(?:session|client|s|http|sess)\.(?:post|put|patch)\s{0,2}\(|\burlopen\s{0,2}\(|\.sendall?\s{0,2}\(|\bsmtplib\.SMTP|\.sendmail\s{0,2}\(/g;
const JS_SEND =
  /(?<![\w.$])fetch\s{0,2}\(|\baxios\.(?:post|put|patch|request)\s{0,2}\(|\baxios\s{0,2}\(|\bhttps?\.request\s{0,2}\(|\.send\s{0,2}\(|\.write\s{0,2}\(/g;

const NET_SOURCE =
  /\brequests\.\w{2,8}\s{0,2}\(|\burlopen\s{0,2}\(|\bhttpx\.|\burllib\b|(?<![\w.$])fetch\s{0,2}\(|\baxios\b|\bhttps?\.get\s{0,2}\(|\burlretrieve\b|\.recv\s{0,2}\(/;
const DECODE_SOURCE =
  /\bb(?:64|32|16|85)decode\b|\ba85decode\b|\bfromhex\b|\bunhexlify\b|\bdecompress\s{0,2}\(|\bmarshal\.loads\b|\bcodecs\.decode\b|\brot_?13\b|(?<![\w.$])atob\s{0,2}\(|\bBuffer\.from\s{0,2}\([^)]{0,400}["'](?:base64|hex|base64url)["']|\bfromCharCode\b|\bunescape\s{0,2}\(/;
const ENV_SOURCE = /\bos\.environ\b|\bgetenv\s{0,2}\(|\benviron\.get\b|\bprocess\.env\b|\bDeno\.env\b/;
const FILE_SOURCE = /\.read\s{0,2}\(\s{0,2}\)|\.read_(?:text|bytes)\s{0,2}\(|\breadFileSync\s{0,2}\(|\breadFile\s{0,2}\(|\.readlines\s{0,2}\(/;

const SQL_RE = /\b(?:select\b[\s\S]{1,200}?\bfrom\b|insert\s{1,4}into\b|update\s{1,4}[\w."`[\]{}$]{1,80}\s{1,4}set\b|delete\s{1,4}from\b|drop\s{1,4}table\b)/i;
const SANITIZERS =
  /\b(?:basename|realpath|abspath|normpath|resolve|commonpath|is_relative_to|relative_to|secure_filename|safe_join|startswith|startsWith|normalize)\b|\.\.\s{0,2}(?:in|not\s{1,3}in)\b/;

/** Index of the parenthesis that closes the one at `open`, searching at most `max` characters. */
export function matchParen(code: string, open: number, max = 4000): number {
  let depth = 0;
  const end = Math.min(code.length, open + max);
  for (let i = open; i < end; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

interface Assign {
  name: string;
  rhsStart: number;
  rhsEnd: number;
  line: number;
}

interface Block {
  name: string;
  start: number;
  end: number;
  params: string[];
}

function pyAssignments(code: string): Assign[] {
  const out: Assign[] = [];
  const re = /^[ \t]{0,40}((?:self\.)?[A-Za-z_][\w]{0,60}(?:\s{0,2},\s{0,2}[A-Za-z_]\w{0,60}){0,4})\s{0,2}(?::[^=\n]{1,60})?=(?!=)\s{0,4}([^\n]{1,2000})$/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const rhsStart = m.index + m[0].length - m[2]!.length;
      // Follow bracketed continuation lines.
      let rhsEnd = m.index + m[0].length;
      const open = code.slice(rhsStart, rhsEnd).search(/[([{]/);
      if (open >= 0) {
        const close = matchParen(code, rhsStart + open);
        if (close > rhsEnd) rhsEnd = close + 1;
      }
      for (const name of m[1]!.split(',')) out.push({ name: name.trim(), rhsStart, rhsEnd, line: 0 });
    },
    5000,
  );
  return out;
}

function jsAssignments(code: string): Assign[] {
  const out: Assign[] = [];
  const re =
    /(?:\b(?:const|let|var)\s{1,4}|^[ \t]{0,40}|[;{]\s{0,4})([A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){0,3})\s{0,3}(?::\s{0,3}[\w<>[\]|. ]{1,60})?=(?![=>])\s{0,4}/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const rhsStart = m.index + m[0].length;
      let rhsEnd = code.indexOf('\n', rhsStart);
      if (rhsEnd < 0) rhsEnd = code.length;
      const semi = code.indexOf(';', rhsStart);
      const lineText = code.slice(rhsStart, rhsEnd);
      const open = lineText.search(/[([{]/);
      if (open >= 0) {
        const close = matchParen(code, rhsStart + open);
        if (close > rhsEnd) rhsEnd = close + 1;
      }
      if (semi >= 0 && semi < rhsEnd && code.slice(rhsStart, semi).search(/[([{]/) < 0) rhsEnd = semi;
      out.push({ name: m[1]!, rhsStart, rhsEnd, line: 0 });
    },
    5000,
  );
  return out;
}

/** Python `def` blocks by indentation. */
function pyFunctions(code: string): Block[] {
  const out: Block[] = [];
  const re = /^([ \t]{0,40})(?:async\s{1,3})?def\s{1,3}([A-Za-z_]\w{0,80})\s{0,3}\(/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const indent = m[1]!.length;
      const open = m.index + m[0].length - 1;
      const close = matchParen(code, open);
      const params =
        close > 0
          ? code
              .slice(open + 1, close)
              .split(',')
              .map((p) =>
                p
                  .replace(/[:=][\s\S]*$/, '')
                  .replace(/^\*{1,2}/, '')
                  .trim(),
              )
              .filter((p) => p && p !== 'self' && p !== 'cls')
          : [];
      let end = code.length;
      let pos = code.indexOf('\n', close > 0 ? close : open);
      while (pos >= 0 && pos < code.length) {
        const next = code.indexOf('\n', pos + 1);
        const line = code.slice(pos + 1, next < 0 ? code.length : next);
        if (line.trim().length > 0) {
          const ind = /^[ \t]*/.exec(line)![0].length;
          if (ind <= indent) {
            end = pos + 1;
            break;
          }
        }
        if (next < 0) break;
        pos = next;
      }
      out.push({ name: m[2]!, start: m.index, end, params });
    },
    2000,
  );
  return out;
}

/** JS/TS function bodies by braces: declarations, methods, and arrow functions bound to names. */
function jsFunctions(code: string): Block[] {
  const out: Block[] = [];
  const re =
    /(?:\bfunction\s{0,3}\*?\s{0,3}([A-Za-z_$][\w$]{0,80})\s{0,3}\(|\b(?:const|let|var)\s{1,3}([A-Za-z_$][\w$]{0,80})\s{0,3}=\s{0,3}(?:async\s{1,3})?(?:function\b[^(]{0,80})?\(|^[ \t]{1,40}(?:async\s{1,3})?([A-Za-z_$][\w$]{0,80})\s{0,3}\((?=[^)\n]{0,200}\)\s{0,3}(?::[^{\n]{1,80})?\{))/gm;
  eachMatch(
    re,
    code,
    (m) => {
      const name = m[1] ?? m[2] ?? m[3]!;
      if (/^(?:if|for|while|switch|catch|return|function)$/.test(name)) return;
      const open = m.index + m[0].length - 1;
      const close = matchParen(code, open);
      if (close < 0) return;
      const params = code
        .slice(open + 1, close)
        .split(',')
        .map((p) =>
          p
            .replace(/[:=?][\s\S]*$/, '')
            .replace(/^\.\.\./, '')
            .trim(),
        )
        .filter(Boolean);
      const brace = code.indexOf('{', close);
      if (brace < 0 || brace - close > 200) return;
      const end = matchParen(code, brace, 200000);
      out.push({ name, start: m.index, end: end < 0 ? code.length : end + 1, params });
    },
    2000,
  );
  return out;
}

function wordRe(names: Iterable<string>): RegExp | null {
  const list = [...names].filter((n) => /^[\w$.]+$/.test(n)).map((n) => n.replace(/[$.]/g, (c) => `\\${c}`));
  if (list.length === 0) return null;
  return new RegExp(`(?<![\\w$.])(?:${list.slice(0, 300).join('|')})(?![\\w$])`);
}

/** Removes `headers=…`/`auth=…`/`headers: …` arguments: credentials sent as authentication are not exfiltration. */
function stripAuthArgs(args: string): string {
  let s = args;
  for (const key of ['headers', 'auth', 'Authorization', 'authorization']) {
    const re = new RegExp(`\\b${key}\\s{0,2}[=:]\\s{0,2}`, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      const start = m.index;
      let i = m.index + m[0].length;
      if (s[i] === '{' || s[i] === '(' || s[i] === '[') {
        const close = matchParen(s, i, 4000);
        i = close < 0 ? s.length : close + 1;
      } else {
        while (i < s.length && /[\w$.[\]'"]/.test(s[i]!)) i++;
      }
      s = s.slice(0, start) + ' '.repeat(i - start) + s.slice(i);
      re.lastIndex = start + 1;
    }
  }
  return s;
}

/**
 * Code blocks inside Markdown are instructions the agent may run, but they are also how
 * documentation shows ordinary API use. Only the unambiguous rules run on them: evaluating
 * downloaded or decoded code.
 */
export function scanSnippet(u: Unit, out: Hit[]): void {
  const found: Hit[] = [];
  scanCode(u, newFacts(), found, true);
  for (const h of found) if (h.ruleId === 'EXEC_FETCHED_CODE' || h.ruleId === 'EXEC_OBFUSCATED_CODE') out.push(h);
}

export function scanCode(u: Unit, facts: Facts, out: Hit[], snippet = false): void {
  const lx = u.lexed;
  if (!lx) return;
  const py = u.lang === 'python';
  const code = lx.code;
  const raw = lx.noComments;

  // ── capabilities ──
  for (const p of py ? PY_CAPS : JS_CAPS) {
    eachMatch(p.re, code, (m) => addCap(facts, p.cap, u, m.index, m[0].trim()), 10);
  }
  if (!py && /\bchild_process\b/.test(code)) {
    eachMatch(
      /(?<![\w.$])exec\s{0,2}\(/g,
      code,
      (m) => {
        addCap(facts, 'process', u, m.index, 'exec(');
        addCap(facts, 'shell', u, m.index, 'exec(');
      },
      5,
    );
  }

  // ── taint: names assigned from sources ──
  const assigns = py ? pyAssignments(code) : jsAssignments(code);
  const funcs = py ? pyFunctions(code) : jsFunctions(code);
  const taint = new Map<string, Set<Kind>>();
  const kindsOf = (text: string): Set<Kind> => {
    const k = new Set<Kind>();
    if (NET_SOURCE.test(text)) k.add('net');
    if (DECODE_SOURCE.test(text)) k.add('decode');
    if (ENV_SOURCE.test(text)) k.add('env');
    if (CRED_PATH.test(text) || WALLET_PATH.test(text)) k.add('cred');
    if (FILE_SOURCE.test(text)) k.add('file');
    return k;
  };
  // Functions whose body reads secrets: calling them is a source.
  const sourceFuncs = new Map<string, Set<Kind>>();
  const sendFuncs = new Set<string>();
  const sendRe = py ? PY_SEND : JS_SEND;
  for (const f of funcs) {
    const body = raw.slice(f.start, f.end);
    const k = kindsOf(body);
    k.delete('decode');
    k.delete('net');
    if (harvestIn(body, py)) k.add('harvest');
    if (k.size > 0 && /\breturn\b/.test(code.slice(f.start, f.end))) sourceFuncs.set(f.name, k);
    sendRe.lastIndex = 0;
    if (sendRe.test(code.slice(f.start, f.end))) sendFuncs.add(f.name);
  }
  const srcFuncRe = wordRe(sourceFuncs.keys());
  for (let pass = 0; pass < 3; pass++) {
    const tRe = wordRe(taint.keys());
    let changed = false;
    for (const a of assigns) {
      const rhs = raw.slice(a.rhsStart, a.rhsEnd);
      const k = kindsOf(rhs);
      if (tRe) {
        const m = tRe.exec(rhs);
        if (m) for (const kk of taint.get(m[0]) ?? []) k.add(kk);
      }
      if (srcFuncRe) {
        const m = srcFuncRe.exec(rhs);
        if (m) for (const kk of sourceFuncs.get(m[0]) ?? []) k.add(kk);
      }
      if (k.size === 0) continue;
      const prev = taint.get(a.name) ?? new Set<Kind>();
      const before = prev.size;
      for (const kk of k) prev.add(kk);
      if (prev.size !== before) {
        taint.set(a.name, prev);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const taintRe = wordRe(taint.keys());
  const kindsIn = (args: string): Set<Kind> => {
    const k = kindsOf(args);
    if (taintRe) {
      const re = new RegExp(taintRe.source, 'g');
      let m: RegExpExecArray | null;
      let n = 0;
      while ((m = re.exec(args)) !== null && n++ < 50) for (const kk of taint.get(m[0]) ?? []) k.add(kk);
    }
    if (srcFuncRe) {
      const m = srcFuncRe.exec(args);
      if (m) for (const kk of sourceFuncs.get(m[0]) ?? []) k.add(kk);
    }
    return k;
  };

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

  if (snippet) return;

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

  // ── environment harvesting: sweeping the environment with a filter on secret-looking names ──
  const envCopies = assigns
    .filter((a) =>
      /^\s{0,4}(?:dict\s{0,2}\(\s{0,2}os\.environ\s{0,2}\)|os\.environ(?:\.copy\s{0,2}\(\s{0,2}\))?|\{\s{0,3}\*\*os\.environ\s{0,3}\}|\{\s{0,3}\.\.\.process\.env\s{0,3}\}|process\.env)\s{0,4};?\s{0,4}$/.test(
        raw.slice(a.rhsStart, a.rhsEnd),
      ),
    )
    .map((a) => a.name.replace(/[$.]/g, (c) => `\\${c}`));
  const harvestRe = envCopies.length
    ? new RegExp(
        `${(py ? PY_HARVEST : JS_HARVEST).source}|\\bfor\\s{1,3}\\w{1,40}(?:\\s{0,2},\\s{0,2}\\w{1,40})?\\s{1,3}(?:in|of)\\s{1,3}(?:Object\\.(?:entries|keys)\\(\\s{0,2})?(?:${envCopies.slice(0, 20).join('|')})\\b(?:\\.(?:items|keys|values)\\s{0,2}\\(\\s{0,2}\\))?`,
        'g',
      )
    : py
      ? PY_HARVEST
      : JS_HARVEST;
  eachMatch(
    harvestRe,
    code,
    (m) => {
      if (!harvestAt(raw, code, m.index, m[0])) return;
      out.push(hitAt(u, 'ENV_HARVEST', m.index, m[0].length));
      facts.envHarvest.push({ file: u.file, line: u.lines.lineOf(m.index), what: m[0] });
    },
    10,
  );

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

  // ── SQL assembled from variables ──
  if (/\.(?:execute|executemany|executescript|query|raw|exec)\s{0,2}\(|\bread_sql\w{0,8}\s{0,2}\(|\bcursor\b/.test(code)) {
    for (const s of lx.strings) {
      if (s.value.length > 4000 || !SQL_RE.test(s.value)) continue;
      const after = code.slice(s.end, s.end + 40);
      const before = code.slice(Math.max(0, s.start - 10), s.start);
      const interpolated =
        s.interpolated ||
        /^\s{0,3}%\s{0,3}[\w(]/.test(after) ||
        /^\s{0,3}\.format\s{0,2}\(/.test(after) ||
        /^\s{0,3}\+/.test(after) ||
        /\+\s{0,3}$/.test(before);
      if (interpolated) out.push(hitAt(u, 'CODE_SQL_INJECTION', s.start, s.end - s.start));
    }
  }

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

  // ── process-spawning code inside string values ──
  for (const s of lx.strings) {
    if (s.value.length < 12 || s.value.length > 4000) continue;
    if (EXEC_IN_DATA.test(s.value)) out.push(hitAt(u, 'CODE_EXEC_IN_DATA', s.start, s.end - s.start));
  }
}

const PY_HARVEST = /\bfor\s{1,3}\w{1,40}(?:\s{0,2},\s{0,2}\w{1,40})?\s{1,3}in\s{1,3}(?:os\.)?environ\b(?:\.(?:items|keys|values)\s{0,2}\(\s{0,2}\))?/g;
const JS_HARVEST =
  /\bObject\.(?:entries|keys|values)\s{0,2}\(\s{0,2}process\.env\s{0,2}\)|\bJSON\.stringify\s{0,2}\(\s{0,2}process\.env\s{0,2}[,)]|\bfor\s{0,3}\(\s{0,3}(?:const|let|var)\s{1,3}\w{1,40}\s{1,3}in\s{1,3}process\.env\b/g;
const SECRET_WORD = /key|secret|token|passw|credential|auth|private|session|cookie|cred/i;

/**
 * True when an iteration over the environment (at `at`) filters variable names against
 * secret-looking words — in a literal, or through a list constant defined elsewhere in the file.
 * Copying the environment for a subprocess is not harvesting; dumping it all to JSON is.
 */
function harvestAt(raw: string, code: string, at: number, matched: string): boolean {
  if (/JSON\.stringify/.test(matched)) return true;
  let end = at;
  for (let k = 0; k < 4 && end >= 0; k++) end = raw.indexOf('\n', end + 1);
  if (end < 0) end = raw.length;
  const windowCode = code.slice(at, end);
  if (
    !/\bif\b|\.filter\s{0,2}\(|startswith|endswith|startsWith|endsWith|\bmatch|\bsearch|\.test\s{0,2}\(|\.includes\s{0,2}\(|\bin\s{1,3}\w/.test(
      windowCode.slice(matched.length),
    )
  )
    return false;
  const windowRaw = raw.slice(at, end);
  for (const m of windowRaw.matchAll(/["'`/]([^"'`/\n]{1,80})["'`/]/g)) if (SECRET_WORD.test(m[1]!)) return true;
  for (const m of windowCode.slice(matched.length).matchAll(/\b([A-Za-z_][\w]{2,60})\b/g)) {
    const name = m[1]!;
    if (/^(?:if|in|for|and|or|not|any|all|key|value|upper|lower|items|environ|os|const|let|var|return)$/.test(name)) continue;
    const def = new RegExp(`\\b${name}\\s{0,2}(?::[^=\\n]{1,40})?=\\s{0,2}[[({]([^\\]\\n)}]{0,400})`).exec(raw);
    if (def && SECRET_WORD.test(def[1]!)) return true;
  }
  return false;
}

function harvestIn(body: string, py: boolean): boolean {
  const re = new RegExp((py ? PY_HARVEST : JS_HARVEST).source, 'g');
  for (const m of body.matchAll(re)) if (harvestAt(body, body, m.index, m[0])) return true;
  return false;
}
