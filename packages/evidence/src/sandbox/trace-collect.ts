import { posix } from 'node:path';
import type { ExecutionLimit } from '@sigma/core';
import { connectedPeer, parseSockaddr, printable, socketProtocol, type SockAddr } from './sockaddr.js';
import { fdNote, stringArg, stringsIn, type SyscallLine } from './strace-parse.js';

/** What the code's system calls amount to, aggregated and capped (`truncated` once a cap is reached). */

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

export const WRITE_FLAGS = /\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b/;
export const ROUTINE_WHEN_OK = /^(mmap|mremap|clone|clone3|fork|vfork|socket)$/;
export const OPEN_CALLS = /^(open|openat|openat2)$/;
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

export interface CollectContext {
  /** The process (thread group) a thread belongs to. */
  tgidOf(pid: number): number;
  resolver: string;
  mmapProbes: boolean;
}

export class Collector {
  readonly processes: TracedProcess[] = [];
  readonly files = new Map<string, TracedFile>();
  readonly conns = new Map<string, TracedConnection>();
  readonly denied = new Map<string, Tally>();
  readonly signals = new Map<string, SignalTally>();
  readonly limitsHit = new Set<ExecutionLimit>();
  truncated = false;

  constructor(
    private readonly max: number,
    private readonly resolver: string,
  ) {}

  deny(operation: string, target: string, error: string): void {
    const k = `${operation}\0${target}\0${error}`;
    const t = this.denied.get(k);
    if (t) t.count++;
    else if (this.denied.size < this.max) this.denied.set(k, { operation, target, error, count: 1 });
    else this.truncated = true;
  }

  file(path: string, operation: TracedFile['operation']): void {
    const k = `${operation}\0${path}`;
    if (this.files.has(k)) return;
    if (this.files.size < this.max) this.files.set(k, { path, operation });
    else this.truncated = true;
  }

  conn(protocol: TracedConnection['protocol'], a: SockAddr, result: string, payload?: Buffer, bytes = 0): void {
    if (a.family === 'unix' && LIBC_PROBES.has(a.address)) return;
    if (a.address === this.resolver && a.port === 53) return;
    const k = `${protocol}\0${a.address}\0${a.port}`;
    let c = this.conns.get(k);
    if (!c) {
      if (this.conns.size >= this.max) {
        this.truncated = true;
        return;
      }
      c = { protocol, address: a.address, port: a.port, attempts: 0, results: new Set(), payload: [], bytes: 0 };
      this.conns.set(k, c);
    }
    c.attempts++;
    c.results.add(result);
    c.bytes += bytes;
    if (payload && c.payload.length < 16) c.payload.push(payload);
  }

  /** One system call of the code. */
  record(ev: SyscallLine, ctx: CollectContext): void {
    const result = ev.errno ?? 'OK';
    switch (ev.name) {
      case 'execve':
      case 'execveat': {
        const pathArg = ev.name === 'execve' ? ev.args[0] : ev.args[1];
        const argvArg = ev.name === 'execve' ? ev.args[1] : ev.args[2];
        const argvRaw = argvArg?.startsWith('[') ? stringsIn(argvArg) : [];
        if (this.processes.length < this.max)
          this.processes.push({
            path: text(stringArg(pathArg)?.bytes),
            argv: argvRaw.slice(0, 64).map((b) => printable(b, 512)),
            ok: !ev.errno,
            error: ev.errno,
            raw: Buffer.concat(argvRaw.slice(0, 64)),
          });
        else this.truncated = true;
        break;
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork':
        if (ev.errno === 'EAGAIN') this.limitsHit.add('processes');
        if (ev.errno)
          this.deny(
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
            this.deny(ev.name, path, ev.errno);
            if (ev.errno === 'ENOSPC' || ev.errno === 'EDQUOT') this.limitsHit.add('tmp');
          } else this.file(path, /\bO_CREAT\b/.test(flags) && /\bO_EXCL\b/.test(flags) ? 'create' : 'write');
        } else if (ev.errno === 'EACCES' || ev.errno === 'EPERM') this.deny(ev.name, path, ev.errno);
        break;
      }
      case 'unlink':
      case 'rmdir':
      case 'unlinkat':
      case 'mkdir':
      case 'mkdirat': {
        const path = ev.name.endsWith('at') ? resolveAt(ev.args[0], ev.args[1]) : plainPath(ev.args[0]);
        if (ev.errno) {
          this.deny(ev.name, path, ev.errno);
          if (ev.errno === 'ENOSPC') this.limitsHit.add('tmp');
        } else this.file(path, ev.name.startsWith('mkdir') ? 'mkdir' : 'delete');
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
        if (ev.errno) this.deny(ev.name, path, ev.errno);
        else this.file(path, op);
        break;
      }
      case 'connect': {
        const a = parseSockaddr(ev.args[1]);
        const proto = socketProtocol(fdNote(ev.args[0]).socket);
        if (!a || a.family === 'other' || proto === 'netlink') break;
        this.conn(a.family === 'unix' ? 'unix' : proto === 'udp' ? 'udp' : 'tcp', a, result);
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
        this.conn('udp', a, result, payload, Number.isInteger(n) && n > 0 ? n : 0);
        break;
      }
      case 'socket':
        if (ev.errno) this.deny('socket', ev.args.slice(0, 2).join(' '), ev.errno);
        break;
      case 'kill':
      case 'tkill':
      case 'tgkill': {
        const target = pidArg(ev.args[0]);
        const self = ctx.tgidOf(ev.pid);
        const targetTgid = target.host === null ? null : ctx.tgidOf(target.host);
        if (targetTgid !== null && targetTgid === self) break; // signalling itself or its own threads
        const sig = (ev.name === 'tgkill' ? ev.args[2] : ev.args[1]) ?? '?';
        const k = `${target.named}\0${sig}\0${result}`;
        const s = this.signals.get(k);
        if (s) s.count++;
        else if (this.signals.size < this.max) this.signals.set(k, { target: target.named, signal: sig, result, count: 1 });
        else this.truncated = true;
        break;
      }
      case 'mmap':
      case 'mremap':
        if (ev.errno === 'ENOMEM' && !ctx.mmapProbes) {
          this.limitsHit.add('memory');
          this.deny(ev.name, 'memory', 'ENOMEM');
        }
        break;
      default:
        if (PRIVILEGED.has(ev.name) && ev.errno) this.deny(ev.name, ev.args.slice(0, 2).join(', ').slice(0, 200), ev.errno);
    }
  }
}
