import { unitRule } from '../rule.js';
import { runCommandPatterns } from './shared.js';
import type { CommandPattern } from './shared.js';

const PATTERNS: CommandPattern<'DESTRUCTIVE_COMMAND' | 'CRYPTO_MINER' | 'DEFENSE_EVASION'>[] = [
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
];

/** Destructive commands (home, root or disks), miners, and disabling security tools or erasing traces. */
export const DESTRUCTIVE = unitRule({
  name: 'destructive-commands',
  decoded: true,
  meta: [
    {
      id: 'DESTRUCTIVE_COMMAND',
      title: 'Destructive command (wipes home, root or disks)',
      category: 'destructive',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: "Deleting the home or root directory, formatting disks or fork bombs destroy the user's machine.",
      remediation: "Remove it; scope deletions to the skill's own output directory.",
    },
    {
      id: 'CRYPTO_MINER',
      title: 'Cryptocurrency miner',
      category: 'destructive',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: "Mining software steals the host's compute.",
      remediation: 'Remove it.',
    },
    {
      id: 'DEFENSE_EVASION',
      title: 'Disables security tools or erases traces',
      category: 'destructive',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Turning off firewalls, antivirus, SELinux or Gatekeeper, or wiping shell history and logs, only serves to avoid detection.',
      remediation: 'Remove it.',
    },
  ],
  run(u, ctx) {
    runCommandPatterns(u, PATTERNS, ctx.hits);
  },
});
