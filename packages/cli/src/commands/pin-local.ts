import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { codeHash, PIN_LOCK_FILE, PIN_LOCK_VERSION, PinLock, skillHash, type ErrorCode } from '@sigma/core';
import { CliError, EXIT } from '../config.js';
import { readJsonFile } from './bundle.js';
import { collectUpload } from './files.js';

/** A local hash compared with the certified one. */
export interface ContentCheck {
  ok: boolean;
  detail: string;
  code?: ErrorCode;
}

/**
 * Recompute a folder's hashes exactly as the server did for `sigma submit <folder>`: the files
 * `collectUpload` sends (the lock file itself left out), `skillHash` of its SKILL.md (the root one,
 * else the first nested one, as the server picks it) and `codeHash` over all of them. Only the hashes
 * the certificate holds are compared.
 */
export function checkContent(folder: string, certified: { skillHash: string | null; codeHash: string | null }): ContentCheck[] {
  const fail = (detail: string): ContentCheck => ({ ok: false, detail, code: 'SIGMA_E_PIN_CONTENT_MISMATCH' });
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [fail(`${folder} is not a folder`)];
  let files: Array<{ path: string; content: Uint8Array }>;
  try {
    files = folderFiles(folder);
  } catch (err) {
    return [fail((err as Error).message)];
  }
  const out: ContentCheck[] = [];
  if (certified.skillHash !== null) {
    const skill = files.find((f) => f.path === 'SKILL.md') ?? files.find((f) => f.path.endsWith('/SKILL.md'));
    if (!skill) out.push(fail(`no SKILL.md in ${folder}`));
    else {
      const local = skillHash(skill.content);
      out.push(
        local === certified.skillHash
          ? { ok: true, detail: `${skill.path} matches skillHash ${local}` }
          : fail(`${skill.path} hashes to ${local}, the certificate says ${certified.skillHash}`),
      );
    }
  }
  if (certified.codeHash !== null) {
    const local = codeHash(files);
    out.push(
      local === certified.codeHash
        ? { ok: true, detail: `${files.length} file(s) match codeHash ${local}` }
        : fail(`the ${files.length} file(s) hash to ${local}, the certificate says ${certified.codeHash}`),
    );
  }
  if (out.length === 0) out.push(fail('the certificate holds neither a skillHash nor a codeHash to compare'));
  return out;
}

/** A folder's skillHash and codeHash as `sigma submit <folder>` would have them certified (null: no SKILL.md). */
export function localHashes(folder: string): { skillHash: string | null; codeHash: string | null } {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new CliError(`SIGMA_E_PIN_CONTENT_MISMATCH: ${folder} is not a folder`, EXIT.usage, 'SIGMA_E_PIN_CONTENT_MISMATCH');
  const files = folderFiles(folder);
  const skill = files.find((f) => f.path === 'SKILL.md') ?? files.find((f) => f.path.endsWith('/SKILL.md'));
  return { skillHash: skill ? skillHash(skill.content) : null, codeHash: codeHash(files) };
}

const folderFiles = (folder: string) =>
  collectUpload(folder)
    .filter((f) => f.path !== PIN_LOCK_FILE)
    .map((f) => ({ path: f.path, content: new Uint8Array(Buffer.from(f.contentBase64, 'base64')) }));

/** Where `pin check` looks: `--lock`, else `<dir>/sigma.lock.json` (dir: the folder holding the skills). */
export const lockPath = (o: { lock?: string; dir?: string }): string => resolve(o.lock ?? join(o.dir ?? '.', PIN_LOCK_FILE));

/**
 * Where `pin add` writes: `--lock`, else `sigma.lock.json` beside the pinned skill folder (in its
 * parent). Never inside it: the lock holds the review's verdicts, and the evidence engine would read
 * them as text addressed to reviewers the next time the folder is validated or submitted.
 */
export function addLockPath(folder: string, lock?: string): string {
  const file = resolve(lock ?? join(dirname(resolve(folder)), PIN_LOCK_FILE));
  const inside = relative(resolve(folder), file);
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new CliError(
      `SIGMA_E_PIN_LOCK_INVALID: ${file} is inside the pinned folder ${folder}; keep the lock beside the skill (the default is its parent folder)`,
      EXIT.usage,
      'SIGMA_E_PIN_LOCK_INVALID',
    );
  }
  return file;
}

/** A pinned folder's path as stored: relative to the lock's folder, `/`-separated. */
export const pinPath = (lockFile: string, folder: string): string => relative(dirname(lockFile), resolve(folder)).split(sep).join('/') || '.';

/** The folder a pin names, on this machine. */
export const pinFolder = (lockFile: string, path: string): string => resolve(dirname(lockFile), path);

/** Read and check a lock file; anything else is exit 2 with SIGMA_E_PIN_LOCK_INVALID. */
export function readLock(file: string): PinLock {
  const parsed = PinLock.safeParse(readJsonFile(file, 'SIGMA_E_PIN_LOCK_INVALID', 'lock file'));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CliError(
      `SIGMA_E_PIN_LOCK_INVALID: ${file} is not a sigma.lock.json (version ${PIN_LOCK_VERSION})${first ? ` at ${first.path.join('.') || '$'}: ${first.message}` : ''}`,
      EXIT.usage,
      'SIGMA_E_PIN_LOCK_INVALID',
    );
  }
  return parsed.data;
}

export function writeLock(file: string, lock: PinLock): void {
  try {
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  } catch (err) {
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`, EXIT.usage);
  }
}
