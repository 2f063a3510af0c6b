import { describe, expect, it } from 'vitest';
import { run } from '../../../test/helpers.js';
import { md, withScript } from '../../../test/rule-cases.js';

describe('command-capabilities', () => {
  it('a shell script is shell; curl in instructions is network', async () => {
    const sh = await run(withScript('x.sh', 'echo hello\n'));
    expect(sh.sourceFacts.shell).toBe(true);
    const net = await run(md('Fetch it with `curl -s https://api.example.org/v1/items`.'));
    expect([net.sourceFacts.network, net.sourceFacts.shell]).toEqual([true, false]);
  });

  it('bash -c in prose is shell', async () => {
    const r = await run(md('Run `bash -c "make all"` in the project folder.'));
    expect(r.sourceFacts.shell).toBe(true);
  });
});
