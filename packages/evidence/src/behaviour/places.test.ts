import { BehaviourModel } from '@sigma/core';
import { describe, expect, it } from 'vitest';
import { buildBehaviour } from './index.js';

/** Paths that only the call site or the list being walked names: the file is known where it is written. */
function writes(path: string, text: string): string[] {
  const m = BehaviourModel.parse(
    buildBehaviour([
      { path: 'SKILL.md', text: '# tool\n' },
      { path, text },
    ]),
  );
  return m.events.filter((e) => e.category === 'file-write').map((e) => `${e.path} ${e.location} ${e.reach}`);
}

describe('file places named by callers and literal lists', () => {
  it('JS: a helper writes the file its caller names, for each element of a list walked by filter()', () => {
    const w = writes(
      'bin/install.js',
      `const fs = require('fs'); const os = require('os'); const path = require('path');
const home = os.homedir();
const CLIENTS = [path.join(home, 'notes.txt'), path.join(home, '.cursor', 'mcp.json')];
function update(file, def) { fs.writeFileSync(file, JSON.stringify(def)); return true; }
const done = CLIENTS.filter((f) => update(f, { a: 1 }));
console.log(done);
`,
    );
    // The worst of the files the call sites name: the agent's MCP configuration, loaded on every start.
    expect(w).toEqual(['~/.cursor/mcp.json startup called']);
  });

  it('Python: a for loop over a literal list runs its body per element, so joined paths stay exact', () => {
    const w = writes(
      'tool.py',
      `import os
for name in [".bashrc", "notes.md"]:
    with open(os.path.join(os.path.expanduser("~"), name), "a") as fh:
        fh.write("x")
`,
    );
    expect(w.some((x) => x.startsWith('~/.bashrc startup'))).toBe(true);
  });

  it('a helper called only with paths inside the skill keeps its run-time place', () => {
    const w = writes(
      'bin/save.js',
      `const fs = require('fs');
function save(file) { fs.writeFileSync(file, 'x'); }
save('out/result.json');
`,
    );
    expect(w).toEqual(['null unknown called']);
  });

  it('a list longer than eight elements is not walked one by one', () => {
    const items = Array.from({ length: 9 }, (_, i) => `'~/f${i}'`).join(', ');
    const w = writes('a.js', `const fs = require('fs');\nfor (const p of [${items}]) fs.writeFileSync(p, 'x');\n`);
    expect(w.every((x) => !x.startsWith('~/f'))).toBe(true);
  });
});
