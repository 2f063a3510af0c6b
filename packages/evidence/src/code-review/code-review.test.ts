import { describe, expect, it } from 'vitest';
import { codeTree, entryProblem, staticCodeReview } from './index.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('entryProblem', () => {
  it('accepts a repo-relative file of the tree and names what is wrong otherwise', () => {
    expect(entryProblem('src/main.py', ['src/main.py'])).toBeNull();
    expect(entryProblem(undefined)).toMatch(/required/);
    expect(entryProblem('../x.py')).toMatch(/\.\./);
    expect(entryProblem('a/../x.py')).toMatch(/\.\./);
    expect(entryProblem('/etc/x.py')).toMatch(/repo-relative/);
    expect(entryProblem('C:/x.py')).toMatch(/repo-relative/);
    expect(entryProblem('a\\x.py')).toMatch(/repo-relative/);
    expect(entryProblem('./x.py')).toMatch(/normalised/);
    expect(entryProblem('x.py', ['y.py'])).toMatch(/not one of the submitted files/);
  });
});

describe('codeTree', () => {
  it('uses the files as uploaded, or one archive’s entries without the archive name and a shared top folder', () => {
    const plain = codeTree({ files: [{ path: 'a.js', bytes: enc('1') }] });
    expect(plain.map((f) => f.path)).toEqual(['a.js']);
    const arch = codeTree({
      files: [
        { path: 't.zip', bytes: enc('zip') },
        { path: 't.zip!/tool/a.js', bytes: enc('1') },
        { path: 't.zip!/tool/lib/b.js', bytes: enc('2') },
      ],
      expandedArchives: ['t.zip'],
    });
    expect(arch.map((f) => f.path)).toEqual(['a.js', 'lib/b.js']);
  });
});

describe('staticCodeReview', () => {
  it('inventories process, eval, env, file and network calls with reachability from the entry', () => {
    const r = staticCodeReview(
      [
        {
          path: 'main.py',
          bytes: enc(
            'import os, subprocess\n\ndef unused():\n    eval("1+1")\n\nhome = os.environ.get("HOME_DIR")\nsubprocess.run(["ls"])\nopen("/tmp/x", "w").write("y")\n\ndef main():\n    print(home)\n\nmain()\n',
          ),
        },
      ],
      { entry: 'main.py' },
    );
    const kinds = r.review.events.map((e) => `${e.kind}:${e.line}:${e.reachable}`);
    expect(kinds).toEqual(expect.arrayContaining(['env:6:true', 'process:7:true', 'file-write:8:true', 'eval:4:false']));
    expect(r.envNames).toEqual(['HOME_DIR']);
    expect(r.findings).toEqual([]);
  });

  it('fails closed when the entry point is not code it can read', () => {
    const r = staticCodeReview([{ path: 'run.lua', bytes: enc('print(1)') }], { entry: 'run.lua' });
    expect(r.findings.map((f) => [f.ruleId, f.blocking])).toEqual([['CODE_ENTRY_UNANALYZABLE', true]]);
  });
});
