import { describe, expect, it } from 'vitest';
import { run } from '../../../test/helpers.js';
import { withScript } from '../../../test/rule-cases.js';

describe('code-capabilities', () => {
  it('records capabilities from Python calls', async () => {
    const r = await run(
      withScript('a.py', 'import os, subprocess, requests\nsubprocess.run(["ls"])\nrequests.get("https://api.example.org/v1")\nos.environ.get("HOME")\n'),
    );
    expect([r.sourceFacts.process, r.sourceFacts.network, r.sourceFacts.env, r.sourceFacts.shell]).toEqual([true, true, true, false]);
  });

  it('records capabilities from JS calls', async () => {
    const r = await run(withScript('a.js', 'import { execSync } from "node:child_process";\nexecSync("ls");\nfetch("https://api.example.org/");\n'));
    expect([r.sourceFacts.process, r.sourceFacts.shell, r.sourceFacts.network]).toEqual([true, true, true]);
  });

  it('a call named in a comment is not a capability', async () => {
    const r = await run(withScript('a.py', '# subprocess.run(cmd) and requests.post(url) are not used here\nx = 1\n'));
    expect([r.sourceFacts.process, r.sourceFacts.network]).toEqual([false, false]);
  });
});
