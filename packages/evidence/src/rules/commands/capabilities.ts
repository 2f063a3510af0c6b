import { unfoldOffset } from '../../text/fold.js';
import { unitRule } from '../rule.js';
import { addCap, eachMatch } from '../unit.js';
import { commandView } from './shared.js';

/** Commands whose presence marks capabilities. */
const CAP_SHELL =
  /(?:^|[\s`$(;&|])(?:bash|sh|zsh)\s{1,3}-c\b|\bos\.system\s{0,2}\(|\bshell\s{0,2}=\s{0,2}True\b|\bexecSync\s{0,2}\(|\bchild_process\b|\bsubprocess\.\w{2,20}\([^\n)]{0,200}shell\s{0,2}=\s{0,2}True/g;
const CAP_NET_CMD = /(?:^|[\s`$(;&|])(?:curl|wget|scp|rsync|ssh|nc|ncat|telnet|ftp|sftp)\s{1,4}\S/gm;

/** Capability evidence from commands (shell, network); reports nothing itself. */
export const COMMAND_CAPABILITIES = unitRule({
  name: 'command-capabilities',
  decoded: true,
  meta: [],
  run(u, ctx) {
    const { view, lower } = commandView(u);
    const facts = ctx.facts;
    if (u.lang === 'shell' || u.lang === 'powershell') addCap(facts, 'shell', u, 0, 'shell script');
    if (lower.includes('-c') || lower.includes('system') || lower.includes('shell') || lower.includes('exec') || lower.includes('child_process')) {
      eachMatch(CAP_SHELL, view.text, (m) => addCap(facts, 'shell', u, unfoldOffset(view, m.index), m[0].trim()), 5);
    }
    eachMatch(CAP_NET_CMD, view.text, (m) => addCap(facts, 'network', u, unfoldOffset(view, m.index), m[0].trim()), 5);
  },
});
