import { describe } from 'vitest';
import { itFires, withScript } from '../../../test/rule-cases.js';

describe('code-credential-stores', () => {
  itFires([
    {
      name: 'ssh key read in code',
      files: withScript('k.py', 'import os\nkey = open(os.path.expanduser("~/.ssh/id_rsa")).read()\n'),
      rule: 'CREDENTIAL_STORE_ACCESS',
      severity: 'HIGH',
    },
    {
      name: 'browser store',
      files: withScript('b.py', 'p = "~/Library/Application Support/Google/Chrome/Default/Login Data"\n'),
      rule: 'CREDENTIAL_STORE_ACCESS',
    },
    { name: 'wallet file', files: withScript('w.py', 'path = "~/.config/solana/id.json"\n'), rule: 'WALLET_ACCESS' },
  ]);
});
