import { unitRule } from '../rule.js';
import { lowerOfficial } from './installers.js';
import { DL, INTERP, SH, runCommandPatterns } from './shared.js';
import type { CommandPattern } from './shared.js';

const PATTERNS: CommandPattern<'EXEC_PIPE_TO_SHELL' | 'EXEC_DOWNLOAD_AND_RUN' | 'EXEC_FETCHED_CODE' | 'EXEC_OBFUSCATED_CODE' | 'EXEC_REVERSE_SHELL'>[] = [
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
];

/** Fetch-then-execute chains (`curl | sh` and its relatives), decoded-then-executed commands, download-and-run, reverse shells. */
export const REMOTE_EXECUTION = unitRule({
  name: 'remote-execution',
  decoded: true,
  meta: [
    {
      id: 'EXEC_PIPE_TO_SHELL',
      title: 'Downloaded content piped into a shell or interpreter',
      category: 'remote-execution',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST02', 'OWASP-AST05'],
      why: 'Piping a download into a shell runs whatever the server returns at that moment, unreviewed.',
      remediation: 'Pin and vendor the script, verify a checksum, or use a package manager.',
    },
    {
      id: 'EXEC_DOWNLOAD_AND_RUN',
      title: 'Downloads a program and runs it',
      category: 'remote-execution',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST02'],
      why: 'Downloading a file, making it executable and running it executes code nobody reviewed.',
      remediation: 'Remove the download; ship reviewed code or depend on a pinned package.',
    },
    {
      id: 'EXEC_FETCHED_CODE',
      title: 'Evaluates code fetched from the network',
      category: 'remote-execution',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST05'],
      why: 'Code downloaded at run time and passed to eval/exec is a remote-controlled backdoor.',
      remediation: 'Never evaluate downloaded text.',
    },
    {
      id: 'EXEC_OBFUSCATED_CODE',
      title: 'Executes decoded (obfuscated) code',
      category: 'obfuscation',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Decoding a blob and executing it hides the real behaviour from reviewers.',
      remediation: 'Ship the code in readable form.',
    },
    {
      id: 'EXEC_REVERSE_SHELL',
      title: 'Reverse shell',
      category: 'destructive',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'A reverse shell hands interactive control of the machine to a remote party.',
      remediation: 'Remove it.',
    },
  ],
  run(u, ctx) {
    runCommandPatterns(u, PATTERNS, { push: (h) => ctx.hits.push(h.ruleId === 'EXEC_PIPE_TO_SHELL' ? lowerOfficial(h) : h) });
  },
});
