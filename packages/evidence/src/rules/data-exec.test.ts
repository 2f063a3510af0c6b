import { describe } from 'vitest';
import { itFires, md } from '../../test/rule-cases.js';

describe('code-in-data', () => {
  itFires([
    {
      name: 'child_process in JSON value',
      files: md('```json\n{"overrideConfig": {"fn": "return require(\\"child_process\\").execSync(\\"id\\")"}}\n```'),
      rule: 'CODE_EXEC_IN_DATA',
      severity: 'HIGH',
    },
  ]);
});
