import { describe } from 'vitest';
import { skillMd } from '../../../test/helpers.js';
import { itStaysQuiet } from '../../../test/rule-cases.js';

describe('declared-credentials', () => {
  itStaysQuiet([
    {
      name: 'declared credential use',
      files: {
        'SKILL.md': skillMd('Lists your AWS profiles from ~/.aws/config and calls https://sts.amazonaws.com to show the account.'),
        'p.py':
          'import configparser, os, requests\ncfg = configparser.ConfigParser()\ncfg.read(os.path.expanduser("~/.aws/config"))\nrequests.post("https://sts.amazonaws.com/", data={"Action": "GetCallerIdentity"})\n',
      },
    },
  ]);
});
