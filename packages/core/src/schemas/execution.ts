import { z } from 'zod';

/**
 * The execution record (SPEC §4 "Execution"): what happened when a submission's entry point ran
 * in SIGMA's sandbox, produced by `@sigma/evidence`'s sandbox. Versioned: a breaking change bumps
 * `EXECUTION_SCHEMA_VERSION`. Everything in it came from the recorder (a tracer and a loopback
 * sink outside the code's reach); `description` says the same in plain English.
 */
export const EXECUTION_SCHEMA_VERSION = 'sigma.execution.v1' as const;

/** COMPLETED: the code ran (whatever its exit); SKIPPED: it was not run, with a reason; ERROR: the sandbox itself failed. */
export const ExecutionOutcome = z.enum(['COMPLETED', 'SKIPPED', 'ERROR']);
export type ExecutionOutcome = z.infer<typeof ExecutionOutcome>;

/** Why a run was SKIPPED or ended in ERROR; null when COMPLETED. */
export const ExecutionReasonCode = z.enum([
  /** bubblewrap, strace or another required tool is missing or does not work here. */
  'SANDBOX_UNAVAILABLE',
  /** The entry point is not among the files. */
  'ENTRY_MISSING',
  /** The runtime cannot be inferred from the entry point or is not installed. */
  'RUNTIME_UNSUPPORTED',
  /** A file could not be placed in the sandbox (unsafe path, link, over a limit). */
  'FILES_REFUSED',
  /** The sandbox failed to start or to finish (not the code's fault). */
  'SANDBOX_FAILED',
  /** The code ran but the trace could not be read, so nothing can be said about it. */
  'RECORDING_FAILED',
  /** The operator turned execution off (`SIGMA_SANDBOX=off`); nothing ran. */
  'DISABLED',
]);
export type ExecutionReasonCode = z.infer<typeof ExecutionReasonCode>;

export const ExecutionRuntime = z.enum(['node', 'python']);
export type ExecutionRuntime = z.infer<typeof ExecutionRuntime>;

/** time: killed at the wall-clock limit; trace: stopped because its trace outgrew the recorder. */
export const ExecutionLimit = z.enum(['time', 'memory', 'processes', 'output', 'tmp', 'trace']);
export type ExecutionLimit = z.infer<typeof ExecutionLimit>;

const count = z.number().int().nonnegative();

export const ExecutionConnection = z.object({
  protocol: z.enum(['tcp', 'udp', 'unix']),
  /** IP address (or unix socket path) the code connected to. */
  address: z.string(),
  port: z.number().int().min(0).max(65535).nullable(),
  /** The name the code looked up to get this address, or the TLS SNI / HTTP Host it sent. */
  host: z.string().nullable(),
  attempts: count,
  /** Always true: nothing leaves the sandbox's network namespace. */
  blocked: z.literal(true),
  /** True when the loopback sink accepted it (so `bytesSent` and the payload fields are known). */
  reachedSink: z.boolean(),
  bytesSent: count,
  tlsServerName: z.string().nullable(),
  http: z.object({ method: z.string(), path: z.string(), host: z.string().nullable() }).nullable(),
  /** Printable excerpt of what was sent (bounded; only mock values can appear, never real secrets). */
  payloadExcerpt: z.string(),
  /** Names of the mock environment variables whose canary value appeared in what was sent. */
  containsMock: z.array(z.string()),
});
export type ExecutionConnection = z.infer<typeof ExecutionConnection>;

export const ExecutionDnsQuery = z.object({
  name: z.string(),
  type: z.string(),
  /** The sinkhole address the sandbox answered with (A queries), else null. */
  answeredWith: z.string().nullable(),
  count: count,
  containsMock: z.array(z.string()),
});
export type ExecutionDnsQuery = z.infer<typeof ExecutionDnsQuery>;

export const ExecutionProcess = z.object({
  path: z.string(),
  argv: z.array(z.string()),
  /** False when the exec failed (the program does not exist in the sandbox, or was denied). */
  ok: z.boolean(),
  error: z.string().nullable(),
  containsMock: z.array(z.string()),
});
export type ExecutionProcess = z.infer<typeof ExecutionProcess>;

export const ExecutionWrittenFile = z.object({
  path: z.string(),
  operation: z.enum(['write', 'create', 'delete', 'rename', 'mkdir', 'link']),
  /** True when the path is inside the sandbox's temporary directory (the only writable place). */
  insideTmp: z.boolean(),
});
export type ExecutionWrittenFile = z.infer<typeof ExecutionWrittenFile>;

export const ExecutionDeniedOperation = z.object({
  /** The system call, e.g. `openat`, `mount`, `ptrace`, `clone`. */
  operation: z.string(),
  /** What it aimed at (a path, a pid, an address), as far as it is known. */
  target: z.string(),
  /** The error the kernel answered, e.g. EROFS, EPERM, EAGAIN. */
  error: z.string(),
  count: count,
});
export type ExecutionDeniedOperation = z.infer<typeof ExecutionDeniedOperation>;

export const ExecutionSignal = z.object({
  /** The pid as the code named it (inside the sandbox's own pid namespace), e.g. "1", "-1". */
  target: z.string(),
  signal: z.string(),
  result: z.string(),
  count: count,
});
export type ExecutionSignal = z.infer<typeof ExecutionSignal>;

export const ExecutionOutput = z.object({
  excerpt: z.string(),
  bytes: count,
  truncated: z.boolean(),
});
export type ExecutionOutput = z.infer<typeof ExecutionOutput>;

export const ExecutionRecord = z.object({
  schemaVersion: z.literal(EXECUTION_SCHEMA_VERSION),
  sandboxVersion: z.string(),
  outcome: ExecutionOutcome,
  reasonCode: ExecutionReasonCode.nullable(),
  /** Plain reason for SKIPPED / ERROR; null when COMPLETED. */
  reason: z.string().nullable(),
  runtime: ExecutionRuntime.nullable(),
  entry: z.string(),
  args: z.array(z.string()),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  durationMs: count,
  /** Which limits the code ran into (best effort for memory; see docs/sandbox.md). */
  limitsHit: z.array(ExecutionLimit),
  limits: z.object({
    timeoutMs: count,
    memoryMb: count,
    maxProcesses: count,
    maxOutputBytes: count,
    tmpBytes: count,
    tmpFiles: count,
  }),
  /** Names given mock values (`sigma-mock-<NAME>-<random>`); the values themselves are throwaway canaries. */
  mockEnv: z.array(z.string()),
  attemptedConnections: z.array(ExecutionConnection),
  dnsQueries: z.array(ExecutionDnsQuery),
  processes: z.array(ExecutionProcess),
  writtenFiles: z.array(ExecutionWrittenFile),
  deniedOperations: z.array(ExecutionDeniedOperation),
  signalsSent: z.array(ExecutionSignal),
  stdout: ExecutionOutput,
  stderr: ExecutionOutput,
  counts: z.object({
    attemptedConnections: count,
    dnsQueries: count,
    processes: count,
    writtenFiles: count,
    writtenOutsideTmp: count,
    deniedOperations: count,
    signalsSent: count,
    mockValuesSent: count,
  }),
  /** How the record was made, so a reader can weigh it. */
  recording: z.object({
    tracer: z.enum(['strace', 'none']),
    /** True when the loopback DNS/TCP sink ran (names and payloads are known). */
    sink: z.boolean(),
    /** True when every address was local to the sandbox (raw-IP connections reached the sink too). */
    anyAddress: z.boolean(),
    /** True when a cap on recorded events was reached; counts beyond it are lower bounds. */
    truncated: z.boolean(),
  }),
  description: z.string(),
});
export type ExecutionRecord = z.infer<typeof ExecutionRecord>;
