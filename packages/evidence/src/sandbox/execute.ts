import { spawn } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ExecutionRuntime } from '@sigma/core';
import { buildChain, bwrapArgs, type ChainLimits } from './command.js';
import type { MockValue } from './mock-env.js';
import { BoundedCapture } from './output.js';
import { RESOLVER, sinkReady, startSink, type RunningSink, type SinkLog } from './sink.js';
import type { SandboxTools } from './tools.js';
import { TraceInterpreter, type TraceSummary } from './trace.js';
import type { Workspace } from './workspace.js';

/** Default for the largest strace log read; a run whose log grows past it is stopped (and says so). */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024;
const CHAIN_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

export interface ExecuteInput {
  tools: SandboxTools;
  workspace: Workspace;
  runtime: ExecutionRuntime;
  runtimePath: string;
  entry: string;
  args: readonly string[];
  mocks: readonly MockValue[];
  uid: number;
  limits: ChainLimits & { timeoutMs: number; maxOutputBytes: number; maxTraceBytes: number };
  /** Bytes written to the code's standard input (then closed); none: it reads end-of-file. */
  stdin?: Uint8Array;
  /**
   * The loopback sink: `own` — already started in a namespace of its own, which the run joins;
   * `join` — started once bwrap has made the run's namespace; `none` — no sink (the probe).
   */
  network: { kind: 'own'; sink: RunningSink } | { kind: 'join' } | { kind: 'none' };
}

export interface RawRun {
  /** Set when the sandbox itself failed before or around the run. */
  failure: string | null;
  timedOut: boolean;
  traceOverflow: boolean;
  durationMs: number;
  stdout: BoundedCapture;
  stderr: BoundedCapture;
  trace: TraceSummary | null;
  sink: SinkLog | null;
  /** Milliseconds since the chain was spawned: namespaces ready, sink ready, code exited, trace read. */
  phases: { namespaces: number; sink: number; exited: number; traced: number };
}

/** File descriptors this process inherited without close-on-exec: they would leak into the sandbox unless closed. */
export function inheritedFds(): number[] {
  const out: number[] = [];
  try {
    for (const name of readdirSync('/proc/self/fd')) {
      const fd = Number(name);
      if (!Number.isInteger(fd) || fd < 3) continue;
      try {
        const flags = /flags:\s*([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
        if (flags !== undefined && (Number.parseInt(flags, 8) & 0o2000000) === 0) out.push(fd);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // no /proc: nothing we can check
  }
  return out;
}

async function readTrace(path: string, runtime: ExecutionRuntime, runtimePath: string, maxBytes: number): Promise<TraceSummary | null> {
  try {
    const interp = new TraceInterpreter({ runtimePath, resolver: RESOLVER, mmapProbes: runtime === 'node' });
    const stream = createReadStream(path, { encoding: 'latin1', end: maxBytes - 1 });
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) interp.push(line);
    return interp.finish();
  } catch {
    return null;
  }
}

/** Runs the chain once. Never throws for what happens inside; sandbox failures come back in `failure`. */
export async function execute(input: ExecuteInput): Promise<RawRun> {
  const { tools, workspace, limits } = input;
  const stdout = new BoundedCapture(limits.maxOutputBytes);
  const stderr = new BoundedCapture(limits.maxOutputBytes);
  const raw: RawRun = {
    failure: null,
    timedOut: false,
    traceOverflow: false,
    durationMs: 0,
    stdout,
    stderr,
    trace: null,
    sink: null,
    phases: { namespaces: 0, sink: 0, exited: 0, traced: 0 },
  };
  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  let own = input.network.kind === 'own' ? input.network.sink : null;
  if (own && !(await sinkReady(own))) {
    own.kill(); // could not start in a namespace of its own: fall back to joining bwrap's
    own = null;
  }
  const netns = own?.pid ? `/proc/${own.pid}/ns/net` : null;
  const chainInput = { ...input, gid: input.uid, closeFds: inheritedFds(), netns };
  const argv = buildChain(chainInput);
  // cwd '/': the chain's PWD is all that bwrap's own environment (readable in the sandbox as /proc/1/environ) holds besides PATH.
  const child = spawn(argv[0] ?? '', argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'], env: CHAIN_ENV, cwd: '/' });
  const bwrapOptions = (child.stdio as unknown as Writable[])[5]!;
  bwrapOptions.on('error', () => {});
  bwrapOptions.end(
    Buffer.from(
      bwrapArgs(chainInput)
        .map((a) => `${a}\0`)
        .join(''),
      'utf8',
    ),
  );
  child.stdin?.on('error', () => {}); // the code may exit without reading it
  stdout.attach(child.stdout);
  stderr.attach(child.stderr);
  const info = child.stdio[3] as Readable;
  const block = child.stdio[4] as Writable;
  block.on('error', () => {});
  const closed = new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });

  // bwrap reports its namespace init's host pid (and the new namespaces) on the info fd once they
  // exist, then waits on the block fd until we have started the sink.
  const ns = await new Promise<{ pid: number; pidNs: number } | null>((resolve) => {
    let text = '';
    info.setEncoding('utf8');
    info.on('data', (d: string) => {
      text += d;
      try {
        const j = JSON.parse(text) as { 'child-pid'?: unknown; 'pid-namespace'?: unknown };
        if (typeof j['child-pid'] === 'number' && typeof j['pid-namespace'] === 'number') resolve({ pid: j['child-pid'], pidNs: j['pid-namespace'] });
      } catch {
        // not complete yet
      }
    });
    info.on('error', () => resolve(null));
    info.on('end', () => resolve(null));
    void closed.then(() => resolve(null));
  });
  if (ns === null) {
    own?.kill();
    await closed;
    raw.failure = `the sandbox did not start: ${stderr.buffer().toString('utf8').trim().slice(-400) || 'no message'}`;
    return raw;
  }
  const nsInit = ns.pid;
  raw.phases.namespaces = since();

  /** Kills the pid namespace's init (the kernel then kills every process in it), after checking the pid still is that init. */
  const killAll = () => {
    try {
      if (readlinkSync(`/proc/${nsInit}/ns/pid`) !== `pid:[${ns.pidNs}]`) return;
      process.kill(nsInit, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const sink = own ?? (input.network.kind === 'none' ? null : startSink(tools, { join: nsInit }, input.uid + 1));
  if (sink && !own && !(await sinkReady(sink))) sink.kill();

  raw.phases.sink = since();
  const started = performance.now();
  block.end('1');
  child.stdin?.end(input.stdin ? Buffer.from(input.stdin) : undefined);
  const timer = setTimeout(() => {
    raw.timedOut = true;
    killAll();
  }, limits.timeoutMs);
  const watchdog = setInterval(() => {
    try {
      if (statSync(workspace.tracePath).size > limits.maxTraceBytes) {
        raw.traceOverflow = true;
        killAll();
      }
    } catch {
      // not created yet
    }
  }, 200);
  // Belt and braces: if the namespace kill did not end the chain, end the chain itself.
  const backstop = setTimeout(() => child.kill('SIGKILL'), limits.timeoutMs + 5000);
  await closed;
  raw.durationMs = Math.round(performance.now() - started);
  raw.phases.exited = since();
  clearTimeout(timer);
  clearTimeout(backstop);
  clearInterval(watchdog);
  raw.sink = sink ? await sink.stop() : null;
  raw.trace = await readTrace(workspace.tracePath, input.runtime, input.runtimePath, limits.maxTraceBytes);
  raw.phases.traced = since();
  if (raw.trace && !raw.trace.entryFound) raw.failure = `the entry point never started: ${stderr.buffer().toString('utf8').trim().slice(-400) || 'no message'}`;
  return raw;
}
