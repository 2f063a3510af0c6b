import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CliConfig {
  apiUrl: string;
  apiKey?: string;
}

/** Flags win over the environment, which wins over the config file (`SIGMA_CONFIG` or ~/.config/sigma/config.json). */
export function resolveConfig(flags: { apiUrl?: string; apiKey?: string }, env: NodeJS.ProcessEnv = process.env): CliConfig {
  const file = env.SIGMA_CONFIG ?? join(homedir(), '.config', 'sigma', 'config.json');
  let fromFile: Partial<CliConfig> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Partial<CliConfig>;
    } catch {
      throw new CliError(`cannot parse the config file ${file}`, EXIT.usage);
    }
  }
  const apiUrl = (flags.apiUrl ?? env.SIGMA_API_URL ?? fromFile.apiUrl ?? 'http://127.0.0.1:4600').replace(/\/+$/, '');
  const apiKey = flags.apiKey ?? env.SIGMA_API_KEY ?? fromFile.apiKey;
  return { apiUrl, apiKey };
}

/** Stable exit codes. */
export const EXIT = {
  ok: 0,
  /** Blocking findings, a rejected submission, or a certificate that does not verify. */
  failed: 1,
  /** Bad usage or input. */
  usage: 2,
  /** The API could not be reached or answered with an error. */
  api: 3,
  /** `pin check`: a pin's signature or bundle does not verify against the pinned issuer. */
  pinSignature: 4,
  /** `pin check`: the pinned certificate is not valid (suspended, revoked, superseded, expired, flagged). */
  pinNotValid: 5,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly code?: string,
  ) {
    super(message);
  }
}
