import type { Hit } from '../types.js';
import { DISCUSSION } from './prose.js';
import { fold, unfoldOffset } from '../text/fold.js';
import type { Folded } from '../text/fold.js';
import { addCap, eachMatch, eachMatchNear, foldedText, hitAt } from './unit.js';
import type { Facts, Unit } from './unit.js';

/** Commands live in Markdown prose, shell scripts, and string literals of code (comments excluded). */
export function commandView(u: Unit): Folded {
  return u.lexed ? fold(u.lexed.noComments) : foldedText(u);
}

interface CmdRule {
  id: string;
  re: RegExp;
  /** Cheap pre-check: skip the regex when none of these substrings occur (lower-case). */
  needles: string[];
  extra?: Partial<Hit>;
  /** Severity when the match is in executable code rather than prose. */
  codeSeverity?: Hit['severity'];
}

const DL = String.raw`(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod|aria2c|http(?:ie)?\s+get)`;
const SH = String.raw`(?:sudo\s{1,4}(?:-\S{1,12}\s{1,4}){0,3})?(?:(?:/usr)?/bin/)?(?:ba|z|da|k|fi|c)?sh\b`;
const INTERP = String.raw`(?:python[0-9.]{0,4}|node|perl|ruby|php|iex|invoke-expression|pwsh|powershell)\b`;

const RULES: CmdRule[] = [
  // ── fetch-then-execute ──
  { id: 'EXEC_PIPE_TO_SHELL', needles: ['|'], re: new RegExp(String.raw`\b${DL}\b[^\n|;]{0,300}\|\s{0,5}(?:${SH}|${INTERP})`, 'gi') },
  {
    id: 'EXEC_PIPE_TO_SHELL',
    needles: ['$('],
    re: new RegExp(String.raw`\b(?:ba|z|da|k)?sh\s{1,5}(?:-[a-z]{1,3}\s{1,5}){0,2}["']?\s{0,3}\$\(\s{0,3}${DL}\b`, 'gi'),
  },
  { id: 'EXEC_PIPE_TO_SHELL', needles: ['<('], re: new RegExp(String.raw`(?:\b(?:ba|z|da|k)?sh|\bsource|(?:^|\s)\.)\s{1,5}<\(\s{0,3}${DL}\b`, 'gim') },
  { id: 'EXEC_PIPE_TO_SHELL', needles: ['eval'], re: new RegExp(String.raw`\beval\s{0,3}["'(]{0,2}\s{0,3}\$\(\s{0,3}${DL}\b`, 'gi') },
  {
    id: 'EXEC_PIPE_TO_SHELL',
    needles: ['downloadstring', 'iex', 'invoke-expression'],
    re: /\b(?:iex|invoke-expression)\b[^\n]{0,40}(?:downloadstring|downloaddata|\biwr\b|\birm\b|invoke-webrequest|invoke-restmethod|net\.webclient)|(?:downloadstring|invoke-webrequest|invoke-restmethod|\biwr\b|\birm\b)[^\n|]{0,200}\|\s{0,3}(?:iex|invoke-expression)\b/gi,
  },
  {
    id: 'EXEC_OBFUSCATED_CODE',
    needles: ['base64'],
    re: new RegExp(String.raw`\bbase64\s{1,5}(?:-[dD]\b|--decode\b)[^\n|]{0,80}\|\s{0,5}(?:${SH}|${INTERP})`, 'gi'),
  },
  {
    id: 'EXEC_OBFUSCATED_CODE',
    needles: ['base64'],
    re: new RegExp(String.raw`\b(?:ba|z)?sh\s{1,5}-c\s{1,5}["']?\$\(\s{0,3}(?:echo|printf)\b[^\n)]{0,400}\|\s{0,3}base64\s{1,4}(?:-[dD]|--decode)`, 'gi'),
  },
  {
    id: 'EXEC_FETCHED_CODE',
    needles: ['-c', '-e'],
    re: /\b(?:python[0-9.]{0,4}|node|perl|ruby)\s{1,3}-[ce]\s{1,3}["'][^\n]{0,400}?(?:\b(?:exec|eval)\s{0,2}\([^\n]{0,300}?(?:urlopen|urllib|requests\.get|fetch\(|https?:)|(?:urlopen|urllib\.request|requests\.get|fetch\()[^\n]{0,300}?\b(?:exec|eval)\s{0,2}\()/gi,
  },
  {
    id: 'EXEC_OBFUSCATED_CODE',
    needles: ['powershell', 'pwsh'],
    re: /\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,80}\s-(?:e|ec|enc|encodedcommand)\s{1,3}[A-Za-z0-9+/=]{20,}/gi,
  },
  {
    id: 'EXEC_DOWNLOAD_AND_RUN',
    needles: ['chmod'],
    re: /\b(?:curl|wget)\b[^\n]{0,300}?\s(?:-o|-O|--output|--output-document)\s{0,3}\S{1,200}[^\n]{0,200}?(?:&&|;|\n)\s{0,3}(?:sudo\s{1,3})?chmod\s{1,3}(?:\+x|[0-7]?[1357][0-7]{2}|[ugoa]{1,3}\+x)\b/gi,
  },
  // ── reverse shells ──
  { id: 'EXEC_REVERSE_SHELL', needles: ['/dev/tcp/', '/dev/udp/'], re: /\/dev\/(?:tcp|udp)\/[\w.$-]{1,100}\/\$?\w{1,10}/gi },
  {
    id: 'EXEC_REVERSE_SHELL',
    needles: ['nc', 'netcat'],
    re: /\b(?:nc|ncat|netcat)\b[^\n;|]{0,80}\s-[a-z]{0,3}[ec]\s{1,3}(?:\/bin\/|\/usr\/bin\/)?(?:ba|z|da)?sh\b/gi,
  },
  { id: 'EXEC_REVERSE_SHELL', needles: ['socat'], re: /\bsocat\b[^\n]{0,120}\bexec:[^\n]{0,40}(?:sh|bash|pty)/gi },
  { id: 'EXEC_REVERSE_SHELL', needles: ['mkfifo'], re: /\bmkfifo\b[^\n]{0,160}\b(?:nc|ncat|netcat|telnet|openssl\s{1,3}s_client)\b/gi },
  { id: 'EXEC_REVERSE_SHELL', needles: ['-i'], re: /\b(?:ba|z|da)?sh\s{1,3}-i\s{0,3}(?:>&|&>|>\s{0,2}&|2>&1\s{0,3}[|<])/gi },
  { id: 'EXEC_REVERSE_SHELL', needles: ['tcpclient'], re: /net\.sockets\.tcpclient[\s\S]{0,400}?(?:iex|invoke-expression|getstream)/gi },
  // ── destructive ──
  { id: 'DESTRUCTIVE_COMMAND', needles: ['--no-preserve-root'], re: /\brm\b[^\n]{0,60}--no-preserve-root/gi },
  {
    id: 'DESTRUCTIVE_COMMAND',
    needles: ['rm '],
    re: /\brm\s{1,4}(?:-{1,2}[a-z-]{1,20}\s{1,4}){1,4}(?:"?(?:\/|\/\*|~|~\/|~\/\*|\$home|\$\{home\}|\$home\/\*|\/home|\/users|\/etc|\/usr|\/var|\/boot|\/bin|\/lib|\/root|c:\\?)"?)(?=[\s;&|)'"`]|$)/gim,
  },
  { id: 'DESTRUCTIVE_COMMAND', needles: ['mkfs'], re: /\bmkfs(?:\.\w{1,8})?\s{1,4}(?:-\S{1,8}\s{1,4}){0,3}\/dev\//gi },
  { id: 'DESTRUCTIVE_COMMAND', needles: ['dd '], re: /\bdd\s[^\n]{0,100}\bof=\/dev\/(?:sd|hd|nvme|disk|xvd|vd|mmcblk)/gi },
  { id: 'DESTRUCTIVE_COMMAND', needles: [':|:'], re: /:\s{0,2}\(\s{0,2}\)\s{0,2}\{\s{0,2}:\s{0,2}\|\s{0,2}:\s{0,2}&\s{0,2}\}\s{0,2};\s{0,2}:/g },
  { id: 'DESTRUCTIVE_COMMAND', needles: ['format'], re: /\bformat\s{1,3}c:\s{0,3}(?:\/[a-z]{1,3})?/gi },
  {
    id: 'DESTRUCTIVE_COMMAND',
    needles: ['rmtree'],
    re: /shutil\.rmtree\(\s{0,3}(?:os\.path\.expanduser\(\s{0,3}["']~\/?["']\s{0,3}\)|["']\/["']|(?:pathlib\.)?Path\.home\(\)|os\.environ\[\s{0,2}["']HOME["']\s{0,2}\])\s{0,3}[,)]/g,
  },
  { id: 'DESTRUCTIVE_COMMAND', needles: ['homedir'], re: /\bfs(?:\.promises)?\.(?:rm|rmdir)(?:Sync)?\(\s{0,3}(?:os\.homedir\(\)|["']\/["'])/g },
  { id: 'DESTRUCTIVE_COMMAND', needles: ['remove-item'], re: /remove-item\b[^\n]{0,80}-recurse[^\n]{0,80}(?:c:\\\s|c:\\["']|\$env:userprofile\b|\$home\b)/gi },
  // ── miners ──
  {
    id: 'CRYPTO_MINER',
    needles: ['xmrig', 'stratum+', 'minerd', 'cpuminer', 'donate-level', 'coinhive', 'cryptonight'],
    re: /\b(?:xmrig|minerd|cpuminer|coinhive|cryptonight)\b|stratum\+(?:tcp|ssl|tls):\/\/|--donate-level\b/gi,
  },
  // ── defense evasion ──
  {
    id: 'DEFENSE_EVASION',
    needles: ['setenforce', 'systemctl', 'ufw', 'set-mppreference', 'spctl', 'csrutil', 'auditctl', 'wevtutil', 'clear-eventlog', 'tamper'],
    re: /\bsetenforce\s{1,3}0\b|\bsystemctl\s{1,3}(?:stop|disable|mask)\s{1,3}(?:firewalld|ufw|apparmor|auditd|clamav\S{0,10}|clamd|falcon-sensor|osqueryd|wazuh-agent|sysmon\S{0,10}|crowdstrike\S{0,10}|sentinel\S{0,10}|ossec)\b|\bufw\s{1,3}disable\b|set-mppreference\b[^\n]{0,60}-disable\w{0,40}\s{1,3}\$?(?:true|1)\b|\bspctl\s{1,3}--master-disable\b|\bcsrutil\s{1,3}disable\b|\bauditctl\s{1,3}-D\b|\bwevtutil\s{1,3}cl\b|\bclear-eventlog\b/gi,
  },
  {
    id: 'DEFENSE_EVASION',
    needles: ['history', 'histfile', 'bash_history', 'quarantine'],
    re: /\bhistory\s{1,3}-c\b|\bunset\s{1,3}HISTFILE\b|\bHISTFILE=\/dev\/null|\brm\s[^\n]{0,30}\.(?:bash|zsh)_history\b/gi,
    extra: { severity: 'HIGH', blocking: false },
  },
  {
    // Gatekeeper quarantine removal: routine after installing an unsigned CLI, a lure step in stealers.
    id: 'DEFENSE_EVASION',
    needles: ['quarantine'],
    re: /\bxattr\s{1,3}-[a-z]{0,3}[dc][a-z]{0,3}\s[^\n]{0,20}com\.apple\.quarantine|\bxattr\s{1,3}-[a-z]{0,2}c[a-z]{0,2}\s{1,3}\S/gi,
    extra: { severity: 'MEDIUM', blocking: false },
    codeSeverity: 'HIGH',
  },
  // ── privilege escalation ──
  {
    id: 'PRIVILEGE_ESCALATION',
    needles: ['sudoers', 'nopasswd', 'chmod', 'usermod'],
    re: /(?:>>?|tee\s{1,3}(?:-a\s{1,3})?)\s{0,3}\/etc\/sudoers\b|\bNOPASSWD\s{0,3}:|\bchmod\s{1,3}(?:[ugoa]{0,3}\+s|[2467][0-7]{3})\s|\bchmod\s{1,3}(?:-R\s{1,3})?777\s{1,3}\/(?:\s|$|etc|usr|bin|var)|\busermod\s{1,3}-a?G\s{1,3}(?:sudo|wheel|root)\b/gim,
  },
  // ── persistence ──
  {
    id: 'PERSISTENCE_STARTUP',
    needles: ['bashrc', 'zshrc', 'profile', 'zshenv', 'bash_login'],
    re: /(?:>>|\btee\s{1,3}-a\s{1,3})\s{0,3}["']?(?:~|\$HOME|\$\{HOME\})?\/?\.(?:bashrc|bash_profile|zshrc|zprofile|zshenv|profile|bash_login)\b|\/etc\/profile(?:\.d\/)?/gi,
  },
  {
    id: 'PERSISTENCE_STARTUP',
    needles: ['crontab', '/etc/cron', 'spool/cron', '@reboot'],
    re: /\|\s{0,3}crontab\s{1,3}-(?!l)|\bcrontab\s{1,3}(?!-l\b)(?!-e\b)[^\s|;&]{1,200}|\/etc\/cron\.(?:d|daily|hourly|weekly)\/|\/var\/spool\/cron\b|@reboot\b/gi,
  },
  {
    id: 'PERSISTENCE_STARTUP',
    needles: ['launchagents', 'launchdaemons', 'launchctl', 'schtasks', 'currentversion\\run', 'startup', 'systemd/system', 'register-scheduledtask'],
    re: /library\/launch(?:agents|daemons)\/|\blaunchctl\s{1,3}(?:load|bootstrap|submit)\b|\bschtasks(?:\.exe)?\s{1,3}\/create\b|currentversion\\\\?run(?:once)?\b|start menu\\\\?programs\\\\?startup|\/etc\/systemd\/system\/[\w@.-]{1,80}\.service|register-scheduledtask\b/gi,
  },
];

/** Commands whose presence marks capabilities. */
const CAP_SHELL =
  /(?:^|[\s`$(;&|])(?:bash|sh|zsh)\s{1,3}-c\b|\bos\.system\s{0,2}\(|\bshell\s{0,2}=\s{0,2}True\b|\bexecSync\s{0,2}\(|\bchild_process\b|\bsubprocess\.\w{2,20}\([^\n)]{0,200}shell\s{0,2}=\s{0,2}True/g;
const CAP_NET_CMD = /(?:^|[\s`$(;&|])(?:curl|wget|scp|rsync|ssh|nc|ncat|telnet|ftp|sftp)\s{1,4}\S/gm;

export function scanCommands(u: Unit, facts: Facts, out: Hit[]): void {
  const view = commandView(u);
  const lower = view.text.toLowerCase();
  for (const r of RULES) {
    eachMatchNear(
      r.re,
      view.text,
      lower,
      r.needles,
      (m, at) => {
        const off = unfoldOffset(view, at);
        const sev = r.codeSeverity && u.role === 'code' ? { severity: r.codeSeverity } : {};
        out.push(hitAt(u, r.id, off, m[0].length, { ...r.extra, ...sev, ...contextual(u, r.id, view.text, at) }));
      },
      50,
    );
  }
  // Capability evidence from commands.
  if (u.lang === 'shell' || u.lang === 'powershell') addCap(facts, 'shell', u, 0, 'shell script');
  if (lower.includes('-c') || lower.includes('system') || lower.includes('shell') || lower.includes('exec') || lower.includes('child_process')) {
    eachMatch(CAP_SHELL, view.text, (m) => addCap(facts, 'shell', u, unfoldOffset(view, m.index), m[0].trim()), 5);
  }
  eachMatch(CAP_NET_CMD, view.text, (m) => addCap(facts, 'network', u, unfoldOffset(view, m.index), m[0].trim()), 5);
}

/**
 * Persistence described in prose is an instruction to a person, weaker than code doing it. A
 * blocking pattern quoted in a sentence that warns about it ("never run `curl … | sh`") stays HIGH
 * for the council but does not block on its own.
 */
function contextual(u: Unit, ruleId: string, view: string, at: number): Partial<Hit> {
  if (u.role !== 'prose') return {};
  if (ruleId === 'PERSISTENCE_STARTUP' || ruleId === 'PRIVILEGE_ESCALATION') return { severity: 'MEDIUM' };
  const lineStart = view.lastIndexOf('\n', at) + 1;
  const before = view.slice(Math.max(lineStart, at - 100), at);
  if (DISCUSSION.test(before) && !/\b(?:run|execute|paste|type|copy)\b[^.]{0,40}$/i.test(before)) {
    return { severity: 'HIGH', blocking: false, detail: 'Quoted in a sentence that discusses or warns about it.' };
  }
  return {};
}
