// The per-data-directory lock file that keeps two local chains from appending to one journal.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ContractsError } from './errors.js';

/**
 * One chain per data directory: two chains appending to one journal would corrupt it. The lock file holds the
 * owner's pid; a lock whose process is gone is taken over.
 */
export function lockJournal(lockPath: string): () => void {
  const take = (): boolean => {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return false;
    }
  };
  if (!take()) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (alive) {
      throw new ContractsError('CHAIN_START_FAILED', `another local chain (pid ${pid}) is using ${dirname(lockPath)}`, { lockPath, pid });
    }
    rmSync(lockPath, { force: true });
    if (!take()) throw new ContractsError('CHAIN_START_FAILED', `could not lock ${lockPath}`, { lockPath });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(lockPath, { force: true });
  };
}
