import {
  EXECUTION_SCHEMA_VERSION,
  type ExecutionConnection,
  type ExecutionDnsQuery,
  type ExecutionLimit,
  type ExecutionReasonCode,
  type ExecutionRecord,
  type ExecutionRuntime,
} from '@sigma/core';
import { describeRecord } from './describe.js';
import type { RawRun } from './execute.js';
import { findMocks, labelMocks, type MockValue } from './mock-env.js';
import { printable } from './sockaddr.js';
import type { SinkTcp } from './sink.js';

export const SANDBOX_VERSION = 'sigma-sandbox/1.0.0';
const EXCERPT = 1024;

export interface RecordContext {
  runtime: ExecutionRuntime | null;
  entry: string;
  args: readonly string[];
  limits: ExecutionRecord['limits'];
  mocks: readonly MockValue[];
}

/**
 * A SKIPPED record for a run the caller decided not to start (the operator disabled execution, the
 * submission could not be prepared): nothing ran, the default limits are shown.
 */
export function skippedRecord(o: { entry: string; runtime: ExecutionRuntime | null; reasonCode: ExecutionReasonCode; reason: string }): ExecutionRecord {
  return notRun({ runtime: o.runtime, entry: o.entry, args: [], limits: { ...RECORD_DEFAULT_LIMITS }, mocks: [] }, 'SKIPPED', o.reasonCode, o.reason);
}

/** The defaults of `DEFAULT_SANDBOX_LIMITS` as a record shows them (kept here to avoid an import cycle with run.ts). */
const RECORD_DEFAULT_LIMITS: ExecutionRecord['limits'] = {
  timeoutMs: 30_000,
  memoryMb: 256,
  maxProcesses: 64,
  maxOutputBytes: 65_536,
  tmpBytes: 16 * 1024 * 1024,
  tmpFiles: 1024,
};

/** A record for a run that did not happen (SKIPPED) or where the sandbox failed (ERROR). */
export function notRun(ctx: RecordContext, outcome: 'SKIPPED' | 'ERROR', reasonCode: ExecutionReasonCode, reason: string, durationMs = 0): ExecutionRecord {
  const empty = { excerpt: '', bytes: 0, truncated: false };
  const r: ExecutionRecord = {
    schemaVersion: EXECUTION_SCHEMA_VERSION,
    sandboxVersion: SANDBOX_VERSION,
    outcome,
    reasonCode,
    reason,
    runtime: ctx.runtime,
    entry: ctx.entry,
    args: [...ctx.args],
    exitCode: null,
    signal: null,
    timedOut: false,
    durationMs,
    limitsHit: [],
    limits: ctx.limits,
    mockEnv: ctx.mocks.map((m) => m.name),
    attemptedConnections: [],
    dnsQueries: [],
    processes: [],
    writtenFiles: [],
    deniedOperations: [],
    signalsSent: [],
    stdout: empty,
    stderr: empty,
    counts: {
      attemptedConnections: 0,
      dnsQueries: 0,
      processes: 0,
      writtenFiles: 0,
      writtenOutsideTmp: 0,
      deniedOperations: 0,
      signalsSent: 0,
      mockValuesSent: 0,
    },
    recording: { tracer: 'none', sink: false, anyAddress: false, truncated: false },
    description: '',
  };
  r.description = describeRecord(r);
  return r;
}

export function insideTmp(path: string): boolean {
  return path === '/tmp' || path.startsWith('/tmp/') || path === '/dev/shm' || path.startsWith('/dev/shm/');
}

function sinkData(t: SinkTcp): Buffer {
  return Buffer.from(t.data, 'base64');
}

function connections(raw: RawRun, mocks: readonly MockValue[], reverse: Map<string, string>): ExecutionConnection[] {
  const trace = raw.trace;
  const sinkTcp = raw.sink?.tcp ?? [];
  const used = new Set<SinkTcp>();
  const out: ExecutionConnection[] = [];
  const build = (
    protocol: ExecutionConnection['protocol'],
    address: string,
    port: number | null,
    attempts: number,
    udp?: { payload: Buffer[]; bytes: number },
  ) => {
    const seen = protocol === 'tcp' ? sinkTcp.filter((t) => t.dst === address && t.port === port) : [];
    for (const t of seen) used.add(t);
    const datas = udp ? udp.payload : seen.map(sinkData);
    const first = datas.find((d) => d.length > 0) ?? Buffer.alloc(0);
    const sni = seen.find((t) => t.sni)?.sni ?? null;
    const http = seen.find((t) => t.http)?.http ?? null;
    const mockNames = new Set<string>();
    for (const d of datas) for (const n of findMocks(d, mocks)) mockNames.add(n);
    out.push({
      protocol,
      address,
      port,
      host: reverse.get(address) ?? sni ?? http?.host ?? null,
      attempts: Math.max(attempts, seen.length),
      blocked: true,
      reachedSink: seen.length > 0,
      bytesSent: udp ? udp.bytes : seen.reduce((n, t) => n + t.bytes, 0),
      tlsServerName: sni,
      http,
      payloadExcerpt: labelMocks(printable(first, EXCERPT), mocks),
      containsMock: [...mockNames].sort(),
    });
  };
  for (const c of trace?.connections ?? [])
    build(c.protocol, c.address, c.port, c.attempts, c.protocol === 'udp' ? { payload: c.payload, bytes: c.bytes } : undefined);
  // Connections the sink saw that the trace did not list (its cap was reached): still reported.
  const extra = new Map<string, number>();
  for (const t of sinkTcp) if (!used.has(t)) extra.set(`${t.dst}\0${t.port}`, (extra.get(`${t.dst}\0${t.port}`) ?? 0) + 1);
  for (const [k, n] of extra) {
    const [address = '', port = '0'] = k.split('\0');
    build('tcp', address, Number(port), n);
  }
  return out;
}

function dnsQueries(raw: RawRun, mocks: readonly MockValue[]): ExecutionDnsQuery[] {
  const byKey = new Map<string, ExecutionDnsQuery>();
  for (const q of raw.sink?.dns ?? []) {
    const k = `${q.name}\0${q.type}`;
    const e = byKey.get(k);
    if (e) {
      e.count++;
      e.answeredWith ??= q.answeredWith;
    } else
      byKey.set(k, {
        name: printable(Buffer.from(q.name, 'latin1'), 253),
        type: q.type,
        answeredWith: q.answeredWith,
        count: 1,
        containsMock: findMocks(q.name, mocks),
      });
  }
  return [...byKey.values()];
}

function memoryHeuristic(raw: RawRun, runtime: ExecutionRuntime | null): boolean {
  const err = raw.stderr.buffer().toString('latin1');
  if (runtime === 'node') return /heap out of memory|Reached heap limit|Array buffer allocation failed/.test(err);
  return /\bMemoryError\b/.test(err);
}

export function buildRecord(ctx: RecordContext, raw: RawRun): ExecutionRecord {
  if (raw.failure !== null) return notRun(ctx, 'ERROR', 'SANDBOX_FAILED', raw.failure, raw.durationMs);
  const trace = raw.trace;
  if (!trace) return notRun(ctx, 'ERROR', 'RECORDING_FAILED', 'the code ran but its trace could not be read, so nothing can be said about it', raw.durationMs);
  const { mocks } = ctx;
  const reverse = new Map<string, string>();
  for (const q of raw.sink?.dns ?? []) if (q.answeredWith) reverse.set(q.answeredWith, q.name);
  const attemptedConnections = connections(raw, mocks, reverse);
  const dns = dnsQueries(raw, mocks);
  const processes = trace.processes.map((p) => ({
    path: labelMocks(p.path, mocks),
    argv: p.argv.map((a) => labelMocks(a, mocks)),
    ok: p.ok,
    error: p.error,
    containsMock: findMocks(p.raw, mocks),
  }));
  const writtenFiles = trace.files.map((f) => ({ path: labelMocks(f.path, mocks), operation: f.operation, insideTmp: insideTmp(f.path) }));
  const limitsHit = new Set<ExecutionLimit>(trace.limitsHit);
  if (raw.timedOut) limitsHit.add('time');
  if (raw.traceOverflow) limitsHit.add('trace');
  if (raw.stdout.truncated || raw.stderr.truncated) limitsHit.add('output');
  if (memoryHeuristic(raw, ctx.runtime)) limitsHit.add('memory');
  const mockSent = new Set<string>();
  for (const x of [...attemptedConnections, ...dns, ...processes]) for (const n of x.containsMock) mockSent.add(n);
  const output = (c: RawRun['stdout']) => ({ excerpt: labelMocks(c.buffer().toString('utf8'), mocks), bytes: c.bytes, truncated: c.truncated });
  const r: ExecutionRecord = {
    ...notRun(ctx, 'ERROR', 'SANDBOX_FAILED', ''),
    outcome: 'COMPLETED',
    reasonCode: null,
    reason: null,
    exitCode: trace.exit?.code ?? null,
    signal: trace.exit?.signal ?? (raw.timedOut ? 'SIGKILL' : null),
    timedOut: raw.timedOut,
    durationMs: raw.durationMs,
    limitsHit: [...limitsHit].sort(),
    attemptedConnections,
    dnsQueries: dns,
    processes,
    writtenFiles,
    deniedOperations: trace.denied.map((d) => ({ ...d, target: labelMocks(d.target, mocks) })),
    signalsSent: trace.signals,
    stdout: output(raw.stdout),
    stderr: output(raw.stderr),
    counts: {
      attemptedConnections: attemptedConnections.reduce((n, c) => n + c.attempts, 0),
      dnsQueries: dns.reduce((n, q) => n + q.count, 0),
      processes: processes.length,
      writtenFiles: writtenFiles.length,
      writtenOutsideTmp: writtenFiles.filter((f) => !f.insideTmp).length,
      deniedOperations: trace.denied.reduce((n, d) => n + d.count, 0),
      signalsSent: trace.signals.reduce((n, s) => n + s.count, 0),
      mockValuesSent: mockSent.size,
    },
    recording: {
      tracer: 'strace',
      sink: raw.sink?.ready !== null && raw.sink !== null,
      anyAddress: raw.sink?.ready?.anyAddress ?? false,
      // A sink that dropped records, or did not end cleanly (it could have been overwhelmed), leaves the network record incomplete.
      truncated: trace.truncated || raw.traceOverflow || trace.unparsed > 0 || (raw.sink?.ready != null && (raw.sink.dropped > 0 || !raw.sink.ended)),
    },
  };
  r.description = describeRecord(r);
  return r;
}
