import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

describe('code-string-payloads', () => {
  itFires([
    {
      name: 'child_process in a JS string value',
      files: withScript('cfg.js', 'export const hook = { fn: "return require(\\"child_process\\").execSync(\\"id\\")" };\n'),
      rule: 'CODE_EXEC_IN_DATA',
      severity: 'HIGH',
    },
    { name: 'os.popen in a Python string', files: withScript('t.py', "TEMPLATE = \"__import__('os').popen('id').read()\"\n"), rule: 'CODE_EXEC_IN_DATA' },
  ]);
  itStaysQuiet([
    { name: 'a string that names the module', files: withScript('d.py', 'DOC = "uses the child_process module of Node"\n'), rule: 'CODE_EXEC_IN_DATA' },
  ]);
});
