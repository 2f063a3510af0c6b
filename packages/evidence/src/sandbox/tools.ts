import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Programs the sandbox is built from. All but `ip` are required. */
export interface SandboxTools {
  bwrap: string;
  strace: string;
  setpriv: string;
  prlimit: string;
  unshare: string;
  nsenter: string;
  mount: string;
  bash: string;
  /** iproute2: makes every address local to the run's network namespace (optional). */
  ip: string | null;
}

const REQUIRED = ['bwrap', 'strace', 'setpriv', 'prlimit', 'unshare', 'nsenter', 'mount', 'bash'] as const;
const WHY: Record<(typeof REQUIRED)[number], string> = {
  bwrap: 'bubblewrap (bwrap) is not installed',
  strace: 'strace is not installed, so nothing the code did could be recorded',
  setpriv: 'setpriv (util-linux) is not installed',
  prlimit: 'prlimit (util-linux) is not installed',
  unshare: 'unshare (util-linux) is not installed',
  nsenter: 'nsenter (util-linux) is not installed',
  mount: 'mount (util-linux) is not installed',
  bash: 'bash is not installed',
};

/** The default search path: the process PATH plus the sbin directories root tools live in. */
export function defaultSearchPath(): string {
  return [process.env.PATH ?? '', '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].filter(Boolean).join(delimiter);
}

export function which(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir || !dir.startsWith('/')) continue; // a relative PATH entry is never trusted
    const p = join(dir, name);
    try {
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.X_OK);
      // The real file: later steps of the chain run as an unprivileged uid, which must be able to reach it.
      return realpathSync(p);
    } catch {
      // not here
    }
  }
  return null;
}

export function findTools(searchPath: string): { tools: SandboxTools } | { missing: string } {
  const found: Partial<Record<(typeof REQUIRED)[number], string>> = {};
  for (const name of REQUIRED) {
    const p = which(name, searchPath);
    if (!p) return { missing: WHY[name] };
    found[name] = p;
  }
  return { tools: { ...(found as Record<(typeof REQUIRED)[number], string>), ip: which('ip', searchPath) } };
}
