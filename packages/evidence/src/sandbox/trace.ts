import { posix } from 'node:path';
import type { ExecutionLimit } from '@sigma/core';
import { connectedPeer, parseSockaddr, printable, socketProtocol, type SockAddr } from './sockaddr.js';
import { fdNote, stringArg, stringsIn, TraceParser, type SyscallLine } from './strace-parse.js';

/**
 * Turns a strace log into what the code did. Only the entry process (from the moment it exec'd
 * the runtime) and its descendants count: bwrap's own set-up, the launcher and the namespace's
 * init are not the code, and the code cannot make itself look like them (the pid tree comes from
 * the tracer's clone events, which the code does not control).
 */

export interface TracedProcess {
  path: string;
  argv: string[];
  ok: boolean;
  error: string | null;
  raw: Buffer;
}

export interface TracedFile {
  path: string;
  operation: 'write' | 'create' | 'delete' | 'rename' | 'mkdir' | 'link';
}

export interface TracedConnection {
  protocol: 'tcp' | 'udp' | 'unix';
  address: string;
  port: number | null;
  attempts: number;
  results: Set<string>;
  /** UDP datagrams: what strace saw sent (the first bytes of each; strace's -s bound). */
  payload: Buffer[];
  bytes: number;
}

export interface Tally {
  operation: string;
  target: string;
  error: string;
  count: number;
}

export interface SignalTally {
  target: string;
  signal: string;
  result: string;
  count: number;
}

export interface TraceSummary {
  entryFound: boolean;
  exit: { code: number | null; signal: string | null } | null;
  processes: TracedProcess[];
  files: TracedFile[];
  connections: TracedConnection[];
  denied: Tally[];
  signals: SignalTally[];
  limitsHit: Set<ExecutionLimit>;
  truncated: boolean;
  unparsed: number;
}

export interface TraceOptions {
  runtimePath: string;
  /** DNS through the sandbox's resolver is recorded by the sink, not as a connection. */
  resolver: string;
  /**
   * V8 probes large address-space reservations and falls back when the address-space cap refuses
   * them, so under Node a refused mmap is routine, not a sign the code ran out of memory.
   */
  mmapProbes?: boolean;
  maxItems?: number;
}

const WRITE_FLAGS = /\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b/;
const ROUTINE_WHEN_OK = /^(mmap|mremap|clone|clone3|fork|vfork|socket)$/;
const OPEN_CALLS = /^(open|openat|openat2)$/;
const SINK_DEVICES = new Set(['/dev/null', '/dev/zero', '/dev/full']);
/** The C library probes its name-service cache daemon on every lookup; that is not the code's choice. */
const LIBC_PROBES = new Set(['/var/run/nscd/socket', '/run/nscd/socket']);
const PRIVILEGED = new Set([
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
  'ptrace',
]);

const text = (b: Buffer | null | undefined): string => (b ? b.toString('utf8') : '');

/** Where a path argument of an `*at` call points: the dirfd's decoded path joined with the argument. */
function resolveAt(dirArg: string | undefined, pathArg: string | undefined): string {
  const p = text(stringArg(pathArg)?.bytes);
  if (p.startsWith('/')) return posix.normalize(p);
  const base = text(fdNote(dirArg).path) || '/';
  return posix.normalize(posix.join(base, p));
}

function plainPath(pathArg: string | undefined): string {
  const p = text(stringArg(pathArg)?.bytes);
  return p.startsWith('/') ? posix.normalize(p) : posix.normalize(posix.join('/code', p));
}

/** The text of a `{…}` struct that follows `key=` inside an argument. */
function structAfter(arg: string, key: string): string | undefined {
  const i = arg.indexOf(`${key}={`);
  if (i < 0) return undefined;
  let depth = 0;
  for (let j = i + key.length + 1; j < arg.length; j++) {
    if (arg[j] === '{') depth++;
    else if (arg[j] === '}' && --depth === 0) return arg.slice(i + key.length + 1, j + 1);
  }
  return undefined;
}

/** A pid argument as the code named it, and the host pid strace noted for it. */
function pidArg(arg: string | undefined): { named: string; host: number | null } {
  const m = /^(-?\d+)(?: \/\* (\d+) in strace's PID NS \*\/)?/.exec(arg ?? '');
  return { named: m?.[1] ?? String(arg), host: m?.[2] ? Number(m[2]) : null };
}

export class TraceInterpreter {
  private readonly parser = new TraceParser();
  private readonly opts: Required<TraceOptions>;
  private rootPid: number | null = null;
  private entryPid: number | null = null;
  private readonly parent = new Map<number, number>();
  private readonly tgid = new Map<number, number>();
  private readonly events: SyscallLine[] = [];
  private readonly exits = new Map<number, { code: number | null; signal: string | null }>();
  private readonly delivered: { pid: number; signal: string }[] = [];
  private truncated = false;

  constructor(opts: TraceOptions) {
    this.opts = { maxItems: 200, mmapProbes: false, ...opts };
  }

  /** Feed one line of the log (in file order). */
  push(line: string): void {
    const ev = this.parser.line(line);
    if (!ev) return;
    this.rootPid ??= ev.pid;
    if (ev.kind === 'exit') {
      this.exits.set(ev.pid, { code: ev.code, signal: ev.signal });
      return;
    }
    if (ev.kind === 'signal') {
      if (this.delivered.length < 10_000) this.delivered.push(ev);
      return;
    }
    if (/^(clone|clone3|fork|vfork)$/.test(ev.name) && !ev.errno) {
      const child = ev.retHostPid ?? Number(ev.ret);
      if (Number.isInteger(child) && child > 0) {
        this.parent.set(child, ev.pid);
        const thread = ev.args.some((a) => a.includes('CLONE_THREAD'));
        this.tgid.set(child, thread ? (this.tgid.get(ev.pid) ?? ev.pid) : child);
      }
    }
    if (this.entryPid === null && ev.name === 'execve' && ev.ret === '0' && ev.pid !== this.rootPid) {
      if (text(stringArg(ev.args[0])?.bytes) === this.opts.runtimePath) {
        this.entryPid = ev.pid;
        return; // the entry's own exec is not a spawned process
      }
    }
    if (this.entryPid === null) return; // nothing before the entry point is the code
    if (!ev.errno && ROUTINE_WHEN_OK.test(ev.name)) return; // already used for the pid tree, or nothing to report
    // A read is reported only when it was refused (a missing module path probed by the runtime is not news).
    if (OPEN_CALLS.test(ev.name) && !WRITE_FLAGS.test(ev.args.join(' ')) && ev.errno !== 'EACCES' && ev.errno !== 'EPERM') return;
    if (this.events.length >= 200_000) {
      this.truncated = true;
      return;
    }
    this.events.push(ev);
  }

  private isCode(pid: number, seen = 0): boolean {
    if (pid === this.entryPid) return true;
    const p = this.parent.get(pid);
    return p !== undefined && seen < 10_000 && this.isCode(p, seen + 1);
  }

  finish(): TraceSummary {
    const max = this.opts.maxItems;
    const processes: TracedProcess[] = [];
    const files = new Map<string, TracedFile>();
    const conns = new Map<string, TracedConnection>();
    const denied = new Map<string, Tally>();
    const signals = new Map<string, SignalTally>();
    const limitsHit = new Set<ExecutionLimit>();
    let truncated = this.truncated;
    const deny = (operation: string, target: string, error: string) => {
      const k = `${operation}\0${target}\0${error}`;
      const t = denied.get(k);
      if (t) t.count++;
      else if (denied.size < max) denied.set(k, { operation, target, error, count: 1 });
      else truncated = true;
    };
    const file = (path: string, operation: TracedFile['operation']) => {
      const k = `${operation}\0${path}`;
      if (files.has(k)) return;
      if (files.size < max) files.set(k, { path, operation });
      else truncated = true;
    };
    const conn = (protocol: TracedConnection['protocol'], a: SockAddr, result: string, payload?: Buffer, bytes = 0) => {
      if (a.family === 'unix' && LIBC_PROBES.has(a.address)) return;
      if (a.address === this.opts.resolver && a.port === 53) return;
      const k = `${protocol}\0${a.address}\0${a.port}`;
      let c = conns.get(k);
      if (!c) {
        if (conns.size >= max) {
          truncated = true;
          return;
        }
        c = { protocol, address: a.address, port: a.port, attempts: 0, results: new Set(), payload: [], bytes: 0 };
        conns.set(k, c);
      }
      c.attempts++;
      c.results.add(result);
      c.bytes += bytes;
      if (payload && c.payload.length < 16) c.payload.push(payload);
    };

    for (const ev of this.events) {
      if (!this.isCode(ev.pid)) continue;
      const result = ev.errno ?? 'OK';
      switch (ev.name) {
        case 'execve':
        case 'execveat': {
          const pathArg = ev.name === 'execve' ? ev.args[0] : ev.args[1];
          const argvArg = ev.name === 'execve' ? ev.args[1] : ev.args[2];
          const argvRaw = argvArg?.startsWith('[') ? stringsIn(argvArg) : [];
          if (processes.length < max)
            processes.push({
              path: text(stringArg(pathArg)?.bytes),
              argv: argvRaw.slice(0, 64).map((b) => printable(b, 512)),
              ok: !ev.errno,
              error: ev.errno,
              raw: Buffer.concat(argvRaw.slice(0, 64)),
            });
          else truncated = true;
          break;
        }
        case 'clone':
        case 'clone3':
        case 'fork':
        case 'vfork':
          if (ev.errno === 'EAGAIN') limitsHit.add('processes');
          if (ev.errno)
            deny(
              ev.name === 'clone3' ? 'clone' : ev.name,
              ev.args.some((a) => a.includes('CLONE_NEWUSER')) ? 'a new user namespace' : 'a new process or thread',
              ev.errno,
            );
          break;
        case 'open':
        case 'openat':
        case 'openat2':
        case 'creat': {
          const at = ev.name === 'openat' || ev.name === 'openat2';
          const flags = ev.name === 'creat' ? 'O_CREAT' : ((at ? ev.args[2] : ev.args[1]) ?? '');
          const path = text(ev.retFdPath) || (at ? resolveAt(ev.args[0], ev.args[1]) : plainPath(ev.args[0]));
          if (WRITE_FLAGS.test(flags)) {
            if (SINK_DEVICES.has(path)) break;
            if (ev.errno) {
              deny(ev.name, path, ev.errno);
              if (ev.errno === 'ENOSPC' || ev.errno === 'EDQUOT') limitsHit.add('tmp');
            } else file(path, /\bO_CREAT\b/.test(flags) && /\bO_EXCL\b/.test(flags) ? 'create' : 'write');
          } else if (ev.errno === 'EACCES' || ev.errno === 'EPERM') deny(ev.name, path, ev.errno);
          break;
        }
        case 'unlink':
        case 'rmdir':
        case 'unlinkat':
        case 'mkdir':
        case 'mkdirat': {
          const path = ev.name.endsWith('at') ? resolveAt(ev.args[0], ev.args[1]) : plainPath(ev.args[0]);
          if (ev.errno) {
            deny(ev.name, path, ev.errno);
            if (ev.errno === 'ENOSPC') limitsHit.add('tmp');
          } else file(path, ev.name.startsWith('mkdir') ? 'mkdir' : 'delete');
          break;
        }
        case 'rename':
        case 'renameat':
        case 'renameat2':
        case 'link':
        case 'linkat':
        case 'symlink':
        case 'symlinkat': {
          // The new name: rename/link(old, new), renameat/linkat(olddir, old, newdir, new), symlink(target, new), symlinkat(target, newdir, new).
          const path =
            ev.name === 'rename' || ev.name === 'link' || ev.name === 'symlink'
              ? plainPath(ev.args[1])
              : ev.name === 'symlinkat'
                ? resolveAt(ev.args[1], ev.args[2])
                : resolveAt(ev.args[2], ev.args[3]);
          const op = ev.name.startsWith('rename') ? 'rename' : 'link';
          if (ev.errno) deny(ev.name, path, ev.errno);
          else file(path, op);
          break;
        }
        case 'connect': {
          const a = parseSockaddr(ev.args[1]);
          const proto = socketProtocol(fdNote(ev.args[0]).socket);
          if (!a || a.family === 'other' || proto === 'netlink') break;
          conn(a.family === 'unix' ? 'unix' : proto === 'udp' ? 'udp' : 'tcp', a, result);
          break;
        }
        case 'sendto':
        case 'sendmsg': {
          const note = fdNote(ev.args[0]).socket;
          if (socketProtocol(note) !== 'udp') break;
          const addrText = ev.name === 'sendto' ? ev.args[4] : structAfter(ev.args[1] ?? '', 'msg_name');
          const a = parseSockaddr(addrText) ?? connectedPeer(note);
          if (!a || a.family === 'other') break;
          const payload = ev.name === 'sendto' ? (stringArg(ev.args[1])?.bytes ?? Buffer.alloc(0)) : Buffer.concat(stringsIn(ev.args[1] ?? ''));
          const n = Number(ev.ret);
          conn('udp', a, result, payload, Number.isInteger(n) && n > 0 ? n : 0);
          break;
        }
        case 'socket':
          if (ev.errno) deny('socket', ev.args.slice(0, 2).join(' '), ev.errno);
          break;
        case 'kill':
        case 'tkill':
        case 'tgkill': {
          const target = pidArg(ev.args[0]);
          const self = this.tgid.get(ev.pid) ?? ev.pid;
          const targetTgid = target.host === null ? null : (this.tgid.get(target.host) ?? target.host);
          if (targetTgid !== null && targetTgid === self) break; // signalling itself or its own threads
          const sig = (ev.name === 'tgkill' ? ev.args[2] : ev.args[1]) ?? '?';
          const k = `${target.named}\0${sig}\0${result}`;
          const s = signals.get(k);
          if (s) s.count++;
          else if (signals.size < max) signals.set(k, { target: target.named, signal: sig, result, count: 1 });
          else truncated = true;
          break;
        }
        case 'mmap':
        case 'mremap':
          if (ev.errno === 'ENOMEM' && !this.opts.mmapProbes) {
            limitsHit.add('memory');
            deny(ev.name, 'memory', 'ENOMEM');
          }
          break;
        default:
          if (PRIVILEGED.has(ev.name) && ev.errno) deny(ev.name, ev.args.slice(0, 2).join(', ').slice(0, 200), ev.errno);
      }
    }
    for (const d of this.delivered) if (d.signal === 'SIGXFSZ' && this.isCode(d.pid)) limitsHit.add('tmp');
    return {
      entryFound: this.entryPid !== null,
      exit: this.entryPid !== null ? (this.exits.get(this.entryPid) ?? null) : null,
      processes,
      files: [...files.values()],
      connections: [...conns.values()],
      denied: [...denied.values()],
      signals: [...signals.values()],
      limitsHit,
      truncated,
      unparsed: this.parser.unparsed,
    };
  }
}
