import type { ExecutionLimit } from '@sigma/core';
import {
  Collector,
  OPEN_CALLS,
  ROUTINE_WHEN_OK,
  WRITE_FLAGS,
  type SignalTally,
  type Tally,
  type TracedConnection,
  type TracedFile,
  type TracedProcess,
} from './trace-collect.js';
import { stringArg, TraceParser, type SyscallLine } from './strace-parse.js';

export type { SignalTally, Tally, TracedConnection, TracedFile, TracedProcess } from './trace-collect.js';

/**
 * Turns a strace log into what the code did. Only the entry process (from the moment it exec'd
 * the runtime) and its descendants count: bwrap's own set-up, the launcher and the namespace's
 * init are not the code, and the code cannot make itself look like them (the pid tree comes from
 * the tracer's clone events, which the code does not control).
 */

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

const text = (b: Buffer | null | undefined): string => (b ? b.toString('utf8') : '');

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
    const c = new Collector(this.opts.maxItems, this.opts.resolver);
    c.truncated = this.truncated;
    const ctx = { tgidOf: (pid: number) => this.tgid.get(pid) ?? pid, resolver: this.opts.resolver, mmapProbes: this.opts.mmapProbes };
    for (const ev of this.events) if (this.isCode(ev.pid)) c.record(ev, ctx);
    for (const d of this.delivered) if (d.signal === 'SIGXFSZ' && this.isCode(d.pid)) c.limitsHit.add('tmp');
    return {
      entryFound: this.entryPid !== null,
      exit: this.entryPid !== null ? (this.exits.get(this.entryPid) ?? null) : null,
      processes: c.processes,
      files: [...c.files.values()],
      connections: [...c.conns.values()],
      denied: [...c.denied.values()],
      signals: [...c.signals.values()],
      limitsHit: c.limitsHit,
      truncated: c.truncated,
      unparsed: this.parser.unparsed,
    };
  }
}
