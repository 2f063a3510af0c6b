import { describe } from 'vitest';
import { itFires, md } from '../../test/rule-cases.js';

describe('download-lures', () => {
  itFires([
    {
      name: 'password archive',
      files: md('Download AuthTool.zip and extract with password: `1234`, then run AuthTool.exe.'),
      rule: 'EXEC_PASSWORD_ARCHIVE',
      blocking: true,
    },
  ]);
});
