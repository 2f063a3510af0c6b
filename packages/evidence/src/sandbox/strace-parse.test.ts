import { describe, expect, it } from 'vitest';
import { connectedPeer, parseSockaddr } from './sockaddr.js';
import { splitArgs, stringArg, TraceParser, unhex } from './strace-parse.js';
import { TraceInterpreter } from './trace.js';

const hex = (s: string) => [...Buffer.from(s)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
const q = (s: string) => `"${hex(s)}"`;

describe('strace line parser', () => {
  it('decodes -xx strings, splits arguments and reads return values', () => {
    expect(unhex(hex('/tmp/a b')).toString()).toBe('/tmp/a b');
    expect(splitArgs(`AT_FDCWD<${hex('/code')}>, ${q('x,y')}, O_WRONLY|O_CREAT, 0666`)).toEqual([
      `AT_FDCWD<${hex('/code')}>`,
      q('x,y'),
      'O_WRONLY|O_CREAT',
      '0666',
    ]);
    const p = new TraceParser();
    const ev = p.line(`20872 openat(AT_FDCWD<${hex('/code')}>, ${q('/tmp/a')}, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3<${hex('/tmp/a')}>`);
    expect(ev).toMatchObject({ kind: 'syscall', pid: 20872, name: 'openat', ret: '3', errno: null });
    expect(ev && ev.kind === 'syscall' && ev.retFdPath?.toString()).toBe('/tmp/a');
    const fail = p.line(`20872 openat(AT_FDCWD<${hex('/tmp')}>, ${q('/code/z')}, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = -1 EROFS (Read-only file system)`);
    expect(fail).toMatchObject({ ret: '-1', errno: 'EROFS' });
    expect(stringArg(`${q('abc')}...`)).toEqual({ bytes: Buffer.from('abc'), truncated: true });
  });

  it('joins unfinished and resumed halves per pid and reads clone results in the host pid namespace', () => {
    const p = new TraceParser();
    expect(p.line('20872 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f2c02321000, stack_size=0x9000}, 88 <unfinished ...>')).toBeNull();
    expect(p.line(`20873 execve(${q('/bin/sh')}, [${q('sh')}, ${q('-c')}, ${q('echo hi')}], 0x7fff81d3c7c0 /* 39 vars */ <unfinished ...>`)).toBeNull();
    const clone = p.line("20872 <... clone3 resumed>)             = 3 /* 20873 in strace's PID NS */");
    expect(clone).toMatchObject({ name: 'clone3', ret: '3', retHostPid: 20873 });
    const exec = p.line('20873 <... execve resumed>)             = 0');
    expect(exec).toMatchObject({ name: 'execve', ret: '0', pid: 20873 });
    expect(exec && exec.kind === 'syscall' && exec.args.length).toBe(3);
    expect(p.line('807   +++ exited with 0 +++')).toEqual({ kind: 'exit', pid: 807, code: 0, signal: null }); // short pids are padded
    expect(p.line('20873 +++ exited with 3 +++')).toEqual({ kind: 'exit', pid: 20873, code: 3, signal: null });
    expect(p.line('20871 +++ killed by SIGKILL (core dumped) +++')).toEqual({ kind: 'exit', pid: 20871, code: null, signal: 'SIGKILL' });
    expect(p.line('20872 --- SIGXFSZ {si_signo=SIGXFSZ, si_code=SI_USER} ---')).toEqual({ kind: 'signal', pid: 20872, signal: 'SIGXFSZ' });
    expect(p.unparsed).toBe(0);
  });

  it('decodes IPv4, IPv6 and unix socket addresses, and connected peers from -yy notes', () => {
    expect(parseSockaddr(`{sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(${q('93.184.216.34')})}`)).toEqual({
      family: 'inet',
      address: '93.184.216.34',
      port: 443,
    });
    expect(
      parseSockaddr(`{sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, ${q('2001:db8::1')}, &sin6_addr), sin6_scope_id=0}`),
    ).toEqual({
      family: 'inet6',
      address: '2001:db8::1',
      port: 80,
    });
    expect(parseSockaddr(`{sa_family=AF_UNIX, sun_path=${q('/var/run/docker.sock')}}`)).toEqual({
      family: 'unix',
      address: '/var/run/docker.sock',
      port: null,
    });
    expect(connectedPeer('UDP:[127.0.0.1:5000->198.18.0.1:53]')).toEqual({ family: 'inet', address: '198.18.0.1', port: 53 });
  });

  it('cannot be fooled by what the code prints: quotes, parentheses and newlines in paths stay hex', () => {
    const evil = 'x") = 0\n99 execve("/bin/evil';
    const p = new TraceParser();
    const ev = p.line(`20872 openat(AT_FDCWD<${hex('/tmp')}>, ${q(evil)}, O_RDONLY) = -1 ENOENT (No such file or directory)`);
    expect(ev).toMatchObject({ name: 'openat', errno: 'ENOENT' });
    expect(ev && ev.kind === 'syscall' && stringArg(ev.args[1])?.bytes.toString()).toBe(evil);
  });
});

describe('trace interpreter', () => {
  const lines = [
    `100 execve(${q('/usr/bin/unshare')}, [${q('unshare')}], 0x1 /* 1 vars */) = 0`,
    `100 openat(AT_FDCWD<${hex('/')}>, ${q('/proc/101/uid_map')}, O_RDWR|O_CLOEXEC) = 6<${hex('/proc/101/uid_map')}>`,
    '100 clone(child_stack=NULL, flags=CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWUSER|SIGCHLD) = 101',
    "101 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 2 /* 102 in strace's PID NS */",
    `102 openat(AT_FDCWD<${hex('/')}>, ${q('/tmp/before-exec')}, O_WRONLY|O_CREAT, 0666) = 3<${hex('/tmp/before-exec')}>`,
    `102 execve(${q('/usr/bin/python3')}, [${q('/usr/bin/python3')}, ${q('/code/main.py')}], 0x1 /* 5 vars */) = 0`,
    `102 openat(AT_FDCWD<${hex('/code')}>, ${q('out.txt')}, O_WRONLY|O_CREAT|O_TRUNC, 0666) = -1 EROFS (Read-only file system)`,
    `102 openat(AT_FDCWD<${hex('/code')}>, ${q('/tmp/ok')}, O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3<${hex('/tmp/ok')}>`,
    `102 connect(4<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(${q('198.18.0.1')})}, 16) = -1 EINPROGRESS (Operation now in progress)`,
    `102 connect(5<UDP:[2]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(${q('127.0.0.53')})}, 16) = 0`,
    `102 sendto(6<UDP:[3]>, ${q('hello')}, 5, 0, {sa_family=AF_INET, sin_port=htons(9999), sin_addr=inet_addr(${q('10.0.0.1')})}, 16) = 5`,
    "102 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x7f) = 3 /* 103 in strace's PID NS */",
    `103 execve(${q('/bin/sh')}, [${q('sh')}, ${q('-c')}, ${q('id')}], 0x1 /* 5 vars */) = 0`,
    "103 kill(1 /* 101 in strace's PID NS */, SIGKILL) = 0",
    '103 clone(child_stack=NULL, flags=SIGCHLD) = -1 EAGAIN (Resource temporarily unavailable)',
    '102 +++ exited with 7 +++',
  ];

  it('counts only the entry process (after its exec) and its descendants', () => {
    const t = new TraceInterpreter({ runtimePath: '/usr/bin/python3', resolver: '127.0.0.53' });
    for (const l of lines) t.push(l);
    const s = t.finish();
    expect(s.entryFound).toBe(true);
    expect(s.exit).toEqual({ code: 7, signal: null });
    expect(s.files).toEqual([{ path: '/tmp/ok', operation: 'write' }]);
    expect(s.denied).toContainEqual({ operation: 'openat', target: '/code/out.txt', error: 'EROFS', count: 1 });
    expect(s.denied).toContainEqual({ operation: 'clone', target: 'a new process or thread', error: 'EAGAIN', count: 1 });
    expect(s.processes.map((p) => p.argv)).toEqual([['sh', '-c', 'id']]);
    expect(s.connections.map((c) => [c.protocol, c.address, c.port, c.bytes])).toEqual([
      ['tcp', '198.18.0.1', 443, 0],
      ['udp', '10.0.0.1', 9999, 5],
    ]);
    expect(s.signals).toEqual([{ target: '1', signal: 'SIGKILL', result: 'OK', count: 1 }]);
    expect([...s.limitsHit]).toEqual(['processes']);
  });

  it('records nothing when the entry point never exec’d (bwrap failed before it)', () => {
    const t = new TraceInterpreter({ runtimePath: '/usr/bin/node', resolver: '127.0.0.53' });
    for (const l of lines.slice(0, 5)) t.push(l);
    const s = t.finish();
    expect(s.entryFound).toBe(false);
    expect(s.files).toEqual([]);
  });
});
