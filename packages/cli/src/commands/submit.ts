import { api } from '../api.js';
import { CliError, EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';
import { collectUpload } from './files.js';
import { watchStatus } from './status.js';

export interface SubmitOptions {
  category: string;
  notes?: string;
  ref?: string;
  entry?: string;
  wait?: boolean;
  json?: boolean;
  idempotencyKey?: string;
}

const GIT_URL = /^(https?:\/\/|git@|ssh:\/\/|file:\/\/).+|\.git$/;

export async function submit(cfg: CliConfig, target: string, opts: SubmitOptions, io: Io): Promise<number> {
  let source: unknown;
  if (GIT_URL.test(target)) {
    if (!opts.ref || !/^[0-9a-f]{40}$/.test(opts.ref)) throw new CliError('a git source must be pinned: pass --ref <40-hex commit>', EXIT.usage);
    source = { type: 'git', url: target, ref: opts.ref };
  } else {
    source = { type: 'upload', files: collectUpload(target) };
  }
  const body: Record<string, unknown> = { category: opts.category, source, devNotes: opts.notes ?? '' };
  if (opts.entry) body.entry = opts.entry;
  const headers: Record<string, string> = {};
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const res = await api<{ submissionId: string; status: string }>(cfg, '/api/v1/dev/submissions', { method: 'POST', body, auth: true, headers });
  if (opts.json && !opts.wait) io.out(JSON.stringify(res));
  else io.out(`submitted ${res.submissionId} (${res.status})`);
  if (!opts.wait) return EXIT.ok;
  return watchStatus(cfg, res.submissionId, { json: opts.json }, io);
}
