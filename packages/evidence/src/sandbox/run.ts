import { randomInt } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import type { ExecutionRecord, ExecutionRuntime } from '@sigma/core';
import { z } from 'zod';
import { execute, type RawRun } from './execute.js';
import { acquireOwnSink, prewarmSink } from './sink.js';
import { makeMocks } from './mock-env.js';
import { buildRecord, notRun, type RecordContext } from './record.js';
import { defaultSearchPath, findTools, type SandboxTools } from './tools.js';
import { prepareWorkspace, safeRelativePath, sweepStaleWorkspaces, WorkspaceRefusal } from './workspace.js';

export const DEFAULT_SANDBOX_LIMITS = {
  timeoutMs: 30_000,
  memoryMb: 256,
  /** Tasks (processes and threads: the kernel's RLIMIT_NPROC counts both); Node itself uses ~10. */
  maxProcesses: 64,
  maxOutputBytes: 64 * 1024,
  tmpBytes: 16 * 1024 * 1024,
  tmpFiles: 1024,
  maxTraceBytes: 64 * 1024 * 1024,
} as const;

export const SandboxRequest = z.object({
  files: z.array(z.object({ path: z.string(), bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array) })).max(10_000),
  entry: z.string().min(1).max(512),
  runtime: z.enum(['node', 'python']).optional(),
  args: z.array(z.string().max(4096)).max(64).optional(),
  /** Env names the code reads (from the static analysis); each gets a mock value. */
  envNames: z.array(z.string().max(128)).max(200).optional(),
  timeoutMs: z.number().int().min(100).max(300_000).optional(),
  memoryMb: z.number().int().min(16).max(4096).optional(),
  maxProcesses: z.number().int().min(1).max(1024).optional(),
  maxOutputBytes: z
    .number()
    .int()
    .min(0)
    .max(16 * 1024 * 1024)
    .optional(),
  tmpBytes: z
    .number()
    .int()
    .min(4096)
    .max(1024 * 1024 * 1024)
    .optional(),
  tmpFiles: z.number().int().min(8).max(1_000_000).optional(),
  /** The recorder's own cap: a run whose trace grows past it is stopped (`limitsHit: trace`). */
  maxTraceBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * 1024 * 1024)
    .optional(),
  /** Given to the code on standard input, then closed (an MCP server's first messages, a filter's input). */
  stdin: z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.byteLength <= 1024 * 1024).optional(),
});
export type SandboxRequest = z.input<typeof SandboxRequest>;

/** Where the sandbox finds its tools and runtimes (tests point this elsewhere to simulate a host without them). */
export interface SandboxEnvironment {
  /** Directories searched for bwrap, strace, setpriv… (default: PATH plus the sbin directories). */
  searchPath?: string;
  /** The Node binary entry points run with (default: this process's own, `process.execPath`). */
  nodePath?: string;
  /** The Python binary (default `/usr/bin/python3`, the distribution's, never a per-user shim). */
  pythonPath?: string;
  /** Called with the phase timings of each run (for benchmarks and logs). */
  onPhases?: (phases: RawRun['phases']) => void;
}

export interface SandboxAvailability {
  available: boolean;
  reason?: string;
  /** False when `ip` is missing: raw-IP connections then fail instead of reaching the sink (still recorded). */
  anyAddress?: boolean;
}

export function inferRuntime(entry: string): ExecutionRuntime | null {
  if (/\.(m|c)?js$/.test(entry)) return 'node';
  if (/\.py$/.test(entry)) return 'python';
  return null;
}

/** A fresh unprivileged host uid per run (an even number; the run's sink gets the next one). */
function allocateUid(): number {
  return 0x50000000 + randomInt(0, 1 << 22) * 2;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const availability = new Map<string, Promise<{ result: SandboxAvailability; tools: SandboxTools | null }>>();

async function probe(env: SandboxEnvironment): Promise<{ result: SandboxAvailability; tools: SandboxTools | null }> {
  if (process.platform !== 'linux') return { result: { available: false, reason: 'the sandbox needs Linux namespaces' }, tools: null };
  if (process.getuid?.() !== 0)
    return {
      result: { available: false, reason: 'the sandbox must run as root (it gives every run its own unprivileged uid and network namespace)' },
      tools: null,
    };
  await sweepStaleWorkspaces();
  const found = findTools(env.searchPath ?? defaultSearchPath());
  if ('missing' in found) return { result: { available: false, reason: found.missing }, tools: null };
  // Run a trivial program once, for real: a bwrap that cannot create namespaces here, or a strace
  // that cannot trace, shows up now instead of as an ERROR on a submission.
  const nodePath = env.nodePath ?? process.execPath;
  const limits = { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 15_000 };
  const uid = allocateUid();
  // The probe reports what only a real sandbox gives it: pid 2 in a fresh pid namespace, uid 65534, the sandbox's hostname.
  const probeCode = "process.stdout.write(['sigma-sandbox', process.pid, process.getuid(), require('os').hostname()].join(' '))";
  const ws = await prepareWorkspace([{ path: 'probe.js', bytes: new TextEncoder().encode(probeCode) }], uid, uid);
  try {
    const raw = await execute({
      tools: found.tools,
      workspace: ws,
      runtime: 'node',
      runtimePath: nodePath,
      entry: 'probe.js',
      args: [],
      mocks: [],
      uid,
      limits,
      network: { kind: 'none' },
    });
    if (raw.failure) return { result: { available: false, reason: raw.failure }, tools: null };
    if (!raw.trace?.entryFound) return { result: { available: false, reason: 'strace did not record the probe program' }, tools: null };
    const said = raw.stdout.buffer().toString();
    if (said !== 'sigma-sandbox 2 65534 sandbox')
      return { result: { available: false, reason: `the probe program did not run isolated (it said ${JSON.stringify(said.slice(0, 80))})` }, tools: null };
  } finally {
    await ws.cleanup();
  }
  if (found.tools.ip) prewarmSink(found.tools, allocateUid); // the first run need not wait for a sink to start
  return { result: { available: true, anyAddress: found.tools.ip !== null }, tools: found.tools };
}

function probeOnce(env: SandboxEnvironment) {
  const key = JSON.stringify([env.searchPath ?? null, env.nodePath ?? null]);
  let p = availability.get(key);
  if (!p) {
    p = probe(env).catch((e: unknown) => ({ result: { available: false, reason: `the sandbox probe failed: ${String(e)}` }, tools: null }));
    availability.set(key, p);
  }
  return p;
}

/** Whether runs can happen here: bwrap, strace and friends exist and a trivial sandbox actually ran (checked once, then cached). */
export async function sandboxAvailable(env: SandboxEnvironment = {}): Promise<SandboxAvailability> {
  return (await probeOnce(env)).result;
}

/**
 * Runs `entry` from `files` in the sandbox and returns the execution record. Never runs anything
 * outside the sandbox: if the sandbox is not available the record is SKIPPED and nothing ran.
 * Throws only for a malformed request (a caller bug); everything else is in the record.
 */
export async function runInSandbox(request: SandboxRequest, env: SandboxEnvironment = {}): Promise<ExecutionRecord> {
  const req = SandboxRequest.parse(request);
  const limits = {
    timeoutMs: req.timeoutMs ?? DEFAULT_SANDBOX_LIMITS.timeoutMs,
    memoryMb: req.memoryMb ?? DEFAULT_SANDBOX_LIMITS.memoryMb,
    maxProcesses: req.maxProcesses ?? DEFAULT_SANDBOX_LIMITS.maxProcesses,
    maxOutputBytes: req.maxOutputBytes ?? DEFAULT_SANDBOX_LIMITS.maxOutputBytes,
    tmpBytes: req.tmpBytes ?? DEFAULT_SANDBOX_LIMITS.tmpBytes,
    tmpFiles: req.tmpFiles ?? DEFAULT_SANDBOX_LIMITS.tmpFiles,
  };
  const maxTraceBytes = req.maxTraceBytes ?? DEFAULT_SANDBOX_LIMITS.maxTraceBytes;
  const entry = safeRelativePath(req.entry) ?? req.entry;
  const runtime = req.runtime ?? inferRuntime(entry);
  const { mocks } = makeMocks(req.envNames ?? []);
  const ctx: RecordContext = { runtime, entry, args: req.args ?? [], limits, mocks };
  if (!safeRelativePath(req.entry) || !req.files.some((f) => f.path === entry))
    return notRun(ctx, 'SKIPPED', 'ENTRY_MISSING', `the entry point ${JSON.stringify(req.entry.slice(0, 200))} is not one of the files`);
  if (!runtime) return notRun(ctx, 'SKIPPED', 'RUNTIME_UNSUPPORTED', `no runtime for ${entry} (Node.js runs .js/.mjs/.cjs, Python runs .py)`);
  const runtimePath = runtime === 'node' ? (env.nodePath ?? process.execPath) : (env.pythonPath ?? '/usr/bin/python3');
  const { result, tools } = await probeOnce(env);
  if (!result.available || !tools) return notRun(ctx, 'SKIPPED', 'SANDBOX_UNAVAILABLE', result.reason ?? 'the sandbox is not available');
  if (!executable(runtimePath))
    return notRun(ctx, 'SKIPPED', 'RUNTIME_UNSUPPORTED', `${runtime === 'node' ? 'Node.js' : 'Python'} is not installed at ${runtimePath}`);

  // With `ip`, the sink (usually a spare that is already running) makes the run's network
  // namespace and gives the run its uid; without it, bwrap makes the namespace and the sink joins.
  const own = tools.ip ? acquireOwnSink(tools, allocateUid) : null;
  const uid = own ? own.uid - 1 : allocateUid();
  let ws;
  try {
    ws = await prepareWorkspace(req.files, uid, uid);
  } catch (e) {
    own?.kill();
    if (e instanceof WorkspaceRefusal) return notRun(ctx, 'SKIPPED', 'FILES_REFUSED', `the files could not be placed in the sandbox: ${e.message}`);
    return notRun(ctx, 'ERROR', 'SANDBOX_FAILED', `the sandbox's directory could not be prepared: ${String(e)}`);
  }
  try {
    const network = own ? { kind: 'own' as const, sink: own } : { kind: 'join' as const };
    const raw = await execute({
      tools,
      workspace: ws,
      runtime,
      runtimePath,
      entry,
      args: ctx.args,
      mocks,
      uid,
      limits: { ...limits, maxTraceBytes },
      network,
      stdin: req.stdin,
    });
    env.onPhases?.(raw.phases);
    return buildRecord(ctx, raw);
  } catch (e) {
    return notRun(ctx, 'ERROR', 'SANDBOX_FAILED', `the sandbox failed: ${String(e)}`);
  } finally {
    await ws.cleanup();
  }
}
