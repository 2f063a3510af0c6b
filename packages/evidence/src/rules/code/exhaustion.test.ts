import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

describe('code-resource-exhaustion', () => {
  itFires([
    { name: 'endless loop', files: withScript('l.py', 'def spin(x):\n    while True:\n        x = x * 2\n'), rule: 'CODE_RESOURCE_EXHAUSTION' },
    { name: 'memory bomb', files: withScript('m.py', 'def grow(items):\n    return [items] * 100000000\n'), rule: 'CODE_RESOURCE_EXHAUSTION' },
  ]);

  itStaysQuiet([
    {
      name: 'bounded loop',
      files: withScript('l.py', 'import time\ndef poll(f):\n    while True:\n        if f():\n            break\n        time.sleep(1)\n'),
    },
    {
      name: 'try-bounded loop',
      files: withScript(
        'l.py',
        'def frames(img):\n    n = 0\n    try:\n        while True:\n            img.seek(n)\n            n += 1\n    except EOFError:\n        pass\n    return n\n',
      ),
    },
  ]);
});
