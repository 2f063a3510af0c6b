// Helpers for the sandbox tests (which run the sandbox for real: bwrap and strace are installed here and in CI).
import { readdirSync, readFileSync } from 'node:fs';
import { ExecutionRecord } from '@sigma/core';
import { runInSandbox, type SandboxEnvironment, type SandboxRequest } from './run.js';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Runs `files` (path → source) and checks the record against the published schema. */
export async function runFiles(
  files: Record<string, string>,
  entry: string,
  opts: Omit<SandboxRequest, 'files' | 'entry'> = {},
  env: SandboxEnvironment = {},
): Promise<ExecutionRecord> {
  const record = await runInSandbox(
    { files: Object.entries(files).map(([path, text]) => ({ path, bytes: enc(text) })), entry, timeoutMs: 20_000, ...opts },
    env,
  );
  return ExecutionRecord.parse(record);
}

/** Host processes whose command line contains `marker` (and starts with `prefix`): to count a run's processes, or prove none is left. */
export function hostProcessesWith(marker: string, prefix = ''): number[] {
  // Synchronous on purpose: a scan of /proc through the thread pool can take seconds on a loaded machine, and miss a short-lived run.
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1');
      if (cmdline.includes(marker) && cmdline.startsWith(prefix)) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}
