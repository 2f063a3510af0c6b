import { runValidate } from '@sigma/evidence';
import { CliError, EXIT } from '../config.js';
import type { Io } from '../io.js';

/** Offline evidence run: exit 0 clean, 1 blocking findings, 2 error. */
export async function validate(target: string, opts: { format: string; ref?: string }, io: Io): Promise<number> {
  if (!['text', 'json', 'sarif'].includes(opts.format)) throw new CliError(`--format must be text, json or sarif`, EXIT.usage);
  return runValidate(
    { path: target, format: opts.format as 'text' | 'json' | 'sarif', ref: opts.ref },
    { stdout: (s) => io.out(s.replace(/\n$/, '')), stderr: (s) => io.err(s.replace(/\n$/, '')) },
  );
}
