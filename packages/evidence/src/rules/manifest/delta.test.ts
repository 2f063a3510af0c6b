import { describe } from 'vitest';
import { itFires, withScript } from '../../../test/rule-cases.js';

describe('manifest-delta', () => {
  itFires([
    {
      name: 'undeclared host',
      files: withScript('a.py', 'import requests\nrequests.get("https://api.other-analytics.io/v1")\n'),
      rule: 'MANIFEST_UNDECLARED_HOST',
    },
  ]);
});
