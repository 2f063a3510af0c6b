import { lstatSync, readlinkSync } from 'node:fs';
import type { ExecutionRuntime } from '@sigma/core';
import type { MockValue } from './mock-env.js';
import type { SandboxTools } from './tools.js';
import type { Workspace } from './workspace.js';

/**
 * The command chain of one run, outermost first. Every step narrows what the next may do; the
 * entry point only ever runs as bwrap's command, so if any step is missing nothing runs at all.
 *
 *   setpriv --pdeathsig KILL           the whole chain dies with the SIGMA process
 *   strace -f …                        root, in the host pid namespace: out of the code's reach
 *   [nsenter --net=<sink's netns>]     when the sink made the run's network namespace (see sink.ts)
 *   unshare --mount                    a private mount namespace for the run's own tmpfs mounts
 *   bash -c LAUNCH                     mounts /tmp and /dev/shm (size + inode caps), closes inherited fds
 *   setpriv --reuid U --regid U        a fresh unprivileged host uid: RLIMIT_NPROC applies to it
 *   prlimit --nproc --as --fsize …     the kernel limits
 *   bwrap --unshare-all …              user/pid/ipc/net/uts/cgroup namespaces, read-only binds
 *   <runtime> /code/<entry> <args>
 */

/** The system calls recorded. `?` marks calls some architectures do not have. */
export const TRACED_SYSCALLS = [
  'execve',
  'execveat',
  'clone',
  'clone3',
  '?fork',
  '?vfork',
  'connect',
  'sendto',
  'sendmsg',
  'sendmmsg',
  'socket',
  '?open',
  'openat',
  '?openat2',
  '?creat',
  '?unlink',
  'unlinkat',
  '?rmdir',
  '?rename',
  'renameat',
  '?renameat2',
  '?mkdir',
  'mkdirat',
  '?symlink',
  'symlinkat',
  '?link',
  'linkat',
  'kill',
  'tkill',
  'tgkill',
  'ptrace',
  'mount',
  'umount2',
  'unshare',
  'setns',
  'chroot',
  'pivot_root',
  'setuid',
  'setgid',
  'setreuid',
  'setregid',
  'setresuid',
  'setresgid',
  'capset',
  'bpf',
  'init_module',
  'finit_module',
  'reboot',
  'swapon',
  'sethostname',
  'keyctl',
  'perf_event_open',
];

/** Python also gets its refused allocations recorded (Node's are routine V8 probing, see trace.ts). */
export function tracedSyscalls(runtime: ExecutionRuntime): string[] {
  return runtime === 'python' ? [...TRACED_SYSCALLS, 'mmap', 'mremap'] : TRACED_SYSCALLS;
}

const LAUNCH = [
  'set -eu',
  'mount=$1 tmp=$2 tsize=$3 tinodes=$4 shm=$5 uid=$6 gid=$7 fds=$8',
  'shift 8',
  '"$mount" -t tmpfs -o "size=$tsize,nr_inodes=$tinodes,mode=0700,uid=$uid,gid=$gid,nosuid,nodev" sigma-tmp "$tmp"',
  '"$mount" -t tmpfs -o "size=1048576,nr_inodes=64,mode=0700,uid=$uid,gid=$gid,nosuid,nodev" sigma-shm "$shm"',
  'for fd in $fds; do eval "exec $fd>&-"; done',
  'exec "$@"',
].join('\n');

export interface ChainLimits {
  memoryMb: number;
  maxProcesses: number;
  tmpBytes: number;
  tmpFiles: number;
}

export interface ChainInput {
  tools: SandboxTools;
  workspace: Workspace;
  runtime: ExecutionRuntime;
  runtimePath: string;
  entry: string;
  args: readonly string[];
  mocks: readonly MockValue[];
  uid: number;
  gid: number;
  limits: ChainLimits;
  /** Inherited descriptors (not close-on-exec) to close before anything untrusted runs. */
  closeFds: readonly number[];
  /** A network namespace to join (the sink's, `/proc/<pid>/ns/net`); null: bwrap makes a fresh one. */
  netns: string | null;
}

/** Address space the runtime may map: V8 reserves ~0.8 GB up front, so Node gets its heap cap on top of that. */
export function addressSpaceBytes(runtime: ExecutionRuntime, memoryMb: number): number {
  const mb = runtime === 'node' ? memoryMb + 1280 : memoryMb;
  return mb * 1024 * 1024;
}

export function runtimeFlags(runtime: ExecutionRuntime, memoryMb: number): string[] {
  // Node: the V8 heap cap, and WebAssembly without its 10 GB guard reservations (undici's HTTP
  // parser is WebAssembly, so `fetch` would not fit under the address-space cap otherwise).
  if (runtime === 'node')
    return [`--max-old-space-size=${memoryMb}`, `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(memoryMb / 16)))}`, '--disable-wasm-trap-handler'];
  // -E ignore PYTHON* variables, -s no user site, -B no bytecode files, -u unbuffered (output survives a kill).
  return ['-E', '-s', '-B', '-u'];
}

/** How the host's top-level system directories are reproduced: merged-/usr symlinks stay symlinks. */
function systemDirs(): string[] {
  const out: string[] = ['--ro-bind', '/usr', '/usr'];
  for (const d of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      const st = lstatSync(d);
      if (st.isSymbolicLink()) out.push('--symlink', readlinkSync(d), d);
      else if (st.isDirectory()) out.push('--ro-bind', d, d);
    } catch {
      // absent on this host
    }
  }
  return out;
}

export function bwrapArgs(input: ChainInput): string[] {
  const env: string[] = [
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/local/bin:/usr/bin:/bin',
    '--setenv',
    'HOME',
    '/tmp',
    '--setenv',
    'TMPDIR',
    '/tmp',
    '--setenv',
    'LANG',
    'C.UTF-8',
    '--setenv',
    'USER',
    'sandbox',
    '--setenv',
    'PWD',
    '/code',
  ];
  for (const m of input.mocks) env.push('--setenv', m.name, m.value);
  const runtimeBind = input.runtimePath.startsWith('/usr/') ? [] : ['--ro-bind', input.runtimePath, input.runtimePath];
  return [
    '--unshare-all',
    // Joining the sink's namespace: a loopback-only namespace made for this run alone, owned by
    // root's user namespace, so the code (in its own user namespace) cannot reconfigure it.
    ...(input.netns ? ['--share-net'] : []),
    '--unshare-user',
    '--disable-userns',
    '--uid',
    '65534',
    '--gid',
    '65534',
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
    ...env,
    ...systemDirs(),
    ...runtimeBind,
    '--ro-bind',
    input.workspace.codeDir,
    '/code',
    '--ro-bind',
    input.workspace.etcDir,
    '/etc',
    // Public CA certificates only (never /etc/ssl/private): TLS clients start as they would on the host.
    '--ro-bind-try',
    '/etc/ssl/certs',
    '/etc/ssl/certs',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--bind',
    input.workspace.tmpDir,
    '/tmp',
    '--bind',
    input.workspace.shmDir,
    '/dev/shm',
    '--remount-ro',
    '/dev',
    '--remount-ro',
    '/',
    '--chdir',
    '/code',
    '--info-fd',
    '3',
    '--block-fd',
    '4',
  ];
}

/** The chain's argv; bwrap's own options (`bwrapArgs`) go NUL-separated on fd 5. */
export function buildChain(input: ChainInput): string[] {
  const { tools, limits, runtime } = input;
  return [
    tools.setpriv,
    '--pdeathsig',
    'KILL',
    '--',
    tools.strace,
    '-f',
    '-q',
    '-yy',
    '-xx',
    '-s',
    '512',
    '--decode-pids=pidns',
    '--seccomp-bpf',
    '-o',
    input.workspace.tracePath,
    '-e',
    `trace=${tracedSyscalls(runtime).join(',')}`,
    '--',
    ...(input.netns ? [tools.nsenter, `--net=${input.netns}`, '--'] : []),
    tools.unshare,
    '--mount',
    '--propagation',
    'private',
    '--',
    tools.bash,
    // --norc: bash reads ~/.bashrc when stdin is a socket (it takes that for rshd), and stdin here is one.
    '--norc',
    '--noprofile',
    '-c',
    LAUNCH,
    'sigma-sandbox',
    tools.mount,
    input.workspace.tmpDir,
    String(limits.tmpBytes),
    String(limits.tmpFiles),
    input.workspace.shmDir,
    String(input.uid),
    String(input.gid),
    // 3, 4 and 5 are bwrap's info, block and args descriptors.
    input.closeFds.filter((fd) => Number.isInteger(fd) && fd > 5).join(' '),
    tools.setpriv,
    '--reuid',
    String(input.uid),
    '--regid',
    String(input.gid),
    '--clear-groups',
    '--',
    tools.prlimit,
    // bwrap's own two processes (the outer one and the namespace's init) count too.
    `--nproc=${limits.maxProcesses + 2}`,
    `--as=${addressSpaceBytes(runtime, limits.memoryMb)}`,
    `--fsize=${limits.tmpBytes}`,
    '--nofile=256',
    '--core=0',
    '--',
    tools.bwrap,
    // bwrap reads its options from fd 5 (see bwrapArgs), so the sandbox's /proc/1/cmdline shows no
    // host path and no option: only the command below.
    '--args',
    '5',
    '--',
    input.runtimePath,
    ...runtimeFlags(runtime, limits.memoryMb),
    `/code/${input.entry}`,
    ...input.args,
  ];
}
