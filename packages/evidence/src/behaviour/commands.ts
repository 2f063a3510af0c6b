/**
 * What a command line does, from its words: network programs (curl, wget, nc, ssh…) with their
 * destination and where each word sits (header, body, URL), programs whose output is a source
 * (`env`, `pbpaste`, `cat ~/.ssh/id_rsa`, keychain dumps), encoders, and nested shell code.
 * Shared by subprocess calls in Python/JS and by shell scripts.
 */
import type { FlowPosition } from '@sigma/core';
import { bareHost, hostFromText } from './paths.js';
import type { Val } from './values.js';
import { removalsOf } from './removals.js';

export interface Word {
  /** The word with unknown parts shown as `…`. */
  text: string;
  /** Values that went into the word (for taint). */
  vals: Val[];
}

export interface CommandInput {
  word: Word;
  pos: FlowPosition;
}

export interface CommandEffects {
  program: string | null;
  text: string;
  network: { host: string | null; inputs: CommandInput[]; stdinSent: boolean } | null;
  /** Files whose bytes the command prints or sends (`cat f`, `curl -d @f`); `sent` when they go to the network. */
  reads: Array<{ path: string; exact: boolean; sent: boolean }>;
  produces: 'env' | 'clipboard' | 'keychain' | null;
  /** The archive a `tar c…f` / `zip` command writes (what it reads goes into it). */
  archive: string | null;
  /** Output is an encoding of its input (base64, xxd, gzip, openssl enc). */
  encodes: boolean;
  /** Code handed to an interpreter as text (`bash -c "…"`, `python -c`, `eval`). */
  evals: Word | null;
  /** Files the command itself writes (`tee f`, `cp a f`). */
  writes: Word[];
  /** Files or trees the command removes (removals.ts); `copies`: it puts its input on the clipboard (`pbcopy`). */
  deletes: Array<{ word: Word; recursive: boolean }>;
  copies: boolean;
}

const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'timeout', 'exec', 'command', 'nice', 'stdbuf', 'time', 'xargs', 'doas']);
const NET = new Set([
  'curl',
  'wget',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'telnet',
  'ssh',
  'scp',
  'sftp',
  'rsync',
  'ftp',
  'tftp',
  'http',
  'https',
  'xh',
  'aria2c',
  'nslookup',
  'dig',
  'host',
  'ping',
  'invoke-webrequest',
  'iwr',
  'invoke-restmethod',
  'irm',
  'openssl',
]);
const READERS = new Set([
  'cat',
  'head',
  'tail',
  'less',
  'more',
  'base64',
  'xxd',
  'od',
  'strings',
  'tar',
  'zip',
  'gzip',
  'cp',
  'sqlite3',
  'jq',
  'type',
  'get-content',
  'gc',
]);
const ENCODERS = new Set(['base64', 'xxd', 'od', 'gzip', 'bzip2', 'xz', 'zstd', 'openssl', 'gpg', 'uuencode', 'rev']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'powershell', 'pwsh', 'cmd', 'python', 'python3', 'node', 'perl', 'ruby', 'php']);
// Short flags keep their case (curl -d is data, -D dumps headers); long flags are compared in lower case.
const CURL_HEADER = new Set(['-H', '--header', '-u', '--user', '-b', '--cookie', '--oauth2-bearer', '-A', '--user-agent', '-e', '--referer']);
const CURL_BODY = new Set([
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-urlencode',
  '--data-ascii',
  '-F',
  '--form',
  '--form-string',
  '-T',
  '--upload-file',
  '--json',
  '--post-data',
  '--post-file',
  '--body-data',
  '--body-file',
]);
const TAKES_VALUE = new Set([
  '-o',
  '--output',
  '-X',
  '--request',
  '-x',
  '--proxy',
  '-m',
  '--max-time',
  '-w',
  '--write-out',
  '-p',
  '-i',
  '-l',
  '-c',
  '-O',
  '--output-document',
  '-P',
]);

function base(w: string): string {
  const b = w.replace(/^.*[\\/]/, '').toLowerCase();
  return b.replace(/\.exe$/, '');
}

/** Splits a shell string's known pieces into words; a value of unknown text joins the word it touches. */
export function wordsOf(v: Val): Word[] {
  const pieces = v.s !== undefined ? [v] : (v.parts ?? [v]);
  const out: Word[] = [];
  let cur: Word | null = null;
  let quote: string | null = null;
  for (const p of pieces) {
    if (p.s === undefined) {
      cur ??= { text: '', vals: [] };
      cur.text += p.pre !== undefined ? `${p.pre}…` : '…';
      cur.vals.push(p);
      continue;
    }
    for (const ch of p.s) {
      if (quote) {
        if (ch === quote) quote = null;
        else (cur ??= { text: '', vals: [] }).text += ch;
        continue;
      }
      if (ch === '"' || ch === "'") {
        quote = ch;
        cur ??= { text: '', vals: [] };
      } else if (/\s/.test(ch)) {
        if (cur) out.push(cur);
        cur = null;
      } else if (ch === '|' || ch === ';' || ch === '&') {
        if (cur) out.push(cur);
        out.push({ text: ch, vals: [] });
        cur = null;
      } else (cur ??= { text: '', vals: [] }).text += ch;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** The effects of one simple command (no pipes: callers split them). */
export function analyzeCommand(words: Word[]): CommandEffects {
  let i = 0;
  while (i < words.length && (WRAPPERS.has(base(words[i]!.text)) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!.text) || /^-/.test(words[i]!.text))) i++;
  // A bare `env` (no command after it) prints the environment rather than wrapping a command.
  if (i > 0 && base(words[0]!.text) === 'env' && i === words.length) i = 0;
  const argv = words.slice(i);
  const text = words.map((w) => w.text).join(' ');
  const fx: CommandEffects = {
    program: null,
    text,
    network: null,
    reads: [],
    produces: null,
    encodes: false,
    evals: null,
    writes: [],
    deletes: [],
    copies: false,
    archive: null,
  };
  const head = argv[0];
  if (!head) return fx;
  const prog = base(head.text);
  fx.program = prog;
  const rest = argv.slice(1);
  if (ENCODERS.has(prog) && !(prog === 'openssl' && rest.some((w) => /^s_client$/.test(w.text)))) fx.encodes = true;
  if (
    // `env` prints only when no command follows; `set` only when given no options or arguments.
    (prog === 'env' && rest.every((w) => /^-|^[A-Za-z_]\w*=/.test(w.text))) ||
    prog === 'printenv' ||
    (prog === 'set' && rest.length === 0) ||
    (prog === 'export' && rest.some((w) => w.text === '-p')) ||
    (prog === 'get-childitem' && /env:/i.test(text))
  )
    fx.produces = 'env';
  if (
    ['pbpaste', 'wl-paste', 'get-clipboard'].includes(prog) ||
    ((prog === 'xclip' || prog === 'xsel') && rest.some((w) => /^-(?:o|-output|out)$/.test(w.text)))
  )
    fx.produces = 'clipboard';
  else if (['pbcopy', 'wl-copy', 'clip', 'clip.exe', 'set-clipboard', 'scb', 'xclip', 'xsel'].includes(prog)) fx.copies = true;
  if (prog === 'security' && rest.some((w) => /^(?:find-generic-password|find-internet-password|dump-keychain|export)$/.test(w.text))) fx.produces = 'keychain';
  if (prog === 'gpg' && rest.some((w) => /^--export-secret/.test(w.text))) fx.produces = 'keychain';
  // CLIs that print a credential they hold: their output is a secret like a key file's contents.
  const args = rest.map((w) => w.text).join(' ');
  if (
    (prog === 'gh' && /^auth\s+token\b/.test(args)) ||
    (prog === 'gcloud' && /\bprint-(?:access|identity)-token\b/.test(args)) ||
    (prog === 'az' && /\bget-access-token\b/.test(args)) ||
    (prog === 'aws' && /^(?:configure\s+(?:get|export-credentials)|sts\s+get-session-token|ecr\s+get-login-password)\b/.test(args)) ||
    (prog === 'git' && /^credential\s+fill\b/.test(args)) ||
    (prog === 'op' && /^(?:read|item\s+get)\b/.test(args)) ||
    (prog === 'pass' && /^(?:show\b|[\w/-]+$)/.test(args)) ||
    (prog === 'vault' && /^(?:read|kv\s+get|token\s+create)\b/.test(args)) ||
    (prog === 'kubectl' && /^config\s+view\b.*--raw/.test(args)) ||
    (prog === 'npm' && /^token\s+(?:list|create)\b/.test(args))
  )
    fx.produces = 'keychain';
  if (SHELLS.has(prog) || prog === 'eval' || prog === 'source' || prog === '.') {
    const flagAt = rest.findIndex((w) => /^-(?:c|e|command|encodedcommand|ec)$/i.test(w.text));
    if (flagAt >= 0 && rest[flagAt + 1]) fx.evals = rest[flagAt + 1]!;
    else if (prog === 'eval' && rest[0]) fx.evals = { text: rest.map((w) => w.text).join(' '), vals: rest.flatMap((w) => w.vals) };
  }
  if (READERS.has(prog)) {
    for (const w of rest) if (!w.text.startsWith('-')) fx.reads.push({ path: w.text.replace(/…$/, ''), exact: !w.text.includes('…'), sent: false });
    if (prog === 'cp' && rest.length >= 2) {
      fx.reads.pop();
      fx.writes.push(rest[rest.length - 1]!);
    }
  }
  fx.deletes = removalsOf(prog, rest);
  if (prog === 'tee') for (const w of rest) if (!w.text.startsWith('-')) fx.writes.push(w);
  // `tar czf out.tgz …` / `tar -c -f out.tgz …` / `zip -r out.zip …`: the output is not read.
  const flags = rest[0]?.text ?? '';
  if (prog === 'tar' && /^-?[a-zA-Z]*c[a-zA-Z]*f$/.test(flags) && rest[1]) fx.archive = rest[1].text;
  else if (prog === 'zip') fx.archive = rest.find((w) => !w.text.startsWith('-'))?.text ?? null;
  if (fx.archive) {
    const out = fx.archive.replace(/…$/, '');
    fx.reads = fx.reads.filter((r) => r.path !== out && !/^-?[a-zA-Z]*c[a-zA-Z]*f$/.test(r.path));
  }
  if (NET.has(prog) && !(prog === 'openssl' && !rest.some((w) => w.text === 's_client'))) fx.network = networkOf(prog, rest, fx);
  return fx;
}

function networkOf(prog: string, rest: Word[], fx: CommandEffects): NonNullable<CommandEffects['network']> {
  const inputs: CommandInput[] = [];
  let host: string | null = null;
  let stdinSent = ['nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'openssl'].includes(prog);
  for (let j = 0; j < rest.length; j++) {
    const w = rest[j]!;
    const flag = w.text.startsWith('--') ? w.text.toLowerCase() : w.text;
    if (flag.startsWith('-') && flag.length > 1 && !flag.includes('…')) {
      const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), w] : [flag, null];
      const takes = TAKES_VALUE.has(name) || CURL_HEADER.has(name) || CURL_BODY.has(name);
      const val = inline ?? (takes ? rest[j + 1] : undefined);
      if (!inline && val && takes) j++;
      if (!val) continue;
      if (CURL_HEADER.has(name)) inputs.push({ word: val, pos: 'headers' });
      else if (CURL_BODY.has(name)) {
        const body = val.text.replace(/^[\w-]*=/, '');
        if (body === '@-' || body === '-') stdinSent = true;
        else if (body.startsWith('@')) fx.reads.push({ path: body.slice(1).replace(/…$/, ''), exact: !body.includes('…'), sent: true });
        inputs.push({ word: val, pos: 'body' });
      }
      continue;
    }
    const url = hostFromText(w.text, !w.text.includes('…'));
    if (url && !host) {
      host = url;
      inputs.push({ word: w, pos: w.text.startsWith('…') ? 'destination' : 'url' });
      continue;
    }
    if (!host && !/^https?:/i.test(w.text)) {
      const bare = bareHost(w.text.replace(/^[^@]*@/, '').replace(/:.*$/, ''));
      if (bare && !/\.(?:sh|py|js|ts|json|txt|md|zip|tar|gz|tgz|log|pem|key|csv)$/.test(bare)) {
        host = bare;
        inputs.push({ word: w, pos: 'url' });
        continue;
      }
    }
    inputs.push({ word: w, pos: w.text.startsWith('…') && !host ? 'destination' : 'body' });
  }
  return { host, inputs, stdinSent };
}
