import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SandboxTools } from './tools.js';

/** The program (plain JavaScript, see its header) that answers DNS and TCP inside the run's network namespace. */
export const SINK_PROGRAM = fileURLToPath(new URL('./sink.mjs', import.meta.url));

/** Ports the sink listens on (every address, thanks to AnyIP when `ip` is present). Others are refused and only traced. */
export const SINK_TCP_PORTS = [
  21, 22, 23, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995, 1080, 1337, 2375, 3000, 3128, 3306, 4444, 5000, 5432, 6379, 6667, 8000, 8080, 8081, 8443, 8888,
  9000, 9001, 9050, 9200, 27017, 31337,
];

export const RESOLVER = '127.0.0.53';

const Ready = z.object({ t: z.literal('ready'), anyAddress: z.boolean(), udp: z.boolean(), ports: z.array(z.number().int()) });
const Dns = z.object({
  t: z.literal('dns'),
  name: z.string().max(300),
  type: z.string().max(16),
  answeredWith: z.string().nullable(),
  transport: z.enum(['udp', 'tcp']),
});
const Tcp = z.object({
  t: z.literal('tcp'),
  dst: z.string().max(64),
  port: z.number().int().min(0).max(65535),
  bytes: z.number().int().nonnegative(),
  truncated: z.boolean(),
  kind: z.enum(['dns', 'tls', 'http', 'raw', 'empty']),
  sni: z.string().max(300).nullable(),
  http: z.object({ method: z.string().max(16), path: z.string().max(600), host: z.string().max(300).nullable() }).nullable(),
  data: z.string().max(100_000),
});
const End = z.object({ t: z.literal('end'), droppedConnections: z.number().int(), droppedQueries: z.number().int() });

export type SinkDns = z.infer<typeof Dns>;
export type SinkTcp = z.infer<typeof Tcp>;

export interface SinkLog {
  ready: z.infer<typeof Ready> | null;
  dns: SinkDns[];
  tcp: SinkTcp[];
  dropped: number;
  /** Lines that did not parse (the sink only prints what it built, so any is a bug worth surfacing). */
  malformed: number;
  ended: boolean;
}

const MAX_SINK_OUTPUT = 8 * 1024 * 1024;

export interface RunningSink {
  /** The sink's host pid (its network namespace is /proc/<pid>/ns/net). */
  pid: number | undefined;
  /** The unprivileged uid the sink runs as; the sandbox that uses it runs as `uid - 1`. */
  uid: number;
  log: SinkLog;
  ready: Promise<boolean>;
  /** Closes the sink's stdin (its stop signal) and waits for its last lines. */
  stop(): Promise<SinkLog>;
  kill(): void;
  /** Whether the sink keeps this process alive (a waiting spare does not). */
  hold(on: boolean): void;
}

/**
 * Where the sink lives: `create` — in a network namespace of its own, created for it by `unshare
 * --net` (needs `ip` to bring loopback up), which the sandbox then joins; `join` — in the network
 * namespace bwrap already created for a run (whose init is `pid`).
 */
export type SinkPlace = { create: true } | { join: number };

export function startSink(tools: SandboxTools, place: SinkPlace, uid: number): RunningSink {
  const config = {
    uid,
    gid: uid,
    tcpPorts: SINK_TCP_PORTS,
    ip: tools.ip,
    loopbackUp: 'create' in place,
    resolver: RESOLVER,
    maxConnections: 200,
    maxBytesPerConnection: 65536,
    maxQueries: 500,
  };
  // --jitless: a third less start-up CPU, and no JIT in a process that parses bytes from the code under test.
  const enter = 'create' in place ? [tools.unshare, '--net', '--'] : [tools.nsenter, `--net=/proc/${place.join}/ns/net`, '--'];
  const child: ChildProcess = spawn(
    tools.setpriv,
    ['--pdeathsig', 'KILL', '--', ...enter, process.execPath, '--jitless', SINK_PROGRAM, JSON.stringify(config)],
    {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    },
  );
  const log: SinkLog = { ready: null, dns: [], tcp: [], dropped: 0, malformed: 0, ended: false };
  let buf = '';
  let received = 0;
  let onReady: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => (onReady = resolve));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.on('error', () => onReady(false));
  child.on('close', () => onReady(false));
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    received += chunk.length;
    if (received > MAX_SINK_OUTPUT) return;
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        log.malformed++;
        continue;
      }
      const t = (obj as { t?: unknown }).t;
      const parsed = t === 'ready' ? Ready.safeParse(obj) : t === 'dns' ? Dns.safeParse(obj) : t === 'tcp' ? Tcp.safeParse(obj) : End.safeParse(obj);
      if (!parsed.success) {
        log.malformed++;
        continue;
      }
      const v = parsed.data;
      if (v.t === 'ready') {
        log.ready = v;
        onReady(true);
      } else if (v.t === 'dns') log.dns.push(v);
      else if (v.t === 'tcp') log.tcp.push(v);
      else {
        log.dropped = v.droppedConnections + v.droppedQueries;
        log.ended = true;
      }
    }
  });
  return {
    pid: child.pid,
    uid,
    log,
    ready,
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
      return log;
    },
    kill() {
      child.kill('SIGKILL');
    },
    hold(on) {
      for (const h of [child, child.stdin, child.stdout] as ({ ref?: () => void; unref?: () => void } | null)[]) {
        if (on) h?.ref?.();
        else h?.unref?.();
      }
    },
  };
}

/** Resolves to the sink's readiness, or false after `ms`. */
export function sinkReady(sink: RunningSink, ms = 5000): Promise<boolean> {
  return Promise.race([sink.ready, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
}

// One spare sink, already started in its own fresh network namespace, so that a run does not wait
// for a Node process to start. A spare is used by exactly one run, then stops; its namespace goes with it.
let spare: { sink: RunningSink; tools: SandboxTools } | null = null;

/** A sink in a fresh namespace of its own for the next run (the spare when there is one), and a new spare for the run after. */
export function acquireOwnSink(tools: SandboxTools, allocateUid: () => number): RunningSink {
  let sink: RunningSink;
  if (spare && spare.tools === tools) {
    sink = spare.sink;
    sink.hold(true);
    spare = null;
  } else sink = startSink(tools, { create: true }, allocateUid() + 1);
  const next = startSink(tools, { create: true }, allocateUid() + 1);
  next.hold(false);
  spare?.sink.kill();
  spare = { sink: next, tools };
  void next.ready.then((ok) => {
    if (!ok && spare?.sink === next) spare = null;
  });
  return sink;
}

/** Starts the spare now (after a successful probe), so the first run finds it ready. */
export function prewarmSink(tools: SandboxTools, allocateUid: () => number): void {
  if (spare) return;
  const sink = startSink(tools, { create: true }, allocateUid() + 1);
  sink.hold(false);
  spare = { sink, tools };
}
