import { unitRule } from '../rule.js';
import { runCommandPatterns } from './shared.js';
import type { CommandPattern } from './shared.js';

const PATTERNS: CommandPattern<'PRIVILEGE_ESCALATION' | 'PERSISTENCE_STARTUP'>[] = [
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
    re: /(?:>>|\btee\s{1,3}-a\s{1,3})\s{0,3}["']?(?:~|\$HOME|\$\{HOME\})?\/?\.(?:bashrc|bash_profile|zshrc|zprofile|zshenv|profile|bash_login)\b|(?:>>?|\btee\s{1,3}(?:-a\s{1,3})?)\s{0,3}["']?\/etc\/profile\b|\b(?:cp|mv|install|ln\s{1,3}-s\w{0,2})\s[^\n;&|]{1,200}\s["']?\/etc\/profile\.d\//gi,
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

/** Privilege escalation and persistence at startup or on a schedule (weaker in prose: an instruction to a person). */
export const STARTUP_PERSISTENCE = unitRule({
  name: 'startup-persistence',
  decoded: true,
  meta: [
    {
      id: 'PRIVILEGE_ESCALATION',
      title: 'Privilege escalation',
      category: 'destructive',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST03'],
      why: 'Editing sudoers, setting setuid bits or chmod 777 on system paths grants more power than any skill needs.',
      remediation: "Remove it; run with the user's ordinary privileges.",
    },
    {
      id: 'PERSISTENCE_STARTUP',
      title: 'Installs itself to run at startup or on a schedule',
      category: 'persistence',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST03'],
      why: 'Shell profiles, cron, launch agents, services and Run keys keep code running after the skill is done.',
      remediation: 'Do not modify startup configuration; let the user schedule things themselves.',
    },
  ],
  run(u, ctx) {
    runCommandPatterns(u, PATTERNS, ctx.hits);
  },
});
