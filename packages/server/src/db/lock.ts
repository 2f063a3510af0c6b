import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SigmaError } from '@sigma/core';

/**
 * Exclusive ownership of an embedded (PGlite) data directory. Two processes on one PGlite directory
 * silently lose writes, so a second opener must fail at once. The lock file holds the owner's pid;
 * a lock whose pid is no longer alive (the owner was killed) is stale and taken over.
 */
export interface DirLock {
  path: string;
  release(): void;
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDirLock(dir: string): DirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'sigma.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            const owner = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
            if (owner.pid === process.pid) rmSync(path, { force: true });
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid?: number; startedAt?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8')) as typeof owner;
      } catch {
        /* half-written lock: treat as stale */
      }
      if (owner.pid !== undefined && owner.pid !== process.pid && pidAlive(owner.pid)) {
        throw new SigmaError(
          'SIGMA_E_DATA_DIR_LOCKED',
          `The embedded database at ${dir} is in use by process ${owner.pid} (since ${owner.startedAt ?? 'unknown'}). ` +
            'Only one SIGMA process may open an embedded data directory; stop it, use another SIGMA_DATA_DIR, ' +
            'or run against PostgreSQL (DATABASE_URL) to use several processes.',
        );
      }
      if (existsSync(path)) rmSync(path, { force: true });
    }
  }
  throw new SigmaError('SIGMA_E_DATA_DIR_LOCKED', `Could not take the lock ${path}.`);
}
