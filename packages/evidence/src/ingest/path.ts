import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, open, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Finding } from '@sigma/core';
import type { Hit } from '../rules/rule.js';
import type { ExcludedFile, IngestResult, InputFile, Limits } from '../types.js';
import { comparePaths } from './paths.js';
import { ingestFiles, resolveLimits, resolveLinkInTree } from './ingest.js';
import { ingestFinding } from './rules.js';
import type { IngestRuleId } from './rules.js';

const HASH_CAP = 64 * 1024 * 1024;

export interface IngestPathOptions {
  limits?: Partial<Limits>;
  /** Commit (or other ref) to check out for git sources. */
  ref?: string;
}

export function looksLikeGitUrl(target: string): boolean {
  return /^(?:https?|ssh|git|file):\/\//i.test(target) || /^[\w.-]+@[\w.-]+:[\w./~-]+$/.test(target) || /\.git\/?$/.test(target);
}

function problem(ruleId: IngestRuleId, file: string | null, detail: string, over: Partial<Omit<Hit, 'ruleId'>> = {}): Finding {
  return ingestFinding({ ruleId, file, line: null, excerpt: detail, detail, ...over });
}

/** Strips credentials from a URL before it appears in a report or error. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]{1,200}@/i, '$1***@');
}

async function hashFile(path: string, size: number): Promise<string | null> {
  if (size > HASH_CAP) return null;
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface Walked {
  files: InputFile[];
  problems: Finding[];
  excluded: ExcludedFile[];
}

/**
 * Walks a directory without following symbolic links. Special files are never opened (a FIFO
 * would block). Files over the per-file limit are hashed by streaming and excluded.
 */
async function walk(root: string, limits: Limits, skipGitDir: boolean): Promise<Walked> {
  const out: Walked = { files: [], problems: [], excluded: [] };
  let entries = 0;
  let stopped = false;
  const visit = async (dir: string, rel: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      out.problems.push(problem('UNANALYZABLE_SOURCE', rel || '.', `directory could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`));
      return;
    }
    for (const name of names) {
      if (stopped) return;
      const abs = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      let st;
      try {
        st = await lstat(abs);
      } catch {
        out.problems.push(problem('UNANALYZABLE_SPECIAL_FILE', relPath, 'entry vanished or cannot be inspected'));
        continue;
      }
      if (st.isDirectory() && name === '.git' && skipGitDir && rel === '') continue;
      if (++entries > limits.maxEntries) {
        out.problems.push(problem('UNANALYZABLE_TOO_MANY_ENTRIES', relPath, `more than ${limits.maxEntries} paths; the walk stopped here`));
        stopped = true;
        return;
      }
      if (st.isSymbolicLink()) {
        let target = '';
        try {
          target = await readlink(abs);
        } catch {
          /* unreadable link */
        }
        const inside = resolveLinkInTree(relPath, target);
        if (inside === null)
          out.problems.push(problem('UNANALYZABLE_SYMLINK', relPath, `symbolic link to ${JSON.stringify(target.slice(0, 200))} leaves the tree; not followed`));
        else
          out.problems.push(
            problem('UNANALYZABLE_SYMLINK', relPath, `symbolic link to ${JSON.stringify(inside)} inside the tree; not followed`, {
              severity: 'INFO',
              blocking: false,
            }),
          );
        out.excluded.push({ path: relPath, bytes: 0, sha256: null, reason: 'symbolic link not followed' });
        continue;
      }
      if (st.isDirectory()) {
        await visit(abs, relPath);
        continue;
      }
      if (!st.isFile()) {
        out.problems.push(problem('UNANALYZABLE_SPECIAL_FILE', relPath, 'special file (device, FIFO or socket)'));
        out.excluded.push({ path: relPath, bytes: 0, sha256: null, reason: 'special file' });
        continue;
      }
      if (st.size > limits.maxFileBytes) {
        out.problems.push(problem('UNANALYZABLE_FILE_TOO_LARGE', relPath, `${st.size} bytes (limit ${limits.maxFileBytes})`));
        out.excluded.push({
          path: relPath,
          bytes: st.size,
          sha256: await hashFile(abs, st.size),
          reason: `over the per-file limit (${st.size} > ${limits.maxFileBytes} bytes)`,
        });
        continue;
      }
      // Read through a handle opened without following links, bounded by the size limit.
      const fh = await open(abs, 'r');
      try {
        const buf = Buffer.alloc(Math.min(st.size, limits.maxFileBytes + 1));
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        out.files.push({ path: relPath, bytes: new Uint8Array(buf.buffer, buf.byteOffset, bytesRead) });
      } finally {
        await fh.close();
      }
    }
  };
  await visit(root, '');
  return out;
}

function merge(base: IngestResult, walked: Walked): IngestResult {
  return {
    ...base,
    problems: [...walked.problems, ...base.problems],
    excluded: [...walked.excluded, ...(base.excluded ?? [])].sort((a, b) => comparePaths(a.path, b.path)),
  };
}

function runGit(args: string[], cwd: string | undefined, home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [
        '-c',
        'core.fsmonitor=false',
        '-c',
        'filter.lfs.smudge=',
        '-c',
        'filter.lfs.process=',
        '-c',
        'filter.lfs.required=false',
        '-c',
        'protocol.ext.allow=never',
        ...args,
      ],
      {
        cwd,
        timeout: 120_000,
        maxBuffer: 8 * 1024 * 1024,
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: home,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: '/bin/false',
          SSH_ASKPASS: '/bin/false',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_LFS_SKIP_SMUDGE: '1',
        },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

async function ingestGit(url: string, opts: IngestPathOptions, limits: Limits): Promise<IngestResult> {
  const shown = redactUrl(url);
  const fail = (detail: string): IngestResult => ({
    files: [],
    problems: [problem('UNANALYZABLE_SOURCE', null, `git ${shown}: ${detail}`)],
    source: { kind: 'git', ...(opts.ref ? { ref: opts.ref } : {}) },
    excluded: [],
    expandedArchives: [],
  });
  if (opts.ref !== undefined && (!/^[\w./-]{1,200}$/.test(opts.ref) || opts.ref.startsWith('-') || opts.ref.includes('..')))
    return fail('ref is not a valid git ref or commit');
  if (url.startsWith('-')) return fail('invalid repository');
  const tmp = await mkdtemp(join(tmpdir(), 'sigma-git-'));
  const dest = join(tmp, 'repo');
  try {
    const remote = /^(?:https?|ssh|git):\/\//i.test(url) || /^[\w.-]+@[\w.-]+:/.test(url);
    const clone = remote
      ? await runGit(['clone', '--quiet', '--no-checkout', '--depth', '50', '--no-tags', '--', url, dest], undefined, tmp)
      : await runGit(['clone', '--quiet', '--no-checkout', '--no-hardlinks', '--', url, dest], undefined, tmp);
    if (clone.code !== 0) return fail(`clone failed (${firstLine(clone.stderr)})`);
    const ref = opts.ref ?? 'HEAD';
    let co = await runGit(['checkout', '--quiet', '--detach', ref, '--'], dest, tmp);
    if (co.code !== 0 && remote && opts.ref) {
      const fetched = await runGit(['fetch', '--quiet', '--depth', '1', 'origin', opts.ref], dest, tmp);
      if (fetched.code === 0) co = await runGit(['checkout', '--quiet', '--detach', 'FETCH_HEAD', '--'], dest, tmp);
    }
    if (co.code !== 0) return fail(`checkout of ${ref} failed (${firstLine(co.stderr)})`);
    const head = await runGit(['rev-parse', 'HEAD'], dest, tmp);
    const commit = head.stdout.trim();
    const walked = await walk(dest, limits, true);
    const base = ingestFiles(walked.files, limits, 'git', commit || opts.ref, false);
    return merge(base, walked);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function firstLine(s: string): string {
  const l = redactUrl(s.trim().split('\n').pop() ?? '');
  return l.length > 200 ? `${l.slice(0, 200)}…` : l;
}

/**
 * Ingests a SKILL.md, a folder, a zip/tar.gz archive, or a git repository (URL or local path)
 * at a pinned ref. Never follows symbolic links, never executes anything from the source.
 */
export async function ingestPath(target: string, opts: IngestPathOptions = {}): Promise<IngestResult> {
  const limits = resolveLimits(opts.limits);
  if (looksLikeGitUrl(target) && !(await exists(target))) return ingestGit(target, opts, limits);
  let st;
  try {
    st = await lstat(target);
  } catch (e) {
    return {
      files: [],
      problems: [problem('UNANALYZABLE_SOURCE', null, `${target}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`)],
      source: { kind: 'file' },
      excluded: [],
      expandedArchives: [],
    };
  }
  if (st.isSymbolicLink()) {
    // The target itself may be a link the user chose; resolve it once, but never links inside it.
    st = await stat(target);
  }
  if (st.isDirectory()) {
    if (opts.ref !== undefined || ((await exists(join(target, '.git'))) && opts.ref !== undefined)) return ingestGit(target, opts, limits);
    const walked = await walk(target, limits, true);
    return merge(ingestFiles(walked.files, limits, 'folder', undefined, false), walked);
  }
  if (!st.isFile()) {
    return {
      files: [],
      problems: [problem('UNANALYZABLE_SPECIAL_FILE', basename(target), 'not a regular file or directory')],
      source: { kind: 'file' },
      excluded: [],
      expandedArchives: [],
    };
  }
  const name = basename(target);
  if (st.size > Math.max(limits.maxTotalBytes, limits.maxFileBytes) * 4) {
    return {
      files: [],
      problems: [problem('UNANALYZABLE_TOTAL_TOO_LARGE', name, `${st.size} bytes is far over the limits`)],
      source: { kind: 'file' },
      excluded: [{ path: name, bytes: st.size, sha256: await hashFile(target, st.size), reason: 'over the size limits' }],
      expandedArchives: [],
    };
  }
  const fh = await open(target, 'r');
  let bytes: Uint8Array;
  try {
    const buf = Buffer.alloc(st.size);
    const { bytesRead } = await fh.read(buf, 0, st.size, 0);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  } finally {
    await fh.close();
  }
  const isArchive = (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0x1f && bytes[1] === 0x8b) || /\.(?:zip|tar|tgz|tar\.gz)$/i.test(name);
  const res = ingestFiles([{ path: name, bytes }], limits, isArchive ? 'archive' : 'file', opts.ref);
  return res;
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}
