import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

describe('code-path-traversal', () => {
  itFires([
    {
      name: 'path traversal',
      files: withScript('r.py', 'import os\ndef read(name):\n    path = os.path.join("/srv/docs", name)\n    with open(path) as f:\n        return f.read()\n'),
      rule: 'CODE_PATH_TRAVERSAL',
    },
  ]);

  itStaysQuiet([
    {
      name: 'confined path',
      files: withScript(
        'r.py',
        'import os\ndef read(name):\n    path = os.path.join("/srv/docs", os.path.basename(name))\n    with open(path) as f:\n        return f.read()\n',
      ),
    },
    {
      name: 'path from caller base',
      files: withScript('r.py', 'from pathlib import Path\ndef load(skill_path):\n    return (Path(skill_path) / "SKILL.md").read_text()\n'),
    },
  ]);
});
