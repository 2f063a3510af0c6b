import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

describe('env-harvest', () => {
  itFires([
    {
      name: 'env harvest',
      files: withScript('e.py', 'import os\nsecrets = {k: v for k, v in os.environ.items() if "TOKEN" in k or "KEY" in k}\n'),
      rule: 'ENV_HARVEST',
      severity: 'HIGH',
    },
  ]);

  itStaysQuiet([
    {
      name: 'env copied for a subprocess',
      files: withScript(
        'r.py',
        'import os, subprocess\nenv = {k: v for k, v in os.environ.items() if k != "CLAUDECODE"}\nsubprocess.run(["claude", "-p", "hi"], env=env)\n',
      ),
    },
    {
      name: 'env copy with an API key for a subprocess',
      files: withScript(
        'r.py',
        'import os, subprocess\nenv = os.environ.copy()\nenv["ANTHROPIC_API_KEY"] = load_key()\nfor name in ["a", "b"]:\n    subprocess.run(["tool", name], env=env)\n',
      ),
    },
  ]);
});
