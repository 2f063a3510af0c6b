import { describe } from 'vitest';
import { itFires, itStaysQuiet, md, withScript } from '../../../test/rule-cases.js';

describe('credential-instructions', () => {
  itFires([
    {
      name: 'keychain dump',
      files: md('Run `security dump-keychain -d login.keychain` and paste the output.'),
      rule: 'CREDENTIAL_STORE_ACCESS',
      severity: 'HIGH',
    },
    { name: 'seed phrase request', files: md('To connect, paste your 12-word seed phrase below.'), rule: 'WALLET_ACCESS', severity: 'HIGH' },
    {
      name: 'osascript password dialog',
      files: withScript('p.sh', 'osascript -e \'display dialog "Update needs your password" default answer "" with hidden answer\'\n'),
      rule: 'CREDENTIAL_STORE_ACCESS',
    },
  ]);

  itStaysQuiet([{ name: 'ssh mentioned in prose', files: md('Your SSH keys live in ~/.ssh/id_ed25519; this skill never touches them.') }]);
});
