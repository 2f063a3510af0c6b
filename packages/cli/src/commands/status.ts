import type { SubmissionView } from '@sigma/core';
import { api } from '../api.js';
import { EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';

const TERMINAL = new Set(['APPROVED', 'REJECTED']);

function exitFor(status: string): number {
  return status === 'APPROVED' ? EXIT.ok : status === 'REJECTED' ? EXIT.failed : EXIT.ok;
}

function printView(v: SubmissionView, io: Io) {
  io.out(`${v.submissionId}  ${v.status}${v.skillName ? `  ${v.skillName}` : ''}`);
  if (v.certificateId) io.out(`certificate ${v.certificateId}`);
  for (const r of v.reasons)
    io.out(`  reason ${r.code}: ${r.message}${r.file ? ` (${r.file}${r.line ? `:${r.line}` : ''})` : ''}${r.remediation ? `\n    fix: ${r.remediation}` : ''}`);
}

export async function status(cfg: CliConfig, id: string, opts: { watch?: boolean; json?: boolean; timeoutSeconds?: number }, io: Io): Promise<number> {
  if (opts.watch) return watchStatus(cfg, id, opts, io);
  const v = await api<SubmissionView>(cfg, `/api/v1/dev/submissions/${encodeURIComponent(id)}`, { auth: true });
  if (opts.json) io.out(JSON.stringify(v));
  else {
    printView(v, io);
    for (const e of v.timeline) io.out(`  ${e.at}  ${e.message}`);
  }
  return exitFor(v.status);
}

/** Follow a submission until it is APPROVED or REJECTED, printing each new timeline event. */
export async function watchStatus(cfg: CliConfig, id: string, opts: { json?: boolean; timeoutSeconds?: number; intervalMs?: number }, io: Io): Promise<number> {
  const deadline = Date.now() + (opts.timeoutSeconds ?? 600) * 1000;
  let seen = 0;
  const spin = io.progress(`waiting for ${id}`);
  try {
    for (;;) {
      const v = await api<SubmissionView>(cfg, `/api/v1/dev/submissions/${encodeURIComponent(id)}`, { auth: true });
      for (const e of v.timeline.slice(seen)) if (!opts.json) io.out(`  ${e.at}  ${e.message}`);
      seen = v.timeline.length;
      spin.update(`${id}: ${v.status}`);
      if (TERMINAL.has(v.status)) {
        spin.stop();
        if (opts.json) io.out(JSON.stringify(v));
        else printView(v, io);
        return exitFor(v.status);
      }
      if (Date.now() > deadline) {
        spin.stop();
        io.err(`still ${v.status} after ${opts.timeoutSeconds ?? 600} s`);
        return EXIT.api;
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
    }
  } finally {
    spin.stop();
  }
}
