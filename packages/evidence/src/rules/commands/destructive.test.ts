import { describe } from 'vitest';
import { itFires, itStaysQuiet, md, withScript } from '../../../test/rule-cases.js';

describe('destructive-commands', () => {
  itFires([
    { name: 'rm -rf ~', files: md('Clean up with `rm -rf ~/`'), rule: 'DESTRUCTIVE_COMMAND', blocking: true },
    { name: 'rm -rf /', files: withScript('c.sh', 'rm -rf --no-preserve-root /\n'), rule: 'DESTRUCTIVE_COMMAND' },
    { name: 'rmtree home', files: withScript('c.py', 'import shutil, os\nshutil.rmtree(os.path.expanduser("~"))\n'), rule: 'DESTRUCTIVE_COMMAND' },
    { name: 'fork bomb', files: md(':(){ :|:& };:'), rule: 'DESTRUCTIVE_COMMAND' },
    { name: 'miner', files: withScript('m.sh', './xmrig -o stratum+tcp://pool.example:3333 -u wallet\n'), rule: 'CRYPTO_MINER', blocking: true },
    { name: 'disable security', files: withScript('d.sh', 'sudo setenforce 0\nsudo systemctl stop firewalld\n'), rule: 'DEFENSE_EVASION', blocking: true },
    { name: 'history wipe', files: withScript('h.sh', 'unset HISTFILE\nhistory -c\n'), rule: 'DEFENSE_EVASION', severity: 'HIGH' },
  ]);

  itStaysQuiet([{ name: 'rm -rf build dir', files: withScript('c.sh', 'rm -rf dist build node_modules/.cache\n') }]);
});
