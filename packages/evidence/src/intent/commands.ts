import type { IntentAction, IntentObject } from '@sigma/core';

/**
 * What a shell command or code span does, in intent terms: fetch-and-run, uploads, deletion of
 * broad targets, persistence, privilege. Bounded, linear patterns; the keyword rules keep the
 * detailed command catalogue, this only feeds the frame of the sentence around it.
 */

export interface CommandAct {
  action: IntentAction;
  objects: IntentObject[];
  cue: string;
  broad?: boolean;
}

const PIPE_TO_SHELL =
  /\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|fetch)\b[^|\n]{0,300}\|\s{0,3}(?:sudo\s{1,3})?(?:(?:ba|z|k|da|fi)?sh|python[23]?|node|perl|ruby|php|iex|invoke-expression|powershell|pwsh)\b|\b(?:ba|z)?sh\s{1,3}(?:-c\s{1,3})?["']?\s{0,2}<\(\s{0,2}(?:curl|wget)\b|\beval\s{1,3}["']?\$\(\s{0,2}(?:curl|wget)\b|\biex\s{0,3}\(\s{0,3}(?:iwr|irm|invoke-webrequest|new-object\s{1,3}net\.webclient)/i;
const REMOTE_BINARY = /\bhttps?:\/\/[^\s<>"'`)]{1,200}\.(?:exe|msi|dmg|pkg|sh|ps1|bat|cmd|vbs|py|jar|apk|bin|run|appimage|scr)(?![\w.])/i;
/** Flags are case-sensitive (`-F` uploads, `-f` fails quietly). */
const UPLOAD =
  /\b(?:curl|wget|http|httpie|xh)\b[^\n|;]{0,200}?(?:\s(?:-d|-F|-T)\s{0,2}\S|\s--(?:data(?:-binary|-raw|-urlencode)?|form|upload-file|post-data|post-file)\b)|\b(?:nc|ncat|netcat|socat)\b\s[^\n]{0,100}\s\d{2,5}\b[^\n]{0,40}<|\b(?:requests|httpx|axios|fetch)\s{0,2}[.(]\s{0,2}(?:post|put)\b|\bmethod\s{0,3}:\s{0,3}["'](?:post|POST)["']/;
const COPY_TOOL = /\b(?:scp|rsync|sftp)\s/i;
const REMOTE_TARGET = /^(?:[\w.-]{1,64}@)?[a-z0-9][\w.-]{0,252}:[\w~/.-]{0,200}$/i;

/** `scp file user@host:path`: a token that names a remote target (checked token by token, linear). */
function copiesToRemote(s: string): string | null {
  const at = s.search(COPY_TOOL);
  if (at < 0) return null;
  for (const tok of s
    .slice(at, at + 600)
    .split(/\s{1,20}/)
    .slice(1, 30))
    if (REMOTE_TARGET.test(tok) && !/^[a-z]:/i.test(tok)) return tok;
  return null;
}

const SENSITIVE_PATH =
  /(?:~|\$home|%userprofile%)?[/\\]?\.(?:ssh|aws|kube|gnupg|docker|netrc|git-credentials|npmrc|pypirc)\b|\bid_(?:rsa|ed25519|ecdsa)\b|(?:^|[\s/"'`=@])\.env\b|\b(?:printenv|env)\b\s{0,3}(?:\||>|$)|\bos\.environ\b|\bprocess\.env\b|\bwallet\.dat\b|\bkeychain\b|\blogin\s{1,3}data\b|\/etc\/(?:passwd|shadow)\b/i;
const DESTROY_BROAD =
  /\brm\s{1,3}(?:-{1,2}[\w-]{1,20}\s{1,3}){1,3}(?:\/|~|\$home|\*|\.\/?\*?|\/home\b|\/users\b)(?:\s|$|["'`;])|\b(?:mkfs(?:\.\w{1,8})?|dd\s{1,3}if=[^\n]{0,60}of=\/dev\/|format\s{1,3}[a-z]:|del\s{1,3}\/[sfq][^\n]{0,40}[a-z]:\\|remove-item\s{1,3}[^\n]{0,60}-recurse|drop\s{1,3}(?:database|table|schema)|truncate\s{1,3}table|git\s{1,3}push\s{1,3}[^\n]{0,40}--force|shred\s)/i;
const TRACE_WIPE =
  /\bhistory\s{1,3}-c\b|\bunset\s{1,3}histfile\b|\brm\s{1,3}[^\n]{0,40}(?:\.bash_history|\.zsh_history|\/var\/log)|\bclear-history\b|\bwevtutil\s{1,3}cl\b/i;
const PERSIST_CMD =
  /(?:>>?|\btee\s{1,3}(?:-a\s{1,3})?)\s{0,3}["']?[\w./~$-]{0,80}(?:\.bashrc|\.zshrc|\.bash_profile|\.profile|claude\.md|agents\.md|\.cursorrules|settings\.json|mcp\.json|skill\.md|authorized_keys)\b|\bcrontab\b|\bsystemctl\s{1,3}enable\b|\blaunchctl\s{1,3}load\b|\bschtasks\b|\breg\s{1,3}add\b[^\n]{0,80}\\run\b/i;
const ESCALATE_CMD =
  /\bsudo\s{1,3}(?!-[hV]\b)\S|\bchmod\s{1,3}(?:[0-7]?777|\+s|u\+s)\b|\bsetuid\b|--dangerously-skip-permissions\b|\bbypasspermissions\b|\bchown\s{1,3}root\b/i;
const DECODE_RUN =
  /\bbase64\s{1,3}(?:-d|--decode)\b[^\n]{0,80}\|\s{0,3}(?:ba|z)?sh\b|\b(?:exec|eval)\s{0,3}\(\s{0,3}(?:base64\.b64decode|atob|bytes\.fromhex|codecs\.decode)/i;

/** Cheap gate: text without any of these cannot match a pattern below. */
const MAYBE_COMMAND =
  /[|<>]|\b(?:rm|sudo|chmod|chown|setuid|scp|rsync|sftp|crontab|base64|iex|mkfs|dd|format|del|drop|truncate|shred|history|unset|wevtutil|systemctl|launchctl|schtasks|reg|remove-item|git|curl|wget|requests|httpx|axios|fetch|method|cat|type|get-content|open|read|cp|copy|tar|zip|exec|eval|download|https?|bypasspermissions)\b|--dangerously|\.env\b|\.ssh\b|environ|process\.env|keychain|wallet/i;

/** Intent-level acts of a command or code span. */
export function commandActs(code: string): CommandAct[] {
  const out: CommandAct[] = [];
  const s = code.length > 4000 ? code.slice(0, 4000) : code;
  if (!mayBeCommand(s)) return out;
  let m: RegExpExecArray | null;
  if ((m = PIPE_TO_SHELL.exec(s))) out.push({ action: 'execute', objects: ['remote-code'], cue: m[0].slice(0, 80) });
  else if ((m = REMOTE_BINARY.exec(s)) && /\b(?:curl|wget|iwr|invoke-webrequest|download|start-process|open|chmod|\.\/)/i.test(s))
    out.push({ action: 'execute', objects: ['remote-code'], cue: m[0].slice(0, 80) });
  if ((m = DECODE_RUN.exec(s))) out.push({ action: 'execute', objects: ['remote-code'], cue: m[0].slice(0, 80) });
  const upload = UPLOAD.exec(s)?.[0] ?? copiesToRemote(s);
  if (upload) {
    const objects: IntentObject[] = SENSITIVE_PATH.test(s) ? ['secrets'] : ['files'];
    out.push({ action: 'send', objects, cue: upload.slice(0, 80) });
  }
  if ((m = DESTROY_BROAD.exec(s))) out.push({ action: 'destroy', objects: ['files'], cue: m[0].slice(0, 80), broad: true });
  if ((m = TRACE_WIPE.exec(s))) out.push({ action: 'hide', objects: ['conversation'], cue: m[0].slice(0, 80) });
  if ((m = PERSIST_CMD.exec(s))) out.push({ action: 'persist', objects: ['agent-config'], cue: m[0].slice(0, 80) });
  if ((m = ESCALATE_CMD.exec(s))) out.push({ action: 'escalate', objects: [], cue: m[0].slice(0, 80) });
  if (!out.some((a) => a.action === 'send') && (m = SENSITIVE_PATH.exec(s)) && /\b(?:cat|type|get-content|open|read|cp|copy|tar|zip)\b/i.test(s))
    out.push({ action: 'read', objects: ['secrets'], cue: m[0].trim().slice(0, 80) });
  return out;
}

/** True when the text names a credential store by path. */
export function namesSecretPath(s: string): string | null {
  const m = SENSITIVE_PATH.exec(s);
  return m ? m[0].trim() : null;
}

/** Cheap test: could the text hold a command `commandActs` reads? */
export function mayBeCommand(s: string): boolean {
  return MAYBE_COMMAND.test(s.length > 4000 ? s.slice(0, 4000) : s);
}
